"""What every handler shares: one unit of work per update, replying, and keyboards."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable, Sequence
from html import escape

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import ConversationHandler

from bot.context import BotContext
from bot.html_split import split_html
from bot.i18n import Translator
from bot.telegram_send import edit_html, send_html
from storage.problems import Problem
from storage.services.accounts import load_viewer, mark_unblocked
from storage.services.paging import Page
from storage.uow import UnitOfWork

Callback = Callable[[Update, BotContext, UnitOfWork], Awaitable[object]]
Button = tuple[str, str]  # (label, callback_data)
Keyboard = dict[str, list[list[dict[str, str]]]]


def handler(callback: Callback | None = None, *, read_only: bool = False):
    """Open the update's unit of work, load who is talking and their language, then run ``callback``.

    ``@handler(read_only=True)`` for screens that only show data: their queries run without a transaction
    (see :class:`storage.db.ReadingSession`), and a write through their unit of work raises.
    """
    if callback is None:
        return functools.partial(handler, read_only=read_only)

    @functools.wraps(callback)
    async def wrapper(update: Update, context: BotContext) -> object:
        async with context.unit_of_work(read_only=read_only) as uow:
            viewer = context.viewer = await load_viewer(uow, update.effective_user.id)
            context._ = context.i18n.translator(viewer.language)
            if viewer.account is not None and viewer.account.blocked_at is not None:
                async with context.unit_of_work() as writing:  # they are back: messages may flow again
                    await mark_unblocked(writing, viewer.telegram_user_id)
            return await callback(update, context, uow)

    return wrapper


def keyboard(rows: Sequence[Sequence[Button]]) -> Keyboard:
    """Buttons under a message, in the Bot API's own JSON form, which PTB sends as it is. Building PTB's
    InlineKeyboardMarkup objects and serialising them back cost 0.08 ms per screen, as much as a query."""
    return {"inline_keyboard": [[{"text": label, "callback_data": data} for label, data in row] for row in rows]}


async def respond(update: Update, text: str, markup: Keyboard | None = None, *,
                  notice: str | None = None) -> None:
    """Answer a button press by editing its message, anything else with a new message (HTML by default).

    Text longer than one Telegram message goes out in parts (see :mod:`bot.html_split`), buttons under the
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


def hr_handler(callback: Callback) -> Callable[[Update, BotContext], Awaitable[object]]:
    """Like :func:`handler`, for HR-only commands and buttons: anyone else gets a polite refusal."""

    @handler
    @functools.wraps(callback)
    async def guarded(update: Update, context: BotContext, uow: UnitOfWork) -> object:
        if not context.viewer.is_hr:
            text = context._("This is only for HR staff (Subbag Umum dan Kepegawaian).")
            if update.callback_query:
                await update.callback_query.answer(text, show_alert=True)
            else:
                await send_html(update.get_bot(), update.effective_chat.id, escape(text))
            return ConversationHandler.END
        return await callback(update, context, uow)

    return guarded


def pager(_: Translator, page: Page, prefix: str) -> list[Button]:
    """◀️ / ▶️ buttons to the neighbouring pages, ``prefix`` + page number as callback data; empty when it
    all fits one page."""
    buttons = []
    if page.has_previous:
        buttons.append((_("◀️ Previous"), f"{prefix}{page.number - 1}"))
    if page.has_next:
        buttons.append((_("Next ▶️"), f"{prefix}{page.number + 1}"))
    return buttons


def parse_int(data: str, prefix: str) -> int | None:
    """The number after ``prefix`` in untrusted callback data, or None."""
    tail = data.removeprefix(prefix)
    return int(tail) if tail.isdigit() and len(tail) < 10 else None


async def acknowledge_button(update: Update, context: BotContext, prefix: str,
                             record: Callable[[int], Awaitable[bool]]) -> int | None:
    """An "I have read this" press: record it once, thank the reader; return the item id if it was valid."""
    _ = context._
    query = update.callback_query
    item_id = parse_int(query.data, prefix)
    if context.viewer.employee is None or item_id is None:
        await query.answer(_("This button is no longer valid."), show_alert=True)
        return None
    try:
        first_time = await record(item_id)
    except Problem as problem:
        await query.answer(_.problem(problem), show_alert=True)
        return None
    await query.answer(_("Thank you, noted.") if first_time else _("Already noted earlier. Thank you."))
    return item_id
