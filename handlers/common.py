"""What every handler shares: one unit of work per update, replying, and keyboards."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from bot.context import BotContext
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


async def respond(update: Update, text: str, markup: InlineKeyboardMarkup | None = None, *,
                  notice: str | None = None) -> None:
    """Answer a button press by editing its message, anything else with a new message (HTML by default).

    ``notice`` (plain text) also pops up on the pressed button, e.g. why the press changed nothing.
    """
    query = update.callback_query
    if query is None:
        await update.effective_message.reply_text(text, reply_markup=markup)
        return
    try:
        await query.edit_message_text(text, reply_markup=markup)
    except BadRequest as error:
        if "not modified" not in error.message:
            # Too old or otherwise not editable: say it in a new message instead.
            await query.get_bot().send_message(update.effective_chat.id, text, reply_markup=markup)
    # Answered last, so the button stops spinning once the new text is there.
    await query.answer(notice[:200] if notice else None)  # Telegram allows 200 characters
