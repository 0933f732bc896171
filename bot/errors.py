"""The one error handler: log with context, remember blocked users, tell the user something useful (with the
way back to the main menu, as every message has)."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, NetworkError, TimedOut

from bot.context import BotContext
from handlers.common import keyboard, main_menu_button
from storage.services.accounts import mark_blocked

log = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    error = context.error
    user_id = update.effective_user.id if isinstance(update, Update) and update.effective_user else None
    if isinstance(error, Forbidden) and user_id is not None:
        log.info("user %s blocked the bot: %s", user_id, error.message)
        async with context.unit_of_work() as uow:
            await mark_blocked(uow, user_id)
        return
    if isinstance(error, (NetworkError, TimedOut)) and not isinstance(update, Update):
        log.warning("network trouble while polling: %s", error)
        return
    log.error("error while handling update %s", _describe(update), exc_info=error)
    if isinstance(update, Update) and update.effective_chat and update.effective_chat.type == "private":
        async with context.unit_of_work() as uow:
            account = await uow.accounts.get(user_id) if user_id else None
        _ = context.i18n.translator(account.language if account else None)
        try:
            await context.bot.send_message(update.effective_chat.id, _(
                "Sorry, something went wrong on our side. Please try again in a moment; "
                "if it keeps happening, tell HR."), reply_markup=keyboard([[main_menu_button(_)]]))
        except Exception:  # the chat may be unreachable; the original error is already logged
            log.warning("could not tell chat %s about the error", update.effective_chat.id)


def _describe(update: object) -> str:
    if isinstance(update, Update):
        kind = "callback" if update.callback_query else "message" if update.effective_message else "other"
        return f"#{update.update_id} ({kind} from user {getattr(update.effective_user, 'id', None)})"
    return repr(update)
