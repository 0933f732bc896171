"""training rules: non-training events (no JP) and the PPPK contract start (TMT kontrak)

Workshops already stored are training events; employees keep an unknown contract start until HR imports
``tmt_kontrak`` (their PPPK ceiling counts per calendar year until then).

Revision ID: 0017
Revises: 0010
Create Date: 2026-12-01 10:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0017'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.add_column(sa.Column('non_training', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('employees', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contract_start', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('employees', schema=None) as batch_op:
        batch_op.drop_column('contract_start')
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.drop_column('non_training')
