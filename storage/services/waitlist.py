"""The waitlist: free seats go to the first in line, who is told; positions stay 1..N without gaps.

Every function here expects the caller to hold the workshop's lock (:meth:`WorkshopRepository.lock`).
"""

from __future__ import annotations

from storage import routes
from storage.models import Enrolment, EnrolmentState, Workshop
from storage.problems import N_
from storage.services.outbox import OutboxButton, enqueue
from storage.uow import UnitOfWork


async def fill_free_seats(uow: UnitOfWork, workshop: Workshop) -> list[Enrolment]:
    """Move people from the head of the waitlist into free seats, in order, and queue a message to each."""
    now = uow.clock()
    waitlist = await uow.enrolments.waitlist(workshop.id)
    promoted = []
    while waitlist and await uow.workshops.take_seat(workshop):
        enrolment = waitlist.pop(0)
        enrolment.state = EnrolmentState.REGISTERED
        enrolment.waitlist_position = None
        enrolment.promoted_at = enrolment.updated_at = now
        await enqueue(uow, employee_id=enrolment.employee_id, kind="workshop.promoted",
                      dedupe_key=f"workshop.promoted:{enrolment.id}",
                      template=N_("🎉 Good news: a seat became free, so you are now <b>registered</b> for "
                                  "<b>{title}</b> ({code}), starting {starts_at}."),
                      params=workshop_params(workshop),
                      buttons=[[OutboxButton(N_("📋 Open the workshop"),
                                             callback_data=routes.WORKSHOP.data(workshop.id))]],
                      reference=f"workshop:{workshop.id}")
        promoted.append(enrolment)
    renumber(waitlist, now)
    return promoted


def renumber(waitlist: list[Enrolment], now) -> None:
    """Give the remaining waitlist positions 1..N in their current order."""
    for position, enrolment in enumerate(waitlist, start=1):
        if enrolment.waitlist_position != position:
            enrolment.waitlist_position = position
            enrolment.updated_at = now


async def leave_waitlist(uow: UnitOfWork, workshop: Workshop, leaving: Enrolment) -> None:
    """Close the gap ``leaving`` leaves behind (its state has already changed)."""
    waitlist = [enrolment for enrolment in await uow.enrolments.waitlist(workshop.id) if enrolment.id != leaving.id]
    renumber(waitlist, uow.clock())


def workshop_params(workshop: Workshop) -> dict[str, object]:
    """What the outbox templates show of a workshop (as data: the sender escapes text when rendering)."""
    return {"title": workshop.title, "code": workshop.code, "starts_at": workshop.starts_at,
            "location": workshop.location}
