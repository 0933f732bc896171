"""reminder indexes

Revision ID: 0008
Revises: 0006
Create Date: 2026-11-28 00:59:55.260781
"""

from alembic import op
import sqlalchemy as sa
import storage.models


revision = '0008'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('appraisals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appraisals_published_on'), ['published_on'], unique=False)

    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workshops_registration_deadline'), ['registration_deadline'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workshops_registration_deadline'))

    with op.batch_alter_table('appraisals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appraisals_published_on'))

