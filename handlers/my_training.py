"""/pelatihansaya: my workshops and my JP this year as a progress bar, with what would close the gap."""

from __future__ import annotations

from html import escape

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, filters

from bot.context import BotContext
from bot.i18n import Translator
from handlers.common import Button, keyboard, main_menu_button, respond
from handlers.screen import screen
from handlers.workshop_common import heading, state_label, summary_lines, title_button
from storage import routes
from storage.models import ACTIVE_STATES, EnrolmentState
from storage.services.my_training import MyTraining, my_training
from storage.services.training_hours import JpProgress
from storage.uow import UnitOfWork

BAR_WIDTH = 10


def progress_bar(done: int, goal: int, width: int = BAR_WIDTH) -> str:
    """``▰▰▰▰▰▰▱▱▱▱`` for 12 of 20."""
    filled = min(width, done * width // goal) if goal else width
    return "▰" * filled + "▱" * (width - filled)


@screen(read_only=True)
async def show_my_training(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    mine = await my_training(uow, context.viewer.employee, context.application.policies.training)
    text = "\n".join([_("<b>📚 My training {year}</b>", year=str(mine.progress.year)), "",
                      *_progress_lines(_, mine.progress), *_suggestion_lines(_, mine), *_enrolment_lines(_, mine),
                      *_credit_lines(_, mine)])
    await respond(update, text, keyboard(_buttons(_, mine)))


def _progress_lines(_: Translator, progress: JpProgress) -> list[str]:
    percent = min(progress.total * 100 // progress.goal, 100)
    lines = [_("JP this year: <b>{total}/{goal} JP</b>", total=progress.total, goal=progress.goal),
             f"{progress_bar(progress.total, progress.goal)} {percent}%"]
    if progress.contract_year:
        lines[0] = _("JP this contract year: <b>{total}/{goal} JP</b>", total=progress.total, goal=progress.goal)
        lines.append(_("As a PPPK you may take at most {goal} JP a year of contract (this one runs {start} to "
                       "{last}); {room} JP are still free after what you are registered for.", goal=progress.goal,
                       start=progress.contract_year.start, last=progress.contract_year.last_day, room=progress.room))
    elif progress.is_ceiling:
        lines.append(_("As a PPPK you may take at most {goal} JP a year; {room} JP are still free after what you "
                       "are registered for.", goal=progress.goal, room=progress.room))
    elif progress.shortfall:
        lines.append(_("⚠️ <b>{shortfall} JP short</b> of the minimum of {goal} JP a year.",
                       shortfall=progress.shortfall, goal=progress.goal))
    else:
        lines.append(_("✅ You have reached the minimum of {goal} JP this year.", goal=progress.goal))
    if progress.planned:
        lines.append(_("Registered, counted once attendance is recorded: {planned} JP.", planned=progress.planned))
    return lines


def _suggestion_lines(_: Translator, mine: MyTraining) -> list[str]:
    if mine.progress.uncovered and not mine.suggestions:
        return ["", _("No open workshop can close the gap right now; ask HR or look for training elsewhere.")]
    if not mine.suggestions:
        return []
    lines = ["", _("<b>Open workshops towards the remaining {missing} JP</b>:", missing=mine.progress.uncovered)]
    lines += [f"• {heading(workshop)}\n  {summary_lines(_, workshop, '  ')}" for workshop in mine.suggestions]
    return lines


def _enrolment_lines(_: Translator, mine: MyTraining) -> list[str]:
    if not mine.enrolments:
        return ["", _("You have not signed up for any workshop this year yet.")]
    lines = ["", _("<b>My workshops</b>")]
    for enrolment in mine.enrolments:
        workshop = enrolment.workshop
        jp = f" · {_.number(workshop.jp)} JP" if enrolment.state == EnrolmentState.ATTENDED and workshop.jp else ""
        lines.append(f"• {heading(workshop)}\n  📅 {_.datetime(workshop.starts_at)} · {state_label(_, enrolment)}{jp}")
    return lines


def _credit_lines(_: Translator, mine: MyTraining) -> list[str]:
    if not mine.credits:
        return []
    lines = ["", _("<b>JP from elsewhere</b> (recorded by HR)")]
    lines += [f"• {_.date(credit.day)} · {escape(credit.description)} · {_.number(credit.jp)} JP"
              for credit in mine.credits]
    return lines


def _buttons(_: Translator, mine: MyTraining) -> list[list[Button]]:
    upcoming = [enrolment.workshop for enrolment in mine.enrolments if enrolment.state in ACTIVE_STATES]
    rows = [[title_button("📋", workshop, routes.WORKSHOP.data(workshop.id))] for workshop in upcoming]
    rows += [[title_button("➕", workshop, routes.WORKSHOP.data(workshop.id))] for workshop in mine.suggestions]
    rows.append([(_("🎓 Training & workshops"), routes.CATALOGUE.data(0))])
    rows.append([main_menu_button(_)])
    return rows


def register(application: Application) -> None:
    private = filters.ChatType.PRIVATE
    application.add_handler(CommandHandler(["pelatihansaya", "pelatihanku", "mytraining"], show_my_training,
                                           filters=private))
    application.add_handler(CallbackQueryHandler(show_my_training, pattern=routes.MY_TRAINING.pattern))
