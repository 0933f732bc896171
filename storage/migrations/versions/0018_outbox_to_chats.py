"""outbox: replies to a chat without an employee (a stranger's deferred welcome), addressed by ``chat_id``

Every message stored so far has an employee, so none changes. Downgrading deletes the messages addressed to a
chat only: the old schema cannot hold them.

Revision ID: 0018
Revises: 0016
Create Date: 2026-12-01 13:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0018'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.alter_column('employee_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_check_constraint(batch_op.f('ck_outbox_addressed'),
                                         'employee_id IS NOT NULL OR chat_id IS NOT NULL')


def downgrade() -> None:
    op.execute("DELETE FROM outbox WHERE employee_id IS NULL")
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_outbox_addressed'), type_='check')
        batch_op.alter_column('employee_id', existing_type=sa.Integer(), nullable=False)
