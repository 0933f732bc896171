"""Rotation notices: published by HR (spreadsheet or Telegram), delivered privately, acknowledged once,
and applied to the employee record on the TMT, not before."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from storage import routes
from storage.local_time import parse_date, parse_local_datetime
from storage.models import Employee, Rotation
from storage.nip import normalize_nip
from storage.problems import N_, Problem
from storage.services.career_history import HistoryBook, SkFacts
from storage.services.imports import ImportReport, RowError
from storage.services.outbox import OutboxButton, enqueue
from storage.tabular import Row, read_table
from storage.uow import UnitOfWork

COLUMNS = ("nip", "jabatan_baru", "unit_baru", "nomor_sk", "tanggal_sk", "tmt", "jadwal_pelantikan",
           "lokasi_pelantikan", "catatan")
NOTICE = N_("📋 <b>Rotation notice</b>\n\n"
            "From: <b>{old_position}</b>, {old_unit}\n"
            "To: <b>{new_position}</b>, {new_unit}\n"
            "SK number {sk_number} of {sk_date}\n"
            "Effective (TMT): <b>{effective_date}</b>\n"
            "Inauguration (pelantikan): {inauguration_at}, {inauguration_place}\n"
            "Note: {note}")
NOTICE_UPDATED = N_("📋 <b>Rotation notice (corrected)</b>\n\n"
                    "From: <b>{old_position}</b>, {old_unit}\n"
                    "To: <b>{new_position}</b>, {new_unit}\n"
                    "SK number {sk_number} of {sk_date}\n"
                    "Effective (TMT): <b>{effective_date}</b>\n"
                    "Inauguration (pelantikan): {inauguration_at}, {inauguration_place}\n"
                    "Note: {note}")
NOTICE_REMINDER = N_("🔔 Please read and confirm your rotation notice (SK {sk_number}): "
                     "tap the button below it, or open /rotasi.")


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


@dataclass(frozen=True)
class Published:
    rotation: Rotation
    status: str  # "created", "updated" or "unchanged"
    warning: Problem | None  # e.g. less than the minimum time in the current post


def notice_params(rotation: Rotation) -> dict[str, object]:
    """The notice's fields as data (the renderer escapes and formats them); "—" for what is unknown."""
    return {"old_position": rotation.old_position or "—", "old_unit": rotation.old_unit or "—",
            "new_position": rotation.new_position, "new_unit": rotation.new_unit, "sk_number": rotation.sk_number,
            "sk_date": rotation.sk_date, "effective_date": rotation.effective_date,
            "inauguration_at": rotation.inauguration_at or "—", "inauguration_place": rotation.inauguration_place
            or "—", "note": rotation.note or "—"}


def acknowledge_button(rotation: Rotation) -> list[list[OutboxButton]]:
    return [[OutboxButton(N_("✅ I have read this"), callback_data=routes.ROTATION_READ.data(rotation.id))]]


async def publish(uow: UnitOfWork, order: RotationOrder, *, actor: str, min_years_in_post: int) -> Published:
    """Create or correct the notice for (employee, SK number) and queue it for the employee; caller commits."""
    employee = await uow.employees.by_nip(order.nip)
    if employee is None or not employee.active:
        raise Problem(N_("No active employee with NIP {nip}."), nip=order.nip)
    rotation = await uow.session.scalar(select(Rotation).where(Rotation.employee_id == employee.id,
                                                               Rotation.sk_number == order.sk_number))
    warning = await _tenure_warning(uow, employee, order.effective_date, min_years_in_post) \
        if rotation is None else None
    if rotation is None:
        rotation = Rotation(employee_id=employee.id, old_position=employee.position, old_unit=employee.unit,
                            published_at=uow.clock(), notice_version=1)
        _copy(order, rotation)
        uow.session.add(rotation)
        await uow.session.flush()
        status = "created"
    elif _differs(order, rotation):
        if rotation.applied_at is not None:
            raise Problem(N_("SK {sk_number} already took effect on {date}; it can no longer be changed."),
                          sk_number=order.sk_number, date=rotation.effective_date)
        _copy(order, rotation)
        rotation.notice_version += 1
        rotation.acknowledged_at = None
        status = "updated"
    else:
        return Published(rotation, "unchanged", None)
    await enqueue(uow, employee_id=employee.id, kind="rotation.notice", reference=f"rotation:{rotation.id}",
                  dedupe_key=f"rotation:{rotation.id}:v{rotation.notice_version}",
                  template=NOTICE if rotation.notice_version == 1 else NOTICE_UPDATED,
                  params=notice_params(rotation), buttons=acknowledge_button(rotation))
    uow.audit.record(actor, f"rotation.{status}", employee.nip, sk_number=order.sk_number,
                     new_position=order.new_position, new_unit=order.new_unit,
                     effective_date=order.effective_date.isoformat())
    return Published(rotation, status, warning)


