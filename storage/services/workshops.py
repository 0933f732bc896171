"""What an employee does with workshops: browse, look closer, enrol (or join the waitlist), cancel.

Enrolling and cancelling start by locking the workshop row, and the seat itself is claimed by a
conditional UPDATE under a CHECK constraint, so the database, not this process, keeps every workshop
within its capacity, also when many people press "Daftar" for the last seat at once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from storage.models import (
    ACTIVE_STATES,
    Employee,
    EmployeeKind,
    Enrolment,
    EnrolmentState,
    Workshop,
    WorkshopStatus,
)
from storage.problems import N_, Problem
from storage.services.contention import with_retries
from storage.services.paging import Page, page_of
from storage.services.training_hours import TrainingPolicy, jp_progress
from storage.services.waitlist import fill_free_seats, leave_waitlist
from storage.services.workshop_audience import admits, require_admitted
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class WorkshopCard:
    """A workshop as one employee sees it: how full it is and where they stand."""

    workshop: Workshop
    waitlisted: int
    mine: Enrolment | None

    @property
    def full(self) -> bool:
        """New registrations go to the waitlist."""
        return self.workshop.seats_left == 0 or self.waitlisted > 0


@dataclass(frozen=True)
class WorkshopDetail:
    card: WorkshopCard
    can_enrol: bool
    can_cancel: bool


@dataclass(frozen=True)
class Enrolled:
    enrolment: Enrolment
    workshop: Workshop
    already: bool  # a second tap: nothing changed


@dataclass(frozen=True)
class Withdrawn:
    workshop: Workshop
    was_waitlisted: bool


NOT_FOUND = N_("This workshop does not exist (any more).")


async def workshop_or_problem(uow: UnitOfWork, workshop_id: int) -> Workshop:
    workshop = await uow.workshops.get(workshop_id)
    if workshop is None:
        raise Problem(NOT_FOUND)
    return workshop


async def locked_workshop(uow: UnitOfWork, workshop_id: int) -> Workshop:
    """The workshop, locked for this transaction (see :meth:`WorkshopRepository.lock`)."""
    workshop = await uow.workshops.lock(workshop_id)
    if workshop is None:
        raise Problem(NOT_FOUND)
    return workshop


def registration_problem(workshop: Workshop, now: datetime) -> Problem | None:
    """Why nobody can register right now, or None."""
    if workshop.status == WorkshopStatus.CANCELLED:
        return Problem(N_("This workshop has been cancelled."))
    if workshop.status == WorkshopStatus.CLOSED:
        return Problem(N_("HR has closed registration for this workshop."))
    if now >= workshop.registration_deadline:
        return Problem(N_("Registration closed on {deadline}."), deadline=workshop.registration_deadline)
    return None


def cancellation_problem(workshop: Workshop, enrolment: Enrolment | None, now: datetime) -> Problem | None:
    if enrolment is None or enrolment.state not in ACTIVE_STATES:
        return Problem(N_("You are not registered for this workshop."))
    if now >= workshop.starts_at:
        return Problem(N_("This workshop has already started, so it can no longer be cancelled. "
                          "Please tell the organiser if you cannot attend."))
    return None


async def upcoming_workshops(uow: UnitOfWork, employee: Employee, page: int) -> Page[WorkshopCard]:
    """Workshops the employee may still register for, soonest first."""
    workshops = [workshop for workshop in await uow.workshops.open_for_registration(uow.clock())
                 if admits(workshop, employee)]
    shown = page_of(workshops, page)
    return replace(shown, items=await _cards(uow, employee, shown.items))


async def workshop_detail(uow: UnitOfWork, employee: Employee, workshop_id: int) -> WorkshopDetail:
    workshop = await workshop_or_problem(uow, workshop_id)
    (card,) = await _cards(uow, employee, [workshop])
    if card.mine is None:
        require_admitted(workshop, employee)
    now = uow.clock()
    return WorkshopDetail(card, can_enrol=card.mine is None and registration_problem(workshop, now) is None,
                          can_cancel=workshop.status != WorkshopStatus.CANCELLED
                          and cancellation_problem(workshop, card.mine, now) is None)


async def _cards(uow: UnitOfWork, employee: Employee, workshops: list[Workshop]) -> list[WorkshopCard]:
    ids = [workshop.id for workshop in workshops]
    counts = await uow.enrolments.counts(ids)
    mine = await uow.enrolments.current_by_workshop(employee.id, ids)
    return [WorkshopCard(workshop, counts[workshop.id].get(EnrolmentState.WAITLISTED, 0), mine.get(workshop.id))
            for workshop in workshops]


async def enrol(uow: UnitOfWork, employee: Employee, workshop_id: int, policy: TrainingPolicy) -> Enrolled:
    """Take a seat, or the next waitlist position when the workshop is full; a repeated tap changes nothing."""
    employee_id = employee.id  # a retry expires loaded objects; keep the key

    async def attempt() -> Enrolled:
        workshop = await locked_workshop(uow, workshop_id)
        existing = await uow.enrolments.current(employee_id, workshop_id)
        if existing is not None:
            await uow.commit()
            return Enrolled(existing, workshop, already=True)
        now = uow.clock()
        problem = registration_problem(workshop, now)
        if problem is not None:
            raise problem
        member = await uow.employees.get(employee_id)
        require_admitted(workshop, member)
        await _check_no_clash(uow, employee_id, workshop)
        await _check_pppk_ceiling(uow, member, workshop, policy)
        waitlist = await uow.enrolments.waitlist(workshop_id)
        seated = not waitlist and await uow.workshops.take_seat(workshop)
        enrolment = Enrolment(workshop_id=workshop_id, employee_id=employee_id, created_at=now, updated_at=now,
                              state=EnrolmentState.REGISTERED if seated else EnrolmentState.WAITLISTED,
                              waitlist_position=None if seated else len(waitlist) + 1)
        uow.enrolments.add(enrolment)
        await uow.commit()
        return Enrolled(enrolment, workshop, already=False)

    return await with_retries(uow, attempt)


async def _check_no_clash(uow: UnitOfWork, employee_id: int, workshop: Workshop) -> None:
    clash = await uow.enrolments.clashing(employee_id, workshop)
    if clash is not None:
        raise Problem(N_("This workshop overlaps with “{title}” ({starts_at}), which you are already signed up for. "
                         "Cancel that one first if you prefer this one."),
                      title=clash.workshop.title, starts_at=clash.workshop.starts_at)


async def _check_pppk_ceiling(uow: UnitOfWork, employee: Employee, workshop: Workshop, policy: TrainingPolicy) -> None:
    """A PPPK may take at most ``jp_ceiling_pppk`` JP a year of contract (the calendar year while the TMT kontrak
    is not on file), counting everything already signed up for in the year the workshop starts in."""
    if employee.kind != EmployeeKind.PPPK:
        return
    day = workshop.starts_at.astimezone(policy.timezone).date()
    progress = await jp_progress(uow, employee, day, policy)
    since, until = policy.bounds(policy.counting_year(employee, day))
    waiting = await uow.enrolments.jp_by_employee([EnrolmentState.WAITLISTED], since, until, employee.id)
    total = progress.total + progress.planned + waiting.get(employee.id, 0) + workshop.jp
    if total <= policy.jp_ceiling_pppk:
        return
    if progress.contract_year is None:
        raise Problem(N_("As a PPPK you may take at most {ceiling} JP a year; with this workshop you would have "
                         "{total} JP in {year}."), ceiling=policy.jp_ceiling_pppk, total=total, year=str(day.year))
    raise Problem(N_("As a PPPK you may take at most {ceiling} JP a year of contract; with this workshop you would "
                     "have {total} JP in the contract year {start} to {last}."), ceiling=policy.jp_ceiling_pppk,
                  total=total, start=progress.contract_year.start, last=progress.contract_year.last_day)


async def cancel_enrolment(uow: UnitOfWork, employee: Employee, workshop_id: int) -> Withdrawn:
    """Give the place up before the start; a freed seat goes to the first on the waitlist, who is told."""
    employee_id = employee.id

    async def attempt() -> Withdrawn:
        workshop = await locked_workshop(uow, workshop_id)
        now = uow.clock()
        enrolment = await uow.enrolments.current(employee_id, workshop_id)
        problem = cancellation_problem(workshop, enrolment, now)
        if problem is not None:
            raise problem
        was_waitlisted = enrolment.state == EnrolmentState.WAITLISTED
        enrolment.state = EnrolmentState.CANCELLED
        enrolment.waitlist_position = None
        enrolment.cancelled_at = enrolment.updated_at = now
        await uow.session.flush()
        if was_waitlisted:
            await leave_waitlist(uow, workshop, enrolment)
        else:
            await uow.workshops.release_seats(workshop)
            await fill_free_seats(uow, workshop)
        await uow.commit()
        return Withdrawn(workshop, was_waitlisted)

    return await with_retries(uow, attempt)
