""""Data saya tidak sesuai": an employee reports a wrong field of their record with the right value and a
photo or PDF of the SK; Kepegawaian accepts it (the record changes, audited) or rejects it with a reason.
The employee hears the outcome through the outbox, in the same transaction as the decision.

Two officers deciding the same request at once: the decision is a conditional UPDATE on the undecided
state, so exactly one of them wins and the other is told it was already decided.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from storage import routes
from storage.models import Attachment, CorrectionRequest, CorrectionState, Employee, Role
from storage.problems import N_, Label, Problem
from storage.rendered import Nip
from storage.services.career_history import HistoryBook
from storage.services.contention import with_retries
from storage.services.objections import check_text
from storage.services.outbox import OutboxButton, enqueue
from storage.services.paging import Page, page_of
from storage.services.record_fields import RecordField, record_field
from storage.uow import UnitOfWork

EVIDENCE_LIMIT = 10 * 1024 * 1024  # a phone photo or a scanned SK; the Bot API lets bots fetch up to 20 MB
EVIDENCE_TYPES = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}
NOT_AVAILABLE = N_("This correction request is not available to you.")
PAGE_SIZE = 5


@dataclass(frozen=True)
class EvidenceFile:
    """The SK as the employee sent it."""

    content: bytes
    mime_type: str


@dataclass(frozen=True)
class CorrectionDraft:
    field: RecordField
    recorded: Any   # the record's value now
    proposed: Any   # the typed value, normalised


@dataclass(frozen=True)
class CorrectionView:
    request: CorrectionRequest
    field: RecordField
    decidable: bool  # the viewer may decide it now

    @property
    def recorded(self) -> Any:
        return self.field.loaded(self.request.recorded_value)

    @property
    def proposed(self) -> Any:
        return self.field.loaded(self.request.proposed_value)


def check_evidence(mime_type: str, size: int) -> None:
    """Before downloading (with the size Telegram states) and again after."""
    if mime_type not in EVIDENCE_TYPES:
        raise Problem(N_("Please send a photo of the SK, or the SK as a PDF."))
    if size > EVIDENCE_LIMIT:
        raise Problem(N_("The file is larger than {megabytes} MB; send a smaller photo or PDF."),
                      megabytes=EVIDENCE_LIMIT // (1024 * 1024))


async def draft_correction(uow: UnitOfWork, employee: Employee, field_code: str,
                           typed: str | None = None) -> CorrectionDraft:
    """Check that the field may be reported now and, when given, read the typed value."""
    field = record_field(field_code)
    if not field.applies_to(employee):
        raise Problem(N_("This field cannot be corrected here."))
    waiting = next((request for request in await uow.corrections.of_employee(employee.id)
                    if request.is_open and request.field == field.code), None)
    if waiting is not None:
        raise Problem(N_("Your request no. {number} about this field is still waiting for Kepegawaian."),
                      number=str(waiting.id))
    recorded = field.current(employee)
    proposed = None if typed is None else field.parse(typed, employee)
    if proposed is not None and proposed == recorded:
        raise Problem(N_("This is what your record already says; type the value that should be recorded."))
    return CorrectionDraft(field, recorded, proposed)


async def file_correction(uow: UnitOfWork, employee: Employee, field_code: str, typed: str,
                          evidence: EvidenceFile, *, actor: str) -> CorrectionRequest:
    draft = await draft_correction(uow, employee, field_code, typed)
    check_evidence(evidence.mime_type, len(evidence.content))
    now = uow.clock()
    attachment = Attachment(filename=f"sk-{employee.nip}-{draft.field.code}.{EVIDENCE_TYPES[evidence.mime_type]}",
                            mime_type=evidence.mime_type, content=evidence.content, created_at=now)
    request = CorrectionRequest(employee=employee, field=draft.field.code,
                                recorded_value=draft.field.stored(draft.recorded),
                                proposed_value=draft.field.stored(draft.proposed), evidence=attachment,
                                state=CorrectionState.FILED.value, filed_at=now)
    uow.corrections.add(request)
    await uow.flush()
    uow.audit.record(actor, "correction.filed", employee.nip, request_id=request.id, field=draft.field.code,
                     recorded=request.recorded_value, proposed=request.proposed_value)
    for officer in await uow.employees.with_role(Role.HR):
        if officer.id == employee.id:  # an officer reporting their own record: the others decide
            continue
        await enqueue(uow, employee_id=officer.id, kind="correction.filed", reference=f"correction:{request.id}",
                      dedupe_key=f"correction:{request.id}:filed:{officer.id}",
                      template=N_("🗂 <b>Data correction request no. {number}</b>\n{name} (NIP {nip}) reports a wrong "
                                  "entry in their record: {field}. Please check the SK and decide."),
                      params={"number": str(request.id), "name": employee.name, "nip": Nip(employee.nip),
                              "field": Label(draft.field.label)},
                      buttons=[[_open_button(request)]])
    await uow.commit()
    return request


async def own_corrections(uow: UnitOfWork, employee: Employee, page: int) -> Page[CorrectionRequest]:
    return page_of(await uow.corrections.of_employee(employee.id), page, PAGE_SIZE)


async def correction_inbox(uow: UnitOfWork, viewer: Employee, page: int) -> Page[CorrectionRequest]:
    _require_hr(viewer)
    return page_of(await uow.corrections.open(), page, PAGE_SIZE)


async def correction_detail(uow: UnitOfWork, viewer: Employee, request_id: int) -> CorrectionView:
    """The request for its employee or for Kepegawaian."""
    request = await _visible(uow, viewer, request_id)
    return CorrectionView(request, record_field(request.field), request.is_open and _may_decide(viewer, request))


async def correction_evidence(uow: UnitOfWork, viewer: Employee, request_id: int, *, actor: str) -> Attachment:
    """The SK photo or PDF; Kepegawaian opening someone's SK is audited."""
    request = await _visible(uow, viewer, request_id)
    attachment = await uow.attachments.get(request.evidence_id)
    if viewer.id != request.employee_id:
        uow.audit.record(actor, "correction.evidence_viewed", request.employee.nip, request_id=request.id)
        await uow.commit()
    return attachment


