"""Replies that do not read Telegram's answer back: a new message, or a new screen on a pressed button.

Telegram answers every sendMessage and editMessageText with the whole message, and PTB turns that answer
into a ``Message`` with its text entities and its keyboard. Handlers never use it, yet building it cost
more CPU than rendering the screen. So replies go
through ``Bot.do_api_request``, which returns Telegram's answer as it came: the same request, rate limiter
and errors (``BadRequest``, ``Forbidden``, ...) as ``send_message``, without the parsing.
"""

from __future__ import annotations

import warnings
from typing import Any

from telegram import Bot, CallbackQuery, InlineKeyboardMarkup, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.warnings import PTBUserWarning

Markup = InlineKeyboardMarkup | dict[str, Any]  # PTB's object or the Bot API's JSON form of it

NO_LINK_PREVIEW = LinkPreviewOptions(is_disabled=True)
"""Links in the bot's messages are references (MyASN, the office site): a preview would hide the text."""

# PTB nudges callers of do_api_request towards the typed method of the same name; here that is the point.
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.(sendMessage|editMessageText)'",
                        category=PTBUserWarning)


async def send_html(bot: Bot, chat_id: int, text: str, markup: Markup | None = None) -> None:
    """Send ``text`` (Telegram HTML) to the chat, with buttons under it if given."""
    await bot.do_api_request("sendMessage", api_kwargs=_html(text, markup, chat_id=chat_id))


async def edit_html(query: CallbackQuery, text: str, markup: Markup | None = None) -> None:
    """Replace the message whose button was pressed by ``text`` and ``markup``."""
    message = query.message
    target = ({"chat_id": message.chat.id, "message_id": message.message_id} if message is not None
              else {"inline_message_id": query.inline_message_id})
    await query.get_bot().do_api_request("editMessageText", api_kwargs=_html(text, markup, **target))


def _html(text: str, markup: Markup | None, **target: Any) -> dict[str, Any]:
    parameters = {**target, "text": text, "parse_mode": ParseMode.HTML, "link_preview_options": NO_LINK_PREVIEW}
    if markup is not None:
        parameters["reply_markup"] = markup
    return parameters
