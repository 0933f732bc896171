"""Reading single spreadsheet cells the way HR types them, each failure a :class:`Problem` for its cell.

Dates and times are WIB wall-clock time, read by the one date parser (``storage.local_time``): ``2026-12-03
09:00`` (also what XLSX date cells become), ``03/12/2026 09.00`` or ``3 Desember 2026 09.00``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time
from typing import TypeVar
from zoneinfo import ZoneInfo

from storage.local_time import parse_date, parse_local_datetime
from storage.problems import N_, Problem
from storage.services.imports import RowError
from storage.tabular import Row

T = TypeVar("T")
YES_WORDS = {"ya", "y", "hadir", "1", "x", "v", "✓", "yes", "true"}
NO_WORDS = {"tidak", "t", "tidak hadir", "0", "no", "n", "false", "-"}


class RowReader:
    """Parses a row's cells, collecting every bad cell instead of stopping at the first."""

    def __init__(self, row: Row) -> None:
        self.row = row
        self.errors = [RowError(row.number, column, problem) for column, problem in row.problems]

    def cell(self, column: str, parse: Callable[[str], T]) -> T | None:
        try:
            return parse(self.row.values.get(column, "").strip())
        except Problem as problem:
            self.errors.append(RowError(self.row.number, column, problem))
            return None

    def fail(self, column: str, problem: Problem) -> None:
        self.errors.append(RowError(self.row.number, column, problem))


def moment(raw: str, tz: ZoneInfo, *, time_if_missing: time | None = None) -> datetime:
    """A WIB date and time; a bare date is only accepted when ``time_if_missing`` says what it means."""
    return parse_local_datetime(raw, tz, time_if_missing=time_if_missing)


def day(raw: str) -> date:
    """A date such as ``2026-03-15``, ``15/03/2026`` or ``15 Maret 2026``."""
    return parse_date(raw)


def whole_number(minimum: int) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        value = raw.removesuffix(".0")
        if not re.fullmatch(r"-?\d+", value) or int(value) < minimum:
            raise Problem(N_("“{value}” is not a whole number of at least {minimum}."), value=raw, minimum=minimum)
        return int(value)

    return parse


def text(limit: int, *, required: bool) -> Callable[[str], str | None]:
    def parse(raw: str) -> str | None:
        value = " ".join(raw.split())
        if required and not value:
            raise Problem(N_("This cell is empty."))
        if len(value) > limit:
            raise Problem(N_("The text is longer than {limit} characters."), limit=limit)
        return value or None

    return parse


def yes_no(raw: str) -> bool | None:
    """``ya``/``tidak`` and their usual spellings; an empty cell is None (not filled in yet)."""
    value = raw.lower()
    if not value:
        return None
    if value in YES_WORDS:
        return True
    if value in NO_WORDS:
        return False
    raise Problem(N_("“{value}” is neither ya nor tidak."), value=raw)
