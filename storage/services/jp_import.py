"""Importing JP earned outside the bot (``nip,tanggal,jp,keterangan``): courses, webinars, diklat.

A row is identified by NIP, date and description, so importing the same file again changes nothing
and a corrected JP figure updates the row instead of adding a second one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from storage.models import JpCredit
from storage.nip import normalize_nip
from storage.problems import N_, Problem
from storage.services.import_cells import RowReader, day, text, whole_number
from storage.services.imports import ImportReport, Progress, RowError, finish_import, no_progress
from storage.tabular import Row, SpreadsheetSource, read_table
from storage.uow import UnitOfWork

COLUMNS = ("nip", "tanggal", "jp", "keterangan")


@dataclass
class CreditRecord:
    row: int
    nip: str
    day: date
    jp: int
    description: str


async def import_jp(uow: UnitOfWork, source: SpreadsheetSource, *, timezone: ZoneInfo, actor: str,
                    dry_run: bool = False, skip_invalid: bool = False,
                    progress: Progress = no_progress) -> ImportReport:
    table = read_table(source, COLUMNS)
    report = ImportReport(rows=len(table.rows))
    today = uow.clock().astimezone(timezone).date()
    records = _parse_rows(table.rows, today, report.errors)
    employees = await uow.employees.by_nips(record.nip for record in records)
    known = [record for record in records if record.nip in employees]
    report.errors.extend(RowError(record.row, "nip", Problem(N_("No employee with NIP {nips}."), nips=record.nip))
                         for record in records if record.nip not in employees)
    if report.errors and not skip_invalid:
        return report
    now = uow.clock()
    stored = await uow.jp_credits.of_employees(employee.id for employee in employees.values())
    for done, record in enumerate(known, start=1):
        employee_id = employees[record.nip].id
        credit = stored.get((employee_id, record.day, record.description))
        if credit is None:
            uow.jp_credits.add(JpCredit(employee_id=employee_id, day=record.day, jp=record.jp,
                                        description=record.description, created_at=now, updated_at=now))
            report.created += 1
        elif credit.jp != record.jp:
            credit.jp, credit.updated_at = record.jp, now
            report.updated += 1
        else:
            report.unchanged += 1
        progress(done, len(known))
    return await finish_import(uow, report, dry_run=dry_run, actor=actor, action="jp.imported", source=source)


def _parse_rows(rows: list[Row], today: date, errors: list[RowError]) -> list[CreditRecord]:
    records: dict[tuple[str, date, str], CreditRecord] = {}
    for row in rows:
        reader = RowReader(row)
        nip = reader.cell("nip", normalize_nip)
        when = reader.cell("tanggal", day)
        jp = reader.cell("jp", whole_number(1))
        description = reader.cell("keterangan", text(200, required=True))
        if when and when > today:
            reader.fail("tanggal", Problem(N_("{day} is in the future."), day=when))
        key = (nip, when, description)
        if not reader.errors and key in records:
            reader.fail("keterangan", Problem(N_("The same NIP, date and description already appear in row {other}."),
                                              other=records[key].row))
        errors.extend(reader.errors)
        if not reader.errors:
            records[key] = CreditRecord(row.number, nip, when, jp, description)
    return list(records.values())
