"""rotations: the direct superior from the TMT (atasan baru), applied with the rest of the rotation

Revision ID: 0016
Revises: 0017
Create Date: 2026-12-01 10:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('rotations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('new_superior_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_rotations_new_superior_id_employees'), 'employees',
                                    ['new_superior_id'], ['id'], ondelete='SET NULL')


def downgrade() -> None:
    with op.batch_alter_table('rotations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_rotations_new_superior_id_employees'), type_='foreignkey')
        batch_op.drop_column('new_superior_id')
