"""Reading the dates and times people type (in the bot's time zone, WIB): the one parser for chat, spreadsheet
cells and the command line.

It reads what the bot itself prints and what offices write: ``1 Desember 2026``, ``Jumat, 27 November 2026
pukul 09.00 WIB``, ``01/12/2026 pukul 09.00 WIB``, ``1-12-2026``, ``2026-12-01`` (also ``2026-12-01 09:00:00``,
as spreadsheets export cells), month names and abbreviations in Indonesian and English, and the relative forms
``hari ini 14.00``, ``besok 07.30``, ``lusa 8:00`` and ``Senin 08.00``. Relative forms count from ``today``,
which the caller passes (from its clock); without it they are refused, as in spreadsheet cells, where "besok"
would mean a different day on every import.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from storage.problems import N_, Problem

NOT_A_DATE = N_("“{text}” is not a date I can read; write it like 1 December 2026 or 01/12/2026.")
NOT_A_MOMENT = N_("“{text}” is not a date and time I can read; write it like 1 December 2026 07.30 "
                  "or 01/12/2026 07.30.")
NO_TIME = N_("“{text}” has no time of day; add one, e.g. 1 December 2026 07.30.")
NOT_A_REAL_DATE = N_("“{text}” is not a real date.")
NOT_A_REAL_TIME = N_("“{text}” is not a real time of day.")
WRONG_WEEKDAY = N_("“{text}”: that date falls on another day of the week; check the date.")

MONTHS = {name: number for number, names in enumerate((
    "januari jan january",
    "februari pebruari feb peb february",
    "maret mar march",
    "april apr",
    "mei may",
    "juni jun june",
    "juli jul july",
    "agustus agu agt ags aug august",
    "september sep sept",
    "oktober okt oct october",
    "november nopember nov nop",
    "desember des dec december",
), start=1) for name in names.split()}
WEEKDAYS = {name: number for number, names in enumerate((
    "senin mon monday", "selasa tue tuesday", "rabu wed wednesday", "kamis thu thursday",
    "jumat fri friday", "sabtu sat saturday", "minggu ahad sun sunday",
)) for name in names.split()}
DAYS_AHEAD = {"hari ini": 0, "today": 0, "besok": 1, "tomorrow": 1, "lusa": 2}
FILLER = {"pukul", "pkl", "jam", "at", "wib", "tanggal", "tgl", "on"}  # words around a date that say nothing

_TIME = re.compile(r"(\d{1,2})[.:](\d{2})(?::(\d{2}))?")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_FIRST = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})")
_DAY, _YEAR = re.compile(r"\d{1,2}"), re.compile(r"\d{4}")


def parse_local_datetime(text: str, tz: ZoneInfo, now: datetime | None = None, *,
                         time_if_missing: time | None = None) -> datetime:
    """A date and a time of day, read as local time in ``tz``; ``now`` enables ``besok 07.30`` and the like.
    A bare date is accepted only when ``time_if_missing`` says what it means (an import's "until the end of
    that day")."""
    today = now.astimezone(tz).date() if now is not None else None
    day, clock = _read(text, today, NOT_A_MOMENT)
    if clock is None:
        clock = time_if_missing
    if clock is None:
        raise Problem(NO_TIME, text=_quoted(text))
    return datetime.combine(day, clock, tz)


def parse_date(text: str, today: date | None = None, *, any_time: bool = False) -> date:
    """A date; a time of exactly midnight is allowed (a spreadsheet's date cell), any other only with
    ``any_time`` (a date-and-time cell where only the day counts)."""
    day, clock = _read(text, today, NOT_A_DATE)
    if clock not in (None, time(0)) and not any_time:
        raise Problem(NOT_A_DATE, text=_quoted(text))
    return day


def leading_date(text: str, today: date | None = None) -> tuple[date, str]:
    """A date at the start of ``text`` and what follows it (``16/03/2027 Cuti bersama`` or ``16 Maret 2027
    Cuti bersama``): the longest beginning that is a date wins. Refused with the most telling reason: a
    beginning that looks like a date but is none (``31/02/2027``) says so."""
    words = text.split()
    refusal = Problem(NOT_A_DATE, text=_quoted(text))
    for count in range(min(len(words), 4), 0, -1):
        try:
            return parse_date(" ".join(words[:count]), today), " ".join(words[count:])
        except Problem as problem:
            refusal = refusal if problem.message == NOT_A_DATE else problem
    raise refusal


def _read(text: str, today: date | None, not_understood: str) -> tuple[date, time | None]:
    cleaned = re.sub(r"(\d)t(\d)", r"\1 \2", text.lower().replace("’", "").replace("'", ""))
    words = [word for word in re.sub(r"[,;]|\.(?!\d)", " ", cleaned).split() if word not in FILLER]
    clock = None
    if words and (match := _TIME.fullmatch(words[-1])):
        words.pop()
        hour, minute, second = (int(part or 0) for part in match.groups())
        if hour > 23 or minute > 59 or second > 59:
            raise Problem(NOT_A_REAL_TIME, text=_quoted(text))
        clock = time(hour, minute, second)
    day = _day(words, today, text)
    if day is None:
        raise Problem(not_understood, text=_quoted(text))
    return day, clock


def _day(words: list[str], today: date | None, text: str) -> date | None:
    """The date the words name, None when they name none."""
    if (ahead := DAYS_AHEAD.get(" ".join(words))) is not None:
        return today + timedelta(days=ahead) if today else None
    weekday = WEEKDAYS.get(words[0]) if words else None
    if weekday is not None:
        words = words[1:]
        if not words:  # "Senin": the next Monday, never today ("hari ini" says today)
            return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1) if today else None
    day = _absolute(words, text)
    if day is not None and weekday is not None and day.weekday() != weekday:
        raise Problem(WRONG_WEEKDAY, text=_quoted(text))
    return day


def _absolute(words: list[str], text: str) -> date | None:
    if len(words) == 1 and (match := _ISO.fullmatch(words[0])):
        year, month, day = match.groups()
    elif len(words) == 1 and (match := _DAY_FIRST.fullmatch(words[0])):
        day, _separator, month, year = match.groups()
    elif len(words) == 3 and words[1] in MONTHS and _DAY.fullmatch(words[0]) and _YEAR.fullmatch(words[2]):
        day, month, year = words[0], MONTHS[words[1]], words[2]
    else:
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise Problem(NOT_A_REAL_DATE, text=_quoted(text)) from None


def _quoted(text: str, limit: int = 40) -> str:
    """What the person typed, shortened: a pasted page must not make the answer longer than Telegram allows."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
