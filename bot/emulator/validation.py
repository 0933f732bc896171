"""Telegram's checks on message text and reply markup, with Telegram's error texts."""

from __future__ import annotations

from typing import Any, Literal
from urllib.parse import urlparse

from bot.telegram.html import EntityParseError, parse_html, utf16_len

from .models import Button, bad_request

__all__ = ["parse_reply_markup", "render_text"]

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_MAX_BYTES = 64
_BUTTON_ACTIONS = (
    "callback_data",
    "url",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_URL_SCHEMES = ("http", "https", "tg")


def render_text(
    raw: Any, parse_mode: Any, entities: Any, *, kind: Literal["text", "caption"]
) -> tuple[str, list[dict[str, Any]]]:
    """Return what the user would see and its entities, or raise Telegram's 400.

    Length limits apply after entity parsing and count UTF-16 code units, the
    stricter of the plausible readings of Telegram's "characters".
    """
    source = "" if raw is None else str(raw)
    if entities is not None:  # explicit entities replace parse_mode, as in Telegram
        if not isinstance(entities, list):
            raise bad_request("can't parse entities JSON object")
        plain, parsed = source, entities
    elif not parse_mode:
        plain, parsed = source, []
    elif str(parse_mode).lower() == "html":
        try:
            plain, parsed = parse_html(source)
        except EntityParseError as error:
            raise bad_request(f"can't parse entities: {error}") from error
    else:
        raise bad_request(f"unsupported parse_mode {parse_mode!r} (the emulator implements HTML)")
    if kind == "text" and not plain.strip():
        raise bad_request("message text is empty")
    limit = TEXT_LIMIT if kind == "text" else CAPTION_LIMIT
    if utf16_len(plain) > limit:
        raise bad_request(
            "message is too long" if kind == "text" else "message caption is too long"
        )
    return plain, parsed


def parse_reply_markup(
    markup: Any, *, inline_only: bool = False
) -> tuple[dict[str, Any] | None, list[list[Button]]]:
    """Validate ``reply_markup``; return it with the inline buttons as (text, data-or-url) rows.

    ``inline_only`` is for edit methods, which accept nothing but inline keyboards.
    """
    if markup is None:
        return None, []
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        return markup, _inline_buttons(markup["inline_keyboard"])
    if inline_only:
        raise bad_request("inline keyboard expected")
    if "keyboard" in markup:
        _check_reply_keyboard(markup["keyboard"])
    elif not (markup.get("remove_keyboard") or markup.get("force_reply")):
        raise bad_request("can't parse reply keyboard markup JSON object")
    return markup, []


def _rows(keyboard: Any, what: str) -> list[list[Any]]:
    if not isinstance(keyboard, list) or not all(isinstance(row, list) for row in keyboard):
        raise bad_request(f'field "{what}" must be an Array of Array')
    return keyboard


def _inline_buttons(keyboard: Any) -> list[list[Button]]:
    return [
        [_inline_button(button) for button in row] for row in _rows(keyboard, "inline_keyboard")
    ]


def _inline_button(button: Any) -> Button:
    if not isinstance(button, dict):
        raise bad_request(
            "can't parse inline keyboard button: InlineKeyboardButton must be an Object"
        )
    text = button.get("text")
    if not isinstance(text, str) or not text.strip():
        raise bad_request("can't parse inline keyboard button: Text must be non-empty")
    actions = [name for name in _BUTTON_ACTIONS if name in button]
    if not actions:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if len(actions) > 1:
        raise bad_request(
            "can't parse inline keyboard button: exactly one of the optional fields must be used"
        )
    data = button.get("callback_data")
    if "callback_data" in button and not _valid_callback_data(data):
        raise bad_request("BUTTON_DATA_INVALID")
    url = button.get("url")
    if "url" in button and not _valid_url(url):
        raise bad_request("BUTTON_URL_INVALID")
    return text, data if data is not None else url


def _valid_callback_data(data: Any) -> bool:
    return isinstance(data, str) and 1 <= len(data.encode("utf-8")) <= CALLBACK_DATA_MAX_BYTES


def _valid_url(url: Any) -> bool:
    if not isinstance(url, str) or not url:
        return False
    parsed = urlparse(url)
    if parsed.scheme:
        return parsed.scheme.lower() in _URL_SCHEMES and bool(parsed.netloc or parsed.path)
    return "." in url  # Telegram accepts "example.com" and prefixes http://


def _check_reply_keyboard(keyboard: Any) -> None:
    for row in _rows(keyboard, "keyboard"):
        for button in row:
            text = button.get("text") if isinstance(button, dict) else button
            if not isinstance(text, str) or not text:
                raise bad_request("can't parse keyboard button: Text must be non-empty")
