"""Rules at their exact edges, where an off-by-one survives every test that stays in the middle."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from storage.nip import normalize_nip
from storage.problems import Problem
from storage.services.reminder_timing import QuietRules, delivery_time

WIB = ZoneInfo("Asia/Jakarta")


def wib(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=WIB)


@pytest.mark.parametrize("stage, expected", [
    ("2026-11-26 20:59", "2026-11-26 20:59"),  # the last minute before the quiet hours
    ("2026-11-26 21:00", "2026-11-27 06:00"),  # 21.00 itself is quiet
    ("2026-11-27 05:59", "2026-11-27 06:00"),
    ("2026-11-27 06:00", "2026-11-27 06:00"),  # 06.00 itself is not
])
def test_default_quiet_hours_start_at_21_00_and_end_at_06_00_exactly(stage, expected):
    """Deliberate bug caught: ``>=`` made ``>`` at the start of the quiet hours in ``reminder_timing._quiet``
    (only the configurable 20.00 case was tested before). ``<`` made ``<=`` at the end is an equivalent
    mutant: a message at 06.00 is moved to 06.00."""
    assert delivery_time(wib(stage), None, QuietRules(WIB)) == wib(expected)


def test_a_tmt_cpns_on_the_18th_birthday_is_accepted_and_a_month_earlier_is_not():
    """Born 1 March 1990: a TMT CPNS of March 2008 is the 18th birthday itself. Deliberate bugs caught: the
    comparison ``<`` made ``<=`` (refuses the birthday) and ``+ 18`` made ``+ 17`` (accepts February 2008)."""
    assert normalize_nip("199003012008031001", civil_servant=True) == "199003012008031001"
    with pytest.raises(Problem, match="18th birthday"):
        normalize_nip("199003012008021001", civil_servant=True)
