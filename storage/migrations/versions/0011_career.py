"""career: employee career columns, golongan and post history, milestones

Revision ID: 0011
Revises: 0009
Create Date: 2026-12-01 04:35:00

Existing employees get their current golongan and post as the first history entries, so the timeline
starts from what is known instead of from the next import.
"""

from alembic import op
import sqlalchemy as sa
import storage.models


revision = '0011'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('employees', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rank_since', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('rank_service_years', sa.SmallInteger(), nullable=True))
        batch_op.add_column(sa.Column('rank_service_months', sa.SmallInteger(), nullable=True))
        batch_op.add_column(sa.Column('education', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('post_kind', sa.String(length=24), nullable=True))
        batch_op.add_column(sa.Column('last_pay_rise_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('contract_end', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('birth_date', sa.Date(), nullable=True))

    op.create_table('grade_history',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('grade', sa.String(length=8), nullable=False),
    sa.Column('effective_date', sa.Date(), nullable=True),
    sa.Column('sk_number', sa.String(length=100), nullable=True),
    sa.Column('sk_date', sa.Date(), nullable=True),
    sa.Column('service_years', sa.SmallInteger(), nullable=True),
    sa.Column('service_months', sa.SmallInteger(), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('recorded_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.id'], name=op.f('fk_grade_history_employee_id_employees'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grade_history'))
    )
    with op.batch_alter_table('grade_history', schema=None) as batch_op:
        batch_op.create_index('ix_grade_history_employee_effective', ['employee_id', 'effective_date'], unique=False)

    op.create_table('post_history',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.String(length=200), nullable=False),
    sa.Column('unit', sa.String(length=200), nullable=True),
    sa.Column('effective_date', sa.Date(), nullable=True),
    sa.Column('sk_number', sa.String(length=100), nullable=True),
    sa.Column('sk_date', sa.Date(), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('recorded_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.id'], name=op.f('fk_post_history_employee_id_employees'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_post_history'))
    )
    with op.batch_alter_table('post_history', schema=None) as batch_op:
        batch_op.create_index('ix_post_history_employee_effective', ['employee_id', 'effective_date'], unique=False)

    op.create_table('career_milestones',
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('notice_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.id'], name=op.f('fk_career_milestones_employee_id_employees'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('employee_id', 'kind', name=op.f('pk_career_milestones'))
    )
    with op.batch_alter_table('career_milestones', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_career_milestones_notice_on'), ['notice_on'], unique=False)

    op.execute("INSERT INTO grade_history (employee_id, grade, source, recorded_at) "
               "SELECT id, grade, 'migration', updated_at FROM employees WHERE grade IS NOT NULL")
    op.execute("INSERT INTO post_history (employee_id, position, unit, effective_date, source, recorded_at) "
               "SELECT id, position, unit, position_since, 'migration', updated_at FROM employees "
               "WHERE position IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table('career_milestones', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_career_milestones_notice_on'))
    op.drop_table('career_milestones')
    with op.batch_alter_table('post_history', schema=None) as batch_op:
        batch_op.drop_index('ix_post_history_employee_effective')
    op.drop_table('post_history')
    with op.batch_alter_table('grade_history', schema=None) as batch_op:
        batch_op.drop_index('ix_grade_history_employee_effective')
    op.drop_table('grade_history')
    with op.batch_alter_table('employees', schema=None) as batch_op:
        for column in ('birth_date', 'contract_end', 'last_pay_rise_on', 'post_kind', 'education',
                       'rank_service_months', 'rank_service_years', 'rank_since'):
            batch_op.drop_column(column)
