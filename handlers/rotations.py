"""Rotation notices: /rotasi for the employee (read, confirm), and for HR the list of who has not
confirmed, reminders, and publishing a notice step by step."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from html import escape

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.context import BotContext
from bot.i18n import Translator
from handlers.common import acknowledge_button, handler, hr_handler, keyboard, pager, parse_int, respond
from handlers.menu import MAIN_MENU, link_prompt
from storage.local_time import parse_date, parse_local_datetime
from storage.models import Rotation
from storage.nip import normalize_nip
from storage.problems import N_, Problem
from storage.services import rotations
from storage.services.paging import page_of
from storage.services.rotations import RotationOrder
from storage.uow import UnitOfWork

MINE = "rot:mine"
SHOW = "rot:show:"
HR_LIST = "rhr:list:"
HR_REMIND = "rhr:remind:"
HR_NEW = "rhr:new"
SKIP = "rhr:skip"
PUBLISH = "rhr:publish"
CANCEL = "rhr:cancel"
PAGE_SIZE = 8
FIELD, CONFIRM = range(2)


def render_notice(rotation: Rotation, _: Translator) -> str:
    template = rotations.NOTICE if rotation.notice_version == 1 else rotations.NOTICE_UPDATED
    text = _.html(template, **rotations.notice_params(rotation))
    if rotation.acknowledged_at:
        text += "\n\n" + _("✔️ You confirmed reading this on {when}.", when=rotation.acknowledged_at)
    return text


# --- employee ----------------------------------------------------------------------------------------------

@handler
async def my_notices(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    employee = context.viewer.employee
    if employee is None:
        return await link_prompt(update, context)
    notices = await rotations.notices_of(uow, employee)
    if not notices:
        await respond(update, _("You have no rotation notices."), keyboard([[(_("⬅️ Main menu"), MAIN_MENU)]]))
        return
    await _show(update, context, notices[0], others=notices[1:])


@handler
async def show_notice(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    employee = context.viewer.employee
    rotation_id = parse_int(update.callback_query.data, SHOW)
    notices = await rotations.notices_of(uow, employee) if employee else []
    chosen = next((notice for notice in notices if notice.id == rotation_id), None)
    if chosen is None:
        await update.callback_query.answer(context._("This rotation notice is not yours."), show_alert=True)
        return
    await _show(update, context, chosen, others=[notice for notice in notices if notice is not chosen])


async def _show(update: Update, context: BotContext, rotation: Rotation, others: list[Rotation]) -> None:
    _ = context._
    rows = [] if rotation.acknowledged_at else [[(_("✅ I have read this"), f"{rotations.ACKNOWLEDGE}{rotation.id}")]]
    rows += [[(_("📋 SK {sk_number} · TMT {date}", sk_number=other.sk_number, date=other.effective_date),
               f"{SHOW}{other.id}")] for other in others]
    rows.append([(_("⬅️ Main menu"), MAIN_MENU)])
    await respond(update, render_notice(rotation, _), keyboard(rows))


@handler
async def acknowledge(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    employee = context.viewer.employee
    actor = f"telegram:{update.effective_user.id}"
    rotation_id = await acknowledge_button(update, context, rotations.ACKNOWLEDGE,
                                           lambda item: rotations.acknowledge(uow, item, employee, actor=actor))
    if rotation_id is None:
        return
    notice = next(notice for notice in await rotations.notices_of(uow, employee) if notice.id == rotation_id)
    with suppress(BadRequest):  # too old to edit: the confirmation is recorded all the same
        await update.callback_query.edit_message_text(render_notice(notice, _),
                                                      reply_markup=keyboard([[(_("⬅️ Main menu"), MAIN_MENU)]]))


# --- HR: who has read, reminders ---------------------------------------------------------------------------

@hr_handler
async def hr_list(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    page = parse_int(update.callback_query.data, HR_LIST) if update.callback_query else 0
    page = page or 0
    notices = await rotations.all_notices(uow)
    unread = sum(1 for notice in notices if not notice.acknowledged_at)
    shown = page_of(notices, page, PAGE_SIZE)
    lines = [_("<b>Rotation notices</b>: {count}, not yet confirmed: {unread}.", count=len(notices), unread=unread)]
    rows = []
    for notice in shown.items:
        mark = "✅" if notice.acknowledged_at else "⏳"
        lines.append(mark + " " + _.html("{name} → {position} (TMT {date})", name=notice.employee.name,
                                         position=notice.new_position, date=notice.effective_date))
        if not notice.acknowledged_at:
            rows.append([(_("🔔 Remind {name}", name=notice.employee.name[:30]), f"{HR_REMIND}{notice.id}")])
    navigation = pager(_, shown, HR_LIST)
    rows += [navigation] if navigation else []
    rows += [[(_("➕ Publish a rotation"), HR_NEW)], [(_("⬅️ Main menu"), MAIN_MENU)]]
    await respond(update, "\n".join(lines), keyboard(rows))


@hr_handler
async def hr_remind(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    rotation_id = parse_int(update.callback_query.data, HR_REMIND) or 0
    try:
        rotation = await rotations.remind(uow, rotation_id, actor=f"telegram:{update.effective_user.id}")
    except Problem as problem:
        await update.callback_query.answer(_.problem(problem), show_alert=True)
        return
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
    Step("nip", N_("Whose rotation? Type the employee's NIP."), lambda raw, context: normalize_nip(raw)),
    Step("new_position", N_("New post (jabatan baru)?"), _text),
    Step("new_unit", N_("New unit (unit kerja baru)?"), _text),
    Step("sk_number", N_("SK number?"), _text),
    Step("sk_date", N_("SK date? (e.g. 20/11/2026)"), lambda raw, context: parse_date(raw)),
    Step("effective_date", N_("TMT, the date it takes effect? (e.g. 01/12/2026)"),
         lambda raw, context: parse_date(raw)),
    Step("inauguration_at", N_("Pelantikan date and time in WIB? (e.g. 01/12/2026 09.00)"),
         lambda raw, context: parse_local_datetime(raw, context.settings.timezone), optional=True),
    Step("inauguration_place", N_("Pelantikan place?"), _text, optional=True),
    Step("note", N_("A note for the employee?"), _text, optional=True),
)


@hr_handler
async def hr_new(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    context.user_data["rotation_draft"] = {}
    return await _ask(update, context, 0)


async def _ask(update: Update, context: BotContext, index: int) -> int:
    _ = context._
    step = STEPS[index]
    context.user_data["rotation_step"] = index
    rows = [[(_("⏭ Skip"), SKIP)]] if step.optional else []
    rows.append([(_("✖️ Cancel"), CANCEL)])
    await respond(update, _("Step {step} of {steps}: ", step=index + 1, steps=len(STEPS)) + _(step.question),
                  keyboard(rows))
    return FIELD


@hr_handler
async def hr_field(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    index = context.user_data.get("rotation_step", 0)
    step = STEPS[index]
    if update.callback_query:  # "skip", offered only for optional steps
        value = None
    else:
        try:
            value = step.parse(update.message.text, context)
        except Problem as problem:
            await respond(update, escape(_.problem(problem)))
            return FIELD
    if step.name == "nip" and await uow.employees.by_nip(value) is None:
        await respond(update, _("No employee with NIP {nips}.", nips=value))
        return FIELD
    context.user_data["rotation_draft"][step.name] = value
    if index + 1 < len(STEPS):
        return await _ask(update, context, index + 1)
    return await _summary(update, context, uow)


async def _summary(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    order = RotationOrder(**context.user_data["rotation_draft"])
    employee = await uow.employees.by_nip(order.nip)
    preview = Rotation(old_position=employee.position, old_unit=employee.unit, notice_version=1,
                       **{name: value for name, value in order.__dict__.items() if name != "nip"})
    text = _("{name} will receive this notice:", name=escape(employee.name)) + "\n\n" + render_notice(preview, _)
    await respond(update, text, keyboard([[(_("📤 Publish"), PUBLISH), (_("✖️ Cancel"), CANCEL)]]))
    return CONFIRM


@hr_handler
async def hr_publish(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    order = RotationOrder(**context.user_data.pop("rotation_draft"))
    try:
        published = await rotations.publish(uow, order, actor=f"telegram:{update.effective_user.id}",
                                            min_years_in_post=context.settings.rotation_min_years)
        await uow.commit()
    except Problem as problem:
        await respond(update, escape(_.problem(problem)))
        return ConversationHandler.END
    text = {"created": _("Published; the employee will receive it shortly."),
            "updated": _("This SK was already published; the corrected notice will be sent."),
            "unchanged": _("This exact notice was already published; nothing new was sent.")}[published.status]
    if published.warning:
        text += "\n\n⚠️ " + escape(_.problem(published.warning))
    await respond(update, text, keyboard([[(_("🗂 Rotation notices"), f"{HR_LIST}0")]]))
    return ConversationHandler.END


@hr_handler
async def hr_cancel(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    context.user_data.pop("rotation_draft", None)
    await respond(update, context._("Nothing was published."), keyboard([[(context._("⬅️ Main menu"), MAIN_MENU)]]))
    return ConversationHandler.END


def register(application: Application) -> None:
    private = filters.ChatType.PRIVATE
    application.add_handler(CommandHandler(["rotasi", "rotation"], my_notices, filters=private))
    application.add_handler(CallbackQueryHandler(my_notices, pattern=f"^{MINE}$"))
    application.add_handler(CallbackQueryHandler(show_notice, pattern=f"^{SHOW}"))
    application.add_handler(CallbackQueryHandler(acknowledge, pattern=f"^{rotations.ACKNOWLEDGE}"))
    with warnings.catch_warnings():
        # The draft belongs to this chat; its buttons need no per-message tracking.
        warnings.filterwarnings("ignore", message=".*per_message=False", category=PTBUserWarning)
        conversation = ConversationHandler(
            entry_points=[CallbackQueryHandler(hr_new, pattern=f"^{HR_NEW}$")],
            states={FIELD: [MessageHandler(filters.TEXT & ~filters.COMMAND & private, hr_field),
                            CallbackQueryHandler(hr_field, pattern=f"^{SKIP}$")],
                    CONFIRM: [CallbackQueryHandler(hr_publish, pattern=f"^{PUBLISH}$")]},
            fallbacks=[CommandHandler(["batal", "cancel"], hr_cancel, filters=private),
                       CallbackQueryHandler(hr_cancel, pattern=f"^{CANCEL}$")],
            allow_reentry=True, conversation_timeout=60 * 60, name="rotation")
    application.add_handler(conversation)
    application.add_handler(CommandHandler(["rotasi_hr"], hr_list, filters=private))
    application.add_handler(CallbackQueryHandler(hr_list, pattern=f"^{HR_LIST}"))
    application.add_handler(CallbackQueryHandler(hr_remind, pattern=f"^{HR_REMIND}"))
    application.add_handler(CallbackQueryHandler(hr_list, pattern=r"^rhr"))  # stale drafts: HR-guarded list
