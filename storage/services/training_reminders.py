"""Reminder sources for trainings and the yearly JP target: registration closing, a workshop starting,
and JP shortfall in the last quarter."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from storage import routes
from storage.models import Employee, EmployeeKind, Enrolment, EnrolmentState, Workshop, WorkshopStatus
from storage.problems import N_
from storage.rendered import When
from storage.services.days_off import working_days
from storage.services.outbox import OutboxButton, messages_param
from storage.services.reminder_sources import reachable_employees
from storage.services.reminder_timing import QuietRules
from storage.services.reminders import Stage
from storage.services.training_hours import JpProgress, TrainingPolicy
from storage.services.workshop_audience import admits
from storage.uow import UnitOfWork

CLOSING_NOTICE = timedelta(days=2)
HOUR_BEFORE = timedelta(hours=1)
SHORTFALL_MONTHS = (10, 11, 12)
SUGGESTIONS = 3
OPEN_CATALOGUE = [[OutboxButton(N_("🎓 Open the trainings"), callback_data=routes.CATALOGUE.data(0))]]
STARTING = N_("🔔 <b>{title}</b> ({code}) starts {starts_at}. Place or link: {location}")


def _details(workshop: Workshop) -> dict:
    """The words are chosen when read: "hari ini pukul 10.26 WIB", "besok, ..." or the full date."""
    return {"title": workshop.title, "code": workshop.code, "starts_at": When(workshop.starts_at),
            "location": workshop.location, "deadline": When(workshop.registration_deadline), "jp": workshop.jp}


def start_stage(name: str, workshop: Workshop, rules: QuietRules) -> str:
    """``1d@2612011026``: the stage names the start it was planned for, so a moved workshop is reminded of
    afresh even when the stage was already sent for the old time."""
    return f"{name}@{workshop.starts_at.astimezone(rules.tz):%y%m%d%H%M}"


async def _shortfalls(uow: UnitOfWork, policy: TrainingPolicy, year: int) -> dict[int, JpProgress]:
    """The JP of every reachable PNS whose minimum is not covered even by the workshops they registered for
    (those JP are counted apart, as awaiting attendance, never as missing), in a few bulk queries."""
    since, until = policy.year_bounds(year)
    attended = await uow.enrolments.jp_by_employee([EnrolmentState.ATTENDED], since, until)
    registered = await uow.enrolments.jp_by_employee([EnrolmentState.REGISTERED], since, until)
    elsewhere = await uow.jp_credits.totals(date(year, 1, 1), date(year + 1, 1, 1))
    found = {}
    for employee in await reachable_employees(uow):
        if employee.kind != EmployeeKind.PNS:
            continue  # a PPPK has a ceiling, not a minimum
        progress = JpProgress(year, employee.kind, policy.jp_target_pns, attended.get(employee.id, 0),
                              elsewhere.get(employee.id, 0), registered.get(employee.id, 0))
        if progress.uncovered:
            found[employee.id] = progress
    return found


@dataclass(frozen=True)
class WorkshopReminders:
    """Registration closes in 2 days (to people it is meant for who are short of JP and not enrolled); the
    workshop starts tomorrow at 07.00 and in an hour (to those registered)."""

    rules: QuietRules
    policy: TrainingPolicy

    async def stages(self, uow: UnitOfWork, since: datetime, until: datetime) -> list[Stage]:
        stages = []
        closing = await uow.session.scalars(select(Workshop).where(
            Workshop.status == WorkshopStatus.OPEN, Workshop.jp > 0,  # only training helps a JP shortfall
            Workshop.registration_deadline.between(since + CLOSING_NOTICE, until + CLOSING_NOTICE)))
        for workshop in closing:
            stages.append(Stage("workshop", f"workshop:{workshop.id}", "closing-2d",
                                workshop.registration_deadline - CLOSING_NOTICE, workshop.registration_deadline,
                                N_("🔔 Registration for <b>{title}</b> ({code}, {jp} JP) closes {deadline}. "
                                   "Even with the workshops you registered for, you are short of {missing} JP "
                                   "this year."),
                                _details(workshop), [[OutboxButton(N_("🎓 Open the trainings"),
                                                                   callback_data=routes.WORKSHOP.data(workshop.id))]]))
        starting = await uow.session.scalars(select(Workshop).where(
            Workshop.status != WorkshopStatus.CANCELLED,
            Workshop.starts_at.between(since + HOUR_BEFORE, until + timedelta(days=2))))
        for workshop in starting:
            event_day = self.rules.local_day(workshop.starts_at)
            # The day before is meant for the day before: on the day itself the hour-before stage speaks.
            for name, stage_at, expires_at in (
                    ("1d", self.rules.at(event_day - timedelta(days=1)), self.rules.at(event_day, time(0))),
                    ("1h", workshop.starts_at - HOUR_BEFORE, workshop.starts_at)):
                if since <= stage_at <= until:
                    stages.append(Stage("workshop_start", f"workshop:{workshop.id}",
                                        start_stage(name, workshop, self.rules), stage_at, workshop.starts_at,
                                        STARTING, _details(workshop), expires_at=expires_at, series="start"))
        return stages

    async def recipients(self, uow: UnitOfWork, stage: Stage) -> Mapping[int, dict]:
        workshop = await uow.workshops.get(int(stage.event_key.split(":")[1]))
        enrolled = await uow.session.execute(select(Enrolment.employee_id, Enrolment.state).where(
            Enrolment.workshop_id == workshop.id, Enrolment.state != EnrolmentState.CANCELLED))
        states = dict(enrolled.all())
        if stage.category == "workshop_start":
            return {employee_id: {} for employee_id, state in states.items() if state == EnrolmentState.REGISTERED}
        short = await _shortfalls(uow, self.policy, self.policy.year_of(workshop.starts_at))
        employees = await uow.session.scalars(select(Employee).where(Employee.id.in_(list(short))))
        return {employee.id: {"missing": short[employee.id].uncovered} for employee in employees
                if employee.id not in states and admits(workshop, employee)}


@dataclass(frozen=True)
class JpShortfallReminders:
    """On the first working day of October, November and December, to PNS below the yearly minimum, with
    open workshops that would close the gap."""

    rules: QuietRules
    policy: TrainingPolicy

    async def stages(self, uow: UnitOfWork, since: datetime, until: datetime) -> list[Stage]:
        stages = []
        calendar = await working_days(uow)
        for year in {self.rules.local_day(since).year, self.rules.local_day(until).year}:
            for month in SHORTFALL_MONTHS:
                stage_at = self.rules.at(calendar.first_on_or_after(date(year, month, 1)))
                if since <= stage_at <= until:
                    stages.append(Stage(
                        "jp", f"jp:{year}-{month:02d}", "shortfall", stage_at,
                        self.rules.at(date(year, 12, 31), time(23, 59)),
                        N_("🔔 You have {total} of the {target} JP a PNS needs this year; {planned} JP await your "
                           "attendance at workshops you registered for; {missing} JP to go. "
                           "Trainings still open to you:\n{workshops}"),
                        {"target": self.policy.jp_target_pns, "year": str(year)}, OPEN_CATALOGUE))
        return stages

    async def recipients(self, uow: UnitOfWork, stage: Stage) -> Mapping[int, dict]:
        year = int(stage.params["year"])
        short = await _shortfalls(uow, self.policy, year)
        open_workshops = [workshop for workshop in await uow.workshops.open_for_registration(uow.clock())
                          if self.policy.year_of(workshop.starts_at) == year and workshop.jp > 0]
        enrolled = await uow.enrolments.not_cancelled_in([workshop.id for workshop in open_workshops])
        employees = await uow.session.scalars(select(Employee).where(Employee.id.in_(list(short))))
        personal = {}
        for employee in employees:
            fitting = [workshop for workshop in open_workshops
                       if (workshop.id, employee.id) not in enrolled and admits(workshop, employee)][:SUGGESTIONS]
            items = [(N_("{title}, {starts_at}, {jp} JP"), _details(workshop)) for workshop in fitting] or \
                [(N_("none open right now; HR will announce new ones"), {})]
            progress = short[employee.id]
            personal[employee.id] = {"total": progress.total, "planned": progress.planned,
                                     "missing": progress.uncovered, "workshops": messages_param(items)}
        return personal

