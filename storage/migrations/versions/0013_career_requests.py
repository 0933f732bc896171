"""career requests (aspirations, training topics, data corrections) and the talent box's potensial

Revision ID: 0013
Revises: 0011
Create Date: 2026-12-01 04:11:05.947809
"""

from alembic import op
import sqlalchemy as sa
import storage.models


revision = '0013'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('employees', schema=None) as batch_op:
        batch_op.add_column(sa.Column('potential', sa.String(length=10), nullable=True))

    op.create_table('training_topics',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_topics')),
    sa.UniqueConstraint('name', name=op.f('uq_training_topics_name'))
    )
    op.create_table('career_aspirations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('value', sa.String(length=100), nullable=False),
    sa.Column('from_list', sa.Boolean(), nullable=False),
    sa.Column('created_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.id'], name=op.f('fk_career_aspirations_employee_id_employees'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_career_aspirations')),
    sa.UniqueConstraint('employee_id', 'kind', 'value', name=op.f('uq_career_aspirations_employee_id'))
    )
    with op.batch_alter_table('career_aspirations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_career_aspirations_employee_id'), ['employee_id'], unique=False)

    op.create_table('correction_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=32), nullable=False),
    sa.Column('recorded_value', sa.Text(), nullable=True),
    sa.Column('proposed_value', sa.Text(), nullable=False),
    sa.Column('evidence_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('filed_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('decided_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decision_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['decided_by_id'], ['employees.id'], name=op.f('fk_correction_requests_decided_by_id_employees'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.id'], name=op.f('fk_correction_requests_employee_id_employees'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['evidence_id'], ['attachments.id'], name=op.f('fk_correction_requests_evidence_id_attachments'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_correction_requests'))
    )
    with op.batch_alter_table('correction_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_correction_requests_employee_id'), ['employee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_correction_requests_state'), ['state'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('correction_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_correction_requests_state'))
        batch_op.drop_index(batch_op.f('ix_correction_requests_employee_id'))

    op.drop_table('correction_requests')
    with op.batch_alter_table('career_aspirations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_career_aspirations_employee_id'))

    op.drop_table('career_aspirations')
    op.drop_table('training_topics')
    with op.batch_alter_table('employees', schema=None) as batch_op:
        batch_op.drop_column('potential')