def _copy(order: RotationOrder, rotation: Rotation) -> None:
    for name in (field.name for field in fields(RotationOrder) if field.name != "nip"):
        setattr(rotation, name, getattr(order, name))


def _differs(order: RotationOrder, rotation: Rotation) -> bool:
    return any(getattr(order, field.name) != getattr(rotation, field.name)
               for field in fields(RotationOrder) if field.name != "nip")


async def _tenure_warning(uow: UnitOfWork, employee: Employee, effective: date, min_years: int) -> Problem | None:
    """Rotation is typical after at least ``min_years`` in a post: warn HR (never block) when it is sooner."""
    since = await in_post_since(uow, employee)
    if since is None:
        return None
    months = (effective.year - since.year) * 12 + effective.month - since.month - (effective.day < since.day)
    if months >= min_years * 12:
        return None
    return Problem(N_("{name} will have been in the current post for only {years} years and {months} months "
                      "(since {since}); the usual minimum is {minimum} years."), name=employee.name,
                   years=months // 12, months=months % 12, since=since, minimum=min_years)


async def in_post_since(uow: UnitOfWork, employee: Employee) -> date | None:
    """The start of the current post: the last rotation that took effect, else the TMT jabatan HR imported."""
    last = await uow.session.scalar(select(Rotation.effective_date).where(
        Rotation.employee_id == employee.id, Rotation.applied_at.is_not(None))
        .order_by(Rotation.effective_date.desc()).limit(1))
    return last or employee.position_since


async def import_rotations(uow: UnitOfWork, path: Path, *, actor: str, tz: ZoneInfo, min_years_in_post: int,
                           dry_run: bool = False, skip_invalid: bool = False,
                           progress: Callable[[int], None] = lambda done: None) -> ImportReport:
    """Publish every row (all or nothing by default); re-importing the same SK corrects the notice."""
    table = read_table(path, COLUMNS)
    report = ImportReport(rows=len(table.rows))
    orders = [(row, order) for row in table.rows if (order := _parse_row(row, tz, report.errors))]
    known = await uow.employees.by_nips([order.nip for _row, order in orders])
    for row, order in orders:
        if order.nip not in known:
            report.errors.append(RowError(row.number, "nip", Problem(N_("No employee with NIP {nips}."),
                                                                     nips=order.nip)))
    valid = [(row, order) for row, order in orders if order.nip in known]
    if dry_run or (report.errors and not skip_invalid):
        return report
    for done, (row, order) in enumerate(valid, start=1):
        try:
            published = await publish(uow, order, actor=actor, min_years_in_post=min_years_in_post)
        except Problem as problem:
            report.errors.append(RowError(row.number, "nomor_sk", problem))
            continue
        setattr(report, published.status, getattr(report, published.status) + 1)
        if published.warning:
            report.warnings.append(RowError(row.number, "tmt", published.warning))
        progress(done)
    if report.errors and not skip_invalid:
        return report  # a correction refused mid-way: nothing is committed
    await uow.commit()
    report.written = True
    return report


def _parse_row(row: Row, tz: ZoneInfo, errors: list[RowError]) -> RotationOrder | None:
    values = row.values
    row_errors = [RowError(row.number, column, problem) for column, problem in row.problems]

    def check(column: str, parse: Callable[[str], object]):
        try:
            return parse(values.get(column, "").strip())
        except Problem as problem:
            row_errors.append(RowError(row.number, column, problem))
            return None

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
    )
    if not row_errors and order["sk_date"] > order["effective_date"]:
        row_errors.append(RowError(row.number, "tmt", Problem(N_("The TMT is before the SK date."))))
    errors.extend(row_errors)
    return None if row_errors else RotationOrder(**order)


