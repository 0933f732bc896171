"""Importing the employee list HR keeps in a spreadsheet; re-importing updates by NIP.

All rows are validated first. By default a file with any bad row writes nothing, so HR fixes the
spreadsheet and imports again; ``skip_invalid`` writes the good rows only.
"""

from __future__ import annotations

from dataclasses import dataclass

from storage.career_terms import parse_education, parse_post_kind
from storage.local_time import parse_date
from storage.models import Employee, EmployeeKind, Role, RoleGrant
from storage.nip import normalize_nip
from storage.problems import N_, Problem
from storage.ranks import normalize_pns_grade, normalize_pppk_grade
from storage.services.career_history import HistoryBook
from storage.services.import_cells import RowReader
from storage.services.imports import ImportReport, Progress, RowError, finish_import, no_progress
from storage.services.talent import parse_potential
from storage.tabular import Row, SpreadsheetSource, read_table
from storage.uow import UnitOfWork

COLUMNS = ("nip", "nama", "jenis", "golongan", "jabatan", "unit_kerja", "atasan_nip", "peran")
OPTIONAL_POSITION_SINCE = "tmt_jabatan"  # when the current post began; only updated where the file has it
# Career columns, each optional: a file without the column leaves the stored value alone.
OPTIONAL_CAREER = {
    "tmt_pangkat": ("rank_since", lambda raw: parse_date(raw)),
    "mkg_tahun": ("rank_service_years", lambda raw: _bounded_number(raw, 50)),
    "mkg_bulan": ("rank_service_months", lambda raw: _bounded_number(raw, 11)),
    "pendidikan": ("education", lambda raw: parse_education(raw).value),
    "jenis_jabatan": ("post_kind", lambda raw: parse_post_kind(raw).value),
    "tmt_kgb_terakhir": ("last_pay_rise_on", lambda raw: parse_date(raw)),
    "tmt_kontrak": ("contract_start", lambda raw: parse_date(raw)),  # PPPK: starts each year of the JP ceiling
    "akhir_kontrak": ("contract_end", lambda raw: parse_date(raw)),
    "tanggal_lahir": ("birth_date", lambda raw: parse_date(raw)),
    "potensial": ("potential", lambda raw: parse_potential(raw).value),  # for the talent box
}


@dataclass
class EmployeeRecord:
    row: int
    nip: str
    fields: dict[str, object]  # Employee attributes this row sets
    superior_nip: str | None
    hr: bool


async def import_employees(uow: UnitOfWork, source: SpreadsheetSource, *, actor: str, dry_run: bool = False,
                           skip_invalid: bool = False, progress: Progress = no_progress) -> ImportReport:
    table = read_table(source, COLUMNS)
    report = ImportReport(rows=len(table.rows))
    records = _parse_rows(table.rows, report.errors)
    existing = await uow.employees.by_nips([record.nip for record in records])
    # Superiors only in the database (not in this file) are looked up too: a file of one new employee names a
    # superior imported long ago.
    outside = await uow.employees.by_nips({record.superior_nip for record in records if record.superior_nip}
                                          - {record.nip for record in records})
    records = _check_superiors(records, existing | outside, report.errors)
    if report.errors and not skip_invalid:
        return report
    await _write(uow, records, existing, outside, report, progress)
    return await finish_import(uow, report, dry_run=dry_run, actor=actor, action="employees.imported", source=source)


def _parse_rows(rows: list[Row], errors: list[RowError]) -> list[EmployeeRecord]:
    records: dict[str, EmployeeRecord] = {}
    for row in rows:
        reader = RowReader(row)
        record = _parse_row(reader)
        if record is not None and record.nip in records:
            reader.fail("nip", Problem(N_("NIP {nip} already appears in row {other}."), nip=record.nip,
                                       other=records[record.nip].row))
        errors.extend(reader.errors)
        if record is not None and not reader.errors:
            records[record.nip] = record
    return list(records.values())


