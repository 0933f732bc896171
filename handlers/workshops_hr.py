"""HR's workshop screens: the list with enrolment counts, the enrolment sheet (XLSX), closing registration
early, cancelling a workshop (with confirmation) and ticking who attended. The services check the HR role on
every press."""

from __future__ import annotations

from html import escape

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler

from bot.context import BotContext
from bot.i18n import Translator
from handlers.common import Button, keyboard, main_menu_button, number_in, pager, respond, send_sheet
from handlers.screen import HR, screen
from handlers.workshop_common import (
    STATUSES,
    back_to_hr_list,
    back_to_hr_workshop,
    detail_text,
    heading,
    summary_lines,
    title_button,
)
from storage import routes
from storage.models import EnrolmentState, WorkshopStatus
from storage.services.attendance import record_attendance, seated
from storage.services.paging import PAGE_SIZE, page_of
from storage.services.workshop_admin import (
    WorkshopSummary,
    cancel_workshop,
    close_registration,
    hr_workshop,
    hr_workshops,
)
from storage.services.workshop_reports import hr_roster
from storage.uow import UnitOfWork


def _to_catalogue(_: Translator, context: BotContext) -> Button:
    return _("🎓 Training & workshops"), routes.CATALOGUE.data(0)


def _counts(_: Translator, summary: WorkshopSummary) -> str:
    return _("{registered}/{capacity} registered · {waiting} waiting · {attended} attended",
             registered=summary.workshop.seats_taken, capacity=summary.workshop.capacity,
             waiting=summary.count(EnrolmentState.WAITLISTED), attended=summary.count(EnrolmentState.ATTENDED))


