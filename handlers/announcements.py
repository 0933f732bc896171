"""/pengumuman: the announcements an employee received, and the "I have read this" button."""

from __future__ import annotations

from contextlib import suppress
from html import escape

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, filters

from bot.context import BotContext
from bot.i18n import Translator
from bot.telegram.html import parse_html
from handlers.common import Button, acknowledge_button, keyboard, main_menu_button, number_in, pager, respond
from handlers.screen import screen
from storage import routes
from storage.problems import N_, Problem
from storage.services import broadcasts
from storage.uow import UnitOfWork

SNIPPET = 40


@screen(read_only=True)
async def list_announcements(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    page = await broadcasts.received_by(uow, context.viewer.employee, number_in(context))
    total = page.total
    if total == 0:
        text = _("You have not received any announcements yet.")
    else:
        text = _("<b>Announcements</b> ({count}), newest first. Tap one to read it again.", count=total)
    unread = await broadcasts.awaiting_confirmation(uow, context.viewer.employee, page.items)
    if unread:
        text += "\n" + _("🔵 not yet confirmed as read")
    rows = [[(("🔵 " if item.id in unread else "") + f"{_.date(item.send_at.astimezone(_.tz))} · "
              f"{_snippet(item.preview)}", routes.ANNOUNCEMENT.data(item.id))] for item in page.items]
    navigation = pager(_, page, routes.ANNOUNCEMENTS)
    await respond(update, text, keyboard([*rows, *([navigation] if navigation else []),
                                          [main_menu_button(_)]]))


def _snippet(html: str) -> str:
    plain = " ".join(parse_html(html)[0].split())
    return plain if len(plain) <= SNIPPET else plain[:SNIPPET - 1] + "…"


@screen(read_only=True)
async def show_announcement(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    broadcast = await broadcasts.received(uow, context.viewer.employee, number_in(context))
    if broadcast is None:
        raise Problem(N_("This announcement was not sent to you."))
    rows = _read_rows(_)
    header = _("Announcement of {when}", when=broadcast.send_at)
    if broadcast.ask_acknowledgement:
        read_at = await broadcasts.acknowledged_at(uow, broadcast.id, context.viewer.employee)
        if read_at is None:
            rows.insert(0, [(_("✅ I have read this"), routes.ANNOUNCEMENT_READ.data(broadcast.id))])
        else:
            header += "\n" + _("✔️ You confirmed reading it on {when}.", when=read_at)
    await respond(update, f"<i>{escape(header)}</i>\n\n" + "\n\n".join(broadcast.parts), keyboard(rows))


def _read_rows(_: Translator) -> list[list[Button]]:
    """The ways on from an announcement, before and after its reading is confirmed."""
    return [[(_("⬅️ Announcements"), routes.ANNOUNCEMENTS.data(0))], [main_menu_button(_)]]


@screen
async def acknowledge(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    employee = context.viewer.employee
    await acknowledge_button(update, context, lambda item: broadcasts.acknowledge(uow, item, employee))
    with suppress(BadRequest):  # too old to edit, or already shows it: the acknowledgement is recorded anyway
        await update.callback_query.edit_message_reply_markup(keyboard(_read_rows(context._)))


def register(application: Application) -> None:
    application.add_handler(CommandHandler(["pengumuman", "announcements"], list_announcements,
                                           filters=filters.ChatType.PRIVATE))
    application.add_handler(CallbackQueryHandler(list_announcements, pattern=routes.ANNOUNCEMENTS.pattern))
    application.add_handler(CallbackQueryHandler(show_announcement, pattern=routes.ANNOUNCEMENT.pattern))
    application.add_handler(CallbackQueryHandler(acknowledge, pattern=routes.ANNOUNCEMENT_READ.pattern))
