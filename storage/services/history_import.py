"""``asnbot import history``: past golongan and post SKs, added to each employee's history.

One row is one SK: a golongan SK (``golongan``, with the MKG it states), a post SK (``jabatan`` and
``unit_kerja``), or both. Re-importing the same SK changes nothing; an SK already known without its TMT or
number is completed. The employee record itself (the current golongan and post) comes from the employee
file; only where it lacks the TMT of the current golongan or post does the matching SK supply it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from storage.models import Employee, EmployeeKind
from storage.nip import normalize_nip
from storage.problems import N_, Problem
from storage.ranks import normalize_pns_grade, normalize_pppk_grade
from storage.services.career_history import HistoryBook, Recorded, SkFacts
from storage.services.import_cells import RowReader, day, text, whole_number
from storage.services.imports import ImportReport, RowError, commit_import
from storage.tabular import read_table
from storage.uow import UnitOfWork

COLUMNS = ("nip", "tmt")
OPTIONAL = ("golongan", "mkg_tahun", "mkg_bulan", "jabatan", "unit_kerja", "nomor_sk", "tanggal_sk")


@dataclass(frozen=True)
class HistoryRow:
    row: int
    nip: str
    sk: SkFacts
    grade: str | None  # as typed, then in the employee's scale once the employee is known
    service: tuple[int | None, int | None]
    position: str | None
    unit: str | None


async def import_history(uow: UnitOfWork, path: Path, *, actor: str, dry_run: bool = False,
                         skip_invalid: bool = False,
                         progress: Callable[[int], None] = lambda done: None) -> ImportReport:
    table = read_table(path, COLUMNS)
    report = ImportReport(rows=len(table.rows))
    parsed = []
    for row in table.rows:
        reader = RowReader(row)
        found = _parse_row(reader)
        report.errors.extend(reader.errors)
        if found is not None and not reader.errors:
            parsed.append(found)
    known = await uow.employees.by_nips(entry.nip for entry in parsed)
    entries = [checked for entry in parsed if (checked := _checked(entry, known, report.errors)) is not None]
    if dry_run or (report.errors and not skip_invalid):
        return report
    history = await HistoryBook.load(uow, {known[entry.nip].id for entry in entries})
    for done, entry in enumerate(entries, start=1):
        employee = known[entry.nip]
        outcomes = set(_record(history, employee, entry))
        _fill_current(employee, entry, uow)
        if Recorded.ADDED in outcomes:
            report.created += 1
        elif Recorded.COMPLETED in outcomes:
            report.updated += 1
        else:
            report.unchanged += 1
        progress(done)
    return await commit_import(uow, report, actor=actor, action="history.imported", path=path)


def _parse_row(reader: RowReader) -> HistoryRow | None:
    nip = reader.cell("nip", normalize_nip)
    tmt = reader.cell("tmt", day)
    sk_date = reader.cell("tanggal_sk", lambda raw: day(raw) if raw else None)
    years = reader.cell("mkg_tahun", lambda raw: whole_number(0)(raw) if raw else None)
    months = reader.cell("mkg_bulan", lambda raw: _month_count(raw) if raw else None)
    entry = HistoryRow(
        row=reader.row.number, nip=nip, sk=SkFacts(tmt, reader.cell("nomor_sk", text(100, required=False)), sk_date),
        grade=reader.cell("golongan", text(8, required=False)), service=(years, months),
        position=reader.cell("jabatan", text(200, required=False)),
        unit=reader.cell("unit_kerja", text(200, required=False)))
    if not reader.errors and entry.grade is None and entry.position is None:
        reader.fail("golongan", Problem(N_("Fill in golongan (a golongan SK), jabatan (a post SK) or both.")))
    return None if reader.errors else entry


def _month_count(raw: str) -> int:
    value = whole_number(0)(raw)
    if value > 11:
        raise Problem(N_("“{value}” is not a whole number from 0 to {maximum}."), value=raw, maximum=11)
    return value


def _checked(entry: HistoryRow, known: dict[str, Employee], errors: list[RowError]) -> HistoryRow | None:
    """The row with its golongan in the employee's scale, or None (and an error) when it cannot be used."""
    employee = known.get(entry.nip)
    if employee is None:
        errors.append(RowError(entry.row, "nip", Problem(N_("No employee with NIP {nips}."), nips=entry.nip)))
        return None
    if entry.grade is None:
        return entry
    normalize = normalize_pns_grade if employee.kind == EmployeeKind.PNS else normalize_pppk_grade
    try:
        return replace(entry, grade=normalize(entry.grade))
    except Problem as problem:
        errors.append(RowError(entry.row, "golongan", problem))
        return None


def _record(history: HistoryBook, employee: Employee, entry: HistoryRow) -> list[Recorded]:
    """What became of the golongan and the post the row states."""
    outcomes = []
    if entry.grade is not None:
        outcomes.append(history.record_grade(employee, entry.grade, entry.sk, source="history",
                                             service=entry.service))
    if entry.position is not None:
        outcomes.append(history.record_post(employee, entry.position, entry.unit, entry.sk, source="history"))
    return outcomes


def _fill_current(employee: Employee, entry: HistoryRow, uow: UnitOfWork) -> None:
    """The SK of the current golongan or post gives the employee record a TMT it lacks (never replaces one)."""
    changed = False
    if entry.grade is not None and entry.grade == employee.grade and employee.rank_since is None:
        employee.rank_since = entry.sk.effective_date
        if employee.rank_service_years is None and entry.service[0] is not None:
            employee.rank_service_years, employee.rank_service_months = entry.service[0], entry.service[1] or 0
        changed = True
    if entry.position is not None and (entry.position, entry.unit) == (employee.position, employee.unit) \
            and employee.position_since is None:
        employee.position_since = entry.sk.effective_date
        changed = True
    if changed:
        employee.updated_at = uow.clock()