@screen(who=HR, back=_to_catalogue)
async def show_list(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    page = await hr_workshops(uow, context.viewer, number_in(context))
    lines = [_("<b>🛠 Workshops (HR)</b> · page {page} of {pages}", page=page.number + 1, pages=page.count), ""]
    if not page.items:
        lines.append(_("No upcoming or recent workshops. To add some, send the workshop spreadsheet here (template "
                       "under 📤 Spreadsheets)."))
    rows = []
    for index, summary in enumerate(page.items, start=page.number * PAGE_SIZE + 1):
        lines.append(f"{index}. {heading(summary.workshop)} · {_(STATUSES[summary.workshop.status])}\n"
                     f"   {summary_lines(_, summary.workshop)}\n   {_counts(_, summary)}")
        rows.append([title_button(f"{index}.", summary.workshop, routes.HR_WORKSHOP.data(summary.workshop.id))])
    rows.append(pager(_, page, routes.HR_WORKSHOPS))
    rows.append([(_("🎓 Training & workshops"), routes.CATALOGUE.data(0)), main_menu_button(_)])
    await respond(update, "\n".join(lines), keyboard([row for row in rows if row]))


@screen(who=HR, back=back_to_hr_list)
async def show_detail(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    summary = await hr_workshop(uow, context.viewer, number_in(context))
    workshop = summary.workshop
    rows = [[(_("📥 Enrolment list (XLSX)"), routes.HR_WORKSHOP_ROSTER.data(workshop.id))]]
    if workshop.status != WorkshopStatus.CANCELLED and context.application.clock() >= workshop.starts_at:
        rows.append([(_("✅ Record attendance"), routes.HR_ATTENDANCE.data(workshop.id, 0))])
    if workshop.status == WorkshopStatus.OPEN:
        rows.append([(_("🔒 Close registration now"), routes.HR_WORKSHOP_CLOSE.data(workshop.id))])
    if workshop.status != WorkshopStatus.CANCELLED and context.application.clock() < workshop.starts_at:
        rows.append([(_("🚫 Cancel the workshop"), routes.HR_WORKSHOP_CANCEL.data(workshop.id))])
    rows.append([(_("⬅️ Back to the list"), routes.HR_WORKSHOPS.data(0)), main_menu_button(_)])
    text = detail_text(_, workshop, summary.count(EnrolmentState.WAITLISTED)) + "\n\n" + _counts(_, summary)
    await respond(update, text, keyboard(rows))


@screen(who=HR, back=back_to_hr_workshop)
async def close_pressed(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    workshop_id = number_in(context)
    workshop = await close_registration(uow, context.viewer, workshop_id)
    await respond(update, _("🔒 Registration for {workshop} is closed. Whoever is registered or waiting keeps "
                            "their place.", workshop=heading(workshop)),
                  keyboard([[(_("⬅️ Back to the workshop"), routes.HR_WORKSHOP.data(workshop_id))],
                            [main_menu_button(_)]]))


@screen(who=HR, back=back_to_hr_list)
async def ask_cancel(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    workshop_id = number_in(context)
    summary = await hr_workshop(uow, context.viewer, workshop_id)
    affected = summary.count(EnrolmentState.REGISTERED) + summary.count(EnrolmentState.WAITLISTED)
    await respond(update, _.ngettext("Cancel {workshop} on {starts_at}? Every registration lapses and the {count} "
                                     "person registered or waiting is told.",
                                     "Cancel {workshop} on {starts_at}? Every registration lapses and all {count} "
                                     "people registered or waiting are told.", affected,
                                     workshop=heading(summary.workshop), starts_at=summary.workshop.starts_at),
                  keyboard([[(_("Yes, cancel the workshop"), routes.HR_WORKSHOP_CANCEL_CONFIRMED.data(workshop_id)),
                             (_("No, keep the workshop"), routes.HR_WORKSHOP.data(workshop_id))]]))


@screen(who=HR, back=back_to_hr_workshop)
async def confirm_cancel(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    workshop_id = number_in(context)
    cancelled = await cancel_workshop(uow, context.viewer, workshop_id)
    await respond(update, _.ngettext("🚫 {workshop} is cancelled. {count} person will be told.",
                                     "🚫 {workshop} is cancelled. {count} people will be told.", cancelled.notified,
                                     workshop=heading(cancelled.workshop)),
                  keyboard([[(_("⬅️ Back to the list"), routes.HR_WORKSHOPS.data(0))], [main_menu_button(_)]]))


@screen(who=HR, back=back_to_hr_list)
async def send_roster(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    workshop_id = number_in(context)
    roster = await hr_roster(uow, context.viewer, workshop_id)
    await send_sheet(update, uow, roster.sheet, filename=roster.filename, report="workshop_enrolments",
                     caption=_.ngettext("📥 {count} person. After the workshop, fill in the hadir column with ya or "
                                        "tidak and send the file back here to record attendance.",
                                        "📥 {count} people. After the workshop, fill in the hadir column with ya or "
                                        "tidak and send the file back here to record attendance.",
                                        len(roster.rows)),
                     markup=keyboard([[back_to_hr_workshop(_, context)], [main_menu_button(_)]]))


@screen(back=back_to_hr_workshop)
async def attendance(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    """Who holds a seat, ten at a time, each with ✅ (attended) and ❌ (absent); a press records it."""
    workshop_id, page = routes.HR_ATTENDANCE.parse(update.callback_query.data) or (None, 0)
    if workshop_id is None:  # a mark was pressed
        enrolment_id, present, page = routes.HR_ATTENDANCE_MARK.parse(update.callback_query.data)
        workshop_id = (await record_attendance(uow, context.viewer, enrolment_id, present == "y")).workshop_id
    await _attendance_page(update, context, uow, workshop_id, page)


async def _attendance_page(update: Update, context: BotContext, uow: UnitOfWork, workshop_id: int,
                           number: int) -> None:
    _ = context._
    workshop, seats = await seated(uow, context.viewer, workshop_id)
    shown = page_of(seats, number)
    marks = {EnrolmentState.ATTENDED: "✅", EnrolmentState.ABSENT: "❌", EnrolmentState.REGISTERED: "▫️"}
    lines = [_("<b>Attendance</b> · {workshop}", workshop=heading(workshop)),
             _("✅ attended · ❌ absent · ▫️ not recorded yet. Tap to record."), ""]
    rows = []
    for index, enrolment in enumerate(shown.items, start=shown.number * PAGE_SIZE + 1):
        lines.append(f"{index}. {marks[enrolment.state]} {escape(enrolment.employee.name)}")
        rows.append([(f"✅ {index}", routes.HR_ATTENDANCE_MARK.data(enrolment.id, "y", shown.number)),
                     (f"❌ {index}", routes.HR_ATTENDANCE_MARK.data(enrolment.id, "n", shown.number))])
    rows.append(pager(_, shown, routes.HR_ATTENDANCE, workshop_id))
    rows.append([(_("⬅️ Back to the workshop"), routes.HR_WORKSHOP.data(workshop_id)), main_menu_button(_)])
    await respond(update, "\n".join(lines), keyboard([row for row in rows if row]))


def register(application: Application) -> None:
    application.add_handler(CallbackQueryHandler(show_list, pattern=routes.HR_WORKSHOPS.pattern))
    application.add_handler(CallbackQueryHandler(show_detail, pattern=routes.HR_WORKSHOP.pattern))
    application.add_handler(CallbackQueryHandler(close_pressed, pattern=routes.HR_WORKSHOP_CLOSE.pattern))
    application.add_handler(CallbackQueryHandler(ask_cancel, pattern=routes.HR_WORKSHOP_CANCEL.pattern))
    application.add_handler(CallbackQueryHandler(confirm_cancel, pattern=routes.HR_WORKSHOP_CANCEL_CONFIRMED.pattern))
    application.add_handler(CallbackQueryHandler(send_roster, pattern=routes.HR_WORKSHOP_ROSTER.pattern))
    for route in (routes.HR_ATTENDANCE, routes.HR_ATTENDANCE_MARK):
        application.add_handler(CallbackQueryHandler(attendance, pattern=route.pattern))
