"""Settings from environment variables (and an optional ``.env`` file).

Each setting names its variable, how to read it and its default once, beside each other in :class:`Settings`.
A missing variable keeps the default; a malformed value raises :class:`ConfigError` naming the variable, so
start-up can stop with one clear line instead of a traceback.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import unquote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import dotenv_values

from storage.career_terms import parse_education
from storage.problems import Problem
from storage.ranks import normalize_pns_grade

SUPPORTED_LOCALES = ("id", "en")
DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
_TOKEN_PATTERN = re.compile(r"^\d+:[A-Za-z0-9_-]{20,}$")
# As SQLAlchemy reads it (up to the first "@"), and found even in a URL too malformed to parse.
_DATABASE_PASSWORD = re.compile(r"^[^:/]+://[^:/@]*:([^@]+)@")
_WEBHOOK_SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,256}$")


class ConfigError(Exception):
    """A setting is missing or malformed; the message names the variable."""


def _token(name: str, token: str) -> str:
    if not _TOKEN_PATTERN.match(token):
        raise ConfigError(f"{name} is malformed: expected the form 123456:ABC... from @BotFather")
    return token


def _database_url(name: str, url: str) -> str:
    if not url.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
        raise ConfigError(
            f"{name} must start with sqlite+aiosqlite:// or postgresql+asyncpg:// "
            f"(got {url.split('://')[0]}://...)"
        )
    return url


def _base_url(name: str, url: str) -> str:
    if not url.startswith(("http://", "https://")):
        raise ConfigError(f"{name} must be an http(s) URL such as http://127.0.0.1:8081/bot")
    return url


def _timezone(name: str, zone: str) -> ZoneInfo:
    try:
        return ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"{name} is not a known time zone: {zone!r} (e.g. Asia/Jakarta)") from None


def _locale(name: str, code: str) -> str:
    if code not in SUPPORTED_LOCALES:
        raise ConfigError(f"{name} must be one of {', '.join(SUPPORTED_LOCALES)} (got {code!r})")
    return code


def _positive_int(name: str, raw: str, minimum: int = 1) -> int:
    if not raw.isdigit() or int(raw) < minimum:
        kind = "a positive whole number" if minimum == 1 else f"a whole number of at least {minimum}"
        raise ConfigError(f"{name} must be {kind} (got {raw!r})")
    return int(raw)


def _whole_number(name: str, raw: str) -> int:
    return _positive_int(name, raw, minimum=0)


def _days(name: str, raw: str) -> timedelta:
    return timedelta(days=_positive_int(name, raw))


def _clock(name: str, raw: str) -> time:
    match = re.fullmatch(r"([01]?\d|2[0-3])[:.]([0-5]\d)", raw)
    if not match:
        raise ConfigError(f"{name} must be a time of day like 21:00 (got {raw!r})")
    return time(int(match.group(1)), int(match.group(2)))


def _month_day(name: str, raw: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{1,2})-(\d{1,2})", raw)
    try:
        date(2001, int(match.group(1)), int(match.group(2)))  # any non-leap year validates month and day
    except (AttributeError, ValueError):
        raise ConfigError(f"{name} must be a month and day like 01-31 (got {raw!r})") from None
    return int(match.group(1)), int(match.group(2))


def _webhook_secret(name: str, secret: str) -> str:
    if not _WEBHOOK_SECRET_PATTERN.match(secret):
        raise ConfigError(f"{name} must be 16 to 256 characters of A-Z, a-z, 0-9, _ and -")
    return secret


def _text(name: str, raw: str) -> str:
    return raw


def _education_ceilings(name: str, raw: str) -> tuple[tuple[str, str], ...]:
    """``S1=IV/a,D-III=III/d``: entries that replace the default education ceilings."""
    pairs = []
    for entry in raw.split(","):
        education, _, grade = entry.partition("=")
        try:
            pairs.append((parse_education(education.strip()).value, normalize_pns_grade(grade)))
        except Problem:
            raise ConfigError(f"{name} must look like S1=III/d,S2=IV/a (got {entry.strip()!r})") from None
    return tuple(pairs)


def _months(name: str, raw: str) -> tuple[int, ...]:
    """``1-12`` (every month) or a list such as ``4,10``."""
    months: set[int] = set()
    for part in raw.split(","):
        match = re.fullmatch(r"\s*(\d{1,2})\s*(?:-\s*(\d{1,2})\s*)?", part)
        first, last = (int(match.group(1)), int(match.group(2) or match.group(1))) if match else (0, 0)
        if not 1 <= first <= last <= 12:
            raise ConfigError(f"{name} must be months like 1-12 or 4,10 (got {raw!r})")
        months.update(range(first, last + 1))
    return tuple(sorted(months))


def _month_offset_day(name: str, raw: str) -> tuple[int, int]:
    """``M-2:16``: day 16 of the month two months before the period."""
    match = re.fullmatch(r"M-(\d{1,2}):(\d{1,2})", raw.replace(" ", "").upper())
    if not match or not 1 <= int(match.group(2)) <= 31:
        raise ConfigError(f"{name} must look like M-2:16 (day 16 of the month two months before; got {raw!r})")
    return int(match.group(1)), int(match.group(2))


def _variable(name: str, read: Callable[[str, str], Any], default: Any) -> Any:
    """A setting read from the environment variable ``name`` by ``read(name, text)``, else ``default``."""
    return field(default=default, metadata={"variable": name, "read": read})


@dataclass(frozen=True)
class Settings:
    database_url: str = _variable("DATABASE_URL", _database_url, "sqlite+aiosqlite:///asn_karier.db")
    telegram_bot_token: str | None = _variable("TELEGRAM_BOT_TOKEN", _token, None)
    telegram_api_base_url: str = _variable("TELEGRAM_API_BASE_URL", _base_url, DEFAULT_API_BASE_URL)
    timezone: ZoneInfo = _variable("BOT_TIMEZONE", _timezone, ZoneInfo("Asia/Jakarta"))
    default_locale: str = _variable("BOT_DEFAULT_LOCALE", _locale, "id")
    activation_code_ttl: timedelta = _variable("ACTIVATION_CODE_TTL_DAYS", _days, timedelta(days=14))
    # keberatan: days after an appraisal is received; days the rater's superior has to decide
    objection_window_days: int = _variable("KEBERATAN_WINDOW_DAYS", _positive_int, 14)
    objection_decision_days: int = _variable("KEBERATAN_DECISION_DAYS", _positive_int, 14)
    # outbox sends started per second at most: each is two writes, and SQLite has one writer for everything
    outbox_per_second: float = _variable("OUTBOX_MESSAGES_PER_SECOND", _positive_int, 28.0)
    rotation_min_years: int = _variable("ROTATION_MIN_YEARS_IN_POST", _positive_int, 2)
    rotation_max_years: int = _variable("ROTATION_MAX_YEARS_IN_POST", _positive_int, 5)
    # Career path (domain.md, "Career path"): numbers that differ between offices or change by regulation.
    # (education, highest golongan of a regular KP) entries replacing the default table
    kp_education_ceilings: tuple[tuple[str, str], ...] = _variable("KP_EDUCATION_CEILINGS", _education_ceilings, ())
    kp_period_months: tuple[int, ...] = _variable("KP_PERIOD_MONTHS", _months, tuple(range(1, 13)))
    # the usulan window: from day 16 of the month 2 before the period to day 15 of the month before it
    kp_usulan_opens: tuple[int, int] = _variable("KP_USULAN_OPENS", _month_offset_day, (2, 16))
    kp_usulan_closes: tuple[int, int] = _variable("KP_USULAN_CLOSES", _month_offset_day, (1, 15))
    kgb_notice_months: int = _variable("KGB_NOTICE_MONTHS", _positive_int, 2)  # before the KGB's TMT
    bup_notice_months: int = _variable("BUP_NOTICE_MONTHS", _positive_int, 12)  # pension file starts
    bup_shown_years: int = _variable("BUP_SHOWN_YEARS", _positive_int, 5)  # on the career screen
    # the PPPK extension proposal is due this long before the contract ends
    pppk_extension_notice_months: int = _variable("PPPK_EXTENSION_NOTICE_MONTHS", _positive_int, 6)
    quiet_start: time = _variable("QUIET_HOURS_START", _clock, time(21, 0))  # reminders wait for quiet_end
    quiet_end: time = _variable("QUIET_HOURS_END", _clock, time(6, 0))
    reminder_daily_cap: int = _variable("REMINDERS_PER_DAY", _positive_int, 3)
    # month, day of the annual SKP deadline
    skp_deadline: tuple[int, int] = _variable("SKP_ANNUAL_DEADLINE", _month_day, (1, 31))
    # minimum JP of competency development a PNS needs per calendar year; maximum a PPPK may take per year of
    # contract, counted from the TMT kontrak (per calendar year while no TMT kontrak is on file)
    jp_target_pns: int = _variable("JP_TARGET_PNS", _positive_int, 20)
    jp_ceiling_pppk: int = _variable("JP_CEILING_PPPK", _positive_int, 24)
    # minutes of training in one JP: a workshop's JP may not exceed its scheduled time
    jp_minutes: int = _variable("JP_MINUTES", _positive_int, 45)
    # how people reach Kepegawaian in person, shown under ❓ Help
    hr_phone: str | None = _variable("KEPEGAWAIAN_PHONE", _text, None)
    hr_room: str | None = _variable("KEPEGAWAIAN_ROOM", _text, None)
    hr_hours: str | None = _variable("KEPEGAWAIAN_HOURS", _text, None)
    # Telegram's overall message limit, for replies and the outbox alike; 0: do not pace (paid broadcasts)
    telegram_per_second: float = _variable("TELEGRAM_MESSAGES_PER_SECOND", _whole_number, 30.0)
    # updates handled at once; each holds a database connection only to query
    concurrent_updates: int = _variable("BOT_CONCURRENT_UPDATES", _positive_int, 128)
    # checked on every webhook request; generated per start when unset
    webhook_secret: str | None = _variable("TELEGRAM_WEBHOOK_SECRET", _webhook_secret, None)
    # a standby takes over this long after the active instance died
    lease_seconds: int = _variable("BOT_LEASE_SECONDS", _positive_int, 10)

    @property
    def secrets(self) -> tuple[str | None, ...]:
        """What must never appear in a log, an error text, the database or a report (see storage.redaction)."""
        password = _DATABASE_PASSWORD.match(self.database_url)
        return self.telegram_bot_token, self.webhook_secret, *(
            (password[1], unquote(password[1])) if password else ())

    def require_token(self) -> str:
        if not self.telegram_bot_token:
            raise ConfigError("TELEGRAM_BOT_TOKEN is not set: get a token from @BotFather and set it")
        return self.telegram_bot_token


def load_settings(environ: dict[str, str] | None = None, env_file: Path | None = Path(".env")) -> Settings:
    """Read settings; real environment variables win over the ``.env`` file."""
    values: dict[str, str | None] = {}
    if env_file is not None and env_file.is_file():
        values.update(dotenv_values(env_file))
    values.update(os.environ if environ is None else environ)
    given = {}
    for setting in fields(Settings):
        name = setting.metadata["variable"]
        raw = values.get(name)
        if raw and raw.strip():
            given[setting.name] = setting.metadata["read"](name, raw.strip())
    return Settings(**given)
