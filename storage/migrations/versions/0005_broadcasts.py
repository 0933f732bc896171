"""broadcasts

Revision ID: 0005
Revises: 0002
Create Date: 2026-11-28 00:05:47.037042
"""

from alembic import op
import sqlalchemy as sa
import storage.models


revision = '0005'
down_revision = '0002'
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

    op.create_table('broadcast_acknowledgements',
    sa.Column('broadcast_id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('acknowledged_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['broadcast_id'], ['broadcasts.id'], name=op.f('fk_broadcast_acknowledgements_broadcast_id_broadcasts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.id'], name=op.f('fk_broadcast_acknowledgements_employee_id_employees'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('broadcast_id', 'employee_id', name=op.f('pk_broadcast_acknowledgements'))
    )


def downgrade() -> None:
    op.drop_table('broadcast_acknowledgements')
    with op.batch_alter_table('broadcasts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_broadcasts_send_at'))

    op.drop_table('broadcasts')
