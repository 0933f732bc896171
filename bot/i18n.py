"""Translations (gettext catalogs in ``locales/``) and Babel formatting of dates, times and numbers.

Catalogs are compiled from the ``.po`` files in memory when no up-to-date ``.mo`` exists, so a fresh
checkout runs without a build step.
"""

from __future__ import annotations

import functools
import gettext
import io
from datetime import date, datetime
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

from storage.problems import N_, Html, Label, Messages, Problem

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"
BABEL_LOCALES = {"id": "id_ID", "en": "en_GB"}
LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}


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

    def html(self, message: str, **params: Any) -> str:
        """Like calling the translator, for HTML messages: text parameters are escaped, markup is the msgid's,
        and a list of messages (a digest) becomes one bullet per message."""
        return self(message, **{name: self._html_value(value) for name, value in params.items()})

    def _html_value(self, value: Any) -> Any:
        if isinstance(value, Html):
            return str(value)
        if isinstance(value, str):
            return escape(value)
        if isinstance(value, Label):
            return escape(self(value.msgid))
        if isinstance(value, Messages):
            return "\n".join("• " + self.html(template, **params) for template, params in value.items)
        return value

    def problem(self, problem: Problem) -> str:
        return self(problem.message, **problem.params)

    def datetime(self, moment: datetime) -> str:
        """``Jumat, 27 November 2026 pukul 09.00 WIB`` in the bot's time zone."""
        local = moment.astimezone(self.tz)
        return self(N_("{date} at {time} {zone}"), date=format_date(local, "EEEE, d MMMM y", locale=self.locale),
                    time=format_time(local, "HH.mm" if self.language == "id" else "HH:mm", locale=self.locale),
                    zone=local.strftime("%Z"))

    def _date(self, day: date) -> str:
        """``1 Desember 2026``: no leading zero, as letters and SK documents write it."""
        return format_date(day, "d MMMM y", locale=self.locale)

    def _number(self, value: float) -> str:
        return format_decimal(value, locale=self.locale)

    def _formatted(self, params: dict[str, Any]) -> dict[str, Any]:
        return {name: self._format_value(value) for name, value in params.items()}

    def _format_value(self, value: Any) -> Any:
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
