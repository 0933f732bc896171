"""Secrets never leave the process as text: the one scrubber for log lines, tracebacks and stored error text.

The Bot API puts the token in every request URL, and network libraries quote the URL in their errors
(aiohttp's connection timeout: ``Connection timeout to host https://…/bot<TOKEN>/getMe``); a database
URL carries its password. Such an error may end up in a log line, in a traceback, in
``outbox.last_error`` and from there in HR's spreadsheet. So everything that turns an error into text
outside the process goes through :func:`redact`: every log record (installed once at start-up by
:func:`install_log_redaction`, tracebacks included), and every error text the bot stores or wraps.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

MASK = "[redacted]"
# Any Telegram bot token, known or not (e.g. one from before the settings were read): id, colon, secret.
_TOKEN_SHAPE = re.compile(r"\d{5,}:[A-Za-z0-9_-]{30,}")
_MIN_SECRET_LENGTH = 4  # shorter "secrets" would blank out ordinary words

_secrets: set[str] = set()


def protect(secrets: Iterable[str | None]) -> None:
    """Remember ``secrets`` (None and empty are skipped), also as they appear percent-encoded in a URL."""
    for secret in secrets:
        if secret and len(secret) >= _MIN_SECRET_LENGTH:
            _secrets.update({secret, quote(secret, safe=""), quote_plus(secret, safe="")})


def redact(text: str) -> str:
    """``text`` with every protected secret and anything shaped like a bot token replaced by a mask."""
    for secret in sorted(_secrets, key=len, reverse=True):  # longest first: one secret may contain another
        if secret in text:
            text = text.replace(secret, MASK)
    return _TOKEN_SHAPE.sub(MASK, text)


def redact_error(error: BaseException | str | None) -> str | None:
    """The text to store for an error (None stays None)."""
    return None if error is None else redact(str(error))


def install_log_redaction() -> None:
    """Scrub every log record as it is made, whatever handler writes it: message, traceback and stack."""
    make_record = logging.getLogRecordFactory()
    if getattr(make_record, "redacting", False):
        return

    def redacting_record(*args, **kwargs) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a call whose arguments do not fit its format is still logged, and scrubbed
            message = f"{record.msg} {record.args!r}"
        record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            # Formatted now so that every formatter reuses the scrubbed text (logging caches it in exc_text).
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return record

    redacting_record.redacting = True
    logging.setLogRecordFactory(redacting_record)
