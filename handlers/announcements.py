"""/pengumuman: the announcements an employee received, and the "I have read this" button."""

from __future__ import annotations

from contextlib import suppress
from html import escape

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, filters

from bot.context import BotContext
from bot.telegram_html import parse_html
from handlers.common import acknowledge_button, handler, keyboard, pager, parse_int, respond
from handlers.menu import MAIN_MENU, link_prompt
from storage.services import broadcasts
from storage.uow import UnitOfWork

LIST = "ann:list:"
SHOW = "ann:show:"
SNIPPET = 40


@handler(read_only=True)
async def list_announcements(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    if context.viewer.employee is None:
        return await link_prompt(update, context)
    number = parse_int(update.callback_query.data, LIST) if update.callback_query else 0
    page = await broadcasts.received_by(uow, context.viewer.employee, number or 0)
    total = page.total
    if total == 0:
        text = _("You have not received any announcements yet.")
    else:
        text = _("<b>Announcements</b> ({count}), newest first. Tap one to read it again.", count=total)
    rows = [[(f"{_.date(item.send_at.astimezone(_.tz))} · {_snippet(item.preview)}", f"{SHOW}{item.id}")]
            for item in page.items]
    navigation = pager(_, page, LIST)
    await respond(update, text, keyboard([*rows, *([navigation] if navigation else []),
                                          [(_("⬅️ Main menu"), MAIN_MENU)]]))


def _snippet(html: str) -> str:
    plain = " ".join(parse_html(html)[0].split())
    return plain if len(plain) <= SNIPPET else plain[:SNIPPET - 1] + "…"


@handler(read_only=True)
async def show_announcement(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    broadcast_id = parse_int(update.callback_query.data, SHOW)
    employee = context.viewer.employee
    broadcast = await broadcasts.received(uow, employee, broadcast_id) if employee and broadcast_id else None
    if broadcast is None:
        await update.callback_query.answer(_("This announcement was not sent to you."), show_alert=True)
        return
    rows = [[(_("⬅️ Announcements"), f"{LIST}0")]]
    if broadcast.ask_acknowledgement:
        rows.insert(0, [(_("✅ I have read this"), f"{broadcasts.ACKNOWLEDGE}{broadcast.id}")])
    header = _("Announcement of {when}", when=broadcast.send_at)
    await respond(update, f"<i>{escape(header)}</i>\n\n" + "\n\n".join(broadcast.parts), keyboard(rows))


@handler
async def acknowledge(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    employee = context.viewer.employee
    if await acknowledge_button(update, context, broadcasts.ACKNOWLEDGE,
                                lambda item: broadcasts.acknowledge(uow, item, employee)) is None:
        return
    with suppress(BadRequest):  # too old to edit, or already shows it: the acknowledgement is recorded anyway
        await update.callback_query.edit_message_reply_markup(keyboard([[(context._("✔️ Read"), f"{LIST}0")]]))


def register(application: Application) -> None:
    application.add_handler(CommandHandler(["pengumuman", "announcements"], list_announcements,
                                           filters=filters.ChatType.PRIVATE))
    application.add_handler(CallbackQueryHandler(list_announcements, pattern=f"^{LIST}"))
    application.add_handler(CallbackQueryHandler(show_announcement, pattern=f"^{SHOW}"))
    application.add_handler(CallbackQueryHandler(acknowledge, pattern=f"^{broadcasts.ACKNOWLEDGE}"))
