"""Typed dates: the one parser reads what the bot prints and what offices write, counts relative forms from
the caller's clock, and quotes a wrong entry back, shortened (found by the property test: a pasted page made
the answer longer than Telegram allows)."""

import re
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from storage.local_time import (
    NO_TIME,
    NOT_A_DATE,
    NOT_A_MOMENT,
    NOT_A_REAL_DATE,
    NOT_A_REAL_TIME,
    WRONG_WEEKDAY,
    leading_date,
    parse_date,
    parse_local_datetime,
)
from storage.problems import Problem

WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)  # Friday 27 November 2026, 09.00 WIB


def wib(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=WIB)


@pytest.mark.parametrize("typed, expected", [
    ("1 Desember 2026 pukul 07.30", wib(2026, 12, 1, 7, 30)),
    ("Jumat, 27 November 2026 pukul 09.00 WIB", wib(2026, 11, 27, 9)),  # exactly as the bot prints it
    ("Friday, 27 November 2026 at 09:00 WIB", wib(2026, 11, 27, 9)),  # ... and in English
    ("Jum'at, 27 Nov 2026 pkl. 09.00", wib(2026, 11, 27, 9)),
    ("01/12/2026 pukul 09.00 WIB", wib(2026, 12, 1, 9)),
    ("1-12-2026 8:00", wib(2026, 12, 1, 8)),
    ("1.12.2026 08.00", wib(2026, 12, 1, 8)),
    ("2026-12-01 09:00", wib(2026, 12, 1, 9)),
    ("2026-12-01 09:00:00", wib(2026, 12, 1, 9)),  # a spreadsheet cell
    ("2026-12-01T09:00", wib(2026, 12, 1, 9)),
    ("1 Des. 2026 07.30", wib(2026, 12, 1, 7, 30)),
    ("17 Agu 2026 10.00", wib(2026, 8, 17, 10)),
    ("17 Agt 2026 10.00", wib(2026, 8, 17, 10)),
    ("5 Mei 2027 10.00", wib(2027, 5, 5, 10)),
    ("5 May 2027 10.00", wib(2027, 5, 5, 10)),
    ("3 Nop 2026 10.00", wib(2026, 11, 3, 10)),
    ("3 OCT 2026 10.00", wib(2026, 10, 3, 10)),
    ("１ Des 2026 ０７.３０", wib(2026, 12, 1, 7, 30)),  # full-width digits, as some phone keyboards type them
    ("hari ini 14.00", wib(2026, 11, 27, 14)),
    ("besok 07.30", wib(2026, 11, 28, 7, 30)),
    ("Besok 07.30", wib(2026, 11, 28, 7, 30)),
    ("besok pukul 07.30 WIB", wib(2026, 11, 28, 7, 30)),
    ("tomorrow 7:30", wib(2026, 11, 28, 7, 30)),
    ("lusa 8:00", wib(2026, 11, 29, 8)),
    ("Senin 08.00", wib(2026, 11, 30, 8)),  # the next Monday
    ("Sabtu 08.00", wib(2026, 11, 28, 8)),  # the next Saturday: tomorrow
    ("Jumat 08.00", wib(2026, 12, 4, 8)),  # said on a Friday: next week's (today is "hari ini")
])
def test_the_forms_people_type_are_read(typed, expected):
    """Deliberate bugs caught: the weekday offset counted from 0 (``Jumat`` on a Friday meant today, at a time
    already past) and ``lusa`` mapped to one day ahead, each failing its own row."""
    assert parse_local_datetime(typed, WIB, NOW) == expected


def test_relative_forms_count_from_the_callers_clock_in_wib():
    """17.30 UTC on Friday is already Saturday 00.30 in WIB: "besok" is Sunday. Deliberate bug caught: taking
    the date of ``now`` without converting it to WIB gave Saturday."""
    assert parse_local_datetime("besok 07.30", WIB, datetime(2026, 11, 27, 17, 30, tzinfo=UTC)) == wib(
        2026, 11, 29, 7, 30)


@pytest.mark.parametrize("typed, expected", [
    ("1 Desember 2026", date(2026, 12, 1)), ("1 desember 2026", date(2026, 12, 1)),
    ("Selasa, 1 Desember 2026", date(2026, 12, 1)), ("01/12/2026", date(2026, 12, 1)),
    ("1-12-2026", date(2026, 12, 1)), ("2026-12-01", date(2026, 12, 1)),
    ("2026-12-01 00:00", date(2026, 12, 1)),  # a spreadsheet's date cell with its midnight
    ("31 Agustus 2026", date(2026, 8, 31)), ("29 Feb 2028", date(2028, 2, 29)),
])
def test_dates_are_read(typed, expected):
    assert parse_date(typed) == expected


