"""Keberatan: an employee objects to their appraisal result in writing, within the window after publication;
the rater's superior (or HR) processes it, accepts it with corrected ratings or rejects it with a reason.

Everyone concerned hears of each step through the outbox, in the same transaction as the step.
Outbox parameters are data; the sender escapes them into its HTML templates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm.attributes import set_committed_value

from storage import routes
from storage.models import Appraisal, Employee, Objection, ObjectionState, Role
from storage.models.appraisals import OPEN_STATES
from storage.problems import N_, Problem
from storage.ratings import Predikat, Rating, predikat_for
from storage.services.appraisal_access import Relation, decidable_objections, may_decide, visible_appraisal
from storage.services.appraisals import (
    LIST_PAGE_SIZE,
    ObjectionPolicy,
    ObjectionWindow,
    objection_window,
)
from storage.services.outbox import OutboxButton, enqueue
from storage.services.paging import Page, page_of
from storage.uow import UnitOfWork

MIN_TEXT, MAX_TEXT = 30, 2000  # characters, for the employee's reasons and for a rejection's reason
NOT_AVAILABLE = N_("This objection is not available to you.")


class TextProblem(Problem):
    """The typed text is too short or too long: ask for it again rather than end the conversation."""


@dataclass(frozen=True)
class ObjectionDraft:
    """What the employee is about to file, for the summary before they confirm."""

    appraisal: Appraisal
    window: ObjectionWindow
    addressee: Employee | None  # None: HR
    reasons: str | None


@dataclass(frozen=True)
class ObjectionDetail:
    objection: Objection
    decidable: bool  # the viewer may decide it now


@dataclass(frozen=True)
class Acceptance:
    objection: Objection
    work_results: Rating
    work_behaviour: Rating

    @property
    def predikat(self) -> Predikat:
        return predikat_for(self.work_results, self.work_behaviour)


def check_text(text: str | None) -> str:
    """Reasons are kept whole: too long is refused with the count, never cut."""
    text = (text or "").strip()
    if len(text) < MIN_TEXT:
        raise TextProblem(N_("Please write at least {minimum} characters; this has {count}."),
                          minimum=MIN_TEXT, count=len(text))
    if len(text) > MAX_TEXT:
        raise TextProblem(N_("Please keep it to at most {maximum} characters; this has {count}. Shorten it and send "
                             "it again (nothing was saved)."), maximum=MAX_TEXT, count=len(text))
    return text


async def objectable(uow: UnitOfWork, employee: Employee, policy: ObjectionPolicy) -> list[Appraisal]:
    """The employee's current results still open for an objection, newest first."""
    now = uow.clock()
    open_periods = {objection.appraisal.period for objection in await uow.objections.of_employee(employee.id)
                    if objection.is_open}
    return [appraisal for appraisal in await uow.appraisals.current_of([employee.id])
            if objection_window(appraisal, policy, now).is_open and appraisal.period not in open_periods]


async def draft_objection(uow: UnitOfWork, employee: Employee, appraisal_id: int, policy: ObjectionPolicy, *,
                          actor: str, reasons: str | None = None) -> ObjectionDraft:
    """Check that ``employee`` may object to this result now (and the reasons, when given)."""
    appraisal, relation = await visible_appraisal(uow, employee, appraisal_id, actor=actor)
    if relation != Relation.SELF:
        raise Problem(N_("Only the appraised employee can object to a result."))
    if not appraisal.is_current:
        raise Problem(N_("This result was replaced by a corrected version; open the current result to object."))
    window = objection_window(appraisal, policy, uow.clock())
    if not window.is_open:
        raise Problem(N_("The objection period for this result ended on {deadline}."), deadline=window.deadline)
    open_objection = next((objection for objection in await uow.objections.of_period(employee.id, appraisal.period)
                           if objection.is_open), None)
    if open_objection is not None:
        raise Problem(N_("You already have an open objection (no. {number}) to this result; wait for its decision."),
                      number=str(open_objection.id))
    return ObjectionDraft(appraisal, window, await _addressee(uow, appraisal),
                          check_text(reasons) if reasons is not None else None)


async def file_objection(uow: UnitOfWork, employee: Employee, appraisal_id: int, reasons: str,
                         policy: ObjectionPolicy, *, actor: str) -> Objection:
    draft = await draft_objection(uow, employee, appraisal_id, policy, actor=actor, reasons=reasons)
    now = uow.clock()
    addressee = draft.addressee
    objection = Objection(appraisal=draft.appraisal, employee=employee, reasons=draft.reasons,
                          state=ObjectionState.FILED.value, addressee=addressee, filed_at=now, updated_at=now)
    uow.objections.add(objection)
    await uow.session.flush()
    uow.audit.record(actor, "objection.filed", employee.nip, objection_id=objection.id, period=draft.appraisal.period,
                     addressee=addressee.nip if addressee else "hr")
    recipients = [addressee] if addressee else await uow.employees.with_role(Role.HR)
    for recipient in recipients:
        if recipient.id == employee.id:  # an HR employee objecting: the other HR staff decide
            continue
        await enqueue(uow, employee_id=recipient.id, kind="objection.filed", reference=f"objection:{objection.id}",
                      dedupe_key=f"objection:{objection.id}:filed:{recipient.id}",
                      template=N_("📨 <b>New objection (keberatan) no. {number}</b>\n{name} (NIP {nip}) objects to the "
                                  "appraisal result for period {period}. Please review it and decide."),
                      params={"number": str(objection.id), "name": employee.name, "nip": employee.nip,
                              "period": draft.appraisal.period},
                      buttons=[[_open_button(objection)]])
    await uow.commit()
    return objection


