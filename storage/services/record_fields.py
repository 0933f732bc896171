"""The fields of an employee record an employee can report as wrong ("Data saya tidak sesuai"), each with
how a typed correction is read and how it is written back.

Codes are the employee file's column names, so Kepegawaian recognises them in the audit log. A value is
stored as text (dates as ISO) in the request and turned back into the record's type when applied, so
what Kepegawaian accepts is exactly what the employee typed, normalised.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from storage.local_time import parse_date
from storage.models import Employee, EmployeeKind
from storage.problems import N_, Problem
from storage.ranks import normalize_pns_grade, normalize_pppk_grade
from storage.services.import_cells import text


@dataclass(frozen=True)
class RecordField:
    code: str
    label: str                                     # msgid
    attribute: str                                 # on Employee
    parse: Callable[[str, Employee], Any]          # a typed correction, or Problem
    is_date: bool = False

    def current(self, employee: Employee) -> Any:
        return getattr(employee, self.attribute)

    def stored(self, value: Any) -> str | None:
        if value is None:
            return None
        return value.isoformat() if self.is_date else str(value)

    def loaded(self, stored: str | None) -> Any:
        if stored is None:
            return None
        return date.fromisoformat(stored) if self.is_date else stored


def _grade(raw: str, employee: Employee) -> str:
    return normalize_pns_grade(raw) if employee.kind == EmployeeKind.PNS else normalize_pppk_grade(raw)


def _text(raw: str, employee: Employee) -> str:
    return text(200, required=True)(raw)  # a chat message is never empty


def _date(raw: str, employee: Employee) -> date:
    return parse_date(raw)


FIELDS: dict[str, RecordField] = {field.code: field for field in (
    RecordField("nama", N_("Name"), "name", _text),
    RecordField("golongan", N_("Golongan"), "grade", _grade),
    RecordField("jabatan", N_("Post (jabatan)"), "position", _text),
    RecordField("unit_kerja", N_("Unit"), "unit", _text),
    RecordField("tmt_jabatan", N_("Start in the current post (TMT jabatan)"), "position_since", _date, is_date=True),
)}


def record_field(code: str) -> RecordField:
    field = FIELDS.get(code)
    if field is None:
        raise Problem(N_("This field cannot be corrected here."))
    return field
