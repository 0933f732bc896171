"""regulation rules: receipt of appraisal results, the keberatan procedure, expiring reminders, days off

Results already stored count as received on their publication date, so no window changes by upgrading;
open objections get a decision due date 14 days (the default) after filing.

Revision ID: 0010
Revises: 0013
Create Date: 2026-12-01 04:14:24.526583
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from alembic import op
import sqlalchemy as sa
import storage.models

WIB = ZoneInfo("Asia/Jakarta")


revision = '0010'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('days_off',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('day_off', sa.Boolean(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=True),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('updated_at', storage.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_days_off'))
    )
    with op.batch_alter_table('appraisals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('received_at', storage.models.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_appraisals_received_at'), ['received_at'], unique=False)

    with op.batch_alter_table('objections', schema=None) as batch_op:
        batch_op.add_column(sa.Column('evidence_file_id', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('evidence_kind', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('evidence_name', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('rater_explanation', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('rater_explained_at', storage.models.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('decision_due_on', sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f('ix_objections_decision_due_on'), ['decision_due_on'], unique=False)

    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expires_at', storage.models.base.UTCDateTime(timezone=True), nullable=True))

    _fill_existing()


def _fill_existing() -> None:
    appraisals = sa.table('appraisals', sa.column('id', sa.Integer), sa.column('published_on', sa.Date),
                          sa.column('received_at', storage.models.base.UTCDateTime(timezone=True)))
    objections = sa.table('objections', sa.column('id', sa.Integer), sa.column('state', sa.String),
                          sa.column('filed_at', storage.models.base.UTCDateTime(timezone=True)),
                          sa.column('decision_due_on', sa.Date))
    connection = op.get_bind()
    for appraisal_id, published_on in connection.execute(sa.select(appraisals.c.id, appraisals.c.published_on)).all():
        connection.execute(appraisals.update().where(appraisals.c.id == appraisal_id).values(
            received_at=datetime.combine(published_on, time(0), WIB)))
    open_objections = sa.select(objections.c.id, objections.c.filed_at).where(
        objections.c.state.in_(('diajukan', 'diproses')))
    for objection_id, filed_at in connection.execute(open_objections).all():
        connection.execute(objections.update().where(objections.c.id == objection_id).values(
            decision_due_on=filed_at.astimezone(WIB).date() + timedelta(days=14)))


def downgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('expires_at')

    with op.batch_alter_table('objections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_objections_decision_due_on'))
        batch_op.drop_column('decision_due_on')
        batch_op.drop_column('rater_explained_at')
        batch_op.drop_column('rater_explanation')
        batch_op.drop_column('evidence_name')
        batch_op.drop_column('evidence_kind')
        batch_op.drop_column('evidence_file_id')

    with op.batch_alter_table('appraisals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appraisals_received_at'))
        batch_op.drop_column('received_at')

    op.drop_table('days_off')
