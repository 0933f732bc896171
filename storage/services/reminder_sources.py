"""Where reminders come from: each source turns one kind of deadline into stages, from indexed dates."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from storage import routes
from storage.models import Employee, Rotation
from storage.problems import N_
from storage.rendered import DaysLeft, When
from storage.services.outbox import OutboxButton
from storage.services.reminder_timing import QuietRules
from storage.services.reminders import Stage
from storage.services.rotations import NOTICE_REMINDER
from storage.uow import UnitOfWork

ROTATION_UNREAD_AFTER = timedelta(days=2)
OPEN_NOTICE = [[OutboxButton(N_("📋 Open the notice"), callback_data=routes.MY_ROTATIONS.data())]]


def _days(since: datetime, until: datetime, rules: QuietRules, shift: int = 0) -> tuple[date, date]:
    """The local dates whose morning reminder (``shift`` days before the event) falls in [since, until]."""
    return rules.local_day(since) + timedelta(days=shift), rules.local_day(until) + timedelta(days=shift)


@dataclass(frozen=True)
class RotationReminders:
    """Unread notices after two days; the day before the TMT; the day before the pelantikan."""

    rules: QuietRules

    async def stages(self, uow: UnitOfWork, since: datetime, until: datetime) -> list[Stage]:
        first, last = _days(since, until, self.rules, shift=1)
        stages = []
        unread = await uow.rotations.unread_published_between(since - ROTATION_UNREAD_AFTER,
                                                              until - ROTATION_UNREAD_AFTER)
        for rotation in unread:
            stages.append(self._stage(rotation, "unread-2d", rotation.published_at + ROTATION_UNREAD_AFTER,
                                      self.rules.at(rotation.effective_date), NOTICE_REMINDER,
                                      {"sk_number": rotation.sk_number}, OPEN_NOTICE))
        starting = await uow.rotations.effective_between(first, last)
        for rotation in starting:
            stages.append(self._stage(
                rotation, "tmt-1d", self.rules.at(rotation.effective_date - timedelta(days=1)),
                self.rules.at(rotation.effective_date),
                N_("🔔 Your new post as <b>{position}</b> ({unit}) takes effect (TMT) {date}."),
                {"date": When(rotation.effective_date), "position": rotation.new_position, "unit": rotation.new_unit},
                expires_at=self.rules.at(rotation.effective_date, time(0))))
        inaugurations = await uow.rotations.inaugurated_between(self.rules.at(first, time(0)),
                                                                self.rules.at(last + timedelta(days=1), time(0)))
        for rotation in inaugurations:
            day = self.rules.local_day(rotation.inauguration_at)
            stages.append(self._stage(
                rotation, "inauguration-1d", self.rules.at(day - timedelta(days=1)), rotation.inauguration_at,
                N_("🔔 Your inauguration (pelantikan) is {when}, at {place}. Please be there on time."),
                {"when": When(rotation.inauguration_at), "place": rotation.inauguration_place or "—"},
                expires_at=self.rules.at(day, time(0))))
        return [stage for stage in stages if since <= stage.stage_at <= until]

    @staticmethod
    def _stage(rotation: Rotation, name: str, stage_at: datetime, event_at: datetime, template: str,
               params: dict, buttons=None, expires_at: datetime | None = None) -> Stage:
        return Stage("rotation", f"rotation:{rotation.id}", name, stage_at, event_at, template, params, buttons,
                     employee_ids=(rotation.employee_id,), expires_at=expires_at)

    async def recipients(self, uow: UnitOfWork, stage: Stage) -> Mapping[int, dict]:
        return {}  # every stage names its one employee


@dataclass(frozen=True)
class AnnualSkpDeadline:
    """The yearly SKP deadline (a configurable day, e.g. 31 January): 14 and 3 days before, to everyone."""

    rules: QuietRules
    month: int
    day: int
    days_before: tuple[int, ...] = (14, 3)

    async def stages(self, uow: UnitOfWork, since: datetime, until: datetime) -> list[Stage]:
        stages = []
        for year in {self.rules.local_day(since).year, self.rules.local_day(until).year + 1}:
            deadline = date(year, self.month, self.day)
            for days in self.days_before:
                stage_at = self.rules.at(deadline - timedelta(days=days))
                if since <= stage_at <= until:
                    stages.append(Stage(
                        "skp", f"skp:{deadline.isoformat()}", f"{days}d", stage_at,
                        self.rules.at(deadline, self.rules.quiet_start),
                        N_("🔔 The annual SKP for {year} is due on {deadline} ({days_left}). Make sure your "
                           "performance evaluation with your rater is complete."),
                        {"year": str(deadline.year - 1), "deadline": deadline, "days_left": DaysLeft(deadline)}))
        return stages

    async def recipients(self, uow: UnitOfWork, stage: Stage) -> Mapping[int, dict]:
        return {employee.id: {} for employee in await reachable_employees(uow)}


async def reachable_employees(uow: UnitOfWork) -> list[Employee]:
    """Active employees with a linked Telegram account that has not blocked the bot."""
    return await uow.employees.reachable()
