"""Settings from environment variables (and an optional ``.env`` file).

A missing or malformed value raises :class:`ConfigError` naming the variable, so start-up can stop
with one clear line instead of a traceback.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from pathlib import Path
from urllib.parse import unquote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import dotenv_values

from storage.services.reminder_timing import QuietRules

SUPPORTED_LOCALES = ("id", "en")
DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
_TOKEN_PATTERN = re.compile(r"^\d+:[A-Za-z0-9_-]{20,}$")
# As SQLAlchemy reads it (up to the first "@"), and found even in a URL too malformed to parse.
_DATABASE_PASSWORD = re.compile(r"^[^:/]+://[^:/@]*:([^@]+)@")
_WEBHOOK_SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,256}$")


class ConfigError(Exception):
    """A setting is missing or malformed; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    database_url: str = "sqlite+aiosqlite:///asn_karier.db"
    telegram_bot_token: str | None = None
    telegram_api_base_url: str = DEFAULT_API_BASE_URL
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Jakarta"))
    default_locale: str = "id"
    activation_code_ttl: timedelta = timedelta(days=14)
    objection_window_days: int = 14  # keberatan: days after an appraisal is published
    outbox_per_second: float = 28.0
    rotation_min_years: int = 2
    quiet_hours: tuple[time, time] = (time(21, 0), time(6, 0))
    reminder_daily_cap: int = 3
    skp_deadline: tuple[int, int] = (1, 31)  # month, day of the annual SKP deadline
    jp_target_pns: int = 20     # minimum JP of competency development a PNS needs per year
    jp_ceiling_pppk: int = 24   # maximum JP a PPPK may take per contract year
    hr_phone: str | None = None  # how people reach Kepegawaian in person, shown under ❓ Help
    hr_room: str | None = None
    hr_hours: str | None = None

    telegram_per_second: float = 30.0  # Telegram's overall message limit; 0: do not pace (paid broadcasts)
    concurrent_updates: int = 128      # updates handled at once; each holds a database connection only to query
    webhook_secret: str | None = None  # checked on every webhook request; generated per start when unset
    lease_seconds: int = 10            # a standby takes over this long after the active instance died

    @property
    def quiet_rules(self) -> QuietRules:
        return QuietRules(self.timezone, quiet_start=self.quiet_hours[0], quiet_end=self.quiet_hours[1],
                          daily_cap=self.reminder_daily_cap)

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
    defaults = Settings()

    def text(name: str) -> str | None:
        value = values.get(name)
        return value.strip() if value and value.strip() else None

    token = text("TELEGRAM_BOT_TOKEN")
    if token is not None and not _TOKEN_PATTERN.match(token):
        raise ConfigError("TELEGRAM_BOT_TOKEN is malformed: expected the form 123456:ABC... from @BotFather")
    return Settings(
        database_url=_database_url(text("DATABASE_URL") or defaults.database_url),
        telegram_bot_token=token,
        telegram_api_base_url=_base_url(text("TELEGRAM_API_BASE_URL") or defaults.telegram_api_base_url),
        timezone=_timezone(text("BOT_TIMEZONE") or "Asia/Jakarta"),
        default_locale=_locale(text("BOT_DEFAULT_LOCALE") or defaults.default_locale),
        activation_code_ttl=timedelta(days=_positive_int("ACTIVATION_CODE_TTL_DAYS", text, 14)),
        outbox_per_second=_positive_int("OUTBOX_MESSAGES_PER_SECOND", text, 28),
        rotation_min_years=_positive_int("ROTATION_MIN_YEARS_IN_POST", text, 2),
        quiet_hours=(_clock("QUIET_HOURS_START", text("QUIET_HOURS_START") or "21:00"),
                     _clock("QUIET_HOURS_END", text("QUIET_HOURS_END") or "06:00")),
        reminder_daily_cap=_positive_int("REMINDERS_PER_DAY", text, 3),
        skp_deadline=_month_day("SKP_ANNUAL_DEADLINE", text("SKP_ANNUAL_DEADLINE") or "01-31"),
        jp_target_pns=_positive_int("JP_TARGET_PNS", text, defaults.jp_target_pns),
        jp_ceiling_pppk=_positive_int("JP_CEILING_PPPK", text, defaults.jp_ceiling_pppk),
        objection_window_days=_positive_int("KEBERATAN_WINDOW_DAYS", text, defaults.objection_window_days),
        hr_phone=text("KEPEGAWAIAN_PHONE"),
        hr_room=text("KEPEGAWAIAN_ROOM"),
        hr_hours=text("KEPEGAWAIAN_HOURS"),
        telegram_per_second=_positive_int("TELEGRAM_MESSAGES_PER_SECOND", text, 30, minimum=0),
        concurrent_updates=_positive_int("BOT_CONCURRENT_UPDATES", text, defaults.concurrent_updates),
        webhook_secret=_webhook_secret(text("TELEGRAM_WEBHOOK_SECRET")),
        lease_seconds=_positive_int("BOT_LEASE_SECONDS", text, defaults.lease_seconds),
    )


def _database_url(url: str) -> str:
    if not url.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
        raise ConfigError(
            "DATABASE_URL must start with sqlite+aiosqlite:// or postgresql+asyncpg:// "
            f"(got {url.split('://')[0]}://...)"
        )
    return url


def _base_url(url: str) -> str:
    if not url.startswith(("http://", "https://")):
        raise ConfigError("TELEGRAM_API_BASE_URL must be an http(s) URL such as http://127.0.0.1:8081/bot")
    return url


def _timezone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"BOT_TIMEZONE is not a known time zone: {name!r} (e.g. Asia/Jakarta)") from None


def _locale(code: str) -> str:
    if code not in SUPPORTED_LOCALES:
        raise ConfigError(f"BOT_DEFAULT_LOCALE must be one of {', '.join(SUPPORTED_LOCALES)} (got {code!r})")
    return code


def _positive_int(name: str, text, default: int, minimum: int = 1) -> int:
    raw = text(name)
    if raw is None:
        return default
    if not raw.isdigit() or int(raw) < minimum:
        kind = "a positive whole number" if minimum == 1 else f"a whole number of at least {minimum}"
        raise ConfigError(f"{name} must be {kind} (got {raw!r})")
    return int(raw)


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
def _webhook_secret(secret: str | None) -> str | None:
    if secret is not None and not _WEBHOOK_SECRET_PATTERN.match(secret):
        raise ConfigError("TELEGRAM_WEBHOOK_SECRET must be 16 to 256 characters of A-Z, a-z, 0-9, _ and -")
    return secret
