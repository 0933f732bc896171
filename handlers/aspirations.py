"""/aspirasi: an employee's career aspirations (units and kinds of post to rotate to, training topics),
changed any time, with who can read them; someone else's, for their superiors' chain and Kepegawaian."""

from __future__ import annotations

import warnings
from html import escape

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters
from telegram.warnings import PTBUserWarning

from bot.career_plan import aspiration_value
from bot.context import BotContext
from bot.i18n import Translator
from handlers.appraisal_common import actor, for_employees, number_in
from handlers.common import Button, handler, keyboard, respond
from handlers.menu import MAIN_MENU
from storage.models import AspirationKind
from storage.services.career_reminders import CAREER_SCREEN
from storage.problems import N_, Problem
from storage.services.aspirations import (
    MAX_VALUE,
    Aspirations,
    add_aspiration,
    aspirations_of,
    choices,
    own_aspirations,
    readers,
    remove_aspiration,
)
from storage.uow import UnitOfWork

HOME = "asp:home"
ADD = "asp:add:"      # + kind letter
PICK = "asp:p:"       # + kind letter ":" index into the choices shown
TYPE = "asp:t:"       # + kind letter: type a value
REMOVING = "asp:del"
REMOVE = "asp:rm:"    # + aspiration id
OF = "asp:of:"        # + employee id: someone else's, for their superiors and Kepegawaian
CANCEL = "asp:x"
TYPING = 0
CHOICES_SHOWN = 20
KINDS = {"u": AspirationKind.UNIT, "j": AspirationKind.POST, "t": AspirationKind.TOPIC}
LETTER = {kind: letter for letter, kind in KINDS.items()}
TITLES = {AspirationKind.UNIT: N_("🏢 Units I would like to work in"),
          AspirationKind.POST: N_("💼 Kinds of post I would like"),
          AspirationKind.TOPIC: N_("📚 Training topics I want")}
ADD_LABELS = {AspirationKind.UNIT: N_("➕ Unit"), AspirationKind.POST: N_("➕ Kind of post"),
              AspirationKind.TOPIC: N_("➕ Training topic")}


def render(_: Translator, aspirations: Aspirations) -> list[str]:
    lines = []
    for kind in AspirationKind:
        values = [escape(aspiration_value(_, kind, item.value)) for item in aspirations.of(kind)]
        lines += [f"<b>{_(TITLES[kind])}</b>", "\n".join(f"• {value}" for value in values) or _("— none yet")]
    return lines


