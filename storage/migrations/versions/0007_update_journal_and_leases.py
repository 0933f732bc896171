"""update journal and leases

Revision ID: 0007
Revises: 0008
Create Date: 2026-11-28 00:51:33.857089
"""

from alembic import op
import sqlalchemy as sa
import storage.models


revision = '0007'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('leases',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('holder', sa.String(length=120), nullable=False),
    sa.Column('acquired_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_leases'))
    )
    op.create_table('received_updates',
    sa.Column('update_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('received_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('handled_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('update_id', name=op.f('pk_received_updates'))
    )
    with op.batch_alter_table('received_updates', schema=None) as batch_op:
        batch_op.create_index('ix_received_updates_handled_at', ['handled_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('received_updates', schema=None) as batch_op:
        batch_op.drop_index('ix_received_updates_handled_at')

    op.drop_table('received_updates')
    op.drop_table('leases')
