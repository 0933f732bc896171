"""Rotation notices: published by HR (spreadsheet or Telegram), delivered privately, acknowledged once,
and applied to the employee record on the TMT, not before: the new post and unit, and the new direct superior
when one is given (so objections and team views follow the superior from the TMT).

Both ways of publishing check an order with the same rules (:func:`date_problems`, :func:`superior_problem`)
and show the same warnings before HR confirms (:func:`warnings_for`): a dry run of the import, the upload
preview on Telegram and the form's summary."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from zoneinfo import ZoneInfo

from storage import routes
from storage.local_time import parse_date, parse_local_datetime
from storage.models import Employee, EmployeeKind, Rotation
from storage.nip import normalize_nip
from storage.problems import N_, Label, Problem
from storage.rendered import Nip, years
from storage.rendered import months as in_months
from storage.services.career import CareerFacts, CareerPolicy, PostTenure, TenureState, post_tenure
from storage.services.career_history import HistoryBook, SkFacts
from storage.services.import_cells import RowReader
from storage.services.imports import ImportReport, Progress, RowError, finish_import, no_progress
from storage.services.outbox import OutboxButton, enqueue
from storage.tabular import Row, SpreadsheetSource, read_table
from storage.uow import UnitOfWork

COLUMNS = ("nip", "jabatan_baru", "unit_baru", "nomor_sk", "tanggal_sk", "tmt", "jadwal_pelantikan",
           "lokasi_pelantikan", "catatan")  # required
SUPERIOR_COLUMN = "atasan_baru_nip"  # optional: files made from the older template still read
NOTICE_TITLE = N_("Rotation notice")
NOTICE_CORRECTED_TITLE = N_("Rotation notice (corrected)")
NOTICE = N_("📋 <b>{title}</b>\n\n"
            "From: <b>{old_position}</b>, {old_unit}\n"
            "To: <b>{new_position}</b>, {new_unit}\n"
            "SK number {sk_number} of {sk_date}\n"
            "Effective (TMT): <b>{effective_date}</b>\n"
            "Inauguration (pelantikan): {inauguration_at}, {inauguration_place}\n"
            "Note: {note}")
NOTICE_WITHOUT_INAUGURATION = N_("📋 <b>{title}</b>\n\n"
                                 "From: <b>{old_position}</b>, {old_unit}\n"
                                 "To: <b>{new_position}</b>, {new_unit}\n"
                                 "SK number {sk_number} of {sk_date}\n"
                                 "Effective (TMT): <b>{effective_date}</b>\n"
                                 "Note: {note}")
NOTICE_REMINDER = N_("🔔 Please read and confirm your rotation notice (SK {sk_number}): "
                     "tap the button below it, or open /rotasi.")
# The import's column for each field an order rule can refuse or warn about.
COLUMN_OF = {"sk_date": "tanggal_sk", "effective_date": "tmt", "inauguration_at": "jadwal_pelantikan",
             "new_superior_nip": SUPERIOR_COLUMN, "sk_number": "nomor_sk"}


@dataclass(frozen=True)
class RotationOrder:
    """One rotation as HR states it; old post and unit come from the employee record."""

    nip: str
    new_position: str
    new_unit: str
    sk_number: str
    sk_date: date
    effective_date: date
    inauguration_at: datetime | None = None
    inauguration_place: str | None = None
    note: str | None = None
    new_superior_nip: str | None = None  # the direct superior from the TMT; None keeps the current one


@dataclass(frozen=True)
class Published:
    rotation: Rotation
    status: str  # "created", "updated" or "unchanged"


@dataclass(frozen=True)
class FieldProblem:
    """A problem with one field of an order (``field``, a RotationOrder field name): a refusal from
    :func:`date_problems`, or a warning from :func:`warnings_for`."""

    field: str
    problem: Problem


def notice_message(rotation: Rotation) -> tuple[str, dict[str, object]]:
    """The notice's template and fields as data (the renderer escapes and formats them); "—" for what is unknown.
    Without a pelantikan (neither date nor place) the notice leaves that line out."""
    title = NOTICE_TITLE if rotation.notice_version == 1 else NOTICE_CORRECTED_TITLE
    params: dict[str, object] = {
        "title": Label(title), "old_position": rotation.old_position or "—", "old_unit": rotation.old_unit or "—",
        "new_position": rotation.new_position, "new_unit": rotation.new_unit, "sk_number": rotation.sk_number,
        "sk_date": rotation.sk_date, "effective_date": rotation.effective_date, "note": rotation.note or "—"}
    if rotation.inauguration_at is None and not rotation.inauguration_place:
        return NOTICE_WITHOUT_INAUGURATION, params
    return NOTICE, params | {"inauguration_at": rotation.inauguration_at or "—",
                             "inauguration_place": rotation.inauguration_place or "—"}


def date_problems(values: Mapping[str, object], tz: ZoneInfo) -> list[FieldProblem]:
    """The dates of one order in their order: the TMT and the pelantikan not before the SK date.

    Checks whichever of them ``values`` (RotationOrder field names) has, so the Telegram form refuses the
    answer that breaks the order as it is typed, and the import names the column; publishing checks again."""
    sk_date, effective, inauguration = (values.get(name) for name in ("sk_date", "effective_date", "inauguration_at"))
    found = []
    if sk_date is not None and effective is not None and effective < sk_date:
        found.append(FieldProblem("effective_date", Problem(N_("The TMT is before the SK date."))))
    if sk_date is not None and inauguration is not None and inauguration.astimezone(tz).date() < sk_date:
        found.append(FieldProblem("inauguration_at", Problem(N_("The pelantikan is before the SK date."))))
    return found


def superior_problem(employee: Employee, superior: Employee | None, nip: str) -> Problem | None:
    """Why ``superior`` (found by ``nip``) cannot be ``employee``'s direct superior from the TMT, if it cannot."""
    if superior is None or not superior.active:
        return Problem(N_("No active employee with NIP {nip}."), nip=Nip(nip))
    if superior.id == employee.id:
        return Problem(N_("An employee cannot be their own superior."))
    return None


