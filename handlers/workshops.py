"""/pelatihan: upcoming workshops (5 a page), the detail view, registering or joining the waitlist,
cancelling with confirmation, and the ``.ics`` calendar file."""

from __future__ import annotations

from html import escape

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, filters

from bot.context import BotContext
from handlers.common import handler, keyboard, pager, respond
from handlers.menu import MAIN_MENU
from handlers.workshop_common import (
    callback_number,
    detail_text,
    heading,
    linked_only,
    refuse,
    seats_text,
    state_label,
    summary_lines,
    title_button,
)
from storage.models import EnrolmentState
from storage.problems import Problem
from storage.services.calendar import workshop_calendar
from storage.services.paging import PAGE_SIZE
from storage.services.waitlist import CATALOGUE, DETAIL
from storage.services.workshops import (
    Enrolled,
    WorkshopDetail,
    cancel_enrolment,
    enrol,
    upcoming_workshops,
    workshop_detail,
)
from storage.uow import UnitOfWork

LIST = "ws:l:"  # + page
ENROL = "ws:e:{id}"
CANCEL = "ws:c:{id}"
CANCEL_CONFIRMED = "ws:cy:{id}"
CALENDAR = "ws:i:{id}"
MINE = "ws:my"  # handlers.my_training
HR_LIST = "wsh:l:0"  # handlers.workshops_hr
ID = r"(\d{1,9})"


