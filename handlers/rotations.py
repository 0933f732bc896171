"""Rotation notices: /rotasi for the employee (read, confirm), and for HR the list of who has not
confirmed, reminders, who is long in post, and publishing a notice step by step (checked and warned about by
the same rules as the import, before HR confirms)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from html import escape

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from bot.context import BotContext
from bot.i18n import Translator
from handlers.common import acknowledge_button, actor, keyboard, main_menu_button, number_in, pager, respond
from handlers.screen import HR, conversation, screen
from storage import routes
from storage.local_time import parse_date, parse_local_datetime
from storage.models import Employee, Rotation
from storage.problems import N_, Problem
from storage.rendered import years
from storage.services import rotations
from storage.services.audience import known_units
from storage.services.employees import find_employees
from storage.services.paging import page_of
from storage.services.rotations import RotationOrder
from storage.uow import UnitOfWork

PAGE_SIZE = 8
FIELD, CONFIRM = range(2)
PERSON_STEPS = ("nip", "new_superior_nip")  # answered with a NIP or a name, chosen among matches


def render_notice(rotation: Rotation, _: Translator) -> str:
    template, params = rotations.notice_message(rotation)
    text = _.html(template, **params)
    if rotation.acknowledged_at:
        text += "\n\n" + _("✔️ You confirmed reading this on {when}.", when=rotation.acknowledged_at)
    return text


# --- employee ----------------------------------------------------------------------------------------------

@screen
async def my_notices(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    notices = await rotations.notices_of(uow, context.viewer.employee)
    if not notices:
        await respond(update, _("You have no rotation notices."), keyboard([[main_menu_button(_)]]))
        return
    await _show(update, context, notices[0], others=notices[1:])


@screen
async def show_notice(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    rotation_id = number_in(context)
    notices = await rotations.notices_of(uow, context.viewer.employee)
    chosen = next((notice for notice in notices if notice.id == rotation_id), None)
    if chosen is None:
        raise Problem(N_("This rotation notice is not yours."))
    await _show(update, context, chosen, others=[notice for notice in notices if notice is not chosen])


async def _show(update: Update, context: BotContext, rotation: Rotation, others: list[Rotation]) -> None:
    _ = context._
    rows = [] if rotation.acknowledged_at else [[(_("✅ I have read this"), routes.ROTATION_READ.data(rotation.id))]]
    rows += [[(_("📋 SK {sk_number} · TMT {date}", sk_number=other.sk_number, date=other.effective_date),
               routes.ROTATION.data(other.id))] for other in others]
    rows.append([main_menu_button(_)])
    await respond(update, render_notice(rotation, _), keyboard(rows))


@screen
async def acknowledge(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    employee = context.viewer.employee
    rotation_id = await acknowledge_button(
        update, context, lambda item: rotations.acknowledge(uow, item, employee, actor=actor(update)))
    notice = next(notice for notice in await rotations.notices_of(uow, employee) if notice.id == rotation_id)
    with suppress(BadRequest):  # too old to edit: the confirmation is recorded all the same
        await update.callback_query.edit_message_text(render_notice(notice, _),
                                                      reply_markup=keyboard([[main_menu_button(_)]]))


# --- HR: who has read, reminders ---------------------------------------------------------------------------

@screen(who=HR)
async def hr_list(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    page = number_in(context)
    notices = await rotations.all_notices(uow)
    unread = sum(1 for notice in notices if not notice.acknowledged_at)
    shown = page_of(notices, page, PAGE_SIZE)
    lines = [_("<b>Rotation notices</b>: {count}, not yet confirmed: {unread}.", count=len(notices), unread=unread)]
    rows = []
    for notice in shown.items:
        mark = "✅" if notice.acknowledged_at else "⏳"
        lines.append(mark + " " + _.html("{name} → {position}, {unit} (TMT {date})", name=notice.employee.name,
                                         position=notice.new_position, unit=notice.new_unit,
                                         date=notice.effective_date))
        if not notice.acknowledged_at:
            rows.append([(_("🔔 Remind {name}", name=notice.employee.name[:30]),
                          routes.HR_ROTATION_REMIND.data(notice.id))])
    navigation = pager(_, shown, routes.HR_ROTATIONS)
    rows += [navigation] if navigation else []
    rows += [[(_("➕ Publish a rotation"), routes.HR_ROTATION_NEW.data())],
             [(_("⏱ Long in post"), routes.HR_ROTATION_LONG.data(0))], [main_menu_button(_)]]
    await respond(update, "\n".join(lines), keyboard(rows))


@screen(who=HR, read_only=True)
async def hr_long_in_post(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    """Who is at or beyond the maximum time in post (ROTATION_MAX_YEARS_IN_POST), with the SK already moving
    them; the whole list as a spreadsheet."""
    _ = context._
    today = context.application.clock().astimezone(context.settings.timezone).date()
    found = await rotations.long_in_post(uow, today, context.application.policies.career)
    shown = page_of(found, number_in(context), PAGE_SIZE)
    lines = [_.ngettext("<b>At or beyond {maximum} in post</b>: {count} person.",
                        "<b>At or beyond {maximum} in post</b>: {count} people.", len(found),
                        maximum=years(context.settings.rotation_max_years))]
    for item in shown.items:
        line = _.html("• {name}, {position}, {unit}: since {since} ({years})", name=item.employee.name,
                      position=item.employee.position or "—", unit=item.employee.unit or "—",
                      since=item.tenure.since, years=years(item.tenure.length.years))
        if item.pending:
            line += _.html("; SK {sk_number}, TMT {date}", sk_number=item.pending.sk_number,
                           date=item.pending.effective_date)
        lines.append(line)
    rows = [navigation] if (navigation := pager(_, shown, routes.HR_ROTATION_LONG)) else []
    rows += [[(_("📊 As a spreadsheet"), routes.HR_REPORT.data("long_in_post"))] if found else [],
             [(_("🗂 Rotation notices"), routes.HR_ROTATIONS.data(0))], [main_menu_button(_)]]
    await respond(update, "\n".join(lines), keyboard([row for row in rows if row]))


@screen(who=HR)
async def hr_remind(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    rotation = await rotations.remind(uow, number_in(context), actor=actor(update))
    await update.callback_query.answer(_("Reminder queued for {name}.", name=rotation.employee.name),
                                       show_alert=True)


# --- HR: publishing a notice step by step ------------------------------------------------------------------

@dataclass(frozen=True)
class Step:
    name: str
    question: str  # msgid
    parse: Callable[[str, BotContext], object]
    optional: bool = False


def _text(raw: str, context: BotContext) -> str:
    text = " ".join(raw.split())
    if not text or len(text) > 200:
        raise Problem(N_("Please type between 1 and 200 characters."))
    return text


STEPS = (
    Step("nip", N_("Whose rotation? Type the employee's NIP or name."), lambda raw, context: raw),
    Step("new_position", N_("New post (jabatan baru)?"), _text),
    Step("new_unit", N_("New unit (unit kerja baru)?"), _text),
    Step("new_superior_nip", N_("New direct superior (atasan langsung) from the TMT? Type their NIP or name, or "
                                "skip to keep the current one."), lambda raw, context: raw, optional=True),
    Step("sk_number", N_("SK number?"), _text),
    Step("sk_date", N_("SK date? (e.g. 20/11/2026)"), lambda raw, context: parse_date(raw)),
    Step("effective_date", N_("TMT, the date it takes effect? (e.g. 01/12/2026)"),
         lambda raw, context: parse_date(raw)),
    Step("inauguration_at", N_("Pelantikan date and time in WIB? (e.g. 01/12/2026 09.00)"),
         lambda raw, context: parse_local_datetime(raw, context.settings.timezone), optional=True),
    Step("inauguration_place", N_("Pelantikan place?"), _text, optional=True),
    Step("note", N_("A note for the employee?"), _text, optional=True),
)


@screen(who=HR)
async def hr_new(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    context.user_data["rotation_draft"] = {}
    context.user_data["rotation_units"] = await known_units(uow)
    return await _ask(update, context, 0)


async def _ask(update: Update, context: BotContext, index: int, done: str = "") -> int:
    """Step ``index``'s question (after ``done``, what the previous answer was taken as), with a way back to
    the previous step; the unit step offers the units the office has, and typing another still works."""
    _ = context._
    step = STEPS[index]
    context.user_data["rotation_step"] = index
    rows = []
    if step.name == "new_unit":
        units = context.user_data.get("rotation_units", [])
        rows += [[(unit[:60], routes.HR_ROTATION_UNIT.data(number))] for number, unit in enumerate(units)]
    if step.optional:
        rows.append([(_("⏭ Skip"), routes.HR_ROTATION_SKIP.data())])
    rows.append(([(_("⬅️ Previous step"), routes.HR_ROTATION_BACK.data())] if index else [])
                + [(_("✖️ Cancel"), routes.HR_ROTATION_CANCEL.data())])
    question = _("Step {step} of {steps}: ", step=index + 1, steps=len(STEPS)) + _(step.question)
    if step.name == "new_unit":
        question += "\n" + _("Choose a unit below, or type another.")
    await respond(update, "\n\n".join(filter(None, (done, question))), keyboard(rows))
    return FIELD


@screen(who=HR)
async def hr_field(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    index = context.user_data.get("rotation_step", 0)
    step = STEPS[index]
    if update.callback_query:  # "skip", offered only for optional steps
        value = None
    else:
        try:
            value = step.parse(update.message.text, context)
            _check_dates(context, step.name, value)
        except Problem as problem:
            await respond(update, escape(_.problem(problem)), _step_markup(context, index))
            return FIELD
    if step.name in PERSON_STEPS and value is not None:
        return await _choose_person(update, context, uow, value)
    return await _answered(update, context, uow, step.name, value)


def _check_dates(context: BotContext, name: str, value: object) -> None:
    """Refuse an answer that puts the dates out of order, by the rule the import applies
    (:func:`storage.services.rotations.date_problems`)."""
    if refused := rotations.date_problems({**context.user_data["rotation_draft"], name: value},
                                          context.settings.timezone):
        raise refused[0].problem


async def _answered(update: Update, context: BotContext, uow: UnitOfWork, name: str, value: object,
                    done: str = "") -> int:
    """Keep the answer to the current step and go on to the next one, or to the summary after the last."""
    index = context.user_data.get("rotation_step", 0)
    context.user_data["rotation_draft"][name] = value
    if index + 1 < len(STEPS):
        return await _ask(update, context, index + 1, done)
    return await _summary(update, context, uow)


async def _choose_person(update: Update, context: BotContext, uow: UnitOfWork, typed: str) -> int:
    """The employee's step and the new superior's take a NIP or a name: one match goes on (named at once),
    several are offered as buttons, none is said so with the way back."""
    _ = context._
    index = context.user_data.get("rotation_step", 0)
    found = await find_employees(uow, typed)
    if len(found) == 1:
        return await _person_chosen(update, context, uow, found[0])
    if not found:
        await respond(update, _("Nobody found for “{query}”. Type the NIP or another part of the name.",
                                query=escape(typed[:100])), _step_markup(context, index))
        return FIELD
    rows = [[(f"{employee.name} · {employee.unit or '—'}"[:60], routes.HR_ROTATION_PERSON.data(employee.id))]
            for employee in found]
    await respond(update, _("Several employees match; choose one:"),
                  keyboard([*rows, [(_("✖️ Cancel"), routes.HR_ROTATION_CANCEL.data())]]))
    return FIELD


@screen(who=HR)
async def hr_person(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    employee = await uow.employees.get(number_in(context))
    index = context.user_data.get("rotation_step")
    if employee is None or index is None or index >= len(STEPS) or STEPS[index].name not in PERSON_STEPS:
        raise Problem(N_("That step has expired. Please start again."))
    return await _person_chosen(update, context, uow, employee)


async def _person_chosen(update: Update, context: BotContext, uow: UnitOfWork, employee: Employee) -> int:
    """Take the chosen employee as the current step's answer: the rotated employee, or their new superior
    (refused, with the step asked again, if they cannot be: the service's rule)."""
    _ = context._
    index = context.user_data.get("rotation_step", 0)
    name = STEPS[index].name
    if name == "new_superior_nip":
        rotated = await uow.employees.by_nip(context.user_data["rotation_draft"]["nip"])
        if problem := rotations.superior_problem(rotated, employee, employee.nip):
            await respond(update, escape(_.problem(problem)), _step_markup(context, index))
            return FIELD
    done = _.html("✔️ {name}, {position}, {unit}", name=employee.name, position=employee.position or "—",
                  unit=employee.unit or "—")
    return await _answered(update, context, uow, name, employee.nip, done)


@screen(who=HR)
async def hr_unit(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    units = context.user_data.get("rotation_units", [])
    number = number_in(context)
    if STEPS[context.user_data.get("rotation_step", 0)].name != "new_unit" or number >= len(units):
        raise Problem(N_("That step has expired. Please start again."))
    return await _answered(update, context, uow, "new_unit", units[number])


@screen(who=HR)
async def hr_back(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    return await _ask(update, context, max(context.user_data.get("rotation_step", 0) - 1, 0))


def _step_markup(context: BotContext, index: int):
    """Under a refused answer: the step's own way back and out (the question above still stands)."""
    _ = context._
    return keyboard([([(_("⬅️ Previous step"), routes.HR_ROTATION_BACK.data())] if index else [])
                     + [(_("✖️ Cancel"), routes.HR_ROTATION_CANCEL.data())]])


async def _summary(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    context.user_data["rotation_step"] = len(STEPS)  # "previous step" from here asks the last one again
    order = RotationOrder(**context.user_data["rotation_draft"])
    employee = await uow.employees.by_nip(order.nip)
    preview = Rotation(old_position=employee.position, old_unit=employee.unit, notice_version=1,
                       **{name: value for name, value in order.__dict__.items()
                          if name not in ("nip", "new_superior_nip")})
    parts = [_("{name} will receive this notice:", name=escape(employee.name)), render_notice(preview, _)]
    if order.new_superior_nip:
        superior = await uow.employees.by_nip(order.new_superior_nip)
        parts.append(_.html("👤 From the TMT, the direct superior will be {name}.", name=superior.name))
    warnings = await rotations.warnings_for(uow, employee, order,
                                            min_years_in_post=context.settings.rotation_min_years)
    parts += ["⚠️ " + escape(_.problem(warning.problem)) for warning in warnings]
    await respond(update, "\n\n".join(parts), keyboard([[(_("📤 Publish"), routes.HR_ROTATION_PUBLISH.data())],
                                          [(_("⬅️ Previous step"), routes.HR_ROTATION_BACK.data()),
                                           (_("✖️ Cancel"), routes.HR_ROTATION_CANCEL.data())]]))
    return CONFIRM


@screen(who=HR)
async def hr_publish(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    order = RotationOrder(**context.user_data.pop("rotation_draft"))
    published = await rotations.publish(uow, order, actor=actor(update), tz=context.settings.timezone)
    await uow.commit()
    text = {"created": _("Published; the employee will receive it shortly."),
            "updated": _("This SK was already published; the corrected notice will be sent."),
            "unchanged": _("This exact notice was already published; nothing new was sent.")}[published.status]
    await respond(update, text, keyboard([[(_("🗂 Rotation notices"), routes.HR_ROTATIONS.data(0))]]))
    return ConversationHandler.END


@screen(who=HR)
async def hr_cancel(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    context.user_data.pop("rotation_draft", None)
    await respond(update, context._("Nothing was published."), keyboard([[main_menu_button(context._)]]))
    return ConversationHandler.END


def register(application: Application) -> None:
    private = filters.ChatType.PRIVATE
    application.add_handler(CommandHandler(["rotasi", "rotation"], my_notices, filters=private))
    application.add_handler(CallbackQueryHandler(my_notices, pattern=routes.MY_ROTATIONS.pattern))
    application.add_handler(CallbackQueryHandler(show_notice, pattern=routes.ROTATION.pattern))
    application.add_handler(CallbackQueryHandler(acknowledge, pattern=routes.ROTATION_READ.pattern))
    application.add_handler(conversation(
        "rotation", minutes=60,
        entry_points=[CallbackQueryHandler(hr_new, pattern=routes.HR_ROTATION_NEW.pattern)],
        states={FIELD: [MessageHandler(filters.TEXT & ~filters.COMMAND & private, hr_field),
                        CallbackQueryHandler(hr_field, pattern=routes.HR_ROTATION_SKIP.pattern),
                        CallbackQueryHandler(hr_person, pattern=routes.HR_ROTATION_PERSON.pattern),
                        CallbackQueryHandler(hr_unit, pattern=routes.HR_ROTATION_UNIT.pattern),
                        CallbackQueryHandler(hr_back, pattern=routes.HR_ROTATION_BACK.pattern)],
                CONFIRM: [CallbackQueryHandler(hr_publish, pattern=routes.HR_ROTATION_PUBLISH.pattern),
                          CallbackQueryHandler(hr_back, pattern=routes.HR_ROTATION_BACK.pattern)]},
        fallbacks=[CommandHandler(["batal", "cancel"], hr_cancel, filters=private),
                   CallbackQueryHandler(hr_cancel, pattern=routes.HR_ROTATION_CANCEL.pattern)]))
    application.add_handler(CommandHandler(["rotasi_pegawai", "rotasi_hr"], hr_list, filters=private))
    application.add_handler(CallbackQueryHandler(hr_list, pattern=routes.HR_ROTATIONS.pattern))
    application.add_handler(CallbackQueryHandler(hr_remind, pattern=routes.HR_ROTATION_REMIND.pattern))
    application.add_handler(CallbackQueryHandler(hr_long_in_post, pattern=routes.HR_ROTATION_LONG.pattern))
    # A button of a draft that is gone (finished, timed out, restarted): the HR-guarded list instead.
    application.add_handler(CallbackQueryHandler(hr_list, pattern=routes.HR_ROTATION_NEW.family()))
