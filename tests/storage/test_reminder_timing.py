from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from storage.services.reminder_timing import QuietRules, delivery_time

WIB = ZoneInfo("Asia/Jakarta")
RULES = QuietRules(WIB)


def wib(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=WIB)


@pytest.mark.parametrize("stage, event, expected", [
    ("2026-11-27 09:00", "2026-12-03 09:00", "2026-11-27 09:00"),   # Friday daytime: as is
    ("2026-11-26 22:30", "2026-12-03 09:00", "2026-11-27 06:00"),   # Thursday night: next morning
    ("2026-11-27 03:00", "2026-12-03 09:00", "2026-11-27 06:00"),   # before dawn: same morning
    ("2026-11-28 10:00", "2026-12-03 09:00", "2026-11-30 06:00"),   # Saturday, event next week: Monday
    ("2026-11-27 22:00", "2026-12-03 09:00", "2026-11-30 06:00"),   # Friday night -> Saturday -> Monday
    ("2026-11-28 10:00", "2026-11-29 08:00", "2026-11-28 10:00"),   # Saturday, event tomorrow: allowed
    ("2026-11-29 07:00", "2026-11-29 13:00", "2026-11-29 07:00"),   # Sunday, event today: allowed
    ("2026-11-29 07:00", "2026-11-30 09:00", "2026-11-29 07:00"),   # Sunday, event Monday: allowed
])
def test_quiet_hours_and_weekends(stage, event, expected):
    assert delivery_time(wib(stage), wib(event), RULES) == wib(expected)


def test_nothing_after_the_event():
    assert delivery_time(wib("2026-11-27 22:00"), wib("2026-11-28 05:00"), RULES) is None
    assert delivery_time(wib("2026-11-27 10:00"), None, RULES) == wib("2026-11-27 10:00")


def test_quiet_hours_are_configurable():
    rules = QuietRules(WIB, quiet_start=datetime(2026, 1, 1, 20).time(), quiet_end=datetime(2026, 1, 1, 7).time())
    assert delivery_time(wib("2026-11-27 06:30"), None, rules) == wib("2026-11-27 07:00")
    assert delivery_time(wib("2026-11-27 20:00"), None, rules) == wib("2026-11-27 07:00") + timedelta(days=3)
