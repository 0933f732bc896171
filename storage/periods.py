"""Appraisal periods as HR writes them: ``2026`` (annual), ``2026-S1``, ``2026-Q3`` or ``2026-09``."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from storage.problems import N_, Problem

_PATTERN = re.compile(r"(20\d\d)(?:-(?:([SQ])(\d)|(\d{1,2})))?")
_MONTHS_PER = {"S": 6, "Q": 3}


class PeriodKind(StrEnum):
    ANNUAL = "annual"
    SEMESTER = "semester"
    QUARTER = "quarter"
    MONTH = "month"


@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    year: int
    number: int  # semester 1-2, quarter 1-4, month 1-12; 0 for annual

    @property
    def code(self) -> str:
        """The canonical spelling, stored in the database and used in reports."""
        if self.kind == PeriodKind.ANNUAL:
            return str(self.year)
        if self.kind == PeriodKind.MONTH:
            return f"{self.year}-{self.number:02d}"
        return f"{self.year}-{'S' if self.kind == PeriodKind.SEMESTER else 'Q'}{self.number}"

    @property
    def months(self) -> tuple[int, int]:
        """First and last month of the period."""
        length = {PeriodKind.ANNUAL: 12, PeriodKind.SEMESTER: 6, PeriodKind.QUARTER: 3, PeriodKind.MONTH: 1}[self.kind]
        first = (max(self.number, 1) - 1) * length + 1
        return first, first + length - 1

    @property
    def start(self) -> date:
        return date(self.year, self.months[0], 1)

    @property
    def end(self) -> date:
        last = self.months[1]
        return date(self.year, last, calendar.monthrange(self.year, last)[1])


def parse_period(raw: str) -> Period:
    match = _PATTERN.fullmatch("".join((raw or "").split()).upper())
    if match is None:
        raise _not_a_period(raw)
    year, letter, part, month = match.groups()
    if letter:
        number, limit = int(part), 12 // _MONTHS_PER[letter]
        kind = PeriodKind.SEMESTER if letter == "S" else PeriodKind.QUARTER
    elif month:
        number, limit, kind = int(month), 12, PeriodKind.MONTH
    else:
        return Period(PeriodKind.ANNUAL, int(year), 0)
    if not 1 <= number <= limit:
        raise _not_a_period(raw)
    return Period(kind, int(year), number)


def _not_a_period(raw: str) -> Problem:
    return Problem(N_("“{value}” is not a period: write 2026 (annual), 2026-S1 (semester), 2026-Q3 (quarter) "
                      "or 2026-09 (month)."), value=raw)
