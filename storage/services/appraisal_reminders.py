"""Reminder source for the keberatan window: three days before it closes, to employees whose predikat is
below Baik and who have not objected. The window counts from receipt, so only received results qualify,
and the days left are counted when the message is read (a day off may have delayed it)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from storage import routes
from storage.periods import parse_period
from storage.problems import N_
from storage.ratings import Predikat
from storage.rendered import DaysLeft
from storage.services.appraisals import ObjectionPolicy, objection_window
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
        # The window opens on the later of publication and receipt: one of them falls in this range.
        offset = timedelta(days=self.policy.window_days - DAYS_BEFORE_CLOSE)
        first, last = self.rules.local_day(since) - offset, self.rules.local_day(until) - offset
        appraisals = await uow.appraisals.received_between(
            self.rules.at(first, time(0)), self.rules.at(last + timedelta(days=1), time(0)), first,
            [predikat.value for predikat in BELOW_GOOD])
        stages = []
        for appraisal in appraisals:
            objected = await uow.objections.any_against(appraisal.employee_id, appraisal.id)
            closes = objection_window(appraisal, self.policy, since).deadline
            stage_at = self.rules.at(closes - timedelta(days=DAYS_BEFORE_CLOSE))
            if not objected and since <= stage_at <= until:
                stages.append(Stage(
                    "appraisal", f"appraisal:{appraisal.id}", "objection-3d", stage_at,
                    self.rules.at(closes + timedelta(days=1), time(0)),
                    N_("🔔 If you disagree with your appraisal result for {period}, you can still file an "
                       "objection (keberatan) until {deadline} ({days_left})."),
                    {"period": parse_period(appraisal.period), "deadline": closes, "days_left": DaysLeft(closes)},
                    [[OutboxButton(N_("📊 Open my result"), callback_data=routes.APPRAISAL.data(appraisal.id))]],
                    employee_ids=(appraisal.employee_id,)))
        return stages

    async def recipients(self, uow: UnitOfWork, stage: Stage) -> Mapping[int, dict]:
        return {}  # every stage names its one employee
