"""Keberatan (PP 30/2019 Art. 59): an employee objects in writing to their appraisal result, within the window
after receiving it, with reasons and optionally evidence (a photo or PDF). The rater's superior (or
Kepegawaian) asks the rater for an explanation, which the rater gives on Telegram, then accepts with
corrected ratings or rejects, giving reasons either way; that decision is final. The decision is due
KEBERATAN_DECISION_DAYS after filing (see ``storage.services.objection_reminders``).

Everyone concerned hears of each step through the outbox, in the same transaction as the step, and
Kepegawaian gets a copy (tembusan) of each filing and decision. Outbox parameters are data; the sender
escapes them into its HTML templates.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from storage import routes
from storage.models import Appraisal, Employee, Objection, ObjectionState, Role
from storage.models.appraisals import OPEN_STATES
from storage.periods import parse_period
from storage.problems import N_, Problem
from storage.ratings import Predikat, Rating, predikat_for
from storage.rendered import Nip
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
MAX_EVIDENCE_NAME = 200


class EvidenceKind(StrEnum):
    PHOTO = "photo"
    DOCUMENT = "document"  # a PDF


@dataclass(frozen=True)
class Evidence:
    """A file the employee sent with the objection, as Telegram stores it (sent on by its file id)."""

    file_id: str
    kind: EvidenceKind
    name: str | None = None

    @classmethod
    def checked(cls, file_id: str, kind: EvidenceKind, name: str | None = None,
                mime_type: str | None = None) -> Evidence:
        """Photos and PDFs only: what a superior can open on a phone."""
        if kind == EvidenceKind.DOCUMENT and mime_type != "application/pdf":
            raise TextProblem(N_("Please send the evidence as a photo or a PDF file."))
        return cls(file_id, kind, (name or "")[:MAX_EVIDENCE_NAME] or None)


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
    explainable: bool = False  # the viewer is the rater and may still explain


@dataclass(frozen=True)
class OpenObjection:
    """An undecided objection with its age, for Kepegawaian's report."""

    objection: Objection
    age_days: int
    days_overdue: int  # 0 while the decision is not yet due


@dataclass(frozen=True)
class Acceptance:
    objection: Objection
    work_results: Rating
    work_behaviour: Rating
    reason: str | None = None  # checked, when given

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
                         policy: ObjectionPolicy, *, actor: str, evidence: Evidence | None = None) -> Objection:
    draft = await draft_objection(uow, employee, appraisal_id, policy, actor=actor, reasons=reasons)
    now = uow.clock()
    addressee = draft.addressee
    objection = Objection(appraisal=draft.appraisal, employee=employee, reasons=draft.reasons,
                          state=ObjectionState.FILED.value, addressee=addressee, filed_at=now, updated_at=now,
                          decision_due_on=policy.decision_due(now))
    if evidence is not None:
        objection.evidence_file_id, objection.evidence_kind = evidence.file_id, evidence.kind.value
        objection.evidence_name = evidence.name
    uow.objections.add(objection)
    await uow.flush()
    uow.audit.record(actor, "objection.filed", employee.nip, objection_id=objection.id, period=draft.appraisal.period,
                     addressee=addressee.nip if addressee else "hr", evidence=evidence is not None)
    params = {"number": str(objection.id), "name": employee.name, "nip": Nip(employee.nip),
              "period": parse_period(draft.appraisal.period), "due": objection.decision_due_on}
    hr = await uow.employees.with_role(Role.HR)
    for recipient in [addressee] if addressee else hr:
        await _tell(uow, objection, recipient, "filed", N_(
            "📨 <b>New objection (keberatan) no. {number}</b>\n{name} (NIP {nip}) objects to the appraisal result "
            "for period {period}. The rater has been asked for an explanation. Please decide by {due}."), params,
            exclude=employee)  # an HR employee objecting: the other HR staff decide
    rater = draft.appraisal.rater
    if rater is not None and rater.id not in (employee.id, addressee.id if addressee else None):
        await _tell(uow, objection, rater, "explain", N_(
            "📝 {name} (NIP {nip}) objects to the appraisal result for period {period} that you gave "
            "(objection no. {number}). Please write your explanation for the decision."), params,
            button=OutboxButton(N_("✍️ Write an explanation"),
                                callback_data=routes.OBJECTION_EXPLAIN.data(objection.id)))
    if addressee is not None:
        await _copy_to_hr(uow, objection, hr, "filed", N_(
            "📋 Copy (tembusan): {name} (NIP {nip}) filed objection no. {number} to the appraisal result for "
            "period {period}, addressed to {addressee}; the decision is due by {due}."),
            {**params, "addressee": addressee.name}, exclude=(employee, addressee))
    await uow.commit()
    return objection