async def own_objections(uow: UnitOfWork, employee: Employee, page: int) -> Page[Objection]:
    return page_of(await uow.objections.of_employee(employee.id), page, LIST_PAGE_SIZE)


async def objection_inbox(uow: UnitOfWork, viewer: Employee, page: int) -> Page[Objection]:
    return page_of(await decidable_objections(uow, viewer), page, LIST_PAGE_SIZE)


async def objection_detail(uow: UnitOfWork, viewer: Employee, objection_id: int, *, actor: str) -> ObjectionDetail:
    """The objection for its employee or for someone who may decide it (whose view of the result is audited)."""
    objection = await uow.objections.get(objection_id)
    if objection is None or not (objection.employee_id == viewer.id or may_decide(viewer, objection)):
        raise Problem(NOT_AVAILABLE)
    await visible_appraisal(uow, viewer, objection.appraisal_id, actor=actor)
    await uow.commit()
    return ObjectionDetail(objection, objection.is_open and may_decide(viewer, objection))


async def objection_to_decide(uow: UnitOfWork, viewer: Employee, objection_id: int, *, actor: str) -> Objection:
    """An undecided objection ``viewer`` may decide, for the decision screens."""
    objection = await _to_decide(uow, viewer, objection_id, actor=actor)
    await uow.commit()
    return objection


async def preview_acceptance(uow: UnitOfWork, viewer: Employee, objection_id: int, work_results: Rating,
                             work_behaviour: Rating, *, actor: str) -> Acceptance:
    acceptance = await _acceptance(uow, viewer, objection_id, work_results, work_behaviour, actor=actor)
    await uow.commit()
    return acceptance


async def check_rejection(uow: UnitOfWork, viewer: Employee, objection_id: int, reason: str, *,
                          actor: str) -> tuple[Objection, str]:
    objection = await _to_decide(uow, viewer, objection_id, actor=actor)
    await uow.commit()
    return objection, check_text(reason)


async def start_processing(uow: UnitOfWork, viewer: Employee, objection_id: int, *, actor: str) -> Objection:
    objection = await _to_decide(uow, viewer, objection_id, actor=actor)
    if objection.state != ObjectionState.FILED:
        raise _settled(objection.id, objection.state)
    await _move(uow, objection, ObjectionState.IN_PROGRESS)
    uow.audit.record(actor, "objection.in_progress", objection.employee.nip, objection_id=objection.id)
    await _notify_employee(uow, objection, viewer, N_(
        "🔄 {decider} is now processing your objection no. {number} (period {period})."))
    await uow.commit()
    return objection


async def accept_objection(uow: UnitOfWork, viewer: Employee, objection_id: int, work_results: Rating,
                           work_behaviour: Rating, *, actor: str) -> Appraisal:
    """Accept with corrected ratings: a new version of the result replaces the old, which stays in the history."""
    acceptance = await _acceptance(uow, viewer, objection_id, work_results, work_behaviour, actor=actor)
    objection, old = acceptance.objection, acceptance.objection.appraisal
    await _move(uow, objection, ObjectionState.ACCEPTED, decided_by=viewer)
    corrected = _next_version(old, uow.clock())
    corrected.rate(acceptance.work_results, acceptance.work_behaviour)
    old.superseded_at = corrected.created_at
    uow.appraisals.add(corrected)
    await uow.session.flush()
    objection.corrected_appraisal_id = corrected.id
    uow.audit.record(actor, "objection.accepted", objection.employee.nip, objection_id=objection.id,
                     period=old.period, before=[old.work_results, old.work_behaviour, old.predikat],
                     after=[corrected.work_results, corrected.work_behaviour, corrected.predikat])
    view = OutboxButton(N_("📊 View corrected result"), callback_data=routes.APPRAISAL.data(corrected.id))
    await _notify_employee(uow, objection, viewer, N_(
        "✅ {decider} accepted your objection no. {number} (period {period}): your appraisal result was "
        "corrected."), button=view)
    await uow.commit()
    return corrected


