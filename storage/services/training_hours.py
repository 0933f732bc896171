"""The yearly JP (jam pelajaran) rule: how far each employee is, from workshops and from elsewhere.

A PNS needs at least ``jp_target_pns`` JP a year; a PPPK may take at most ``jp_ceiling_pppk``. A
workshop counts in the year (WIB) it starts, once HR has recorded the employee as present.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from storage.models import Employee, EmployeeKind, EnrolmentState
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class TrainingPolicy:
    """The JP rule (both numbers configurable) and the time zone that decides a workshop's year."""

    jp_target_pns: int = 20
    jp_ceiling_pppk: int = 24
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Jakarta"))

    def year_of(self, moment: datetime) -> int:
        return moment.astimezone(self.timezone).year

    def year_bounds(self, year: int) -> tuple[datetime, datetime]:
        return datetime(year, 1, 1, tzinfo=self.timezone), datetime(year + 1, 1, 1, tzinfo=self.timezone)

    def goal(self, kind: str) -> int:
        return self.jp_ceiling_pppk if kind == EmployeeKind.PPPK else self.jp_target_pns


@dataclass(frozen=True)
class JpProgress:
    """One employee's JP for one year; for PPPK ``goal`` is a ceiling, not a target."""

    year: int
    kind: str
    goal: int
    from_workshops: int
    from_elsewhere: int
    planned: int  # registered for workshops of this year, attendance not recorded yet

    @property
    def is_ceiling(self) -> bool:
        return self.kind == EmployeeKind.PPPK

    @property
    def total(self) -> int:
        return self.from_workshops + self.from_elsewhere

    @property
    def shortfall(self) -> int:
        """JP still missing for the PNS minimum; a PPPK has no minimum."""
        return 0 if self.is_ceiling else max(self.goal - self.total, 0)

    @property
    def uncovered(self) -> int:
        """The part of the shortfall that the planned workshops do not cover."""
        return max(self.shortfall - self.planned, 0)

    @property
    def room(self) -> int:
        """JP a PPPK may still plan this year under the ceiling."""
        return max(self.goal - self.total - self.planned, 0)


async def jp_progress(uow: UnitOfWork, employee: Employee, year: int, policy: TrainingPolicy) -> JpProgress:
    since, until = policy.year_bounds(year)
    attended = await uow.enrolments.jp_by_employee([EnrolmentState.ATTENDED], since, until, employee.id)
    registered = await uow.enrolments.jp_by_employee([EnrolmentState.REGISTERED], since, until, employee.id)
    credits = await uow.jp_credits.of_employee(employee.id, date(year, 1, 1), date(year + 1, 1, 1))
    return JpProgress(year, employee.kind, policy.goal(employee.kind), attended.get(employee.id, 0),
                      sum(credit.jp for credit in credits), registered.get(employee.id, 0))


@dataclass(frozen=True)
class JpReportRow:
    employee: Employee
    progress: JpProgress


async def jp_report(uow: UnitOfWork, year: int, policy: TrainingPolicy) -> list[JpReportRow]:
    """Every active employee's JP for ``year``, largest shortfall first, so HR sees who to nudge."""
    since, until = policy.year_bounds(year)
    attended = await uow.enrolments.jp_by_employee([EnrolmentState.ATTENDED], since, until)
    registered = await uow.enrolments.jp_by_employee([EnrolmentState.REGISTERED], since, until)
    elsewhere = await uow.jp_credits.totals(date(year, 1, 1), date(year + 1, 1, 1))
    rows = [JpReportRow(employee, JpProgress(year, employee.kind, policy.goal(employee.kind),
                                             attended.get(employee.id, 0), elsewhere.get(employee.id, 0),
                                             registered.get(employee.id, 0)))
            for employee in await uow.employees.active()]
    return sorted(rows, key=lambda row: (-row.progress.shortfall, row.employee.name, row.employee.nip))
