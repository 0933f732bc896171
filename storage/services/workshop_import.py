"""Importing the workshop catalogue HR keeps in a spreadsheet; re-importing updates by code.

All rows are checked first and, as with employees, a file with any bad row writes nothing unless
``skip_invalid``. A row's JP must fit its schedule (:meth:`TrainingPolicy.jp_problem`): 0 JP only with
``bukan_pelatihan`` = ya, an event that is not a training. Updating a workshop people signed up for tells
them when its time or place changed, and a larger capacity moves people up from the waitlist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time
from storage import routes
from storage.models import EmployeeKind, Workshop, WorkshopKind, WorkshopMode, WorkshopStatus
from storage.problems import N_, Problem
from storage.ranks import normalize_pns_grade, normalize_pppk_grade
from storage.services.import_cells import RowReader, moment, text, whole_number, yes_no
from storage.services.imports import ImportReport, Progress, RowError, finish_import, no_progress
from storage.services.outbox import OutboxButton, enqueue
from storage.services.training_hours import TrainingPolicy
from storage.services.waitlist import fill_free_seats, workshop_params
from storage.services.workshop_audience import grade_scale
from storage.services.workshops import locked_workshop
from storage.tabular import Row, SpreadsheetSource, read_table
from storage.uow import UnitOfWork

COLUMNS = ("kode", "judul", "deskripsi", "jenis", "moda", "lokasi", "penyelenggara", "mulai", "selesai",
           "batas_daftar", "kuota", "jp")
# Optional: sasaran_unit (units separated by ;), sasaran_jenis (PNS/PPPK), sasaran_golongan (III/a-IV/e),
# bukan_pelatihan (ya: not a training, so 0 JP).
END_OF_DAY = time(23, 59)  # a deadline given as a bare date means the end of that day
SCHEDULE = {"starts_at", "ends_at", "location", "mode"}  # changes the people signed up must hear about
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9._/-]{0,31}$")
_RANGE_SEPARATOR = re.compile(r"\s*(?:–|-|\bs\.?d\.?(?=\s)|\bsampai\b)\s*", re.IGNORECASE)


@dataclass
class WorkshopRecord:
    row: int
    code: str
    fields: dict[str, object]  # Workshop attribute → value


async def import_workshops(uow: UnitOfWork, source: SpreadsheetSource, *, policy: TrainingPolicy, actor: str,
                           dry_run: bool = False, skip_invalid: bool = False,
                           progress: Progress = no_progress) -> ImportReport:
    table = read_table(source, COLUMNS)
    report = ImportReport(rows=len(table.rows))
    units = {unit.casefold(): unit for unit in await uow.employees.units()}
    records = _parse_rows(table.rows, policy, units, report.errors)
    existing = await uow.workshops.by_codes(record.code for record in records)
    records = _check_against_stored(records, existing, report.errors)
    if report.errors and not skip_invalid:
        return report
    now = uow.clock()
    for done, record in enumerate(records, start=1):
        stored = existing.get(record.code)
        if stored is None:
            uow.workshops.add(Workshop(code=record.code, **record.fields, seats_taken=0, revision=0,
                                       status=WorkshopStatus.OPEN, created_at=now, updated_at=now))
            report.created += 1
        elif await _update(uow, stored.id, record):
            report.updated += 1
        else:
            report.unchanged += 1
        progress(done, len(records))
    return await finish_import(uow, report, dry_run=dry_run, actor=actor, action="workshops.imported",
                               source=source)


def _parse_rows(rows: list[Row], policy: TrainingPolicy, units: dict[str, str],
                errors: list[RowError]) -> list[WorkshopRecord]:
    records: dict[str, WorkshopRecord] = {}
    for row in rows:
        reader = RowReader(row)
        record = _parse_row(reader, policy, units)
        if record is not None and record.code in records:
            reader.fail("kode", Problem(N_("Code {code} already appears in row {other}."), code=record.code,
                                        other=records[record.code].row))
        errors.extend(reader.errors)
        if record is not None and not reader.errors:
            records[record.code] = record
    return list(records.values())


def _parse_row(reader: RowReader, policy: TrainingPolicy, units: dict[str, str]) -> WorkshopRecord | None:
    timezone = policy.timezone
    code = reader.cell("kode", _code)
    fields = {
        "title": reader.cell("judul", text(200, required=True)),
        "description": reader.cell("deskripsi", _description),
        "kind": reader.cell("jenis", _kind),
        "mode": reader.cell("moda", _mode),
        "location": reader.cell("lokasi", text(300, required=True)),
        "organiser": reader.cell("penyelenggara", text(200, required=False)),
        "starts_at": reader.cell("mulai", lambda raw: moment(raw, timezone)),
        "ends_at": reader.cell("selesai", lambda raw: moment(raw, timezone)),
        "registration_deadline": reader.cell("batas_daftar",
                                             lambda raw: moment(raw, timezone, time_if_missing=END_OF_DAY)),
        "capacity": reader.cell("kuota", whole_number(1)),
        "jp": reader.cell("jp", whole_number(0)),
        "audience_units": reader.cell("sasaran_unit", lambda raw: _units(raw, units)),
        "audience_kind": reader.cell("sasaran_jenis", _audience_kind),
        "non_training": bool(reader.cell("bukan_pelatihan", yes_no)),
    }
    grades = reader.cell("sasaran_golongan", _grade_range) or (None, None)
    fields["audience_grade_min"], fields["audience_grade_max"] = grades
    _check_consistent(reader, fields, policy)
    if reader.errors or code is None:
        return None
    return WorkshopRecord(reader.row.number, code, fields)


def _check_consistent(reader: RowReader, fields: dict[str, object], policy: TrainingPolicy) -> None:
    starts, ends, deadline = fields["starts_at"], fields["ends_at"], fields["registration_deadline"]
    if starts and ends and ends <= starts:
        reader.fail("selesai", Problem(N_("The end is not after the start.")))
    elif starts and ends and fields["jp"] is not None:
        problem = policy.jp_problem(starts, ends, fields["jp"], fields["non_training"])
        if problem is not None:
            reader.fail("jp", problem)
    if starts and deadline and deadline > starts:
        reader.fail("batas_daftar", Problem(N_("The registration deadline is after the start.")))
    scale = grade_scale(fields["audience_grade_min"])
    if scale and fields["audience_kind"] and scale[0] != fields["audience_kind"]:
        reader.fail("sasaran_golongan", Problem(N_("This golongan range is for {scale}, but sasaran_jenis is {kind}."),
                                                scale=scale[0], kind=fields["audience_kind"]))


def _code(raw: str) -> str:
    code = raw.upper()
    if not _CODE.match(code):
        raise Problem(N_("“{value}” is not a workshop code: up to 32 letters, digits and . _ / -, "
                         "e.g. PLT-2026-01."), value=raw)
    return code


def _description(raw: str) -> str | None:
    if len(raw) > 2000:
        raise Problem(N_("The text is longer than {limit} characters."), limit=2000)
    return raw or None


def _kind(raw: str) -> str:
    value = " ".join(raw.lower().replace("_", " ").replace("-", " ").split())
    if value not in set(WorkshopKind):
        raise Problem(N_("“{value}” is not a kind of training; write teknis, manajerial, sosial kultural or "
                         "fungsional."), value=raw)
    return value


def _mode(raw: str) -> str:
    value = raw.lower()
    if value not in set(WorkshopMode):
        raise Problem(N_("“{value}” is not a mode; write luring, daring or blended."), value=raw)
    return value


def _units(raw: str, known: dict[str, str]) -> list[str] | None:
    names = [" ".join(name.split()) for name in re.split(r"[;|\n]", raw)]
    found = []
    for name in filter(None, names):
        if name.casefold() not in known:
            raise Problem(N_("Unit “{unit}” is not the unit_kerja of any employee."), unit=name)
        found.append(known[name.casefold()])
    return found or None


def _audience_kind(raw: str) -> str | None:
    if not raw:
        return None
    try:
        return EmployeeKind(raw.upper()).value
    except ValueError:
        raise Problem(N_("“{value}” is not PNS or PPPK."), value=raw) from None


def _grade_range(raw: str) -> tuple[str, str] | None:
    """``III/a-IV/e``, ``III/a s.d. IV/e``, ``V-IX`` or one golongan; both ends on the same scale, in order."""
    if not raw:
        return None
    ends = _RANGE_SEPARATOR.split(raw, maxsplit=1)
    for normalize in (normalize_pns_grade, normalize_pppk_grade):
        try:
            low, high = normalize(ends[0]), normalize(ends[-1])
        except Problem:
            continue
        if grade_scale(low)[1] <= grade_scale(high)[1]:
            return low, high
    raise Problem(N_("“{value}” is not a golongan range such as III/a-IV/e or V-IX."), value=raw)


def _check_against_stored(records: list[WorkshopRecord], existing: dict[str, Workshop],
                          errors: list[RowError]) -> list[WorkshopRecord]:
    valid = []
    for record in records:
        stored = existing.get(record.code)
        if stored is not None and stored.status == WorkshopStatus.CANCELLED:
            errors.append(RowError(record.row, "kode", Problem(
                N_("Workshop {code} was cancelled; give the new one a new code."), code=record.code)))
        elif stored is not None and record.fields["capacity"] < stored.seats_taken:
            errors.append(RowError(record.row, "kuota", Problem(
                N_("Seats already taken: {count}; the capacity cannot be lower."), count=stored.seats_taken)))
        else:
            valid.append(record)
    return valid


async def _update(uow: UnitOfWork, workshop_id: int, record: WorkshopRecord) -> bool:
    """Apply the record to a stored workshop under its lock; return whether anything changed."""
    workshop = await locked_workshop(uow, workshop_id)
    changed = {name for name, value in record.fields.items() if getattr(workshop, name) != value}
    if not changed:
        return False
    if record.fields["capacity"] < workshop.seats_taken:  # seats taken since the file was checked
        raise Problem(N_("Row {row}: the seats now taken in {code} ({count}) exceed the new capacity. "
                         "Nothing was written."), row=record.row, count=workshop.seats_taken, code=record.code)
    for name in changed:
        setattr(workshop, name, record.fields[name])
    workshop.updated_at = uow.clock()
    await uow.session.flush()
    if "starts_at" in changed:  # reminders already queued speak of the old time; new ones follow the new
        await uow.outbox.cancel_pending(f"reminder:workshop:{workshop.id}")
    if changed & SCHEDULE:
        await _tell_rescheduled(uow, workshop)
    if "capacity" in changed:
        await fill_free_seats(uow, workshop)
    return True


async def _tell_rescheduled(uow: UnitOfWork, workshop: Workshop) -> None:
    for enrolment in await uow.enrolments.active(workshop.id):
        await enqueue(uow, employee_id=enrolment.employee_id, kind="workshop.changed",
                      dedupe_key=f"workshop.changed:{workshop.id}:{workshop.revision}:{enrolment.employee_id}",
                      template=N_("📅 <b>{title}</b> ({code}) has changed: it now starts {starts_at} and ends "
                                  "{ends_at}, at {location}."),
                      params={**workshop_params(workshop), "ends_at": workshop.ends_at},
                      buttons=[[OutboxButton(N_("📋 Open the workshop"),
                                             callback_data=routes.WORKSHOP.data(workshop.id))]],
                      reference=f"workshop:{workshop.id}")