async def accept_correction(uow: UnitOfWork, viewer: Employee, request_id: int, *, actor: str) -> CorrectionView:
    """Apply the proposed value to the record; the first decision wins."""
    viewer_id = viewer.id

    async def attempt() -> CorrectionView:
        officer = await uow.employees.get(viewer_id)
        request = await _to_decide(uow, officer, request_id)
        field = record_field(request.field)
        now = uow.clock()
        if not await uow.corrections.decide(request.id, CorrectionState.ACCEPTED, decided_by_id=officer.id, now=now):
            raise _already_decided(request)
        employee = request.employee
        before = field.stored(field.current(employee))
        value = field.loaded(request.proposed_value)
        setattr(employee, field.attribute, value)
        employee.updated_at = now
        history = await HistoryBook.load(uow, [employee.id])
        history.record_current(employee, source="correction")  # a corrected golongan or post joins the history
        uow.audit.record(actor, "correction.accepted", employee.nip, request_id=request.id, field=field.code,
                         before=before, after=request.proposed_value)
        await _notify_employee(uow, request, CorrectionState.ACCEPTED, officer, N_(
            "✅ Kepegawaian ({decider}) accepted your data correction no. {number}. Your record now shows "
            "{field}: {value}."), value=_shown(field, value))
        await uow.commit()
        return await correction_detail(uow, officer, request.id)

    return await with_retries(uow, attempt)


async def check_rejection(uow: UnitOfWork, viewer: Employee, request_id: int, reason: str) -> tuple[
        CorrectionRequest, str]:
    request = await _to_decide(uow, viewer, request_id)
    return request, check_text(reason)


async def reject_correction(uow: UnitOfWork, viewer: Employee, request_id: int, reason: str, *,
                            actor: str) -> CorrectionView:
    viewer_id = viewer.id

    async def attempt() -> CorrectionView:
        officer = await uow.employees.get(viewer_id)
        request, checked = await check_rejection(uow, officer, request_id, reason)
        if not await uow.corrections.decide(request.id, CorrectionState.REJECTED, decided_by_id=officer.id,
                                            now=uow.clock(), reason=checked):
            raise _already_decided(request)
        uow.audit.record(actor, "correction.rejected", request.employee.nip, request_id=request.id,
                         field=request.field)
        await _notify_employee(uow, request, CorrectionState.REJECTED, officer, N_(
            "❌ Kepegawaian ({decider}) did not accept your data correction no. {number} ({field}).\n"
            "Reason: {reason}"), reason=checked)
        await uow.commit()
        return await correction_detail(uow, officer, request.id)

    return await with_retries(uow, attempt)


async def correction_to_decide(uow: UnitOfWork, viewer: Employee, request_id: int) -> CorrectionView:
    """An undecided request ``viewer`` may decide, for the decision screens."""
    request = await _to_decide(uow, viewer, request_id)
    return CorrectionView(request, record_field(request.field), True)


def _shown(field: RecordField, value: Any) -> Any:
    """A value as an outbox parameter: a listed code by its translated label."""
    label = field.value_labels.get(value) if isinstance(value, str) else None
    return Label(label) if label else value


def _may_decide(viewer: Employee, request: CorrectionRequest) -> bool:
    """Kepegawaian decides; nobody decides their own."""
    return viewer.has_role(Role.HR) and viewer.id != request.employee_id


def _require_hr(viewer: Employee) -> None:
    if not viewer.has_role(Role.HR):
        raise Problem(NOT_AVAILABLE)


async def _visible(uow: UnitOfWork, viewer: Employee, request_id: int) -> CorrectionRequest:
    request = await uow.corrections.get(request_id)
    if request is None or not (request.employee_id == viewer.id or viewer.has_role(Role.HR)):
        raise Problem(NOT_AVAILABLE)
    return request


async def _to_decide(uow: UnitOfWork, viewer: Employee, request_id: int) -> CorrectionRequest:
    request = await _visible(uow, viewer, request_id)
    if not _may_decide(viewer, request):
        raise Problem(NOT_AVAILABLE)
    if not request.is_open:
        raise _already_decided(request)
    return request


def _already_decided(request: CorrectionRequest) -> Problem:
    return Problem(N_("Correction request no. {number} has already been decided."), number=str(request.id))


async def _notify_employee(uow: UnitOfWork, request: CorrectionRequest, state: CorrectionState, decider: Employee,
                           template: str, **params: Any) -> None:
    await enqueue(uow, employee_id=request.employee_id, kind=f"correction.{state.name.lower()}",
                  dedupe_key=f"correction:{request.id}:{state.value}", reference=f"correction:{request.id}",
                  template=template,
                  params={"number": str(request.id), "field": Label(record_field(request.field).label),
                          "decider": decider.name, **params},
                  buttons=[[_open_button(request)]])


def _open_button(request: CorrectionRequest) -> OutboxButton:
    return OutboxButton(N_("🗂 Open request"), callback_data=routes.CORRECTION.data(request.id))
