"""Rules at their exact edges, where an off-by-one survives every test that stays in the middle."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.config import Settings
from bot.policies import policies
from storage.nip import normalize_nip
from storage.problems import Problem
from storage.services.reminder_timing import delivery_time

WIB = ZoneInfo("Asia/Jakarta")
TODAY = date(2026, 12, 1)


def wib(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=WIB)


@pytest.mark.parametrize("stage, expected", [
    ("2026-11-26 20:59", "2026-11-26 20:59"),  # the last minute before the quiet hours
    ("2026-11-26 21:00", "2026-11-27 06:00"),  # 21.00 itself is quiet
    ("2026-11-27 05:59", "2026-11-27 06:00"),
    ("2026-11-27 06:00", "2026-11-27 06:00"),  # 06.00 itself is not
])
def test_default_quiet_hours_start_at_21_00_and_end_at_06_00_exactly(stage, expected):
    """With the settings' defaults (QUIET_HOURS_START/END unset), as the bot builds its rules. Deliberate bugs
    caught: ``>=`` made ``>`` at the start of the quiet hours in ``reminder_timing._quiet`` (21.00 delivered at
    once); ``<`` made ``<=`` at the end makes 06.00 quiet and ``delivery_time`` move it to 06.00 again forever,
    so the 06.00 row hangs (tried once; a mutation run's timeout counts it caught)."""
    rules = policies(Settings()).quiet
    assert (rules.quiet_start, rules.quiet_end) == (time(21), time(6))
    assert delivery_time(wib(stage), None, rules) == wib(expected)


@pytest.mark.parametrize("nip, accepted", [
    ("199003012008031001", True),   # born 1 March 1990, TMT 1 March 2008: the 18th birthday itself
    ("199003012008021001", False),  # TMT 1 February 2008: a month before it
    ("199003022008031001", False),  # born 2 March 1990: TMT 1 March 2008 is the day before the birthday
    ("199003022008041001", True),   # ... and 1 April 2008 is after it
    ("199002282008031001", True),   # born 28 February: 1 March 2008 is the day after the birthday
    ("198802292006031001", True),   # born 29 February 1988: 18 on 1 March 2006, a common year
    ("198802292006021001", False),
])
def test_a_tmt_cpns_before_the_18th_birthday_is_refused_compared_by_day(nip, accepted):
    """A TMT is the 1st of its month; it is compared with the 18th birthday to the day. Deliberate bugs caught
    (each applied once): the comparison ``<`` made ``<=`` (refuses the birthday itself, row 1) and ``+ 18``
    made ``+ 17`` (accepts rows 2 and 3); comparing (year, month) only, as before, accepted row 3."""
    if accepted:
        assert normalize_nip(nip, civil_servant=True, today=TODAY) == nip
    else:
        with pytest.raises(Problem, match="before the 18th birthday"):
            normalize_nip(nip, civil_servant=True, today=TODAY)


def test_a_birth_date_or_tmt_after_today_is_refused_today_itself_is_not():
    """Deliberate bugs caught: ``>`` made ``>=`` in either check (refuses today's date, the accepted rows), or
    the check left out (accepts tomorrow). A TMT is the 1st: December 2026 is today's month, January 2027 is not
    yet."""
    assert normalize_nip("200812012026121001", civil_servant=True, today=TODAY) == "200812012026121001"
    with pytest.raises(Problem, match="TMT CPNS in this NIP .* is in the future"):
        normalize_nip("200812012027011001", civil_servant=True, today=TODAY)
    assert normalize_nip("202612010000000000", today=TODAY) == "202612010000000000"  # PPPK: birth date only
    with pytest.raises(Problem, match="birth date in this NIP .* is in the future") as caught:
        normalize_nip("202612020000000000", today=TODAY)
    assert caught.value.params == {"date": date(2026, 12, 2)}
