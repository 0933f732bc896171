"""The fields of an employee record an employee can report as wrong ("Data saya tidak sesuai"), each with
how a typed correction is read and how it is written back.

Codes are the employee file's column names, and a correction is read by the same parser as that column of
the file, so Kepegawaian recognises both. A value is stored as text (dates as ISO) in the request and
turned back into the record's type when applied: what Kepegawaian accepts is exactly what was typed,
normalised.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from storage.career_terms import POST_KIND_LABELS
from storage.local_time import parse_date
from storage.models import Employee, EmployeeKind
from storage.problems import N_, Problem
from storage.ranks import normalize_pns_grade, normalize_pppk_grade
from storage.services.employee_import import OPTIONAL_CAREER, OPTIONAL_POSITION_SINCE
from storage.services.import_cells import text


@dataclass(frozen=True)
class RecordField:
    code: str
    label: str                                     # msgid
    attribute: str                                 # on Employee
    parse: Callable[[str, Employee], Any]          # a typed correction, or Problem
    value_type: type = str                         # str, int or date, as the attribute holds it
    only_for: EmployeeKind | None = None           # e.g. the contract end: PPPK only
    value_labels: Mapping[str, str] = field(default_factory=dict)  # stored value → msgid to show

    def applies_to(self, employee: Employee) -> bool:
        return self.only_for is None or employee.kind == self.only_for

    def current(self, employee: Employee) -> Any:
        return getattr(employee, self.attribute)

    def stored(self, value: Any) -> str | None:
        if value is None:
            return None
        return value.isoformat() if self.value_type is date else str(value)

    def loaded(self, stored: str | None) -> Any:
        if stored is None:
            return None
        return date.fromisoformat(stored) if self.value_type is date else self.value_type(stored)


def _grade(raw: str, employee: Employee) -> str:
    return normalize_pns_grade(raw) if employee.kind == EmployeeKind.PNS else normalize_pppk_grade(raw)


def _text(raw: str, employee: Employee) -> str:
    return text(200, required=True)(raw)  # a chat message is never empty


def _column(column: str) -> Callable[[str, Employee], Any]:
    """The employee file's parser for ``column``."""
    parse = OPTIONAL_CAREER[column][1]
    return lambda raw, employee: parse(raw)


def _career(column: str, label: str, value_type: type, **options: Any) -> RecordField:
    return RecordField(column, label, OPTIONAL_CAREER[column][0], _column(column), value_type, **options)


FIELDS: dict[str, RecordField] = {record_field.code: record_field for record_field in (
    RecordField("nama", N_("Name"), "name", _text),
    RecordField("golongan", N_("Golongan"), "grade", _grade),
    _career("tmt_pangkat", N_("TMT pangkat (last golongan SK)"), date),
    _career("mkg_tahun", N_("MKG on that SK (years)"), int),
    _career("mkg_bulan", N_("MKG on that SK (months)"), int),
    RecordField("jabatan", N_("Post (jabatan)"), "position", _text),
    _career("jenis_jabatan", N_("Kind of post (jenis jabatan)"), str,
            value_labels={kind.value: label for kind, label in POST_KIND_LABELS.items()}),
    RecordField("unit_kerja", N_("Unit"), "unit", _text),
    RecordField(OPTIONAL_POSITION_SINCE, N_("Start in the current post (TMT jabatan)"), "position_since",
                lambda raw, employee: parse_date(raw), date),
    _career("pendidikan", N_("Education (pendidikan)"), str),
    _career("tmt_kgb_terakhir", N_("TMT of the last KGB"), date),
    _career("akhir_kontrak", N_("Contract end"), date, only_for=EmployeeKind.PPPK),
    _career("tanggal_lahir", N_("Birth date"), date),
)}


def record_field(code: str) -> RecordField:
    found = FIELDS.get(code)
    if found is None:
        raise Problem(N_("This field cannot be corrected here."))
    return found
