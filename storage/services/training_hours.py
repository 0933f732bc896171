"""The JP (jam pelajaran) rules: how many JP a workshop's schedule can carry, and how far each employee is
in their counting year, from workshops and from elsewhere.

A PNS needs at least ``jp_target_pns`` JP a calendar year. A PPPK may take at most ``jp_ceiling_pppk`` JP a
year of contract (domain.md: "at most 24 JP a year of contract"): the year that starts on the TMT kontrak and
on each anniversary of it; a PPPK whose TMT kontrak is not on file counts per calendar year until HR imports
it. A workshop counts in the counting year (WIB) it starts, once HR has recorded the employee as present.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from storage.models import Employee, EmployeeKind, EnrolmentState
from storage.problems import N_, Problem
from storage.rendered import days, minutes
from storage.uow import UnitOfWork

MINUTE = timedelta(minutes=1)


@dataclass(frozen=True)
class JpYear:
    """The days one JP count covers, ``end`` excluded: a calendar year, or a PPPK's year of contract."""

    start: date
    end: date

    @property
    def is_calendar_year(self) -> bool:
        return (self.start, self.end) == (date(self.start.year, 1, 1), date(self.start.year + 1, 1, 1))

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)


@dataclass(frozen=True)
class TrainingPolicy:
    """The JP rules (all numbers configurable) and the time zone that decides a workshop's day and year."""

    jp_target_pns: int = 20
    jp_ceiling_pppk: int = 24
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Jakarta"))
    jp_minutes: int = 45  # one JP of training

    def year_of(self, moment: datetime) -> int:
        return moment.astimezone(self.timezone).year

    def year_bounds(self, year: int) -> tuple[datetime, datetime]:
        return datetime(year, 1, 1, tzinfo=self.timezone), datetime(year + 1, 1, 1, tzinfo=self.timezone)

    def bounds(self, period: JpYear) -> tuple[datetime, datetime]:
        return (datetime.combine(period.start, time(), self.timezone),
                datetime.combine(period.end, time(), self.timezone))

    def counting_year(self, employee: Employee, day: date) -> JpYear:
        """The JP year ``day`` falls in for this employee: a PPPK with a TMT kontrak on file counts from each
        anniversary of it (29 February starts on 1 March in other years); everyone else, and a PPPK before the
        TMT kontrak on file, per calendar year."""
        start = employee.contract_start if employee.kind == EmployeeKind.PPPK else None
        if start is None or start > day:
            return JpYear(date(day.year, 1, 1), date(day.year + 1, 1, 1))
        year = day.year if _anniversary(start, day.year) <= day else day.year - 1
        return JpYear(_anniversary(start, year), _anniversary(start, year + 1))

    def goal(self, kind: str) -> int:
        return self.jp_ceiling_pppk if kind == EmployeeKind.PPPK else self.jp_target_pns

    def allowed_jp(self, starts_at: datetime, ends_at: datetime) -> int:
        """The most JP the schedule holds, at ``jp_minutes`` a JP: see :func:`scheduled_minutes`."""
        return scheduled_minutes(starts_at.astimezone(self.timezone), ends_at.astimezone(self.timezone)) \
            // self.jp_minutes

    def jp_problem(self, starts_at: datetime, ends_at: datetime, jp: int, non_training: bool) -> Problem | None:
        """Why ``jp`` cannot be a workshop's JP: zero JP only for a non-training event (which has none), and
        never more than its scheduled time holds."""
        if non_training:
            return Problem(N_("A non-training event carries no JP; write 0 in jp.")) if jp else None
        if jp == 0:
            return Problem(N_("0 JP: a training carries JP. If this is not a training (a briefing, ceremony or "
                              "meeting), write ya in bukan_pelatihan."))
        allowed = self.allowed_jp(starts_at, ends_at)
        if jp <= allowed:
            return None
        start, end = starts_at.astimezone(self.timezone), ends_at.astimezone(self.timezone)
        span = (end.date() - start.date()).days + 1
        if span == 1:
            return Problem(N_("{jp} JP do not fit the schedule: {time} from start to end hold at most {allowed} JP "
                              "at {minutes} a JP."), jp=jp, allowed=allowed, minutes=minutes(self.jp_minutes),
                           time=minutes((end - start) // MINUTE))
        return Problem(N_("{jp} JP do not fit the schedule: {days} from {start} to {end} each day hold at most "
                          "{allowed} JP at {minutes} a JP."), jp=jp, allowed=allowed, minutes=minutes(self.jp_minutes),
                       days=days(span), start=start.strftime("%H.%M"), end=end.strftime("%H.%M"))


def scheduled_minutes(start: datetime, end: datetime) -> int:
    """The scheduled time of a workshop given as local start and end. One day: from start to end. Several days:
    the catalogue keeps only the first start and the last end, so each day is taken to run from the start's
    time of day to the end's (08.00 to 16.00 on each of three days is 24 hours, not the 56 between the first
    morning and the last afternoon); an end time of day not after the start time leaves no scheduled time."""
    span = (end.date() - start.date()).days + 1
    if span == 1:
        return (end - start) // MINUTE
    daily = (datetime.combine(start.date(), end.timetz()) - start) // MINUTE
    return span * max(daily, 0)


def _anniversary(start: date, year: int) -> date:
    try:
        return start.replace(year=year)
    except ValueError:  # 29 February
        return date(year, 3, 1)


@dataclass(frozen=True)
class JpProgress:
    """One employee's JP for one year; for PPPK ``goal`` is a ceiling, not a target."""

    year: int
    kind: str
    goal: int
    from_workshops: int
    from_elsewhere: int
    planned: int  # registered for workshops of this year, attendance not recorded yet
    contract_year: JpYear | None = None  # a PPPK counted per year of contract: that year, not ``year``

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


async def jp_progress(uow: UnitOfWork, employee: Employee, day: date, policy: TrainingPolicy) -> JpProgress:
    """The employee's JP in the counting year ``day`` falls in (calendar year, or a PPPK's year of contract)."""
    period = policy.counting_year(employee, day)
    since, until = policy.bounds(period)
    attended = await uow.enrolments.jp_by_employee([EnrolmentState.ATTENDED], since, until, employee.id)
    registered = await uow.enrolments.jp_by_employee([EnrolmentState.REGISTERED], since, until, employee.id)
    credits = await uow.jp_credits.of_employee(employee.id, period.start, period.end)
    return JpProgress(day.year, employee.kind, policy.goal(employee.kind), attended.get(employee.id, 0),
                      sum(credit.jp for credit in credits), registered.get(employee.id, 0),
                      None if period.is_calendar_year else period)


@dataclass(frozen=True)
class JpReportRow:
    employee: Employee
    progress: JpProgress


async def jp_report(uow: UnitOfWork, year: int, policy: TrainingPolicy) -> list[JpReportRow]:
    """Every active employee's JP for ``year``, largest shortfall first, so HR sees who to nudge. A PPPK counted
    per year of contract shows the contract year running on the report's day (today, within ``year``)."""
    since, until = policy.year_bounds(year)
    attended = await uow.enrolments.jp_by_employee([EnrolmentState.ATTENDED], since, until)
    registered = await uow.enrolments.jp_by_employee([EnrolmentState.REGISTERED], since, until)
    elsewhere = await uow.jp_credits.totals(date(year, 1, 1), date(year + 1, 1, 1))
    today = uow.clock().astimezone(policy.timezone).date()
    on = min(max(today, date(year, 1, 1)), date(year, 12, 31))
    rows = []
    for employee in await uow.employees.active():
        if not policy.counting_year(employee, on).is_calendar_year:
            rows.append(JpReportRow(employee, await jp_progress(uow, employee, on, policy)))
            continue
        rows.append(JpReportRow(employee, JpProgress(year, employee.kind, policy.goal(employee.kind),
                                                     attended.get(employee.id, 0), elsewhere.get(employee.id, 0),
                                                     registered.get(employee.id, 0))))
    return sorted(rows, key=lambda row: (-row.progress.shortfall, row.employee.name, row.employee.nip))
