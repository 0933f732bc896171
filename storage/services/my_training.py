"""An employee's own training year: enrolments, JP so far, and which open workshops would close the gap."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.models import ACTIVE_STATES, Employee, Enrolment, EnrolmentState, JpCredit, Workshop
from storage.services.training_hours import JpProgress, TrainingPolicy, jp_progress
from storage.services.workshop_audience import admits
from storage.uow import UnitOfWork

MAX_SUGGESTIONS = 5


@dataclass(frozen=True)
class MyTraining:
    progress: JpProgress
    enrolments: list[Enrolment]  # this counting year's and later, not cancelled; workshops loaded
    credits: list[JpCredit]      # JP from elsewhere this counting year
    suggestions: list[Workshop]  # open for them this year, together covering what is still missing


async def my_training(uow: UnitOfWork, employee: Employee, policy: TrainingPolicy) -> MyTraining:
    now = uow.clock()
    today = now.astimezone(policy.timezone).date()
    period = policy.counting_year(employee, today)  # a PPPK's year of contract, or the calendar year
    since, until = policy.bounds(period)
    progress = await jp_progress(uow, employee, today, policy)
    enrolments = [enrolment for enrolment in await uow.enrolments.of_employee(employee.id, since)
                  if enrolment.state != EnrolmentState.CANCELLED]
    credits = await uow.jp_credits.of_employee(employee.id, period.start, period.end)
    suggestions = await _closing_the_gap(uow, employee, progress.uncovered, enrolments, now, until)
    return MyTraining(progress, enrolments, credits, suggestions)


async def _closing_the_gap(uow: UnitOfWork, employee: Employee, missing: int, enrolments: list[Enrolment],
                           now: datetime, year_end: datetime) -> list[Workshop]:
    """The soonest workshops they can still join this year, until their JP cover ``missing``."""
    if missing <= 0:
        return []
    taken = [enrolment.workshop for enrolment in enrolments if enrolment.state in ACTIVE_STATES]
    chosen: list[Workshop] = []
    for workshop in await uow.workshops.open_for_registration(now):
        if sum(pick.jp for pick in chosen) >= missing or len(chosen) == MAX_SUGGESTIONS:
            break
        if (workshop.starts_at < year_end and workshop.jp > 0 and admits(workshop, employee)
                and not any(_overlap(workshop, other) or workshop.id == other.id for other in taken)):
            chosen.append(workshop)
    return chosen


def _overlap(first: Workshop, second: Workshop) -> bool:
    return first.starts_at < second.ends_at and second.starts_at < first.ends_at
