"""Calendar arithmetic as SKs count it: whole months and years between dates, months added to a date."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months``; the 31st becomes the last day of a shorter month (29 Feb → 28 Feb)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    if day.day <= 28:  # every month has it: the common case (TMTs are the 1st), without a calendar look-up
        return date(year, month + 1, day.day)
    return day_of_month(year, month + 1, day.day)


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


def months_between(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end`` (negative when ``end`` is earlier): 1 Jan to 31 Jan is 0,
    1 Jan to 1 Feb is 1."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if months > 0 and end.day < start.day and add_months(start, months) > end:
        months -= 1
    elif months < 0 and end.day > start.day and add_months(start, months) < end:
        months += 1
    return months


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def day_of_month(year: int, month: int, day: int) -> date:
    """The ``day``-th of the month, or its last day when the month is shorter."""
    if day <= 28:
        return date(year, month, day)
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True, order=True)
class Span:
    """A length of service in whole months, shown as years and months (masa kerja)."""

    months: int

    @property
    def years(self) -> int:
        return self.months // 12

    @property
    def remaining_months(self) -> int:
        return self.months % 12
