"""linking lockout alerts

Revision ID: 0009
Revises: 0015
Create Date: 2026-12-01 04:30:00
"""

from alembic import op
import sqlalchemy as sa
import storage.models


revision = '0009'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('telegram_accounts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lockout_alert_until', storage.models.base.UTCDateTime(timezone=True),
                                      nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('telegram_accounts', schema=None) as batch_op:
        batch_op.drop_column('lockout_alert_until')