def test_a_date_with_a_time_is_a_date_only_where_the_caller_says_so():
    """A publication date exported with its time: the day counts. Deliberate bug caught: ``any_time`` ignored."""
    assert parse_date("2026-11-20 10:30", any_time=True) == date(2026, 11, 20)
    with pytest.raises(Problem, match="is not a date I can read"):
        parse_date("2026-11-20 10:30")


def test_relative_dates_need_the_callers_today():
    """In a spreadsheet cell "besok" would mean another day on every import: without ``today`` it is refused."""
    assert parse_date("besok", date(2026, 12, 31)) == date(2027, 1, 1)
    assert parse_date("Senin", date(2026, 11, 27)) == date(2026, 11, 30)
    for typed in ("besok", "Senin", "hari ini"):
        with pytest.raises(Problem, match="is not a date I can read") as caught:
            parse_date(typed)
        assert caught.value.params == {"text": typed}
    with pytest.raises(Problem, match="is not a date and time I can read"):
        parse_local_datetime("besok 07.30", WIB)


@pytest.mark.parametrize("typed, message", [
    ("besok pagi", NOT_A_MOMENT),
    ("14.00", NOT_A_MOMENT),  # a time without a day
    ("1 Desember 07.30", NOT_A_MOMENT),  # no year
    ("12/2026 07.30", NOT_A_MOMENT),
    ("besok", NO_TIME),
    ("1 Desember 2026", NO_TIME),
    ("31 November 2026 07.30", NOT_A_REAL_DATE),
    ("29/02/2027 07.30", NOT_A_REAL_DATE),
    ("besok 24.00", NOT_A_REAL_TIME),
    ("besok 07.60", NOT_A_REAL_TIME),
    ("Senin, 27 November 2026 09.00", WRONG_WEEKDAY),  # the 27th is a Friday
    ("² Des 2026 07.30", NOT_A_MOMENT),  # a superscript is not a digit
])
def test_wrong_moments_are_refused_quoting_what_was_typed(typed, message):
    with pytest.raises(Problem, match=re.escape(message)) as caught:
        parse_local_datetime(typed, WIB, NOW)
    assert (caught.value.message, caught.value.params) == (message, {"text": typed})


@pytest.mark.parametrize("typed, message", [
    ("1 Desember 2026 pukul 09.00", NOT_A_DATE),  # a time where only a date is asked
    ("Desember 2026", NOT_A_DATE), ("31/04/2026", NOT_A_REAL_DATE), ("32 Mei 2026", NOT_A_REAL_DATE),
])
def test_wrong_dates_are_refused_quoting_what_was_typed(typed, message):
    with pytest.raises(Problem, match=re.escape(message)) as caught:
        parse_date(typed)
    assert (caught.value.message, caught.value.params) == (message, {"text": typed})


def test_the_refusals_give_an_example_that_the_parser_itself_accepts():
    """An example in a refusal that the parser then refuses would send people in circles."""
    assert parse_local_datetime("1 December 2026 07.30", WIB) == wib(2026, 12, 1, 7, 30)
    assert parse_local_datetime("01/12/2026 07.30", WIB) == wib(2026, 12, 1, 7, 30)
    assert parse_date("1 December 2026") == parse_date("01/12/2026") == date(2026, 12, 1)
    assert all(example in NOT_A_MOMENT for example in ("1 December 2026 07.30", "01/12/2026 07.30"))
    assert all(example in NOT_A_DATE for example in ("1 December 2026", "01/12/2026"))


def test_a_bare_date_takes_the_time_the_caller_names():
    assert parse_local_datetime("3 Desember 2026", WIB, time_if_missing=time(23, 59)) == wib(2026, 12, 3, 23, 59)
    assert parse_local_datetime("3 Desember 2026 10.00", WIB, time_if_missing=time(23, 59)) == wib(2026, 12, 3, 10)


def test_a_date_leading_a_note_is_split_from_it():
    assert leading_date("16/03/2027 Cuti bersama Idulfitri") == (date(2027, 3, 16), "Cuti bersama Idulfitri")
    assert leading_date("Selasa, 16 Maret 2027 Cuti bersama") == (date(2027, 3, 16), "Cuti bersama")
    assert leading_date("16 Mar 2027") == (date(2027, 3, 16), "")
    with pytest.raises(Problem, match="is not a date I can read"):
        leading_date("Cuti bersama 16/03/2027")
    with pytest.raises(Problem, match="is not a real date") as caught:  # not just "not a date I can read"
        leading_date("31/02/2027 Libur")
    assert caught.value.params == {"text": "31/02/2027"}


def test_a_long_wrong_date_is_quoted_back_short():
    with pytest.raises(Problem, match="is not a date I can read") as problem:
        parse_date("tanggal " * 1000)
    assert problem.value.params["text"].startswith("tanggal tanggal") and len(problem.value.params["text"]) == 40
    with pytest.raises(Problem, match="is not a date and time I can read") as problem:
        parse_local_datetime("besok pagi", None)
    assert problem.value.params == {"text": "besok pagi"}