def acknowledge_button(rotation: Rotation) -> list[list[OutboxButton]]:
    return [[OutboxButton(N_("✅ I have read this"), callback_data=routes.ROTATION_READ.data(rotation.id))]]


async def publish(uow: UnitOfWork, order: RotationOrder, *, actor: str, tz: ZoneInfo) -> Published:
    """Create or correct the notice for (employee, SK number) and queue it for the employee; caller commits."""
    employee = await uow.employees.by_nip(order.nip)
    if employee is None or not employee.active:
        raise Problem(N_("No active employee with NIP {nip}."), nip=Nip(order.nip))
    if refused := date_problems(order.__dict__, tz):
        raise refused[0].problem
    superior_id = await _new_superior_id(uow, employee, order.new_superior_nip)
    rotation = await uow.rotations.by_sk(employee.id, order.sk_number)
    if rotation is None:
        rotation = Rotation(employee_id=employee.id, old_position=employee.position, old_unit=employee.unit,
                            published_at=uow.clock(), notice_version=1)
        _copy(order, rotation, superior_id)
        uow.rotations.add(rotation)
        await uow.flush()
        status = "created"
    elif _differs(order, rotation, superior_id):
        if rotation.applied_at is not None:
            raise Problem(N_("SK {sk_number} already took effect on {date}; it can no longer be changed."),
                          sk_number=order.sk_number, date=rotation.effective_date)
        _copy(order, rotation, superior_id)
        rotation.notice_version += 1
        rotation.acknowledged_at = None
        status = "updated"
    else:
        return Published(rotation, "unchanged")
    template, params = notice_message(rotation)
    await enqueue(uow, employee_id=employee.id, kind="rotation.notice", reference=f"rotation:{rotation.id}",
                  dedupe_key=f"rotation:{rotation.id}:v{rotation.notice_version}", template=template,
                  params=params, buttons=acknowledge_button(rotation))
    uow.audit.record(actor, f"rotation.{status}", employee.nip, sk_number=order.sk_number,
                     new_position=order.new_position, new_unit=order.new_unit,
                     effective_date=order.effective_date.isoformat(), new_superior=order.new_superior_nip)
    return Published(rotation, status)