async def explain_objection(uow: UnitOfWork, rater: Employee, objection_id: int, text: str, *,
                            actor: str) -> Objection:
    """The rater's explanation, for the superior to read before deciding; it may be rewritten until then."""
    objection = await uow.objections.get(objection_id)
    if objection is None or not is_rater(rater, objection):
        raise Problem(NOT_AVAILABLE)
    explanation = {"rater_explanation": check_text(text), "rater_explained_at": uow.clock()}
    if not await _changed(uow, objection, OPEN_STATES, explanation):  # not once it is decided
        raise Problem(N_("Objection no. {number} has already been decided."), number=str(objection.id))
    uow.audit.record(actor, "objection.explained", objection.employee.nip, objection_id=objection.id)
    params = {"number": str(objection.id), "rater": rater.name, "period": parse_period(objection.appraisal.period)}
    deciders = [objection.addressee] if objection.addressee else await uow.employees.with_role(Role.HR)
    for decider in deciders:
        await _tell(uow, objection, decider, f"explained:{objection.rater_explained_at.isoformat()}", N_(
            "📝 {rater} explained the appraisal result in objection no. {number} (period {period}). Read it "
            "before deciding."), params, exclude=objection.employee)
    await uow.commit()
    return objection


def is_rater(viewer: Employee, objection: Objection) -> bool:
    return objection.appraisal.rater_id == viewer.id and objection.employee_id != viewer.id


async def own_objections(uow: UnitOfWork, employee: Employee, page: int) -> Page[Objection]:
    return page_of(await uow.objections.of_employee(employee.id), page, LIST_PAGE_SIZE)


async def objection_inbox(uow: UnitOfWork, viewer: Employee, page: int) -> Page[Objection]:
    return page_of(await decidable_objections(uow, viewer), page, LIST_PAGE_SIZE)


async def objection_detail(uow: UnitOfWork, viewer: Employee, objection_id: int, *, actor: str) -> ObjectionDetail:
    """The objection for its employee or for someone who may decide it (whose view of the result is audited)."""
    objection = await uow.objections.get(objection_id)
    if objection is None or not (objection.employee_id == viewer.id or may_decide(viewer, objection)
                                 or is_rater(viewer, objection)):
        raise Problem(NOT_AVAILABLE)
    await visible_appraisal(uow, viewer, objection.appraisal_id, actor=actor)
    await uow.commit()
    return ObjectionDetail(objection, objection.is_open and may_decide(viewer, objection),
                           objection.is_open and is_rater(viewer, objection))


async def objection_to_decide(uow: UnitOfWork, viewer: Employee, objection_id: int, *, actor: str) -> Objection:
    """An undecided objection ``viewer`` may decide, for the decision screens."""
    objection = await _to_decide(uow, viewer, objection_id, actor=actor)
    await uow.commit()
    return objection


async def preview_acceptance(uow: UnitOfWork, viewer: Employee, objection_id: int, work_results: Rating,
                             work_behaviour: Rating, *, actor: str, reason: str | None = None) -> Acceptance:
    """What accepting would change, for the summary before confirming; with the reasons once they are typed."""
    acceptance = await _acceptance(uow, viewer, objection_id, work_results, work_behaviour, actor=actor)
    await uow.commit()
    return replace(acceptance, reason=check_text(reason)) if reason is not None else acceptance


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
                           work_behaviour: Rating, reason: str, *, actor: str) -> Appraisal:
    """Accept with corrected ratings and reasons: a new version of the result replaces the old, which stays in
    the history."""
    acceptance = await _acceptance(uow, viewer, objection_id, work_results, work_behaviour, actor=actor)
    objection, old = acceptance.objection, acceptance.objection.appraisal
    reason = check_text(reason)
    await _move(uow, objection, ObjectionState.ACCEPTED, decided_by=viewer, decision_reason=reason)
    corrected = _next_version(old, uow.clock())
    corrected.rate(acceptance.work_results, acceptance.work_behaviour)
    old.superseded_at = corrected.created_at
    uow.appraisals.add(corrected)
    await uow.flush()
    objection.corrected_appraisal_id = corrected.id
    uow.audit.record(actor, "objection.accepted", objection.employee.nip, objection_id=objection.id,
                     period=old.period, before=[old.work_results, old.work_behaviour, old.predikat],
                     after=[corrected.work_results, corrected.work_behaviour, corrected.predikat])
    view = OutboxButton(N_("📊 View corrected result"), callback_data=routes.APPRAISAL.data(corrected.id))
    await _notify_employee(uow, objection, viewer, N_(
        "✅ {decider} accepted your objection no. {number} (period {period}): your appraisal result was "
        "corrected.\nReasons: {reason}\nThis decision is final."), button=view, reason=objection.decision_reason)
    await _copy_decision_to_hr(uow, objection, viewer)
    await uow.commit()
    return corrected


async def reject_objection(uow: UnitOfWork, viewer: Employee, objection_id: int, reason: str, *,
                           actor: str) -> Objection:
    objection = await _to_decide(uow, viewer, objection_id, actor=actor)
    reason = check_text(reason)
    await _move(uow, objection, ObjectionState.REJECTED, decided_by=viewer, decision_reason=reason)
    uow.audit.record(actor, "objection.rejected", objection.employee.nip, objection_id=objection.id)
    await _notify_employee(uow, objection, viewer, N_(
        "❌ {decider} rejected your objection no. {number} (period {period}).\nReason: {reason}\n"
        "This decision is final."),
        reason=objection.decision_reason)
    await _copy_decision_to_hr(uow, objection, viewer)
    await uow.commit()
    return objection


