"""/harilibur (Kepegawaian): the year's days off as the bot counts them (national holidays and cuti bersama
from the holidays package, plus Kepegawaian's corrections), and correcting them: add a day off, mark a
listed holiday as a working day, or go back to the national calendar for a date."""

from __future__ import annotations

import warnings
from html import escape

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters
from telegram.warnings import PTBUserWarning

from bot.context import BotContext
from bot.i18n import Translator
from handlers.common import hr_handler, keyboard, respond
from handlers.menu import MAIN_MENU
from storage.local_time import parse_date
from storage.problems import N_, Problem
from storage.services.days_off import CalendarDay, forget_correction, set_day_off, year_calendar
from storage.uow import UnitOfWork

LIST = "cal:y:"     # + year
CHANGE = "cal:c:"   # + one of CHANGES
CANCEL = "cal:x"
TYPING = 0
CHANGES = {
    "off": N_("➕ Add a day off"),
    "work": N_("🏢 Mark as a working day"),
    "reset": N_("↩️ Back to the national calendar"),
}
PROMPTS = {
    "off": N_("Type the date of the day off and what it is, e.g. <code>16/03/2027 Cuti bersama Idulfitri</code>."),
    "work": N_("Type the date that is a working day after all, e.g. <code>09/03/2027</code>."),
    "reset": N_("Type the date whose correction should be removed, e.g. <code>16/03/2027</code>."),
}


@hr_handler
async def show_year(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    chosen = context.match.group(1) if context.matches else None
    year = int(chosen) if chosen else uow.clock().astimezone(context.settings.timezone).year
    await _show(update, context, uow, year)
    return ConversationHandler.END


async def _show(update: Update, context: BotContext, uow: UnitOfWork, year: int, note: str | None = None) -> None:
    _ = context._
    days = await year_calendar(uow, year)
    lines = [note, ""] if note else []
    lines.append(_("📅 <b>Days off {year}</b> (Monday to Friday; weekends are always off)", year=str(year)))
    lines += [_line(_, day) for day in days] or [_("No weekday off is known for this year.")]
    lines += ["", _("Reminders and every count of working days follow this list. Islamic holidays after this year "
                    "are estimates: correct them when the government decides.")]
    rows = [[(_(label), f"{CHANGE}{key}")] for key, label in CHANGES.items()]
    rows.append([(f"◀️ {year - 1}", f"{LIST}{year - 1}"),
                 (f"{year + 1} ▶️", f"{LIST}{year + 1}")])
    rows.append([(_("⬅️ Main menu"), MAIN_MENU)])
    await respond(update, "\n".join(lines), keyboard(rows))


def _line(_: Translator, day: CalendarDay) -> str:
    when = _.long_date(day.day)
    name = escape(day.name or "")
    if not day.day_off:
        return _("• {when}: working day (Kepegawaian) {name}", when=when, name=name)
    if day.by_kepegawaian:
        return _("• {when}: {name} (Kepegawaian)", when=when, name=name or _("day off"))
    return f"• {when}: {name}"


@hr_handler
async def ask_date(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    change = update.callback_query.data.removeprefix(CHANGE)
    if change not in CHANGES:
        await update.callback_query.answer(context._("This button is no longer valid."), show_alert=True)
        return ConversationHandler.END
    context.user_data["day_off_change"] = change
    await respond(update, context._(PROMPTS[change]), keyboard([[(context._("✖️ Cancel"), CANCEL)]]))
    return TYPING


@hr_handler
async def date_typed(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    change = context.user_data.get("day_off_change")
    raw_date, _space, note = update.message.text.strip().partition(" ")
    actor = f"telegram:{update.effective_user.id}"
    try:
        day = parse_date(raw_date)
        if change == "reset":
            if not await forget_correction(uow, day, actor=actor):
                raise Problem(N_("There is no correction for {date}."), date=day)
            done = _("↩️ {date} follows the national calendar again.", date=day)
        else:
            await set_day_off(uow, day, change == "off", note or None, actor=actor)
            done = (_("✅ {date} is now a day off.", date=day) if change == "off"
                    else _("✅ {date} is now a working day.", date=day))
    except Problem as problem:
        await respond(update, _("{problem}\nPlease type it again, or /batal to stop.",
                                problem=escape(_.problem(problem))), keyboard([[(_("✖️ Cancel"), CANCEL)]]))
        return TYPING
    context.user_data.pop("day_off_change", None)
    await _show(update, context, uow, day.year, note=done)
    return ConversationHandler.END


@hr_handler
async def cancel(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    context.user_data.pop("day_off_change", None)
    await _show(update, context, uow, uow.clock().astimezone(context.settings.timezone).year)
    return ConversationHandler.END


def register(application: Application) -> None:
    private = filters.ChatType.PRIVATE
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*per_message=False", category=PTBUserWarning)
        conversation = ConversationHandler(
            entry_points=[CallbackQueryHandler(ask_date, pattern=f"^{CHANGE}")],
            states={TYPING: [MessageHandler(filters.TEXT & ~filters.COMMAND & private, date_typed)]},
            fallbacks=[CommandHandler(["batal", "cancel"], cancel, filters=private),
                       CallbackQueryHandler(cancel, pattern=f"^{CANCEL}$")],
            allow_reentry=True, conversation_timeout=15 * 60, name="days-off")
    application.add_handler(conversation)
    application.add_handler(CommandHandler(["harilibur", "daysoff"], show_year, filters=private))
    application.add_handler(CallbackQueryHandler(show_year, pattern=rf"^{LIST}(\d{{4}})?$"))