async def _new_superior_id(uow: UnitOfWork, employee: Employee, nip: str | None) -> int | None:
    if nip is None:
        return None
    superior = await uow.employees.by_nip(nip)
    if problem := superior_problem(employee, superior, nip):
        raise problem
    return superior.id


_STATED = tuple(field.name for field in fields(RotationOrder) if field.name not in ("nip", "new_superior_nip"))


def _copy(order: RotationOrder, rotation: Rotation, superior_id: int | None) -> None:
    for name in _STATED:
        setattr(rotation, name, getattr(order, name))
    rotation.new_superior_id = superior_id


def _differs(order: RotationOrder, rotation: Rotation, superior_id: int | None) -> bool:
    return rotation.new_superior_id != superior_id or any(
        getattr(order, name) != getattr(rotation, name) for name in _STATED)


async def warnings_for(uow: UnitOfWork, employee: Employee, order: RotationOrder, *, min_years_in_post: int,
                       earlier: Sequence[RotationOrder] = ()) -> list[FieldProblem]:
    """What HR should know before publishing a new SK, shown before they confirm (never a refusal): a short
    time in the current post, and any other SK for the same employee not yet in effect, published or
    ``earlier`` in the same file. Nothing for an SK already published (re-sending it corrects it)."""
    if await uow.rotations.by_sk(employee.id, order.sk_number) is not None:
        return []
    found = []
    if tenure := await _tenure_warning(uow, employee, order.effective_date, min_years_in_post):
        found.append(FieldProblem("effective_date", tenure))
    pending = await uow.rotations.pending_sks(employee.id, other_than=order.sk_number)
    pending += [(other.sk_number, other.effective_date) for other in earlier if other.sk_number != order.sk_number]
    for sk_number, effective in dict(pending).items():
        found.append(FieldProblem("sk_number", Problem(N_(
            "{name} already has a rotation not yet in effect: SK {sk_number}, TMT {date}."),
            name=employee.name, sk_number=sk_number, date=effective)))
    return found


