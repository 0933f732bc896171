"""Reading the dates and times people type (in the bot's time zone, WIB) into UTC instants."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from storage.problems import N_, Problem

FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H.%M", "%d/%m/%Y %H:%M", "%d/%m/%Y %H.%M", "%d-%m-%Y %H:%M",
           "%d-%m-%Y %H.%M")


def parse_local_datetime(text: str, tz: ZoneInfo) -> datetime:
    """``2026-11-28 08:00`` or ``28/11/2026 08.00`` (as Indonesians write it), read as local time."""
    cleaned = " ".join(text.replace("pukul", " ").replace("jam", " ").split())
    for pattern in FORMATS:
        try:
            return datetime.strptime(cleaned, pattern).replace(tzinfo=tz)
        except ValueError:
            continue
    raise Problem(N_("“{text}” is not a date and time like 28/11/2026 08.00."), text=_quoted(text))


DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")


def parse_date(text: str) -> date:
    """``2026-12-01`` or ``01/12/2026``: the two ways dates come out of Indonesian spreadsheets."""
    cleaned = text.strip()
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
    raise Problem(N_("“{text}” is not a date like 01/12/2026."), text=_quoted(text))


def _quoted(text: str, limit: int = 40) -> str:
    """What the person typed, shortened: a pasted page must not make the answer longer than Telegram allows."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
