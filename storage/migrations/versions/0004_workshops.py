"""workshops, enrolments and JP credits

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 00:05:02.882738
"""

from alembic import op
import sqlalchemy as sa
import storage.models


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('workshops',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('mode', sa.String(length=10), nullable=False),
    sa.Column('location', sa.String(length=300), nullable=False),
    sa.Column('organiser', sa.String(length=200), nullable=True),
    sa.Column('starts_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('registration_deadline', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('seats_taken', sa.Integer(), nullable=False),
    sa.Column('jp', sa.Integer(), nullable=False),
    sa.Column('audience_units', sa.JSON(), nullable=True),
    sa.Column('audience_kind', sa.String(length=4), nullable=True),
    sa.Column('audience_grade_min', sa.String(length=8), nullable=True),
    sa.Column('audience_grade_max', sa.String(length=8), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('created_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('closed_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('cancelled_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint('capacity >= 1', name=op.f('ck_workshops_capacity_positive')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_workshops_ends_after_start')),
    sa.CheckConstraint('jp >= 0', name=op.f('ck_workshops_jp_not_negative')),
    sa.CheckConstraint('registration_deadline <= starts_at', name=op.f('ck_workshops_deadline_before_start')),
    sa.CheckConstraint('seats_taken >= 0 AND seats_taken <= capacity', name=op.f('ck_workshops_seats_within_capacity')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workshops')),
    sa.UniqueConstraint('code', name=op.f('uq_workshops_code'))
    )
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workshops_starts_at'), ['starts_at'], unique=False)

    op.create_table('enrolments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('waitlist_position', sa.Integer(), nullable=True),
    sa.Column('created_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('promoted_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('cancelled_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('attendance_recorded_at', storage.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("(state = 'waitlisted') = (waitlist_position IS NOT NULL)", name=op.f('ck_enrolments_position_iff_waitlisted')),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.id'], name=op.f('fk_enrolments_employee_id_employees'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_enrolments_workshop_id_workshops'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enrolments'))
    )
    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.create_index('ix_enrolments_employee_state', ['employee_id', 'state'], unique=False)
        batch_op.create_index('ix_enrolments_one_per_employee', ['workshop_id', 'employee_id'], unique=True, sqlite_where=sa.text("state != 'cancelled'"), postgresql_where=sa.text("state != 'cancelled'"))
        batch_op.create_index('ix_enrolments_workshop_state', ['workshop_id', 'state'], unique=False)

    op.create_table('jp_credits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('jp', sa.Integer(), nullable=False),
    sa.Column('description', sa.String(length=200), nullable=False),
    sa.Column('created_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('jp >= 1', name=op.f('ck_jp_credits_jp_positive')),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.id'], name=op.f('fk_jp_credits_employee_id_employees'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jp_credits')),
    sa.UniqueConstraint('employee_id', 'day', 'description', name=op.f('uq_jp_credits_employee_id'))
    )
    with op.batch_alter_table('jp_credits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_jp_credits_employee_id'), ['employee_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('jp_credits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_jp_credits_employee_id'))

    op.drop_table('jp_credits')
    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.drop_index('ix_enrolments_workshop_state')
        batch_op.drop_index('ix_enrolments_one_per_employee', sqlite_where=sa.text("state != 'cancelled'"), postgresql_where=sa.text("state != 'cancelled'"))
        batch_op.drop_index('ix_enrolments_employee_state')

    op.drop_table('enrolments')
    with op.batch_alter_table('workshops', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workshops_starts_at'))

    op.drop_table('workshops')
