"""/aspirasi: an employee's career aspirations (units and kinds of post to rotate to, training topics),
changed any time, with who can read them; someone else's, for their superiors' chain and Kepegawaian."""

from __future__ import annotations

from html import escape

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from bot.career_plan import aspiration_value
from bot.context import BotContext
from bot.i18n import Translator
from handlers.common import Button, actor, keyboard, main_menu_button, number_in, respond
from handlers.screen import conversation, screen
from storage import routes
from storage.models import AspirationKind
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


def _kind(context: BotContext) -> AspirationKind:
    return KINDS[context.match.group(1)]


def _cancel_row(_: Translator) -> list[Button]:
    return [(_("✖️ Cancel"), routes.ASPIRATION_CANCEL.data())]


@screen
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
    rows: list[list[Button]] = [[(_(ADD_LABELS[kind]), routes.ASPIRATION_ADD.data(LETTER[kind]))
                                 for kind in AspirationKind]]
    if not mine.empty:
        rows.append([(_("🗑 Remove one"), routes.ASPIRATION_REMOVING.data())])
    rows.append([(_("🧭 My career"), routes.CAREER.data()), main_menu_button(_)])
    await respond(update, "\n".join(lines), keyboard(rows))


@screen
async def choose(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    kind = _kind(context)
    listed = (await choices(uow, kind))[:CHOICES_SHOWN]
    context.user_data["aspiration_choices"] = {"kind": kind.value, "values": listed}
    rows = [[(aspiration_value(_, kind, value)[:60], routes.ASPIRATION_PICK.data(LETTER[kind], index))]
            for index, value in enumerate(listed)]
    rows += [[(_("✍️ Type it myself"), routes.ASPIRATION_TYPE.data(LETTER[kind]))],
             [(_("⬅️ Back"), routes.ASPIRATIONS.data())]]
    prompt = _("Choose from the list, or type it yourself:") if listed else _("Type it yourself:")
    await respond(update, f"<b>{_(TITLES[kind])}</b>\n{prompt}", keyboard(rows))


@screen
async def picked(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    kind, index = _kind(context), number_in(context, 2)
    shown = context.user_data.get("aspiration_choices") or {}
    values = shown.get("values", []) if shown.get("kind") == kind.value else []
    if index >= len(values):
        raise Problem(N_("This button is no longer valid."))
    await _added(update, context, uow, kind, values[index], from_list=True)


@screen
async def ask_typed(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    kind = _kind(context)
    context.user_data["aspiration_kind"] = kind.value
    await respond(update, _("<b>{title}</b>\nType it in one message (at most {maximum} characters), or /batal to "
                            "stop.", title=_(TITLES[kind]), maximum=MAX_VALUE), keyboard([_cancel_row(_)]))
    return TYPING


@screen
async def typed(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    kind = AspirationKind(context.user_data.get("aspiration_kind", AspirationKind.TOPIC.value))
    try:
        await _added(update, context, uow, kind, update.message.text, from_list=False)
    except Problem as problem:  # stay in the step: type it again
        await respond(update, _("{problem}\nPlease type it again, or /batal to stop.",
                                problem=escape(_.problem(problem))), keyboard([_cancel_row(_)]))
        return TYPING
    context.user_data.pop("aspiration_kind", None)
    return ConversationHandler.END


async def _added(update: Update, context: BotContext, uow: UnitOfWork, kind: AspirationKind, value: str, *,
                 from_list: bool) -> None:
    _ = context._
    new = await add_aspiration(uow, context.viewer.employee, kind, value, from_list=from_list)
    await _show_own(update, context, uow, _("✅ Saved.") if new else _("This was already among your aspirations."))


@screen
async def choose_removal(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    mine = await own_aspirations(uow, context.viewer.employee)
    rows = [[(f"🗑 {aspiration_value(_, kind, item.value)}"[:60], routes.ASPIRATION_REMOVE.data(item.id))]
            for kind in AspirationKind for item in mine.of(kind)]
    await respond(update, _("Which one should be removed?"),
                  keyboard([*rows, [(_("⬅️ Back"), routes.ASPIRATIONS.data())]]))


@screen
async def remove(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    await remove_aspiration(uow, context.viewer.employee, number_in(context))
    await _show_own(update, context, uow, context._("🗑 Removed."))


@screen
async def show_of(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    """Someone's aspirations, for their superiors' chain and Kepegawaian (the service refuses anyone else)."""
    _ = context._
    found = await aspirations_of(uow, context.viewer.employee, number_in(context), actor=actor(update))
    lines = [_("🎯 <b>Career aspirations of {name}</b>", name=escape(found.employee.name)), "", *render(_, found)]
    await respond(update, "\n".join(lines), keyboard([[main_menu_button(_)]]))


@screen
async def cancel(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    context.user_data.pop("aspiration_kind", None)
    await respond(update, _("Cancelled; nothing was changed."),
                  keyboard([[(_("🎯 My career aspirations"), routes.ASPIRATIONS.data()), main_menu_button(_)]]))
    return ConversationHandler.END


def register(application: Application) -> None:
    private = filters.ChatType.PRIVATE
    application.add_handler(conversation(
        "aspirations", minutes=30,
        entry_points=[CallbackQueryHandler(ask_typed, pattern=routes.ASPIRATION_TYPE.pattern)],
        states={TYPING: [MessageHandler(filters.TEXT & ~filters.COMMAND & private, typed)]},
        fallbacks=[CommandHandler(["batal", "cancel"], cancel, filters=private),
                   CallbackQueryHandler(cancel, pattern=routes.ASPIRATION_CANCEL.pattern)]))
    application.add_handler(CommandHandler(["aspirasi", "aspirations"], show_own, filters=private))
    application.add_handler(CallbackQueryHandler(show_own, pattern=routes.ASPIRATIONS.pattern))
    application.add_handler(CallbackQueryHandler(choose, pattern=routes.ASPIRATION_ADD.pattern))
    application.add_handler(CallbackQueryHandler(picked, pattern=routes.ASPIRATION_PICK.pattern))
    application.add_handler(CallbackQueryHandler(choose_removal, pattern=routes.ASPIRATION_REMOVING.pattern))
    application.add_handler(CallbackQueryHandler(remove, pattern=routes.ASPIRATION_REMOVE.pattern))
    application.add_handler(CallbackQueryHandler(show_of, pattern=routes.ASPIRATIONS_OF.pattern))
