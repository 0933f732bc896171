"""Reading single spreadsheet cells the way HR types them, each failure a :class:`Problem` for its cell.

Dates and times are WIB wall-clock time: ``2026-12-03 09:00`` (also what XLSX date cells become) or
``03/12/2026 09.00``, as Indonesian spreadsheets write them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time
from typing import TypeVar
from zoneinfo import ZoneInfo

from storage.problems import N_, Problem
from storage.services.imports import RowError
from storage.tabular import Row

T = TypeVar("T")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2})[.:](\d{2})(?::\d{2})?)?$")
_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?: (\d{1,2})[.:](\d{2}))?$")
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
    parts = _date_parts(raw)
    if parts is None or (parts[3] is None and time_if_missing is None):
        raise Problem(N_("“{value}” is not a date and time; write 2026-12-03 09:00 or 03/12/2026 09.00."),
                      value=raw)
    year, month, day, hour, minute = parts
    clock = time_if_missing if hour is None else _time(raw, hour, minute)
    return datetime.combine(_date(raw, year, month, day), clock, tz)


def day(raw: str) -> date:
    """A date such as ``2026-03-15`` or ``15/03/2026``."""
    parts = _date_parts(raw)
    if parts is None or (parts[3] is not None and (parts[3], parts[4]) != (0, 0)):
        raise Problem(N_("“{value}” is not a date; write 2026-03-15 or 15/03/2026."), value=raw)
    return _date(raw, *parts[:3])


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


def _date_parts(raw: str) -> tuple[int, int, int, int | None, int | None] | None:
    if match := _ISO.match(raw):
        year, month, day_of_month, hour, minute = match.groups()
    elif match := _DMY.match(raw):
        day_of_month, month, year, hour, minute = match.groups()
    else:
        return None
    return (int(year), int(month), int(day_of_month), None if hour is None else int(hour),
            None if minute is None else int(minute))


def _date(raw: str, year: int, month: int, day_of_month: int) -> date:
    try:
        return date(year, month, day_of_month)
    except ValueError:
        raise Problem(N_("“{value}” is not a real date."), value=raw) from None


def _time(raw: str, hour: int, minute: int) -> time:
    try:
        return time(hour, minute)
    except ValueError:
        raise Problem(N_("“{value}” is not a real time of day."), value=raw) from None
