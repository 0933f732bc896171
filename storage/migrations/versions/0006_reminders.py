"""reminders

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 00:27:51.936765
"""

from alembic import op
import sqlalchemy as sa
import storage.models


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('reminder_stages',
    sa.Column('event_key', sa.String(length=64), nullable=False),
    sa.Column('stage', sa.String(length=16), nullable=False),
    sa.Column('completed_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('event_key', 'stage', name=op.f('pk_reminder_stages'))
    )
    op.create_table('reminder_mutes',
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=24), nullable=False),
    sa.Column('muted_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.id'], name=op.f('fk_reminder_mutes_employee_id_employees'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('employee_id', 'category', name=op.f('pk_reminder_mutes'))
    )
    op.create_table('reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=24), nullable=False),
    sa.Column('event_key', sa.String(length=64), nullable=False),
    sa.Column('stage', sa.String(length=16), nullable=False),
    sa.Column('stage_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('deliver_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('digest', sa.Boolean(), nullable=False),
    sa.Column('created_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.id'], name=op.f('fk_reminders_employee_id_employees'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminders')),
    sa.UniqueConstraint('employee_id', 'event_key', 'stage', name=op.f('uq_reminders_employee_id'))
    )
    with op.batch_alter_table('reminders', schema=None) as batch_op:
        batch_op.create_index('ix_reminders_employee_deliver', ['employee_id', 'deliver_at'], unique=False)
        batch_op.create_index('ix_reminders_event_stage', ['event_key', 'stage'], unique=False)

    with op.batch_alter_table('rotations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rotations_inauguration_at'), ['inauguration_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_rotations_published_at'), ['published_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('rotations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rotations_published_at'))
        batch_op.drop_index(batch_op.f('ix_rotations_inauguration_at'))

    with op.batch_alter_table('reminders', schema=None) as batch_op:
        batch_op.drop_index('ix_reminders_event_stage')
        batch_op.drop_index('ix_reminders_employee_deliver')

    op.drop_table('reminders')
    op.drop_table('reminder_mutes')
    op.drop_table('reminder_stages')
