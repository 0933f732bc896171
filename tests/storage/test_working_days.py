"""Working days: Monday to Friday without national holidays and cuti bersama (the holidays package), with
Kepegawaian's corrections; the weekend rule, "first working day" and day counts all follow them."""

import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from storage.models import AuditEntry, OutboxMessage
from storage.services import reminders
from storage.services.days_off import (
    forget_correction,
    import_days_off,
    set_day_off,
    working_days,
    year_calendar,
)
from storage.services.reminder_timing import QuietRules, delivery_time
from storage.services.training_hours import TrainingPolicy
from storage.services.training_reminders import JpShortfallReminders
from storage.working_days import WorkingDays
from tests.factories import add_linked_employees
from tests.storage.test_employee_import import write_csv

WIB = ZoneInfo("Asia/Jakarta")


def wib(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=WIB)


def test_national_holidays_and_cuti_bersama_are_days_off():
    days = WorkingDays()
    assert days.is_day_off(date(2026, 12, 25))  # Natal (PUBLIC)
    assert days.is_day_off(date(2026, 12, 24))  # cuti bersama Natal (GOVERNMENT)
    assert days.is_day_off(date(2026, 3, 20))   # cuti bersama Idulfitri
    assert not days.is_day_off(date(2026, 12, 23)) and days.is_day_off(date(2026, 12, 26))  # Wednesday; Saturday
    assert days.first_on_or_after(date(2026, 12, 24)) == date(2026, 12, 28)


def test_kepegawaian_corrections_win_over_the_package():
    days = WorkingDays({date(2026, 12, 24): False, date(2026, 12, 22): True})
    assert not days.is_day_off(date(2026, 12, 24)) and days.is_day_off(date(2026, 12, 22))


def test_no_automatic_reminder_on_a_holiday_unless_the_event_is_that_day_or_the_next():
    rules = QuietRules(WIB)
    # Thursday 24 December (cuti bersama) is followed by Christmas and the weekend: Monday 28 December.
    assert delivery_time(wib("2026-12-24 07:00"), wib("2027-01-10 09:00"), rules) == wib("2026-12-28 06:00")
    assert delivery_time(wib("2026-12-24 07:00"), wib("2026-12-25 09:00"), rules) == wib("2026-12-24 07:00")
    corrected = QuietRules(WIB, working_days=WorkingDays({date(2026, 12, 24): False}))
    assert delivery_time(wib("2026-12-24 07:00"), wib("2027-01-10 09:00"), corrected) == wib("2026-12-24 07:00")


async def test_hr_adds_and_removes_days_off_on_telegram_and_it_is_audited(uow):
    async with uow:
        await set_day_off(uow, date(2027, 3, 9), False, "Idulfitri ternyata 10 Maret", actor="telegram:1")
        await set_day_off(uow, date(2027, 3, 16), True, "Cuti bersama tambahan", actor="telegram:1")
    async with uow:
        days = await working_days(uow)
        assert not days.is_day_off(date(2027, 3, 9)) and days.is_day_off(date(2027, 3, 16))
        listed = {entry.day: entry for entry in await year_calendar(uow, 2027)}
        assert listed[date(2027, 3, 16)].by_kepegawaian and listed[date(2027, 3, 16)].name == "Cuti bersama tambahan"
        assert not listed[date(2027, 3, 9)].day_off
        assert not listed[date(2027, 1, 1)].by_kepegawaian
        assert await forget_correction(uow, date(2027, 3, 16), actor="telegram:1")
        assert not await forget_correction(uow, date(2027, 3, 16), actor="telegram:1")
    async with uow:
        assert not (await working_days(uow)).is_day_off(date(2027, 3, 16))
        actions = list(await uow.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions == ["calendar.working_day", "calendar.day_off", "calendar.reset"]


async def test_hr_corrects_the_calendar_from_a_file_all_or_nothing(uow, tmp_path):
    header = "tanggal,libur,keterangan"
    bad = write_csv(tmp_path / "bad.csv", ["2027-03-16,ya,Cuti bersama", "16/03/2027,mungkin,"], header=header)
    async with uow:
        report = await import_days_off(uow, bad, actor="cli:hr")
    assert not report.written and [(error.row, error.column) for error in report.errors] == [(3, "libur")]
    good = write_csv(tmp_path / "good.csv", ["2027-03-16,ya,Cuti bersama", "09/03/2027,tidak,"], header=header)
    async with uow:
        report = await import_days_off(uow, good, actor="cli:hr")
    assert (report.created, report.written) == (2, True)
    async with uow:
        report = await import_days_off(uow, good, actor="cli:hr")
        days = await working_days(uow)
    assert report.unchanged == 2 and days.is_day_off(date(2027, 3, 16)) and not days.is_day_off(date(2027, 3, 9))


async def test_the_jp_reminder_waits_for_the_first_working_day_kepegawaian_knows_of(uow, clock):
    people = await add_linked_employees(uow, 1)
    async with uow:
        await set_day_off(uow, date(2026, 10, 1), True, "Libur daerah", actor="test")
        await set_day_off(uow, date(2026, 10, 2), True, "Libur daerah", actor="test")
    source = JpShortfallReminders(QuietRules(WIB), TrainingPolicy())
    for when, expected in (("2026-10-01 07:00", 0), ("2026-10-02 07:00", 0), ("2026-10-05 07:00", 1)):
        clock.now = wib(when)
        async with uow:
            assert (await reminders.plan(uow, [source], QuietRules(WIB))).queued == expected, when
    async with uow:
        message = await uow.session.scalar(select(OutboxMessage).where(OutboxMessage.employee_id == people[0].id))
    assert message.not_before == wib("2026-10-05 07:00")


@pytest.mark.parametrize("raw", ["", "31/02/2027"])
async def test_a_bad_date_in_the_file_is_named(uow, tmp_path, raw):
    path = write_csv(tmp_path / "d.csv", [f"{raw},ya,x"], header="tanggal,libur,keterangan")
    async with uow:
        report = await import_days_off(uow, path, actor="cli:hr")
    assert [error.column for error in report.errors] == ["tanggal"]


def test_the_calendar_is_the_packages_own_without_importing_every_country():
    """The Indonesian calendar module is loaded on its own (the package's registry would import all 250
    countries into the bot's memory), and it is the same calendar. Caught: going through
    ``holidays.country_holidays`` (every country imported); the categories left out (no cuti bersama)."""
    script = (
        "import sys, holidays\n"
        "from storage.working_days import national_days_off\n"
        "years = range(2025, 2029)\n"
        "ours = [national_days_off(year) for year in years]\n"
        "assert 'holidays.countries' not in sys.modules, 'every country was imported'\n"
        "theirs = [dict(holidays.country_holidays('ID', years=year, language='id',\n"
        "               categories=(holidays.PUBLIC, holidays.GOVERNMENT))) for year in years]\n"
        "assert ours == theirs, 'not the package calendar'\n")
    subprocess.run([sys.executable, "-c", script], check=True, cwd=Path(__file__).parent.parent.parent)
