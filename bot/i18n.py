"""Translations (gettext catalogs in ``locales/``) and Babel formatting of dates, times and numbers.

Catalogs are compiled from the ``.po`` files in memory when no up-to-date ``.mo`` exists, so a fresh
checkout runs without a build step.
"""

from __future__ import annotations

import functools
import gettext
import io
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from html import escape
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from storage.nip import format_nip
from storage.periods import Period, PeriodKind
from storage.problems import N_, Html, Label, Messages, Problem
from storage.rendered import Count, DaysAfterReceipt, DaysLeft, Nip, When

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"
BABEL_LOCALES = {"id": "id_ID", "en": "en_GB"}
LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}


MONTHS = (N_("January {year}"), N_("February {year}"), N_("March {year}"), N_("April {year}"), N_("May {year}"),
          N_("June {year}"), N_("July {year}"), N_("August {year}"), N_("September {year}"), N_("October {year}"),
          N_("November {year}"), N_("December {year}"))
ROMAN = ("I", "II", "III", "IV")


class Translator:
    """Everything one reader needs: their language's messages and their way of writing dates."""

    def __init__(self, language: str, catalog: gettext.NullTranslations, tz: ZoneInfo) -> None:
        self.language = language
        self.catalog = catalog
        self.tz = tz
        self.locale = Locale.parse(BABEL_LOCALES[language])
        # Babel formats slowly next to a dictionary lookup, and the same dates and counts fill most screens.
        self.date = functools.lru_cache(maxsize=4096)(self._date)
        self.number = functools.lru_cache(maxsize=4096)(self._number)

    def __call__(self, message: str, **params: Any) -> str:
        """Translate ``message`` and fill its ``{named}`` fields, formatting dates and numbers."""
        text = self.catalog.gettext(message)
        return text.format(**self._formatted(params)) if params else text

    def ngettext(self, singular: str, plural: str, count: int, **params: Any) -> str:
        text = self.catalog.ngettext(singular, plural, count)
        return text.format(**self._formatted({"count": count, **params}))

    def html(self, message: str, *, now: datetime | None = None, **params: Any) -> str:
        """Like calling the translator, for HTML messages: text parameters are escaped, markup is the msgid's,
        and a list of messages (a digest) becomes one bullet per message. Relative words ("besok", "tinggal 2
        hari") are chosen for ``now``, the moment of reading (default: the current time)."""
        now = now or datetime.now(UTC)
        return self(message, **{name: self._html_value(value, now) for name, value in params.items()})

    def _html_value(self, value: Any, now: datetime) -> Any:
        if isinstance(value, Nip):
            return format_nip(value)
        if isinstance(value, Html):
            return str(value)
        if isinstance(value, str):
            return escape(value)
        if isinstance(value, Label):
            return escape(self(value.msgid))
        if isinstance(value, Messages):
            return "\n".join("• " + self.html(template, now=now, **params) for template, params in value.items)
        if isinstance(value, When):
            return self.when(value.at, now)
        if isinstance(value, DaysLeft):
            return self.days_left(value.until, now)
        if isinstance(value, DaysAfterReceipt):
            return self.date(max(value.earliest, now.astimezone(self.tz).date()) + timedelta(days=value.days))
        return value

    def when(self, at: date | datetime, now: datetime) -> str:
        """``hari ini pukul 10.26 WIB``, ``besok, Rabu, 2 Desember 2026 pukul 10.26 WIB``, or the full date."""
        local = at.astimezone(self.tz) if isinstance(at, datetime) else None
        day = local.date() if local else at
        ahead = (day - now.astimezone(self.tz).date()).days
        if ahead == 0:
            return self(N_("today at {time} {zone}"), time=self._clock(local), zone=local.strftime("%Z")) \
                if local else self(N_("today, {date}"), date=day)
        if ahead == 1:
            return self(N_("tomorrow, {when}"), when=local or day)
        return self._format_value(local or day)

    def days_left(self, until: date, now: datetime) -> str:
        """``tinggal 2 hari`` (days after today, up to the last day), or that today is the last day."""
        count = (until - now.astimezone(self.tz).date()).days
        if count <= 0:
            return self(N_("today is the last day"))
        return self.ngettext("{count} day left", "{count} days left", count)

    def problem(self, problem: Problem) -> str:
        return self(problem.message, **problem.params)

    def datetime(self, moment: datetime) -> str:
        """``Jumat, 27 November 2026 pukul 09.00 WIB`` in the bot's time zone."""
        local = moment.astimezone(self.tz)
        return self(N_("{date} at {time} {zone}"), date=format_date(local, "EEEE, d MMMM y", locale=self.locale),
                    time=self._clock(local), zone=local.strftime("%Z"))

    def _clock(self, local: datetime) -> str:
        return format_time(local, "HH.mm" if self.language == "id" else "HH:mm", locale=self.locale)

    def period(self, period: Period) -> str:
        """``Triwulan III 2026``, ``September 2026``, ``Tahunan 2026``: one wording for screens and messages.
        Years are passed as text: as a number they would read 2.026."""
        year = str(period.year)
        if period.kind == PeriodKind.ANNUAL:
            return self(N_("Annual {year}"), year=year)
        if period.kind == PeriodKind.MONTH:
            return self(MONTHS[period.number - 1], year=year)
        if period.kind == PeriodKind.SEMESTER:
            return self(N_("Semester {roman} {year}"), roman=ROMAN[period.number - 1], year=year)
        return self(N_("Quarter {roman} {year}"), roman=ROMAN[period.number - 1], year=year)

    def long_date(self, day: date) -> str:
        """``Kamis, 24 Desember 2026``: a date with its weekday, for lists of days."""
        return format_date(day, "EEEE, d MMMM y", locale=self.locale)

    def _date(self, day: date) -> str:
        """``1 Desember 2026``: no leading zero, as letters and SK documents write it."""
        return format_date(day, "d MMMM y", locale=self.locale)

    def _number(self, value: float) -> str:
        return format_decimal(value, locale=self.locale)

    def _formatted(self, params: dict[str, Any]) -> dict[str, Any]:
        return {name: self._format_value(value) for name, value in params.items()}

    def _format_value(self, value: Any) -> Any:
        if isinstance(value, Label):  # e.g. a role named in words in a Problem
            return self(value.msgid)
        if isinstance(value, Count):
            return self.ngettext(value.singular, value.plural, value.count)
        if isinstance(value, Nip):
            return format_nip(value)
        if isinstance(value, Period):
            return self.period(value)
        if isinstance(value, datetime):
            return self.datetime(value)
        if isinstance(value, date):
            return self.date(value)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return self.number(value)
        return value


class I18n:
    """Loads each catalog once; hands out a :class:`Translator` per language."""

    def __init__(self, tz: ZoneInfo, default_language: str, locales_dir: Path = LOCALES_DIR) -> None:
        self.tz = tz
        self.default_language = default_language
        self.locales_dir = locales_dir

    def translator(self, language: str | None) -> Translator:
        chosen = language if language in self._translators else self.default_language
        return self._translators[chosen]

    @cached_property
    def _translators(self) -> dict[str, Translator]:
        return {language: Translator(language, self._load(language), self.tz) for language in BABEL_LOCALES}

    def _load(self, language: str) -> gettext.NullTranslations:
        folder = self.locales_dir / language / "LC_MESSAGES"
        po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
        if mo.is_file() and mo.stat().st_mtime >= po.stat().st_mtime:
            with mo.open("rb") as handle:
                return gettext.GNUTranslations(handle)
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        return gettext.GNUTranslations(buffer)
