"""Working days in Indonesia: Monday to Friday except national holidays and cuti bersama.

The calendar comes from the ``holidays`` package (Indonesia, PUBLIC and GOVERNMENT categories: cuti bersama
sits in GOVERNMENT), corrected by Kepegawaian's own entries (``storage.models.DayOff``), because Islamic
dates after the current year are estimates and cuti bersama is decided each year.
"""

from __future__ import annotations

import functools
import importlib.util
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import holidays

CATEGORIES = (holidays.PUBLIC, holidays.GOVERNMENT)
_INDONESIA = "holidays.countries.indonesia"


@functools.lru_cache(maxsize=32)
def national_days_off(year: int) -> Mapping[date, str]:
    """The package's days off of ``year`` with their Indonesian names (computed once per year)."""
    return dict(_indonesia()(years=year, categories=CATEGORIES, language="id"))


@functools.cache
def _indonesia() -> type[holidays.HolidayBase]:
    """The package's Indonesian calendar, its module loaded on its own: the package's way in
    (``country_holidays``) imports the modules of all its 250 countries first, which stay in the bot's memory."""
    if _INDONESIA in sys.modules:
        return sys.modules[_INDONESIA].Indonesia
    path = Path(holidays.__file__).parent / "countries" / "indonesia.py"
    if not path.is_file():  # laid out differently one day: the package's own way
        return type(holidays.country_holidays("ID"))
    spec = importlib.util.spec_from_file_location(_INDONESIA, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.Indonesia


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