@handler(read_only=True)
@linked_only
async def show_catalogue(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    page = await upcoming_workshops(uow, context.viewer.employee, callback_number(context))
    if not page.items:
        lines = [_("<b>🎓 Training and workshops</b>"), "",
                 _("No workshops are open for registration for you right now. HR announces new ones here.")]
    else:
        lines = [_("<b>🎓 Training and workshops</b>"),
                 _("Open for registration (page {page} of {pages}):", page=page.number + 1, pages=page.count), ""]
    rows = []
    for index, card in enumerate(page.items, start=page.number * PAGE_SIZE + 1):
        mine = f" · ✔️ {state_label(_, card.mine)}" if card.mine else ""
        lines.append(f"{index}. {heading(card.workshop)}\n   {summary_lines(_, card.workshop)}\n"
                     f"   {seats_text(_, card.workshop, card.waitlisted)}{mine}")
        rows.append([title_button(f"{index}.", card.workshop, f"{DETAIL.format(id=card.workshop.id)}:{page.number}")])
    rows.append(pager(_, page, LIST))
    rows.append([(_("📚 My training and JP"), MINE)])
    if context.viewer.is_hr:
        rows.append([(_("🛠 Manage workshops (HR)"), HR_LIST)])
    rows.append([(_("⬅️ Main menu"), MAIN_MENU)])
    await respond(update, "\n".join(lines), keyboard([row for row in rows if row]))


@handler(read_only=True)
@linked_only
async def show_detail(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    back_to_list = (_("⬅️ Back to the list"), f"{LIST}{callback_number(context, 2)}")
    try:
        detail = await workshop_detail(uow, context.viewer.employee, callback_number(context))
    except Problem as problem:
        await refuse(update, context, problem, back_to_list)
        return
    await respond(update, _detail_text(context, detail), _detail_markup(context, detail, back_to_list))


def _detail_text(context: BotContext, detail: WorkshopDetail) -> str:
    _ = context._
    text = detail_text(_, detail.card.workshop, detail.card.waitlisted)
    if detail.card.mine is not None:
        text += "\n\n" + _("Your status: <b>{state}</b>", state=state_label(_, detail.card.mine))
    return text


def _detail_markup(context: BotContext, detail: WorkshopDetail, back: tuple[str, str]):
    _ = context._
    workshop_id = detail.card.workshop.id
    rows = []
    if detail.can_enrol:
        label = _("⏳ Join the waitlist") if detail.card.full else _("✅ Register")
        rows.append([(label, ENROL.format(id=workshop_id))])
    if detail.can_cancel:
        rows.append([(_("📅 Calendar file (.ics)"), CALENDAR.format(id=workshop_id))])
        rows.append([(_("❌ Cancel my registration"), CANCEL.format(id=workshop_id))])
    rows.append([back])
    rows.append([(_("⬅️ Main menu"), MAIN_MENU)])
    return keyboard(rows)


@handler
@linked_only
async def register_pressed(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    workshop_id = callback_number(context)
    try:
        result = await enrol(uow, context.viewer.employee, workshop_id, context.application.training_policy)
    except Problem as problem:
        await refuse(update, context, problem, (_("⬅️ Back to the workshop"), DETAIL.format(id=workshop_id)))
        return
    await respond(update, _enrolled_text(context, result), keyboard([
        [(_("📅 Calendar file (.ics)"), CALENDAR.format(id=workshop_id))],
        [(_("📚 My training and JP"), MINE)],
        [(_("⬅️ Back to the workshop"), DETAIL.format(id=workshop_id)), (_("⬅️ Main menu"), MAIN_MENU)],
    ]))


def _enrolled_text(context: BotContext, result: Enrolled) -> str:
    _ = context._
    workshop, enrolment = result.workshop, result.enrolment
    if result.already:
        return _("You are already signed up for {workshop}: {state}.", workshop=heading(workshop),
                 state=state_label(_, enrolment))
    when = _("📅 {starts_at}\n📍 {location}", starts_at=workshop.starts_at, location=escape(workshop.location))
    if enrolment.state == EnrolmentState.WAITLISTED:
        return _("⏳ {workshop} is full, so you are on the <b>waitlist as number {position}</b>.\n{when}\n\n"
                 "When a seat becomes free you move up automatically and we will tell you.",
                 workshop=heading(workshop), position=enrolment.waitlist_position, when=when)
    return _("✅ You are <b>registered</b> for {workshop}.\n{when}\n\n"
             "Add it to your calendar with the .ics file below.", workshop=heading(workshop), when=when)


@handler
@linked_only
async def ask_cancel(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    workshop_id = callback_number(context)
    back = (_("⬅️ Back to the workshop"), DETAIL.format(id=workshop_id))
    try:
        detail = await workshop_detail(uow, context.viewer.employee, workshop_id)
    except Problem as problem:
        await refuse(update, context, problem, back)
        return
    if not detail.can_cancel:
        await respond(update, _detail_text(context, detail), _detail_markup(context, detail, back),
                      notice=_("There is nothing to cancel here any more."))
        return
    await respond(update, _("Cancel your place in {workshop} on {starts_at}? If you hold a seat, it goes to the "
                            "next person on the waitlist.", workshop=heading(detail.card.workshop),
                            starts_at=detail.card.workshop.starts_at),
                  keyboard([[(_("Yes, cancel it"), CANCEL_CONFIRMED.format(id=workshop_id)),
                             (_("No, keep my place"), DETAIL.format(id=workshop_id))]]))


@handler
@linked_only
async def confirm_cancel(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    workshop_id = callback_number(context)
    try:
        withdrawn = await cancel_enrolment(uow, context.viewer.employee, workshop_id)
    except Problem as problem:
        await refuse(update, context, problem, (_("⬅️ Back to the workshop"), DETAIL.format(id=workshop_id)))
        return
    await respond(update, _("Your place in {workshop} is cancelled.", workshop=heading(withdrawn.workshop)),
                  keyboard([[(_("🎓 Other workshops"), CATALOGUE)], [(_("⬅️ Main menu"), MAIN_MENU)]]))


@handler
@linked_only
async def send_calendar(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    workshop_id = callback_number(context)
    try:
        calendar = await workshop_calendar(uow, context.viewer.employee.id, workshop_id)
    except Problem as problem:
        await refuse(update, context, problem, (_("⬅️ Back to the workshop"), DETAIL.format(id=workshop_id)))
        return
    await update.effective_message.reply_document(
        calendar.content, filename=calendar.filename,
        caption=_("📅 Open this file to add the workshop to your calendar."))
    await update.callback_query.answer()


def register(application: Application) -> None:
    private = filters.ChatType.PRIVATE
    application.add_handler(CommandHandler(["pelatihan", "workshops"], show_catalogue, filters=private))
    application.add_handler(CallbackQueryHandler(show_catalogue, pattern=r"^ws:l:(\d{1,4})$"))
    application.add_handler(CallbackQueryHandler(show_detail, pattern=rf"^ws:d:{ID}(?::(\d{{1,4}}))?$"))
    application.add_handler(CallbackQueryHandler(register_pressed, pattern=rf"^ws:e:{ID}$"))
    application.add_handler(CallbackQueryHandler(ask_cancel, pattern=rf"^ws:c:{ID}$"))
    application.add_handler(CallbackQueryHandler(confirm_cancel, pattern=rf"^ws:cy:{ID}$"))
    application.add_handler(CallbackQueryHandler(send_calendar, pattern=rf"^ws:i:{ID}$"))
