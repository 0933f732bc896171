"""broadcasts and rotations

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 00:12:10.614007
"""

from alembic import op
import sqlalchemy as sa
import storage.models


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('broadcasts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('parts', sa.JSON(), nullable=False),
    sa.Column('audience', sa.JSON(), nullable=False),
    sa.Column('attachment_id', sa.Integer(), nullable=True),
    sa.Column('ask_acknowledgement', sa.Boolean(), nullable=False),
    sa.Column('send_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('recipient_count', sa.Integer(), nullable=False),
    sa.Column('cancelled_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['attachment_id'], ['attachments.id'], name=op.f('fk_broadcasts_attachment_id_attachments'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['author_id'], ['employees.id'], name=op.f('fk_broadcasts_author_id_employees'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_broadcasts'))
    )
    with op.batch_alter_table('broadcasts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_broadcasts_send_at'), ['send_at'], unique=False)

    op.create_table('rotations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('old_position', sa.String(length=200), nullable=True),
    sa.Column('old_unit', sa.String(length=200), nullable=True),
    sa.Column('new_position', sa.String(length=200), nullable=False),
    sa.Column('new_unit', sa.String(length=200), nullable=False),
    sa.Column('sk_number', sa.String(length=100), nullable=False),
    sa.Column('sk_date', sa.Date(), nullable=False),
    sa.Column('effective_date', sa.Date(), nullable=False),
    sa.Column('inauguration_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('inauguration_place', sa.String(length=200), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('published_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('notice_version', sa.Integer(), nullable=False),
    sa.Column('acknowledged_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('applied_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.id'], name=op.f('fk_rotations_employee_id_employees'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rotations')),
    sa.UniqueConstraint('employee_id', 'sk_number', name=op.f('uq_rotations_employee_id'))
    )
    with op.batch_alter_table('rotations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rotations_effective_date'), ['effective_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_rotations_employee_id'), ['employee_id'], unique=False)

    op.create_table('broadcast_acknowledgements',
    sa.Column('broadcast_id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('acknowledged_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['broadcast_id'], ['broadcasts.id'], name=op.f('fk_broadcast_acknowledgements_broadcast_id_broadcasts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.id'], name=op.f('fk_broadcast_acknowledgements_employee_id_employees'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('broadcast_id', 'employee_id', name=op.f('pk_broadcast_acknowledgements'))
    )
    with op.batch_alter_table('employees', schema=None) as batch_op:
        batch_op.add_column(sa.Column('position_since', sa.Date(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('employees', schema=None) as batch_op:
        batch_op.drop_column('position_since')

    op.drop_table('broadcast_acknowledgements')
    with op.batch_alter_table('rotations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rotations_employee_id'))
        batch_op.drop_index(batch_op.f('ix_rotations_effective_date'))

    op.drop_table('rotations')
    with op.batch_alter_table('broadcasts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_broadcasts_send_at'))

    op.drop_table('broadcasts')