def _parse_row(reader: RowReader) -> EmployeeRecord | None:
    check = reader.cell
    row = reader.row
    kind = check("jenis", _kind)
    nip = check("nip", lambda raw: normalize_nip(raw, civil_servant=kind == EmployeeKind.PNS))
    name = check("nama", _name)
    grade = check("golongan", lambda raw: _grade(raw, kind)) if kind else None
    superior = check("atasan_nip", lambda raw: normalize_nip(raw) if raw.strip() else None)
    hr = check("peran", _role)
    position = check("jabatan", lambda raw: _optional_text(raw, 200))
    since = check(OPTIONAL_POSITION_SINCE, lambda raw: parse_date(raw) if raw.strip() else None)
    unit = check("unit_kerja", lambda raw: _optional_text(raw, 200))
    if nip and superior == nip:
        reader.fail("atasan_nip", Problem(N_("An employee cannot be their own superior.")))
    if reader.errors or nip is None:
        return None
    fields = {"name": name, "kind": kind, "grade": grade, "position": position, "unit": unit}
    if OPTIONAL_POSITION_SINCE in row.values:
        fields["position_since"] = since
    for column, (attribute, parse) in OPTIONAL_CAREER.items():
        if column in row.values:
            fields[attribute] = check(column, lambda raw, parse=parse: parse(raw) if raw.strip() else None)
    start, end = fields.get("contract_start"), fields.get("contract_end")
    if start and end and end <= start:
        reader.fail("akhir_kontrak", Problem(N_("The contract end is not after tmt_kontrak.")))
    if reader.errors:
        return None
    return EmployeeRecord(row.number, nip, fields, superior, bool(hr))


def _kind(raw: str) -> EmployeeKind:
    try:
        return EmployeeKind(raw.strip().upper())
    except ValueError:
        raise Problem(N_("“{value}” is not PNS or PPPK."), value=raw) from None


def _name(raw: str) -> str:
    name = " ".join(raw.split())
    if not name:
        raise Problem(N_("The name is empty."))
    if len(name) > 200:
        raise Problem(N_("The name is longer than {limit} characters."), limit=200)
    return name


def _grade(raw: str, kind: EmployeeKind) -> str | None:
    if not raw.strip():
        return None
    return normalize_pns_grade(raw) if kind == EmployeeKind.PNS else normalize_pppk_grade(raw)


def _bounded_number(raw: str, maximum: int) -> int:
    value = raw.strip().removesuffix(".0")
    if not value.isdigit() or int(value) > maximum:
        raise Problem(N_("“{value}” is not a whole number from 0 to {maximum}."), value=raw, maximum=maximum)
    return int(value)


def _role(raw: str) -> bool:
    value = raw.strip().lower()
    if value not in ("", Role.HR.value):
        raise Problem(N_("“{value}” is not a role; leave it empty or write hr."), value=raw)
    return value == Role.HR.value


def _optional_text(raw: str, limit: int) -> str | None:
    text = " ".join(raw.split())
    if len(text) > limit:
        raise Problem(N_("The text is longer than {limit} characters."), limit=limit)
    return text or None


def _check_superiors(records: list[EmployeeRecord], existing: dict[str, Employee],
                     errors: list[RowError]) -> list[EmployeeRecord]:
    """A superior must be in the file or already in the database."""
    known = {record.nip for record in records} | set(existing)
    valid = []
    for record in records:
        if record.superior_nip and record.superior_nip not in known:
            errors.append(RowError(record.row, "atasan_nip", Problem(
                N_("Superior NIP {nip} is neither in this file nor in the database."), nip=record.superior_nip)))
        else:
            valid.append(record)
    return valid


async def _write(uow: UnitOfWork, records: list[EmployeeRecord], existing: dict[str, Employee],
                 superiors: dict[str, Employee], report: ImportReport, progress: Progress) -> None:
    """Create or update the file's employees, then link each to its superior (in the file or ``superiors``)."""
    now = uow.clock()
    employees = superiors | existing
    changed: set[str] = set()
    for done, record in enumerate(records, start=1):
        employee = employees.get(record.nip)
        if employee is None:
            employee = Employee(nip=record.nip, active=True, created_at=now, updated_at=now, roles=[])
            employees[record.nip] = employee
            uow.employees.add(employee)
            report.created += 1
        if _apply(employee, record, now):
            changed.add(record.nip)
        progress(done, len(records))
    await uow.session.flush()  # ids are needed for the superior links and the history
    history = await HistoryBook.load(uow, [employees[record.nip].id for record in records])
    for record in records:
        history.record_current(employees[record.nip], source="employees")
        employee = employees[record.nip]
        superior_id = employees[record.superior_nip].id if record.superior_nip else None
        if employee.superior_id != superior_id:
            employee.superior_id = superior_id
            employee.updated_at = now
            changed.add(record.nip)
    new_nips = {record.nip for record in records if record.nip not in existing}
    report.updated = len(changed - new_nips)
    report.unchanged = len(records) - report.created - report.updated


def _apply(employee: Employee, record: EmployeeRecord, now) -> bool:
    """Copy the record's fields; return whether anything changed."""
    changed = False
    for name, value in record.fields.items():
        if getattr(employee, name) != value:
            setattr(employee, name, value)
            changed = True
    if record.hr and not employee.has_role(Role.HR):
        employee.roles.append(RoleGrant(role=Role.HR.value, granted_at=now))
        changed = True
    if changed:
        employee.updated_at = now
    return changed

