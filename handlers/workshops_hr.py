"""HR's workshop screens: the list with enrolment counts, the enrolment sheet (XLSX), closing registration
early and cancelling a workshop (with confirmation). The services check the HR role on every press."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler

from bot.context import BotContext
from bot.i18n import Translator
from handlers.common import handler, keyboard, pager, respond
from handlers.menu import MAIN_MENU
from handlers.workshop_common import (
    STATUSES,
    callback_number,
    detail_text,
    heading,
    linked_only,
    refuse,
    summary_lines,
    title_button,
)
from handlers.workshops import HR_LIST
from storage.models import EnrolmentState, WorkshopStatus
from storage.problems import Problem
from storage.services.paging import PAGE_SIZE
from storage.services.waitlist import CATALOGUE
from storage.services.workshop_admin import (
    WorkshopSummary,
    cancel_workshop,
    close_registration,
    hr_workshop,
    hr_workshops,
)
from storage.services.workshop_reports import hr_roster
from storage.uow import UnitOfWork

LIST = "wsh:l:"  # + page
DETAIL = "wsh:d:{id}"
CLOSE = "wsh:cl:{id}"
CANCEL = "wsh:x:{id}"
CANCEL_CONFIRMED = "wsh:xy:{id}"
ROSTER = "wsh:r:{id}"
ID = r"(\d{1,9})"


def _counts(_: Translator, summary: WorkshopSummary) -> str:
    return _("{registered}/{capacity} registered · {waiting} waiting · {attended} attended",
             registered=summary.workshop.seats_taken, capacity=summary.workshop.capacity,
             waiting=summary.count(EnrolmentState.WAITLISTED), attended=summary.count(EnrolmentState.ATTENDED))


@handler
@linked_only
async def show_list(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    try:
        page = await hr_workshops(uow, context.viewer, callback_number(context))
    except Problem as problem:
        await refuse(update, context, problem, (_("🎓 Training & workshops"), CATALOGUE))
        return
    lines = [_("<b>🛠 Workshops (HR)</b> · page {page} of {pages}", page=page.number + 1, pages=page.count), ""]
    if not page.items:
        lines.append(_("No upcoming or recent workshops. Import them with: asnbot import workshops FILE"))
    rows = []
    for index, summary in enumerate(page.items, start=page.number * PAGE_SIZE + 1):
        lines.append(f"{index}. {heading(summary.workshop)} · {_(STATUSES[summary.workshop.status])}\n"
                     f"   {summary_lines(_, summary.workshop)}\n   {_counts(_, summary)}")
        rows.append([title_button(f"{index}.", summary.workshop, DETAIL.format(id=summary.workshop.id))])
    rows.append(pager(_, page, LIST))
    rows.append([(_("🎓 Training & workshops"), CATALOGUE), (_("⬅️ Main menu"), MAIN_MENU)])
    await respond(update, "\n".join(lines), keyboard([row for row in rows if row]))


@handler
@linked_only
async def show_detail(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    try:
        summary = await hr_workshop(uow, context.viewer, callback_number(context))
    except Problem as problem:
        await refuse(update, context, problem, (_("⬅️ Back to the list"), HR_LIST))
        return
    workshop = summary.workshop
    rows = [[(_("📥 Enrolment list (XLSX)"), ROSTER.format(id=workshop.id))]]
    if workshop.status == WorkshopStatus.OPEN:
        rows.append([(_("🔒 Close registration now"), CLOSE.format(id=workshop.id))])
    if workshop.status != WorkshopStatus.CANCELLED and context.application.clock() < workshop.starts_at:
        rows.append([(_("🚫 Cancel the workshop"), CANCEL.format(id=workshop.id))])
    rows.append([(_("⬅️ Back to the list"), HR_LIST), (_("⬅️ Main menu"), MAIN_MENU)])
    text = detail_text(_, workshop, summary.count(EnrolmentState.WAITLISTED)) + "\n\n" + _counts(_, summary)
    await respond(update, text, keyboard(rows))


@handler
@linked_only
async def close_pressed(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    workshop_id = callback_number(context)
    try:
        workshop = await close_registration(uow, context.viewer, workshop_id)
    except Problem as problem:
        await refuse(update, context, problem, (_("⬅️ Back to the workshop"), DETAIL.format(id=workshop_id)))
        return
    await respond(update, _("🔒 Registration for {workshop} is closed. Whoever is registered or waiting keeps "
                            "their place.", workshop=heading(workshop)),
                  keyboard([[(_("⬅️ Back to the workshop"), DETAIL.format(id=workshop_id))],
                            [(_("⬅️ Main menu"), MAIN_MENU)]]))


@handler
@linked_only
async def ask_cancel(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    workshop_id = callback_number(context)
    try:
        summary = await hr_workshop(uow, context.viewer, workshop_id)
    except Problem as problem:
        await refuse(update, context, problem, (_("⬅️ Back to the list"), HR_LIST))
        return
    affected = summary.count(EnrolmentState.REGISTERED) + summary.count(EnrolmentState.WAITLISTED)
    await respond(update, _("Cancel {workshop} on {starts_at}? Every registration lapses and all {count} people "
                            "registered or waiting are told.", workshop=heading(summary.workshop),
                            starts_at=summary.workshop.starts_at, count=affected),
                  keyboard([[(_("Yes, cancel the workshop"), CANCEL_CONFIRMED.format(id=workshop_id)),
                             (_("No, keep the workshop"), DETAIL.format(id=workshop_id))]]))


@handler
@linked_only
async def confirm_cancel(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    workshop_id = callback_number(context)
    try:
        cancelled = await cancel_workshop(uow, context.viewer, workshop_id)
    except Problem as problem:
        await refuse(update, context, problem, (_("⬅️ Back to the workshop"), DETAIL.format(id=workshop_id)))
        return
    await respond(update, _("🚫 {workshop} is cancelled. {count} people will be told.",
                            workshop=heading(cancelled.workshop), count=cancelled.notified),
                  keyboard([[(_("⬅️ Back to the list"), HR_LIST)], [(_("⬅️ Main menu"), MAIN_MENU)]]))


@handler
@linked_only
async def send_roster(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    workshop_id = callback_number(context)
    try:
        roster = await hr_roster(uow, context.viewer, workshop_id)
    except Problem as problem:
        await refuse(update, context, problem, (_("⬅️ Back to the list"), HR_LIST))
        return
    await update.effective_message.reply_document(
        roster.sheet.xlsx(), filename=roster.filename,
        caption=_("📥 {count} people. Fill in the hadir column with ya or tidak after the workshop and import the "
                  "file: asnbot import attendance FILE", count=len(roster.rows)))
    await update.callback_query.answer()


def register(application: Application) -> None:
    application.add_handler(CallbackQueryHandler(show_list, pattern=r"^wsh:l:(\d{1,4})$"))
    application.add_handler(CallbackQueryHandler(show_detail, pattern=rf"^wsh:d:{ID}$"))
    application.add_handler(CallbackQueryHandler(close_pressed, pattern=rf"^wsh:cl:{ID}$"))
    application.add_handler(CallbackQueryHandler(ask_cancel, pattern=rf"^wsh:x:{ID}$"))
    application.add_handler(CallbackQueryHandler(confirm_cancel, pattern=rf"^wsh:xy:{ID}$"))
    application.add_handler(CallbackQueryHandler(send_roster, pattern=rf"^wsh:r:{ID}$"))
