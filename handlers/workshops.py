"""/pelatihan: upcoming workshops (5 a page), the detail view, registering or joining the waitlist,
cancelling with confirmation, and the ``.ics`` calendar file."""

from __future__ import annotations

from html import escape

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, filters

from bot.context import BotContext
from handlers.common import keyboard, main_menu_button, number_in, pager, respond
from handlers.screen import screen
from handlers.workshop_common import (
    back_to_workshop,
    detail_text,
    heading,
    seats_text,
    state_label,
    summary_lines,
    title_button,
)
from storage import routes
from storage.models import EnrolmentState
from storage.services.calendar import workshop_calendar
from storage.services.paging import PAGE_SIZE
from storage.services.workshops import (
    Enrolled,
    WorkshopDetail,
    cancel_enrolment,
    enrol,
    upcoming_workshops,
    workshop_detail,
)
from storage.uow import UnitOfWork


@screen(read_only=True)
async def show_catalogue(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    page = await upcoming_workshops(uow, context.viewer.employee, number_in(context))
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
        rows.append([title_button(f"{index}.", card.workshop, routes.WORKSHOP.data(card.workshop.id, page.number))])
    rows.append(pager(_, page, routes.CATALOGUE))
    rows.append([(_("📚 My training and JP"), routes.MY_TRAINING.data())])
    if context.viewer.is_hr:
        rows.append([(_("🛠 Manage workshops (HR)"), routes.HR_WORKSHOPS.data(0))])
    rows.append([main_menu_button(_)])
    await respond(update, "\n".join(lines), keyboard([row for row in rows if row]))


def _back_to_list(_, context: BotContext) -> tuple[str, str]:
    return _("⬅️ Back to the list"), routes.CATALOGUE.data(number_in(context, 2))


@screen(read_only=True, back=_back_to_list)
async def show_detail(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    detail = await workshop_detail(uow, context.viewer.employee, number_in(context))
    await respond(update, _detail_text(context, detail), _detail_markup(context, detail,
                                                                        _back_to_list(context._, context)))


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
        rows.append([(label, routes.WORKSHOP_ENROL.data(workshop_id))])
    if detail.can_cancel:
        rows.append([(_("📅 Calendar file (.ics)"), routes.WORKSHOP_CALENDAR.data(workshop_id))])
        rows.append([(_("❌ Cancel my registration"), routes.WORKSHOP_CANCEL.data(workshop_id))])
    rows.append([back])
    rows.append([main_menu_button(_)])
    return keyboard(rows)


@screen(back=back_to_workshop)
async def register_pressed(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    workshop_id = number_in(context)
    result = await enrol(uow, context.viewer.employee, workshop_id, context.application.policies.training)
    await respond(update, _enrolled_text(context, result), keyboard([
        [(_("📅 Calendar file (.ics)"), routes.WORKSHOP_CALENDAR.data(workshop_id))],
        [(_("📚 My training and JP"), routes.MY_TRAINING.data())],
        [(_("⬅️ Back to the workshop"), routes.WORKSHOP.data(workshop_id)), main_menu_button(_)],
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


@screen(back=back_to_workshop)
async def ask_cancel(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    workshop_id = number_in(context)
    back = back_to_workshop(_, context)
    detail = await workshop_detail(uow, context.viewer.employee, workshop_id)
    if not detail.can_cancel:
        await respond(update, _detail_text(context, detail), _detail_markup(context, detail, back),
                      notice=_("There is nothing to cancel here any more."))
        return
    await respond(update, _("Cancel your place in {workshop} on {starts_at}? If you hold a seat, it goes to the "
                            "next person on the waitlist.", workshop=heading(detail.card.workshop),
                            starts_at=detail.card.workshop.starts_at),
                  keyboard([[(_("Yes, cancel it"), routes.WORKSHOP_CANCEL_CONFIRMED.data(workshop_id)),
                             (_("No, keep my place"), routes.WORKSHOP.data(workshop_id))]]))


@screen(back=back_to_workshop)
async def confirm_cancel(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    workshop_id = number_in(context)
    withdrawn = await cancel_enrolment(uow, context.viewer.employee, workshop_id)
    await respond(update, _("Your place in {workshop} is cancelled.", workshop=heading(withdrawn.workshop)),
                  keyboard([[(_("🎓 Other workshops"), routes.CATALOGUE.data(0))], [main_menu_button(_)]]))


@screen(back=back_to_workshop)
async def send_calendar(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    workshop_id = number_in(context)
    calendar = await workshop_calendar(uow, context.viewer.employee.id, workshop_id)
    await update.effective_message.reply_document(
        calendar.content, filename=calendar.filename,
        caption=_("📅 Open this file to add the workshop to your calendar."),
        reply_markup=keyboard([[back_to_workshop(_, context)], [main_menu_button(_)]]))
    await update.callback_query.answer()


def register(application: Application) -> None:
    private = filters.ChatType.PRIVATE
    application.add_handler(CommandHandler(["pelatihan", "workshops"], show_catalogue, filters=private))
    application.add_handler(CallbackQueryHandler(show_catalogue, pattern=routes.CATALOGUE.pattern))
    application.add_handler(CallbackQueryHandler(show_detail, pattern=routes.WORKSHOP.pattern))
    application.add_handler(CallbackQueryHandler(register_pressed, pattern=routes.WORKSHOP_ENROL.pattern))
    application.add_handler(CallbackQueryHandler(ask_cancel, pattern=routes.WORKSHOP_CANCEL.pattern))
    application.add_handler(CallbackQueryHandler(confirm_cancel, pattern=routes.WORKSHOP_CANCEL_CONFIRMED.pattern))
    application.add_handler(CallbackQueryHandler(send_calendar, pattern=routes.WORKSHOP_CALENDAR.pattern))
