"""quarantine for journal entries that no longer parse

Revision ID: 0015
Revises: 0007
Create Date: 2026-12-01 05:10:00
"""

from alembic import op
import sqlalchemy as sa
import storage.models


revision = '0015'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('received_updates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('quarantined_at', storage.models.base.UTCDateTime(timezone=True),
                                      nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('received_updates', schema=None) as batch_op:
        batch_op.drop_column('quarantined_at')
