"""appraisals and objections

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 00:07:01.417888
"""

from alembic import op
import sqlalchemy as sa
import storage.models


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('appraisals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('period_kind', sa.String(length=8), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('work_results', sa.String(length=8), nullable=False),
    sa.Column('work_behaviour', sa.String(length=8), nullable=False),
    sa.Column('predikat', sa.String(length=20), nullable=False),
    sa.Column('rater_id', sa.Integer(), nullable=True),
    sa.Column('rater_nip', sa.String(length=18), nullable=True),
    sa.Column('rater_name', sa.String(length=200), nullable=True),
    sa.Column('rater_position', sa.String(length=200), nullable=True),
    sa.Column('feedback', sa.Text(), nullable=True),
    sa.Column('published_on', sa.Date(), nullable=False),
    sa.Column('created_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('superseded_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("(work_results = 'above' AND work_behaviour = 'above' AND predikat = 'very_good') OR (work_results = 'above' AND work_behaviour = 'meets' AND predikat = 'good') OR (work_results = 'above' AND work_behaviour = 'below' AND predikat = 'poor') OR (work_results = 'meets' AND work_behaviour = 'above' AND predikat = 'good') OR (work_results = 'meets' AND work_behaviour = 'meets' AND predikat = 'good') OR (work_results = 'meets' AND work_behaviour = 'below' AND predikat = 'poor') OR (work_results = 'below' AND work_behaviour = 'above' AND predikat = 'needs_improvement') OR (work_results = 'below' AND work_behaviour = 'meets' AND predikat = 'needs_improvement') OR (work_results = 'below' AND work_behaviour = 'below' AND predikat = 'very_poor')", name=op.f('ck_appraisals_predikat_matches_matrix')),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.id'], name=op.f('fk_appraisals_employee_id_employees'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['rater_id'], ['employees.id'], name=op.f('fk_appraisals_rater_id_employees'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appraisals')),
    sa.UniqueConstraint('employee_id', 'period', 'version', name='uq_appraisals_employee_period_version')
    )
    with op.batch_alter_table('appraisals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appraisals_rater_id'), ['rater_id'], unique=False)

    op.create_table('objections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('appraisal_id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('reasons', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('addressee_id', sa.Integer(), nullable=True),
    sa.Column('filed_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('decided_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decision_reason', sa.Text(), nullable=True),
    sa.Column('corrected_appraisal_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['addressee_id'], ['employees.id'], name=op.f('fk_objections_addressee_id_employees'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['appraisal_id'], ['appraisals.id'], name=op.f('fk_objections_appraisal_id_appraisals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['corrected_appraisal_id'], ['appraisals.id'], name=op.f('fk_objections_corrected_appraisal_id_appraisals'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['employees.id'], name=op.f('fk_objections_decided_by_id_employees'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.id'], name=op.f('fk_objections_employee_id_employees'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_objections'))
    )
    with op.batch_alter_table('objections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_objections_addressee_id'), ['addressee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_objections_appraisal_id'), ['appraisal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_objections_employee_id'), ['employee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_objections_filed_at'), ['filed_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('objections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_objections_filed_at'))
        batch_op.drop_index(batch_op.f('ix_objections_employee_id'))
        batch_op.drop_index(batch_op.f('ix_objections_appraisal_id'))
        batch_op.drop_index(batch_op.f('ix_objections_addressee_id'))

    op.drop_table('objections')
    with op.batch_alter_table('appraisals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appraisals_rater_id'))

    op.drop_table('appraisals')
