"""/karier ("🧭 Karier Saya"): where the employee's career stands and what comes next; "📜 Riwayat" adds the
timeline of golongan and posts as a chart and as text."""

from __future__ import annotations

import asyncio
from datetime import date

from telegram import Update
from telegram.constants import ChatAction, ParseMode
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, filters

from bot.career_chart import timeline_png
from bot.career_text import career_text, history_text
from bot.context import BotContext
from bot.telegram.send import send_html
from handlers.common import keyboard, main_menu_button, respond
from handlers.screen import screen
from storage import routes
from storage.services.career_history import timeline
from storage.services.my_career import my_career
from storage.uow import UnitOfWork


def _today(context: BotContext) -> date:
    return context.application.clock().astimezone(context.settings.timezone).date()


@screen(read_only=True)
async def show_career(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    employee = context.viewer.employee
    chosen = context.application.policies
    mine = await my_career(uow, employee, _today(context), chosen.career, chosen.training)
    await respond(update, career_text(_, employee.name, mine), keyboard([
        [(_("📜 History"), routes.CAREER_HISTORY.data())], [main_menu_button(_)]]))


@screen(read_only=True)
async def show_history(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    """The chart as a photo (drawn in a worker thread: a few hundred milliseconds of CPU), then the list."""
    _ = context._
    employee = context.viewer.employee
    found = await timeline(uow, employee.id)
    await uow.pause()  # drawing takes a while; the connection is not needed for it
    if update.callback_query:
        await update.callback_query.answer()
    bot, chat_id = update.get_bot(), update.effective_chat.id
    await bot.send_chat_action(chat_id, ChatAction.UPLOAD_PHOTO)
    chart = await asyncio.to_thread(timeline_png, found, _today(context), (_("Golongan"), _("Post")),
                                    _("Career history · {name}", name=employee.name))
    if chart is not None:
        await bot.send_photo(chat_id, chart, caption=_("🧭 Golongan and posts over time; the dotted line is "
                                                        "today."), parse_mode=ParseMode.HTML)
    await send_html(bot, chat_id, history_text(_, found), keyboard([
        [(_("🧭 My career"), routes.CAREER.data())], [main_menu_button(_)]]))


def register(application: Application) -> None:
    private = filters.ChatType.PRIVATE
    application.add_handler(CommandHandler(["karier", "career"], show_career, filters=private))
    application.add_handler(CallbackQueryHandler(show_career, pattern=routes.CAREER.pattern))
    application.add_handler(CallbackQueryHandler(show_history, pattern=routes.CAREER_HISTORY.pattern))
