"""Working days in Indonesia: Monday to Friday except national holidays and cuti bersama.

The calendar comes from the ``holidays`` package (Indonesia, PUBLIC and GOVERNMENT categories: cuti bersama
sits in GOVERNMENT), corrected by Kepegawaian's own entries (``storage.models.DayOff``), because Islamic
dates after the current year are estimates and cuti bersama is decided each year.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

import holidays

CATEGORIES = (holidays.PUBLIC, holidays.GOVERNMENT)


@functools.lru_cache(maxsize=32)
def national_days_off(year: int) -> Mapping[date, str]:
    """The package's days off of ``year`` with their Indonesian names (computed once per year)."""
    return dict(holidays.country_holidays("ID", years=year, categories=CATEGORIES, language="id"))


@dataclass(frozen=True)
class WorkingDays:
    """Which days are worked; ``overrides`` maps a day to True (a day off) or False (worked) by HR's word."""

    overrides: Mapping[date, bool] = field(default_factory=dict)

    def is_day_off(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        return day.weekday() >= 5 or day in national_days_off(day.year)

    def first_on_or_after(self, day: date) -> date:
        """The working day ``day`` is, or the next one."""
        while self.is_day_off(day):
            day += timedelta(days=1)
        return day