def _required(raw: str) -> str:
    if not raw:
        raise Problem(N_("This column must be filled in."))
    if len(raw) > 200:
        raise Problem(N_("The text is longer than {limit} characters."), limit=200)
    return raw


async def acknowledge(uow: UnitOfWork, rotation_id: int, employee: Employee, *, actor: str) -> bool:
    """Record that the employee read their own notice; False if already recorded (a double tap)."""
    rotation = await uow.session.get(Rotation, rotation_id)
    if rotation is None or rotation.employee_id != employee.id:
        raise Problem(N_("This rotation notice is not yours."))
    acknowledged = await uow.session.execute(update(Rotation).where(
        Rotation.id == rotation_id, Rotation.acknowledged_at.is_(None)).values(acknowledged_at=uow.clock()))
    if acknowledged.rowcount != 1:  # already, or by a tap at the same moment
        return False
    uow.audit.record(actor, "rotation.acknowledged", employee.nip,
                     sk_number=rotation.sk_number)
    await uow.commit()
    return True


async def notices_of(uow: UnitOfWork, employee: Employee) -> list[Rotation]:
    rows = await uow.session.scalars(select(Rotation).where(Rotation.employee_id == employee.id)
                                     .order_by(Rotation.effective_date.desc(), Rotation.id.desc()))
    return list(rows)


async def all_notices(uow: UnitOfWork, *, unacknowledged_only: bool = False) -> list[Rotation]:
    """For HR: every notice with its employee, the unread ones first."""
    query = select(Rotation).options(selectinload(Rotation.employee)).order_by(
        Rotation.acknowledged_at.is_not(None), Rotation.effective_date.desc(), Rotation.id.desc())
    if unacknowledged_only:
        query = query.where(Rotation.acknowledged_at.is_(None))
    return list(await uow.session.scalars(query))


async def remind(uow: UnitOfWork, rotation_id: int, *, actor: str) -> Rotation:
    """Queue a reminder with the notice again for someone who has not confirmed reading it."""
    rotation = await uow.session.get(Rotation, rotation_id, options=[selectinload(Rotation.employee)])
    if rotation is None:
        raise Problem(N_("There is no rotation notice number {number}."), number=rotation_id)
    if rotation.acknowledged_at is not None:
        raise Problem(N_("{name} already confirmed reading this notice."), name=rotation.employee.name)
    sent_before = await uow.outbox.count_for_reference(f"rotation:{rotation.id}")
    await enqueue(uow, employee_id=rotation.employee_id, kind="rotation.reminder",
                  reference=f"rotation:{rotation.id}", dedupe_key=f"rotation:{rotation.id}:again:{sent_before}",
                  template=NOTICE_REMINDER, params={"sk_number": rotation.sk_number})
    await enqueue(uow, employee_id=rotation.employee_id, kind="rotation.notice", reference=f"rotation:{rotation.id}",
                  dedupe_key=f"rotation:{rotation.id}:again:{sent_before}:notice", template=NOTICE,
                  params=notice_params(rotation), buttons=acknowledge_button(rotation))
    uow.audit.record(actor, "rotation.reminded", rotation.employee.nip, sk_number=rotation.sk_number)
    await uow.commit()
    return rotation


async def apply_due(uow: UnitOfWork, today: date) -> int:
    """Move employees to their new post once the TMT has come, adding it to their post history; return how
    many moved."""
    due = list(await uow.session.scalars(select(Rotation).options(selectinload(Rotation.employee)).where(
        Rotation.applied_at.is_(None), Rotation.effective_date <= today).order_by(Rotation.effective_date)))
    history = await HistoryBook.load(uow, {rotation.employee_id for rotation in due})
    moved = 0
    for rotation in due:
        employee = rotation.employee
        history.record_post(employee, rotation.new_position, rotation.new_unit,
                            SkFacts(rotation.effective_date, rotation.sk_number, rotation.sk_date), source="rotation")
        employee.position, employee.unit = rotation.new_position, rotation.new_unit
        employee.position_since = rotation.effective_date
        employee.updated_at = rotation.applied_at = uow.clock()
        uow.audit.record("system", "rotation.applied", employee.nip, sk_number=rotation.sk_number)
        moved += 1
    await uow.commit()
    return moved
