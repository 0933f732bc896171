"""Checking HR-written HTML before it is queued for hundreds of people, and cutting it to Telegram's size."""

from __future__ import annotations

from bot.telegram_html import EntityParseError, parse_html, utf16_len
from storage.problems import N_, Problem

MESSAGE_LIMIT = 4096  # Telegram's limit, counted on the text after formatting is parsed


def prepare_parts(html: str) -> list[str]:
    """The messages to send for ``html``: refused with Telegram's own reason if Telegram would refuse it."""
    try:
        plain, _entities = parse_html(html)
    except EntityParseError as error:
        raise Problem(N_("Telegram would refuse this formatting: {reason}"), reason=str(error)) from None
    if not plain.strip():
        raise Problem(N_("The announcement is empty."))
    if utf16_len(plain) > MESSAGE_LIMIT:
        raise Problem(N_("The announcement is longer than {limit} characters."), limit=MESSAGE_LIMIT)
    return [html]