async def open_objections(uow: UnitOfWork, policy: ObjectionPolicy) -> list[OpenObjection]:
    """Every undecided objection, oldest first, with its age and how late its decision is (the export audits)."""
    today = uow.clock().astimezone(policy.tz).date()
    found = [OpenObjection(objection, (today - objection.filed_at.astimezone(policy.tz).date()).days,
                           max((today - _due_on(objection, policy)).days, 0))
             for objection in await uow.objections.everything() if objection.is_open]
    return sorted(found, key=lambda item: (-item.age_days, item.objection.id))


def _due_on(objection: Objection, policy: ObjectionPolicy) -> date:
    return objection.decision_due_on or policy.decision_due(objection.filed_at)


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
    if not await _changed(uow, objection, from_states, values):
        raise _settled(objection.id, await uow.objections.state_of(objection.id))


async def _changed(uow: UnitOfWork, objection: Objection, from_states: Collection[str], values: dict) -> bool:
    """The conditional UPDATE (its row count decides), and the loaded objection brought in line when it changed."""
    return await uow.objections.move(objection, from_states, values)


def _settled(objection_id: int, state: str | None) -> Problem:
    """Why an objection can no longer take the step asked for: someone got there first."""
    if state == ObjectionState.IN_PROGRESS:
        return Problem(N_("Objection no. {number} is already being processed."), number=str(objection_id))
    return Problem(N_("Objection no. {number} has already been decided."), number=str(objection_id))


def _next_version(old: Appraisal, now: datetime) -> Appraisal:
    """Everything but the ratings carries over, including the dates the window counts from."""
    return Appraisal(employee=old.employee, period=old.period, period_kind=old.period_kind,
                     period_start=old.period_start, period_end=old.period_end, version=old.version + 1,
                     rater=old.rater, rater_nip=old.rater_nip, rater_name=old.rater_name,
                     rater_position=old.rater_position, feedback=old.feedback, published_on=old.published_on,
                     received_at=old.received_at,
                     created_at=now, updated_at=now)


async def _notify_employee(uow: UnitOfWork, objection: Objection, decider: Employee, template: str, *,
                           button: OutboxButton | None = None, **params: str) -> None:
    kind = ObjectionState(objection.state).name.lower()  # in_progress, accepted, rejected
    await enqueue(uow, employee_id=objection.employee_id, kind=f"objection.{kind}",
                  dedupe_key=f"objection:{objection.id}:{objection.state}", reference=f"objection:{objection.id}",
                  template=template,
                  params={"number": str(objection.id), "period": parse_period(objection.appraisal.period),
                          "decider": decider.name, **params},
                  buttons=[[button or _open_button(objection)]])


async def _tell(uow: UnitOfWork, objection: Objection, recipient: Employee, event: str, template: str,
                params: dict, *, exclude: Employee | None = None, button: OutboxButton | None = None) -> None:
    if exclude is not None and recipient.id == exclude.id:
        return
    await enqueue(uow, employee_id=recipient.id, kind=f"objection.{event.split(':')[0]}",
                  reference=f"objection:{objection.id}", dedupe_key=f"objection:{objection.id}:{event}:{recipient.id}",
                  template=template, params=params, buttons=[[button or _open_button(objection)]])


async def _copy_to_hr(uow: UnitOfWork, objection: Objection, hr: list[Employee], event: str, template: str,
                      params: dict, *, exclude: tuple[Employee, ...]) -> None:
    """Tembusan to Kepegawaian, except to whoever is already a party to the step."""
    parties = {person.id for person in exclude}
    for officer in hr:
        if officer.id not in parties:
            await _tell(uow, objection, officer, f"copy-{event}", template, params)


DECISION_COPIES = {
    ObjectionState.ACCEPTED: N_("📋 Copy (tembusan): {decider} accepted objection no. {number} of {name} (NIP {nip}) "
                                "to the appraisal result for period {period}; the result was corrected.\n"
                                "Reasons: {reason}"),
    ObjectionState.REJECTED: N_("📋 Copy (tembusan): {decider} rejected objection no. {number} of {name} (NIP {nip}) "
                                "to the appraisal result for period {period}.\nReasons: {reason}"),
}


async def _copy_decision_to_hr(uow: UnitOfWork, objection: Objection, decider: Employee) -> None:
    """Tembusan of the decision; reminders of a decision still waiting in the outbox are now untrue."""
    await uow.outbox.cancel_pending(f"reminder:objection:{objection.id}")
    await _copy_to_hr(uow, objection, await uow.employees.with_role(Role.HR),
                      ObjectionState(objection.state).name.lower(),
                      DECISION_COPIES[ObjectionState(objection.state)],
                      {"number": str(objection.id), "name": objection.employee.name, "nip": Nip(objection.employee.nip),
                       "period": parse_period(objection.appraisal.period), "decider": decider.name,
                       "reason": objection.decision_reason}, exclude=(objection.employee, decider))


def _open_button(objection: Objection) -> OutboxButton:
    return OutboxButton(N_("📄 Open objection"), callback_data=routes.OBJECTION.data(objection.id))
