"""HR ticking who attended a workshop, one person at a time from the roster (the whole roster can also come
back as a spreadsheet: the attendance import). Attended workshops count for the JP."""

from __future__ import annotations

from storage.models import SEATED_STATES, Enrolment, EnrolmentState, Workshop
from storage.problems import N_, Problem
from storage.services.accounts import Viewer
from storage.services.workshop_admin import require_hr
from storage.services.workshops import workshop_or_problem
from storage.uow import UnitOfWork


async def seated(uow: UnitOfWork, viewer: Viewer, workshop_id: int) -> tuple[Workshop, list[Enrolment]]:
    """The workshop and the people holding a seat in it (with their employee records), to tick."""
    require_hr(viewer)
    workshop = await workshop_or_problem(uow, workshop_id)
    return workshop, [enrolment for enrolment in await uow.enrolments.roster(workshop_id)
                      if enrolment.state in SEATED_STATES]


async def record_attendance(uow: UnitOfWork, viewer: Viewer, enrolment_id: int, present: bool) -> Enrolment:
    """Mark one seat attended or absent, once the workshop has started; the update's row count decides, so a
    seat cancelled or a workshop cancelled meanwhile is never marked."""
    require_hr(viewer)
    now = uow.clock()
    state = EnrolmentState.ATTENDED if present else EnrolmentState.ABSENT
    if not await uow.enrolments.record_attendance(enrolment_id, state, now):
        raise Problem(N_("Attendance can be recorded only for someone holding a seat, once the workshop has "
                         "started."))
    enrolment = await uow.enrolments.get(enrolment_id)
    uow.audit.record(f"telegram:{viewer.telegram_user_id}", "attendance.recorded", None,
                     enrolment_id=enrolment_id, workshop_id=enrolment.workshop_id, state=state.value)
    await uow.commit()
    return enrolment