async def _tenure_warning(uow: UnitOfWork, employee: Employee, effective: date, min_years: int) -> Problem | None:
    """Rotation is typical after at least ``min_years`` in a post: warn HR (never block) when it is sooner."""
    since = await in_post_since(uow, employee)
    if since is None:
        return None
    months = (effective.year - since.year) * 12 + effective.month - since.month - (effective.day < since.day)
    if months >= min_years * 12:
        return None
    return Problem(N_("{name} will have been in the current post for only {years} and {months} (since {since}); "
                      "the usual minimum is {minimum}."), name=employee.name,
                   years=years(months // 12), months=in_months(months % 12), since=since, minimum=years(min_years))


async def in_post_since(uow: UnitOfWork, employee: Employee) -> date | None:
    """The start of the current post: the last rotation that took effect, else the TMT jabatan HR imported."""
    return await uow.rotations.last_applied_effective_date(employee.id) or employee.position_since


async def import_rotations(uow: UnitOfWork, source: SpreadsheetSource, *, actor: str, tz: ZoneInfo,
                           min_years_in_post: int, dry_run: bool = False, skip_invalid: bool = False,
                           progress: Progress = no_progress) -> ImportReport:
    """Publish every row (all or nothing by default); re-importing the same SK corrects the notice.

    Warnings are found before anything is written, so a dry run shows them even when it also finds errors."""
    table = read_table(source, COLUMNS)
    report = ImportReport(rows=len(table.rows))
    orders = [(row, order) for row in table.rows if (order := _parse_row(row, tz, report.errors))]
    known = await uow.employees.by_nips([nip for _row, order in orders
                                         for nip in (order.nip, order.new_superior_nip) if nip])
    valid = [(row, order) for row, order in orders if _known(row, order, known, report.errors)]
    earlier: dict[str, list[RotationOrder]] = defaultdict(list)
    for row, order in valid:
        for warning in await warnings_for(uow, known[order.nip], order, min_years_in_post=min_years_in_post,
                                          earlier=earlier[order.nip]):
            report.warnings.append(RowError(row.number, COLUMN_OF[warning.field], warning.problem))
        earlier[order.nip].append(order)
    if report.errors and not skip_invalid:
        return report
    for done, (row, order) in enumerate(valid, start=1):
        try:
            published = await publish(uow, order, actor=actor, tz=tz)
        except Problem as problem:
            report.errors.append(RowError(row.number, "nomor_sk", problem))
            continue
        setattr(report, published.status, getattr(report, published.status) + 1)
        progress(done, len(valid))
    if report.errors and not skip_invalid:
        await uow.rollback()  # a correction refused mid-way: nothing is written
        return report
    return await finish_import(uow, report, dry_run=dry_run, actor=actor, action="rotations.imported",
                               source=source)


def _known(row: Row, order: RotationOrder, known: dict[str, Employee], errors: list[RowError]) -> bool:
    """The employee is on record, and so is the new superior, if any; otherwise the row's error is added."""
    if order.nip not in known:
        errors.append(RowError(row.number, "nip", Problem(N_("No employee with NIP {nips}."), nips=order.nip)))
        return False
    if order.new_superior_nip is not None and (problem := superior_problem(
            known[order.nip], known.get(order.new_superior_nip), order.new_superior_nip)):
        errors.append(RowError(row.number, SUPERIOR_COLUMN, problem))
        return False
    return True


def _parse_row(row: Row, tz: ZoneInfo, errors: list[RowError]) -> RotationOrder | None:
    reader = RowReader(row)
    check = reader.cell
    order = dict(
        nip=check("nip", normalize_nip),
        new_position=check("jabatan_baru", _required),
        new_unit=check("unit_baru", _required),
        sk_number=check("nomor_sk", _required),
        sk_date=check("tanggal_sk", parse_date),
        effective_date=check("tmt", parse_date),
        inauguration_at=check("jadwal_pelantikan", lambda raw: parse_local_datetime(raw, tz) if raw else None),
        inauguration_place=check("lokasi_pelantikan", lambda raw: raw or None),
        note=check("catatan", lambda raw: raw or None),
        new_superior_nip=check(SUPERIOR_COLUMN, lambda raw: normalize_nip(raw) if raw else None),
    )
    if not reader.errors:
        for refused in date_problems(order, tz):
            reader.fail(COLUMN_OF[refused.field], refused.problem)
    errors.extend(reader.errors)
    return None if reader.errors else RotationOrder(**order)


def _required(raw: str) -> str:
    if not raw:
        raise Problem(N_("This column must be filled in."))
    if len(raw) > 200:
        raise Problem(N_("The text is longer than {limit} characters."), limit=200)
    return raw


async def acknowledge(uow: UnitOfWork, rotation_id: int, employee: Employee, *, actor: str) -> bool:
    """Record that the employee read their own notice; False if already recorded (a double tap)."""
    rotation = await uow.rotations.get(rotation_id)
    if rotation is None or rotation.employee_id != employee.id:
        raise Problem(N_("This rotation notice is not yours."))
    if not await uow.rotations.acknowledge(rotation_id, uow.clock()):  # already, or by a tap at the same moment
        return False
    uow.audit.record(actor, "rotation.acknowledged", employee.nip,
                     sk_number=rotation.sk_number)
    await uow.commit()
    return True


async def notices_of(uow: UnitOfWork, employee: Employee) -> list[Rotation]:
    return await uow.rotations.of_employee(employee.id)


async def all_notices(uow: UnitOfWork, *, unacknowledged_only: bool = False) -> list[Rotation]:
    """For HR: every notice with its employee, the unread ones first."""
    return await uow.rotations.everything_with_employees(unacknowledged_only=unacknowledged_only)


async def remind(uow: UnitOfWork, rotation_id: int, *, actor: str) -> Rotation:
    """Queue a reminder with the notice again for someone who has not confirmed reading it."""
    rotation = await uow.rotations.get_with_employee(rotation_id)
    if rotation is None:
        raise Problem(N_("There is no rotation notice number {number}."), number=rotation_id)
    if rotation.acknowledged_at is not None:
        raise Problem(N_("{name} already confirmed reading this notice."), name=rotation.employee.name)
    sent_before = await uow.outbox.count_for_reference(f"rotation:{rotation.id}")
    await enqueue(uow, employee_id=rotation.employee_id, kind="rotation.reminder",
                  reference=f"rotation:{rotation.id}", dedupe_key=f"rotation:{rotation.id}:again:{sent_before}",
                  template=NOTICE_REMINDER, params={"sk_number": rotation.sk_number})
    template, params = notice_message(rotation)
    await enqueue(uow, employee_id=rotation.employee_id, kind="rotation.notice", reference=f"rotation:{rotation.id}",
                  dedupe_key=f"rotation:{rotation.id}:again:{sent_before}:notice", template=template,
                  params=params, buttons=acknowledge_button(rotation))
    uow.audit.record(actor, "rotation.reminded", rotation.employee.nip, sk_number=rotation.sk_number)
    await uow.commit()
    return rotation


async def apply_due(uow: UnitOfWork, today: date) -> int:
    """Move employees to their new post, and under their new superior if one was given, once the TMT has come,
    adding it to their post history; return how many moved.

    The superior changes here, not when the notice is published: until the TMT the old superior decides
    objections against the employee's ratings and sees them in the team views."""
    due = await uow.rotations.due_with_employees(today)
    history = await HistoryBook.load(uow, {rotation.employee_id for rotation in due})
    moved = 0
    for rotation in due:
        employee = rotation.employee
        history.record_post(employee, rotation.new_position, rotation.new_unit,
                            SkFacts(rotation.effective_date, rotation.sk_number, rotation.sk_date), source="rotation")
        employee.position, employee.unit = rotation.new_position, rotation.new_unit
        employee.position_since = rotation.effective_date
        if rotation.new_superior_id is not None:
            employee.superior_id = rotation.new_superior_id
        employee.updated_at = rotation.applied_at = uow.clock()
        uow.audit.record("system", "rotation.applied", employee.nip, sk_number=rotation.sk_number)
        moved += 1
    await uow.commit()
    return moved


@dataclass(frozen=True)
class LongInPost:
    """Someone at or beyond the maximum time in their post, and the SK already moving them, if any."""

    employee: Employee
    tenure: PostTenure
    pending: Rotation | None


async def long_in_post(uow: UnitOfWork, on: date, policy: CareerPolicy) -> list[LongInPost]:
    """Active employees at or beyond ``policy.rotation_max_years`` in their post on ``on``, longest first;
    the same rule as the career outlook (:func:`storage.services.career.post_tenure`)."""
    pending = await uow.rotations.earliest_pending_by_employee()
    found = []
    for employee in await uow.employees.active():
        tenure = post_tenure(CareerFacts(employee_id=employee.id, nip=employee.nip, kind=EmployeeKind(employee.kind),
                                         position=employee.position, unit=employee.unit,
                                         position_since=employee.position_since), on, policy)
        if tenure.state == TenureState.OVERDUE:
            found.append(LongInPost(employee, tenure, pending.get(employee.id)))
    return sorted(found, key=lambda item: (item.tenure.since, item.employee.name))
