"""What the appraisal and objection screens share: button data, the employee-only guard, common lines."""

from __future__ import annotations

import functools
from html import escape

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ConversationHandler

from bot.appraisal_labels import period_label, predikat_label, rating_label
from bot.context import BotContext, objection_policy
from bot.i18n import Translator
from bot.telegram_send import send_html
from handlers.common import Callback, Keyboard, handler
from handlers.menu import back_to_menu, link_prompt
from storage.models import Appraisal
from storage.problems import Problem
from storage.services.appraisals import VIEW_APPRAISAL, ObjectionPolicy
from storage.services.objections import EXPLAIN_OBJECTION, VIEW_OBJECTION
from storage.uow import UnitOfWork

# Button data (at most 64 bytes; ids and pages are appended). Every handler re-checks what it is given.
HOME = "ap:home"
HISTORY = "ap:h:"          # + page
MATRIX = "ap:mx"
VIEW = VIEW_APPRAISAL      # + appraisal id
TEAM = "tm:"               # + page
PICK = "ob:pick"
OBJECT = "ob:new:"         # + appraisal id
MINE = "ob:mine:"          # + page
INBOX = "ob:in:"           # + page
OBJECTION = VIEW_OBJECTION  # + objection id
PROCESS = "ob:p:"          # + objection id
ACCEPT = "ob:a:"           # + objection id, then ":" and the chosen rating letters
CONFIRM_ACCEPT = "ob:A:"   # + objection id ":" two rating letters: then the reasons are typed
EXPLAIN = EXPLAIN_OBJECTION  # + objection id: the rater writes an explanation
EVIDENCE = "ob:ev:"        # + objection id: send the employee's evidence file
REJECT = "ob:r:"           # + objection id
SUBMIT, REWRITE, CONFIRM_REJECT, CONFIRM_ACCEPTANCE, CANCEL = "ob:ok", "ob:redo", "ob:R", "ob:AOK", "ob:x"


def for_employees(callback: Callback | None = None, *, read_only: bool = False):
    """Run ``callback`` for a linked employee in a private chat; a broken rule is answered, never raised.

    Returns ``ConversationHandler.END`` when it refuses, so conversations end cleanly too. ``read_only`` as
    for :func:`handlers.common.handler`.
    """
    if callback is None:
        return functools.partial(for_employees, read_only=read_only)

    async def guarded(update: Update, context: BotContext, uow: UnitOfWork) -> object:
        _ = context._
        if update.effective_chat.type != ChatType.PRIVATE:  # appraisals never appear in a group
            if update.callback_query:
                await update.callback_query.answer(_("Appraisal results are only shown in a private chat."),
                                                   show_alert=True)
            return ConversationHandler.END
        if context.viewer.employee is None:
            await link_prompt(update, context)
            return ConversationHandler.END
        try:
            return await callback(update, context, uow)
        except Problem as problem:
            await _refuse(update, _.problem(problem), back_to_menu(_))
            return ConversationHandler.END

    return handler(functools.wraps(callback)(guarded), read_only=read_only)


async def _refuse(update: Update, reason: str, markup: Keyboard) -> None:
    """Say why not in a new message, leaving the screen the button was on as it was (a pop-up says it too)."""
    if update.callback_query:
        await update.callback_query.answer(reason[:200])  # Telegram's limit for the pop-up text
    await send_html(update.get_bot(), update.effective_chat.id, escape(reason), markup)


def policy(context: BotContext) -> ObjectionPolicy:
    return objection_policy(context.settings)


def actor(update: Update) -> str:
    return f"telegram:{update.effective_user.id}"


def number_in(context: BotContext) -> int:
    """The id or page that the handler's pattern captured (patterns only allow a few digits)."""
    return int(context.match.group(1))


def result_line(_: Translator, appraisal: Appraisal) -> str:
    """One line: the period, both ratings and the predikat."""
    return _("{period}: work results {results}, work behaviour {behaviour} → <b>{predikat}</b>",
             period=period_label(_, appraisal.period), results=rating_label(_, appraisal.work_results),
             behaviour=rating_label(_, appraisal.work_behaviour), predikat=predikat_label(_, appraisal.predikat))


