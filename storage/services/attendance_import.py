"""Importing attendance (``kode,nip,hadir``), usually the enrolment report filled in and sent back.

Only people holding a seat can be marked, and only once the workshop has started; an empty ``hadir``
cell is skipped, so HR can fill the sheet in over several days. Attended workshops count for the JP.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.models import SEATED_STATES, Employee, Enrolment, EnrolmentState, Workshop, WorkshopStatus
from storage.nip import normalize_nip
from storage.problems import N_, Problem
from storage.services.import_cells import RowReader, yes_no
from storage.services.imports import ImportReport, Progress, RowError, finish_import, no_progress
from storage.tabular import Row, SpreadsheetSource, read_table
from storage.uow import UnitOfWork

COLUMNS = ("kode", "nip", "hadir")


@dataclass
class AttendanceRecord:
    row: int
    code: str
    nip: str
    present: bool


async def import_attendance(uow: UnitOfWork, source: SpreadsheetSource, *, actor: str, dry_run: bool = False,
                            skip_invalid: bool = False, progress: Progress = no_progress) -> ImportReport:
    table = read_table(source, COLUMNS)
    report = ImportReport(rows=len(table.rows))
    records = _parse_rows(table.rows, report)
    workshops = await uow.workshops.by_codes(record.code for record in records)
    employees = await uow.employees.by_nips(record.nip for record in records)
    enrolments = await uow.enrolments.not_cancelled_in(workshop.id for workshop in workshops.values())
    checked = []
    for record in records:
        problem = _problem(record, workshops, employees, enrolments, uow.clock())
        if problem is None:
            checked.append(record)
        else:
            report.errors.append(RowError(record.row, problem[0], problem[1]))
    if report.errors and not skip_invalid:
        return report
    now = uow.clock()
    for done, record in enumerate(checked, start=1):
        enrolment = enrolments[workshops[record.code].id, employees[record.nip].id]
        state = EnrolmentState.ATTENDED if record.present else EnrolmentState.ABSENT
        if enrolment.state == state:
            report.unchanged += 1
        else:
            enrolment.state = state
            enrolment.attendance_recorded_at = enrolment.updated_at = now
            report.updated += 1
        progress(done, len(checked))
    return await finish_import(uow, report, dry_run=dry_run, actor=actor, action="attendance.imported",
                               source=source)


def _parse_rows(rows: list[Row], report: ImportReport) -> list[AttendanceRecord]:
    records: dict[tuple[str, str], AttendanceRecord] = {}
    for row in rows:
        reader = RowReader(row)
        code = reader.cell("kode", lambda raw: raw.upper() or _empty())
        nip = reader.cell("nip", normalize_nip)
        present = reader.cell("hadir", yes_no)
        if code and nip and (code, nip) in records:
            reader.fail("nip", Problem(N_("NIP {nip} already appears for {code} in row {other}."), nip=nip, code=code,
                                       other=records[code, nip].row))
        report.errors.extend(reader.errors)
        if reader.errors:
            continue
        if present is None:
            report.unchanged += 1  # not filled in yet
            continue
        records[code, nip] = AttendanceRecord(row.number, code, nip, present)
    return list(records.values())


def _empty() -> str:
    raise Problem(N_("This cell is empty."))


def _problem(record: AttendanceRecord, workshops: dict[str, Workshop], employees: dict[str, Employee],
             enrolments: dict[tuple[int, int], Enrolment], now: datetime) -> tuple[str, Problem] | None:
    """The column and reason this row cannot be applied, or None."""
    workshop = workshops.get(record.code)
    if workshop is None:
        return "kode", Problem(N_("There is no workshop with code {code}."), code=record.code)
    if workshop.status == WorkshopStatus.CANCELLED:
        return "kode", Problem(N_("Workshop {code} was cancelled."), code=record.code)
    if now < workshop.starts_at:
        return "hadir", Problem(N_("Workshop {code} has not started yet."), code=record.code)
    employee = employees.get(record.nip)
    if employee is None:
        return "nip", Problem(N_("No employee with NIP {nips}."), nips=record.nip)
    enrolment = enrolments.get((workshop.id, employee.id))
    if enrolment is None or enrolment.state not in SEATED_STATES:
        return "nip", Problem(N_("{name} did not hold a seat in {code}."), name=employee.name, code=record.code)
    return None
