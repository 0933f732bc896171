"""/harilibur (Kepegawaian): the year's days off as the bot counts them (national holidays and cuti bersama
from the holidays package, plus Kepegawaian's corrections), and correcting them: add a day off, mark a
listed holiday as a working day, or go back to the national calendar for a date."""

from __future__ import annotations

from html import escape

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from bot.context import BotContext
from bot.i18n import Translator
from handlers.common import actor, keyboard, main_menu_button, respond
from handlers.screen import HR, conversation, screen
from storage import routes
from storage.local_time import leading_date
from storage.problems import N_, Problem
from storage.services.days_off import CalendarDay, forget_correction, set_day_off, year_calendar
from storage.uow import UnitOfWork

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


@screen(who=HR)
async def show_year(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    chosen = routes.DAYS_OFF.parse(update.callback_query.data)[0] if update.callback_query else 0
    await _show(update, context, uow, chosen or _this_year(context, uow))
    return ConversationHandler.END


async def _show(update: Update, context: BotContext, uow: UnitOfWork, year: int, note: str | None = None) -> None:
    _ = context._
    days = await year_calendar(uow, year)
    lines = [note, ""] if note else []
    lines.append(_("📅 <b>Days off {year}</b> (Monday to Friday; weekends are always off)", year=str(year)))
    lines += [_line(_, day) for day in days] or [_("No weekday off is known for this year.")]
    lines += ["", _("Reminders and every count of working days follow this list. Islamic holidays after this year "
                    "are estimates: correct them when the government decides.")]
    rows = [[(_(label), routes.DAYS_OFF_CHANGE.data(key))] for key, label in CHANGES.items()]
    rows.append([(f"◀️ {year - 1}", routes.DAYS_OFF.data(year - 1)), (f"{year + 1} ▶️", routes.DAYS_OFF.data(year + 1))])
    rows.append([main_menu_button(_)])
    await respond(update, "\n".join(lines), keyboard(rows))


def _line(_: Translator, day: CalendarDay) -> str:
    when, name = _.long_date(day.day), escape(day.name or "")
    if not day.day_off:
        return _("• {when}: working day (Kepegawaian) {name}", when=when, name=name)
    if day.by_kepegawaian:
        return _("• {when}: {name} (Kepegawaian)", when=when, name=name or _("day off"))
    return f"• {when}: {name}"


def _this_year(context: BotContext, uow: UnitOfWork) -> int:
    return uow.clock().astimezone(context.settings.timezone).year


@screen(who=HR)
async def ask_date(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    (change,) = routes.DAYS_OFF_CHANGE.parse(update.callback_query.data)
    context.user_data["day_off_change"] = change
    await respond(update, context._(PROMPTS[change]), keyboard([[_cancel(context._)]]))
    return TYPING


@screen(who=HR)
async def date_typed(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    change = context.user_data.get("day_off_change")
    try:
        day, note = leading_date(update.message.text, uow.clock().astimezone(context.settings.timezone).date())
        if change == "reset":
            if not await forget_correction(uow, day, actor=actor(update)):
                raise Problem(N_("There is no correction for {date}."), date=day)
            done = _("↩️ {date} follows the national calendar again.", date=day)
        else:
            await set_day_off(uow, day, change == "off", note or None, actor=actor(update))
            done = (_("✅ {date} is now a day off.", date=day) if change == "off"
                    else _("✅ {date} is now a working day.", date=day))
    except Problem as problem:  # stay in this step: "type it again"
        await respond(update, _("{problem}\nPlease type it again, or /batal to stop.",
                                problem=escape(_.problem(problem))), keyboard([[_cancel(_)]]))
        return TYPING
    context.user_data.pop("day_off_change", None)
    await _show(update, context, uow, day.year, note=done)
    return ConversationHandler.END


@screen(who=HR)
async def cancel(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    context.user_data.pop("day_off_change", None)
    await _show(update, context, uow, _this_year(context, uow))
    return ConversationHandler.END


def _cancel(_: Translator):
    return _("✖️ Cancel"), routes.DAYS_OFF_CANCEL.data()


def register(application: Application) -> None:
    private = filters.ChatType.PRIVATE
    application.add_handler(conversation(
        "days-off", minutes=15,
        entry_points=[CallbackQueryHandler(ask_date, pattern=routes.DAYS_OFF_CHANGE.pattern)],
        states={TYPING: [MessageHandler(filters.TEXT & ~filters.COMMAND & private, date_typed)]},
        fallbacks=[CommandHandler(["batal", "cancel"], cancel, filters=private),
                   CallbackQueryHandler(cancel, pattern=routes.DAYS_OFF_CANCEL.pattern)]))
    application.add_handler(CommandHandler(["harilibur", "daysoff"], show_year, filters=private))
    application.add_handler(CallbackQueryHandler(show_year, pattern=routes.DAYS_OFF.pattern))
