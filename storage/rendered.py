"""Values of a queued message whose words are chosen only when it is rendered, for its reader at that moment.

A reminder planned yesterday and sent today must not say "tomorrow", and a count of days left must be the
count on the day it is read; NIPs and periods are printed the way the screens print them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class When:
    """A day or moment told relative to the reading: "hari ini pukul 10.26 WIB", "besok, ...", or in full."""

    at: date | datetime


@dataclass(frozen=True)
class DaysLeft:
    """The days left until the last day ``until`` on the day of reading: "tinggal 2 hari" two days before it,
    "hari ini hari terakhir" on it."""

    until: date


class Nip(str):
    """An 18-digit NIP, printed grouped as on SK documents (``19850315 201001 1 001``)."""

    __slots__ = ()


@dataclass(frozen=True)
class DaysAfterReceipt:
    """The last day of a period that starts when the message is read (receipt), not before ``earliest``:
    a notice delivered after a night's quiet hours gives the deadline counted from its delivery."""

    earliest: date
    days: int


@dataclass(frozen=True)
class Count:
    """A number with its noun in the reader's plural form: "1 year", "2 years" (Indonesian: "2 tahun")."""

    count: int
    singular: str  # msgid with {count}
    plural: str


def counted(count: int, singular: str, plural: str) -> Count:
    """Mark a counted phrase for extraction (keyword ``counted:2,3``) and keep it for the reader's language."""
    return Count(count, singular, plural)


def years(count: int) -> Count:
    return counted(count, "{count} year", "{count} years")


def days(count: int) -> Count:
    return counted(count, "{count} day", "{count} days")


def months(count: int) -> Count:
    return counted(count, "{count} month", "{count} months")


def minutes(count: int) -> Count:
    return counted(count, "{count} minute", "{count} minutes")