async def reject_objection(uow: UnitOfWork, viewer: Employee, objection_id: int, reason: str, *,
                           actor: str) -> Objection:
    objection = await _to_decide(uow, viewer, objection_id, actor=actor)
    reason = check_text(reason)
    await _move(uow, objection, ObjectionState.REJECTED, decided_by=viewer, decision_reason=reason)
    uow.audit.record(actor, "objection.rejected", objection.employee.nip, objection_id=objection.id)
    await _notify_employee(uow, objection, viewer, N_(
        "❌ {decider} rejected your objection no. {number} (period {period}).\nReason: {reason}"),
        reason=objection.decision_reason)
    await uow.commit()
    return objection


async def objections_report(uow: UnitOfWork) -> list[Objection]:
    """Every objection, newest first, for HR's spreadsheet (:func:`storage.services.exports.export` audits it)."""
    return list(await uow.objections.everything())


async def _to_decide(uow: UnitOfWork, viewer: Employee, objection_id: int, *, actor: str) -> Objection:
    """Load for a decision, refusing anyone but the addressee or HR (the change itself is :func:`_move`)."""
    objection = await uow.objections.get(objection_id)
    if objection is None or not may_decide(viewer, objection):
        raise Problem(NOT_AVAILABLE)
    await visible_appraisal(uow, viewer, objection.appraisal_id, actor=actor)
    if not objection.is_open:
        raise _settled(objection.id, objection.state)
    if not objection.appraisal.is_current:
        raise Problem(N_("The result was changed since this objection was filed; open it again from the list."))
    return objection


async def _acceptance(uow: UnitOfWork, viewer: Employee, objection_id: int, work_results: Rating,
                      work_behaviour: Rating, *, actor: str) -> Acceptance:
    objection = await _to_decide(uow, viewer, objection_id, actor=actor)
    appraisal = objection.appraisal
    if (appraisal.work_results, appraisal.work_behaviour) == (work_results, work_behaviour):
        raise Problem(N_("These are the ratings the result already has. Accepting an objection corrects the "
                         "ratings: choose other ratings, or reject the objection."))
    return Acceptance(objection, Rating(work_results), Rating(work_behaviour))


async def _addressee(uow: UnitOfWork, appraisal: Appraisal) -> Employee | None:
    """The rater's superior from the employee data; None (HR) when unknown, inactive or the objector."""
    if appraisal.rater is None or appraisal.rater.superior_id is None:
        return None
    superior = await uow.employees.get(appraisal.rater.superior_id)
    if superior is None or not superior.active or superior.id == appraisal.employee_id:
        return None
    return superior


async def _move(uow: UnitOfWork, objection: Objection, state: ObjectionState, *, decided_by: Employee | None = None,
                **values: object) -> None:
    """Change the state if nobody else did meanwhile: a conditional UPDATE whose row count decides, so of two
    deciders at once (the addressee and HR, in two updates) the second is told, and nothing of theirs is written.

    Processing starts only from "filed"; a decision is taken from either open state.
    """
    now = uow.clock()
    values |= {"state": state.value, "updated_at": now}
    if decided_by is not None:
        values |= {"decided_at": now, "decided_by_id": decided_by.id}
    from_states = [ObjectionState.FILED.value] if state == ObjectionState.IN_PROGRESS else OPEN_STATES
    if not await uow.objections.move(objection.id, from_states, values):
        raise _settled(objection.id, await uow.objections.state_of(objection.id))
    for name, value in values.items():
        set_committed_value(objection, name, value)


def _settled(objection_id: int, state: str | None) -> Problem:
    """Why an objection can no longer take the step asked for: someone got there first."""
    if state == ObjectionState.IN_PROGRESS:
        return Problem(N_("Objection no. {number} is already being processed."), number=str(objection_id))
    return Problem(N_("Objection no. {number} has already been decided."), number=str(objection_id))


def _next_version(old: Appraisal, now: datetime) -> Appraisal:
    """Everything but the ratings carries over, including the publication date the window counts from."""
    return Appraisal(employee=old.employee, period=old.period, period_kind=old.period_kind,
                     period_start=old.period_start, period_end=old.period_end, version=old.version + 1,
                     rater=old.rater, rater_nip=old.rater_nip, rater_name=old.rater_name,
                     rater_position=old.rater_position, feedback=old.feedback, published_on=old.published_on,
                     created_at=now, updated_at=now)


async def _notify_employee(uow: UnitOfWork, objection: Objection, decider: Employee, template: str, *,
                           button: OutboxButton | None = None, **params: str) -> None:
    kind = ObjectionState(objection.state).name.lower()  # in_progress, accepted, rejected
    await enqueue(uow, employee_id=objection.employee_id, kind=f"objection.{kind}",
                  dedupe_key=f"objection:{objection.id}:{objection.state}", reference=f"objection:{objection.id}",
                  template=template,
                  params={"number": str(objection.id), "period": objection.appraisal.period,
                          "decider": decider.name, **params},
                  buttons=[[button or _open_button(objection)]])


def _open_button(objection: Objection) -> OutboxButton:
    return OutboxButton(N_("📄 Open objection"), callback_data=routes.OBJECTION.data(objection.id))
