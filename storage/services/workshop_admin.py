"""What HR does with workshops on Telegram: see them with their enrolment counts, close registration
early, cancel (everyone signed up is told through the outbox). Every action is audited."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import timedelta

from storage import routes
from storage.models import EnrolmentState, Workshop, WorkshopStatus
from storage.problems import N_, Problem
from storage.repositories.audit import telegram_actor
from storage.services.accounts import Viewer
from storage.services.contention import with_retries
from storage.services.outbox import OutboxButton, enqueue
from storage.services.paging import Page, page_of
from storage.services.waitlist import workshop_params
from storage.services.workshops import locked_workshop, workshop_or_problem
from storage.uow import UnitOfWork

RECENT = timedelta(days=30)  # ended workshops stay in HR's list this long, for attendance questions


@dataclass(frozen=True)
class WorkshopSummary:
    workshop: Workshop
    counts: dict[str, int] = field(default_factory=dict)  # enrolments per state

    def count(self, state: EnrolmentState) -> int:
        return self.counts.get(state, 0)


@dataclass(frozen=True)
class CancelledWorkshop:
    workshop: Workshop
    notified: int


def require_hr(viewer: Viewer) -> None:
    if not viewer.is_hr:
        raise Problem(N_("Only HR staff (Subbag Umum dan Kepegawaian) can do this."))


async def hr_workshops(uow: UnitOfWork, viewer: Viewer, page: int) -> Page[WorkshopSummary]:
    """Upcoming, running and recently ended workshops, soonest first."""
    require_hr(viewer)
    shown = page_of(await uow.workshops.ending_after(uow.clock() - RECENT), page)
    return replace(shown, items=await _summaries(uow, shown.items))


async def hr_workshop(uow: UnitOfWork, viewer: Viewer, workshop_id: int) -> WorkshopSummary:
    require_hr(viewer)
    (summary,) = await _summaries(uow, [await workshop_or_problem(uow, workshop_id)])
    return summary


async def _summaries(uow: UnitOfWork, workshops: list[Workshop]) -> list[WorkshopSummary]:
    counts = await uow.enrolments.counts(workshop.id for workshop in workshops)
    return [WorkshopSummary(workshop, counts[workshop.id]) for workshop in workshops]


async def close_registration(uow: UnitOfWork, viewer: Viewer, workshop_id: int) -> Workshop:
    """Stop new registrations before the deadline; who is registered or waiting stays so."""
    require_hr(viewer)
    actor = telegram_actor(viewer.telegram_user_id)

    async def attempt() -> Workshop:
        workshop = await locked_workshop(uow, workshop_id)
        if workshop.status != WorkshopStatus.OPEN:
            raise Problem(N_("Registration for this workshop is not open."))
        now = uow.clock()
        workshop.status = WorkshopStatus.CLOSED
        workshop.closed_at = workshop.updated_at = now
        uow.audit.record(actor, "workshop.registration_closed", workshop.code)
        await uow.commit()
        return workshop

    return await with_retries(uow, attempt)


async def cancel_workshop(uow: UnitOfWork, viewer: Viewer, workshop_id: int) -> CancelledWorkshop:
    """Call a workshop off before it starts: every enrolment is cancelled and each person is told."""
    require_hr(viewer)
    actor = telegram_actor(viewer.telegram_user_id)

    async def attempt() -> CancelledWorkshop:
        workshop = await locked_workshop(uow, workshop_id)
        now = uow.clock()
        if workshop.status == WorkshopStatus.CANCELLED:
            raise Problem(N_("This workshop has been cancelled."))
        if now >= workshop.starts_at:
            raise Problem(N_("This workshop has already started; it can no longer be cancelled."))
        enrolments = await uow.enrolments.active(workshop.id)
        await uow.outbox.cancel_pending(f"reminder:workshop:{workshop.id}")  # no "starts tomorrow" after this
        for enrolment in enrolments:
            enrolment.state = EnrolmentState.CANCELLED
            enrolment.waitlist_position = None
            enrolment.cancelled_at = enrolment.updated_at = now
            await enqueue(uow, employee_id=enrolment.employee_id, kind="workshop.cancelled",
                          dedupe_key=f"workshop.cancelled:{workshop.id}:{enrolment.employee_id}",
                          template=N_("❌ <b>{title}</b> ({code}), planned for {starts_at}, has been cancelled by "
                                      "HR. Your registration has lapsed; we apologise for the inconvenience."),
                          params=workshop_params(workshop),
                          buttons=[[OutboxButton(N_("🎓 Other workshops"), callback_data=routes.CATALOGUE.data(0))]],
                          reference=f"workshop:{workshop.id}")
        await uow.flush()
        await uow.workshops.release_seats(workshop, workshop.seats_taken)
        workshop.status = WorkshopStatus.CANCELLED
        workshop.cancelled_at = workshop.updated_at = now
        uow.audit.record(actor, "workshop.cancelled", workshop.code, notified=len(enrolments))
        await uow.commit()
        return CancelledWorkshop(workshop, len(enrolments))

    return await with_retries(uow, attempt)