@for_employees
async def show_own(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    await _show_own(update, context, uow)


async def _show_own(update: Update, context: BotContext, uow: UnitOfWork, note: str | None = None) -> None:
    _ = context._
    employee = context.viewer.employee
    mine = await own_aspirations(uow, employee)
    chain = (await readers(uow, employee)).superiors
    who = (_("🔒 Read only by you, your superiors ({names}) and Kepegawaian.",
             names=escape(", ".join(person.name for person in chain))) if chain else
           _("🔒 Read only by you and Kepegawaian (no superior is recorded for you)."))
    lines = ([note, ""] if note else []) + [_("🎯 <b>My career aspirations</b>"), "", *render(_, mine), "", who]
    rows: list[list[Button]] = [[(_(ADD_LABELS[kind]), f"{ADD}{LETTER[kind]}") for kind in AspirationKind]]
    if not mine.empty:
        rows.append([(_("🗑 Remove one"), REMOVING)])
    rows.append([(_("🧭 My career"), CAREER_SCREEN), (_("⬅️ Main menu"), MAIN_MENU)])
    await respond(update, "\n".join(lines), keyboard(rows))


@for_employees
async def choose(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    kind = KINDS[context.match.group(1)]
    listed = (await choices(uow, kind))[:CHOICES_SHOWN]
    context.user_data["aspiration_choices"] = {"kind": kind.value, "values": listed}
    rows = [[(aspiration_value(_, kind, value)[:60], f"{PICK}{LETTER[kind]}:{index}")]
            for index, value in enumerate(listed)]
    rows += [[(_("✍️ Type it myself"), f"{TYPE}{LETTER[kind]}")], [(_("⬅️ Back"), HOME)]]
    prompt = _("Choose from the list, or type it yourself:") if listed else _("Type it yourself:")
    await respond(update, f"<b>{_(TITLES[kind])}</b>\n{prompt}", keyboard(rows))


@for_employees
async def picked(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    kind, index = KINDS[context.match.group(1)], int(context.match.group(2))
    shown = context.user_data.get("aspiration_choices") or {}
    values = shown.get("values", []) if shown.get("kind") == kind.value else []
    if index >= len(values):
        raise Problem(N_("This button is no longer valid."))
    await _added(update, context, uow, kind, values[index], from_list=True)


@for_employees
async def ask_typed(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    kind = KINDS[context.match.group(1)]
    context.user_data["aspiration_kind"] = kind.value
    await respond(update, _("<b>{title}</b>\nType it in one message (at most {maximum} characters), or /batal to "
                            "stop.", title=_(TITLES[kind]), maximum=MAX_VALUE),
                  keyboard([[(_("✖️ Cancel"), CANCEL)]]))
    return TYPING


@for_employees
async def typed(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    kind = AspirationKind(context.user_data.get("aspiration_kind", AspirationKind.TOPIC.value))
    try:
        await _added(update, context, uow, kind, update.message.text, from_list=False)
    except Problem as problem:
        await respond(update, _("{problem}\nPlease type it again, or /batal to stop.",
                                problem=escape(_.problem(problem))), keyboard([[(_("✖️ Cancel"), CANCEL)]]))
        return TYPING
    context.user_data.pop("aspiration_kind", None)
    return ConversationHandler.END


async def _added(update: Update, context: BotContext, uow: UnitOfWork, kind: AspirationKind, value: str, *,
                 from_list: bool) -> None:
    _ = context._
    new = await add_aspiration(uow, context.viewer.employee, kind, value, from_list=from_list)
    note = _("✅ Saved.") if new else _("This was already among your aspirations.")
    await _show_own(update, context, uow, note)


@for_employees
async def choose_removal(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    mine = await own_aspirations(uow, context.viewer.employee)
    rows = [[(f"🗑 {aspiration_value(_, kind, item.value)}"[:60], f"{REMOVE}{item.id}")]
            for kind in AspirationKind for item in mine.of(kind)]
    await respond(update, _("Which one should be removed?"), keyboard([*rows, [(_("⬅️ Back"), HOME)]]))


@for_employees
async def remove(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    await remove_aspiration(uow, context.viewer.employee, number_in(context))
    await _show_own(update, context, uow, context._("🗑 Removed."))


@for_employees
async def show_of(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    """Someone's aspirations, for their superiors' chain and Kepegawaian (the service refuses anyone else)."""
    _ = context._
    found = await aspirations_of(uow, context.viewer.employee, number_in(context), actor=actor(update))
    lines = [_("🎯 <b>Career aspirations of {name}</b>", name=escape(found.employee.name)), "", *render(_, found)]
    await respond(update, "\n".join(lines), keyboard([[(_("⬅️ Main menu"), MAIN_MENU)]]))


@handler
async def cancel(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    context.user_data.pop("aspiration_kind", None)
    await respond(update, context._("Cancelled; nothing was changed."),
                  keyboard([[(context._("🎯 My career aspirations"), HOME), (context._("⬅️ Main menu"), MAIN_MENU)]]))
    return ConversationHandler.END


def register(application: Application) -> None:
    private = filters.ChatType.PRIVATE
    letters = "".join(KINDS)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*per_message=False", category=PTBUserWarning)
        application.add_handler(ConversationHandler(
            entry_points=[CallbackQueryHandler(ask_typed, pattern=rf"^{TYPE}([{letters}])$")],
            states={TYPING: [MessageHandler(filters.TEXT & ~filters.COMMAND & private, typed)]},
            fallbacks=[CommandHandler(["batal", "cancel"], cancel, filters=private),
                       CallbackQueryHandler(cancel, pattern=f"^{CANCEL}$")],
            allow_reentry=True, conversation_timeout=30 * 60, name="aspirations"))
    application.add_handler(CommandHandler(["aspirasi", "aspirations"], show_own, filters=private))
    application.add_handler(CallbackQueryHandler(show_own, pattern=f"^{HOME}$"))
    application.add_handler(CallbackQueryHandler(choose, pattern=rf"^{ADD}([{letters}])$"))
    application.add_handler(CallbackQueryHandler(picked, pattern=rf"^{PICK}([{letters}]):(\d{{1,2}})$"))
    application.add_handler(CallbackQueryHandler(choose_removal, pattern=f"^{REMOVING}$"))
    application.add_handler(CallbackQueryHandler(remove, pattern=rf"^{REMOVE}(\d{{1,9}})$"))
    application.add_handler(CallbackQueryHandler(show_of, pattern=rf"^{OF}(\d{{1,9}})$"))
