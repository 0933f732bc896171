"""Reminder source for the keberatan window: three days before it closes, to employees whose predikat is
below Baik and who have not objected."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import select

from storage import routes
from storage.models import Appraisal, Objection
from storage.problems import N_
from storage.ratings import Predikat
from storage.services.appraisals import ObjectionPolicy
from storage.services.outbox import OutboxButton
from storage.services.reminder_timing import QuietRules
from storage.services.reminders import Stage
from storage.uow import UnitOfWork

DAYS_BEFORE_CLOSE = 3
BELOW_GOOD = (Predikat.NEEDS_IMPROVEMENT, Predikat.POOR, Predikat.VERY_POOR)


@dataclass(frozen=True)
class ObjectionWindowReminders:
    rules: QuietRules
    policy: ObjectionPolicy

    async def stages(self, uow: UnitOfWork, since: datetime, until: datetime) -> list[Stage]:
        offset = timedelta(days=self.policy.window_days - DAYS_BEFORE_CLOSE)
        first, last = self.rules.local_day(since) - offset, self.rules.local_day(until) - offset
        appraisals = await uow.session.scalars(select(Appraisal).where(
            Appraisal.published_on.between(first, last), Appraisal.superseded_at.is_(None),
            Appraisal.predikat.in_([predikat.value for predikat in BELOW_GOOD])))
        stages = []
        for appraisal in appraisals:
            objected = await uow.session.scalar(select(Objection.id).where(
                Objection.employee_id == appraisal.employee_id, Objection.appraisal_id == appraisal.id).limit(1))
            closes = appraisal.published_on + timedelta(days=self.policy.window_days)
            stage_at = self.rules.at(closes - timedelta(days=DAYS_BEFORE_CLOSE))
            if objected is None and since <= stage_at <= until:
                stages.append(Stage(
                    "appraisal", f"appraisal:{appraisal.id}", "objection-3d", stage_at,
                    self.rules.at(closes, time(23, 59)),
                    N_("🔔 If you disagree with your appraisal result for {period}, you can still file an "
                       "objection (keberatan) until {deadline}: {days} days left."),
                    {"period": appraisal.period, "deadline": closes, "days": DAYS_BEFORE_CLOSE},
                    [[OutboxButton(N_("📊 Open my result"), callback_data=routes.APPRAISAL.data(appraisal.id))]],
                    employee_ids=(appraisal.employee_id,)))
        return stages

    async def recipients(self, uow: UnitOfWork, stage: Stage) -> Mapping[int, dict]:
        return {}  # every stage names its one employee
