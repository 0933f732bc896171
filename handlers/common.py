"""What every handler shares: one unit of work per update, replying, and keyboards."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from bot.context import BotContext
from bot.html_split import split_html
from storage.services.accounts import load_viewer
from storage.uow import UnitOfWork

Callback = Callable[[Update, BotContext, UnitOfWork], Awaitable[object]]
Button = tuple[str, str]  # (label, callback_data)


def handler(callback: Callback) -> Callable[[Update, BotContext], Awaitable[object]]:
    """Open the update's unit of work, load who is talking and their language, then run ``callback``."""

    @functools.wraps(callback)
    async def wrapper(update: Update, context: BotContext) -> object:
        async with context.unit_of_work() as uow:
            context.viewer = await load_viewer(uow, update.effective_user.id)
            context._ = context.i18n.translator(context.viewer.language)
            return await callback(update, context, uow)

    return wrapper


def keyboard(rows: Sequence[Sequence[Button]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=data) for label, data in row]
                                 for row in rows])


async def respond(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Answer a button press by editing its message, anything else with a new message (HTML by default).

    Text longer than one Telegram message goes out in parts (see :mod:`bot.html_split`), buttons under the last.
    """
    first, *rest = split_html(text) or [text]
    query = update.callback_query
    if query is None:
        await update.effective_message.reply_text(first, reply_markup=None if rest else markup)
    else:
        await query.answer()
        try:
            await query.edit_message_text(first, reply_markup=None if rest else markup)
        except BadRequest as error:
            if "not modified" not in error.message:
                # Too old or otherwise not editable: say it in a new message instead.
                await query.get_bot().send_message(update.effective_chat.id, first,
                                                   reply_markup=None if rest else markup)
    for number, part in enumerate(rest, start=1):
        await update.get_bot().send_message(update.effective_chat.id, part,
                                            reply_markup=markup if number == len(rest) else None)
