"""Checking HR-written HTML before it is queued for hundreds of people, and cutting it to Telegram's size."""

from __future__ import annotations

from bot.telegram.html import EntityParseError, parse_html
from bot.telegram.html_split import TELEGRAM_LIMIT, split_html
from storage.problems import N_, Problem

HEADING_ROOM = 200  # the first part gets the heading of storage.services.broadcasts.HEADING in any language


def prepare_parts(html: str) -> list[str]:
    """The messages to send for ``html`` (split at paragraphs when longer than one message), or a Problem
    with Telegram's own reason if Telegram would refuse the formatting."""
    try:
        plain, _entities = parse_html(html)
    except EntityParseError as error:
        raise Problem(N_("Telegram would refuse this formatting: {reason}"), reason=str(error)) from None
    if not plain.strip():
        raise Problem(N_("The announcement is empty."))
    return split_html(html, TELEGRAM_LIMIT - HEADING_ROOM)
