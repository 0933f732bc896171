"""What every screen shares: replying, keyboards, paging buttons. The screen decorator is in :mod:`handlers.screen`."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence

from telegram import Update
from telegram.error import BadRequest

from bot.context import BotContext
from bot.i18n import Translator
from bot.telegram.html_split import split_html
from bot.telegram.send import edit_html, send_html
from storage import routes
from storage.repositories.audit import telegram_actor
from storage.routes import Route
from storage.services.exports import export
from storage.services.paging import Page
from storage.spreadsheet import Sheet
from storage.uow import UnitOfWork

Button = tuple[str, str]  # (label, callback_data)
Keyboard = dict[str, list[list[dict[str, str]]]]


def keyboard(rows: Sequence[Sequence[Button]]) -> Keyboard:
    """Buttons under a message, in the Bot API's own JSON form, which PTB sends as it is. Building PTB's
    InlineKeyboardMarkup objects and serialising them back cost as much CPU as a query."""
    return {"inline_keyboard": [[{"text": label, "callback_data": data} for label, data in row] for row in rows]}


async def respond(update: Update, text: str, markup: Keyboard | None = None, *,
                  notice: str | None = None) -> None:
    """Answer a button press by editing its message, anything else with a new message (HTML by default).

    Text longer than one Telegram message goes out in parts (see :mod:`bot.telegram.html_split`), buttons under the
    last. ``notice`` (plain text) also pops up on the pressed button, e.g. why the press changed nothing.
    """
    first, *rest = split_html(text) or [text]
    first_markup = None if rest else markup
    query = update.callback_query
    bot, chat_id = update.get_bot(), update.effective_chat.id
    if query is None:
        await send_html(bot, chat_id, first, first_markup)
    else:
        # Both at once: the person sees the new screen one Telegram round trip sooner.
        answered, edited = await asyncio.gather(query.answer(notice[:200] if notice else None),  # 200: Telegram's
                                                edit_html(query, first, first_markup), return_exceptions=True)
        if isinstance(edited, BadRequest):
            if "not modified" not in edited.message:
                await send_html(bot, chat_id, first, first_markup)  # too old or otherwise not editable
        elif isinstance(edited, BaseException):
            raise edited
        if isinstance(answered, BaseException) and not isinstance(answered, BadRequest):
            raise answered  # a press too old to answer (BadRequest) still got its screen
    for number, part in enumerate(rest, start=1):
        await send_html(bot, chat_id, part, markup if number == len(rest) else None)


def pager(_: Translator, page: Page, route: Route, *before: object) -> list[Button]:
    """◀️ / ▶️ buttons to the neighbouring pages of ``route`` (whose last value is the page number, after
    ``before``, e.g. the workshop's id); empty when it all fits one page."""
    buttons = []
    if page.has_previous:
        buttons.append((_("◀️ Previous"), route.data(*before, page.number - 1)))
    if page.has_next:
        buttons.append((_("Next ▶️"), route.data(*before, page.number + 1)))
    return buttons


def number_in(context: BotContext, group: int = 1, default: int = 0) -> int:
    """A number the handler's route pattern matched in the callback data (a command has none: ``default``).
    Route patterns allow a few digits only, so it always converts."""
    match = context.matches[0] if context.matches else None
    value = match.group(group) if match is not None and match.re.groups >= group else None
    return int(value) if value else default


async def acknowledge_button(update: Update, context: BotContext,
                             record: Callable[[int], Awaitable[bool]]) -> int:
    """An "I have read this" press (the id is what the route matched): record it once, thank the reader."""
    _ = context._
    item_id = number_in(context)
    first_time = await record(item_id)  # a Problem is answered by the screen
    await update.callback_query.answer(_("Thank you, noted.") if first_time else _("Already noted earlier. Thank you."))
    return item_id


def actor(update: Update) -> str:
    """Who did it, as the audit log records a Telegram user."""
    return telegram_actor(update.effective_user.id)


async def send_sheet(update: Update, uow: UnitOfWork, sheet: Sheet, *, filename: str, report: str,
                     markup: Keyboard | None, caption: str | None = None) -> None:
    """Send a report as an XLSX file into the chat, through the audited export (who took which report, how many
    rows), with its buttons (a file too ends with a way on; None only when a message with buttons follows it),
    then stop the pressed button's spinner."""
    content = await export(uow, sheet, actor=actor(update), report=report)
    await update.effective_chat.send_document(content, filename=filename, caption=caption, reply_markup=markup)
    if update.callback_query:
        await update.callback_query.answer()


def main_menu_button(_: Translator) -> Button:
    """The way back that every screen offers."""
    return _("⬅️ Main menu"), routes.MAIN_MENU.data()
