""""Data saya tidak sesuai": an employee reports a wrong field of their record, types the right value and
sends a photo or PDF of the SK; Kepegawaian opens its inbox, looks at the SK, accepts or rejects with a reason."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from bot.context import BotContext
from bot.i18n import Translator
from handlers.common import Button, actor, keyboard, main_menu_button, number_in, pager, respond
from handlers.screen import ask_again, conversation, pending_draft, screen
from storage import routes
from storage.models import CorrectionRequest, CorrectionState
from storage.nip import format_nip
from storage.problems import N_, Problem
from storage.services.corrections import (
    EVIDENCE_LIMIT,
    CorrectionView,
    EvidenceFile,
    accept_correction,
    check_evidence,
    check_rejection,
    correction_detail,
    correction_evidence,
    correction_inbox,
    correction_to_decide,
    draft_correction,
    file_correction,
    own_corrections,
    reject_correction,
)
from storage.services.objections import MAX_TEXT, MIN_TEXT
from storage.services.record_fields import FIELDS, RecordField
from storage.uow import UnitOfWork

TYPING, ATTACHING, REJECTING = range(3)
STATE_LABELS = {CorrectionState.FILED: N_("waiting for Kepegawaian"), CorrectionState.ACCEPTED: N_("accepted"),
                CorrectionState.REJECTED: N_("not accepted")}
STARTED_OVER = N_("That step has expired. Please start again.")


def shown_value(_: Translator, field: RecordField, value: Any) -> str:
    """A recorded or proposed value for a screen: dates in words, listed codes by their label, nothing as a dash."""
    if value is None:
        return "—"
    if isinstance(value, date):
        return _.date(value)
    label = field.value_labels.get(value) if isinstance(value, str) else None
    return escape(_(label) if label else str(value))


def _change_line(_: Translator, field: RecordField, old: Any, new: Any) -> str:
    return _("{field}: {old} → <b>{new}</b>", field=_(field.label), old=shown_value(_, field, old),
             new=shown_value(_, field, new))


def _cancel_row(_: Translator) -> list[Button]:
    return [(_("✖️ Cancel"), routes.CORRECTION_CANCEL.data())]


# -- the employee: choose a field, type, attach, send ---------------------------------------------------------

@screen
async def choose_field(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    employee = context.viewer.employee
    lines = [_("⚠️ <b>My data is not right</b>"),
             _("Which entry of your record is wrong? You will type the right value and send a photo of the SK "
               "(or the SK as PDF); Kepegawaian checks it and tells you the outcome."), ""]
    fields = [field for field in FIELDS.values() if field.applies_to(employee)]
    lines += [f"• {_(field.label)}: {shown_value(_, field, field.current(employee))}" for field in fields]
    rows = [[(_(field.label), routes.CORRECTION_FIELD.data(field.code))] for field in fields]
    rows += [[(_("🗂 My correction requests"), routes.CORRECTIONS_MINE.data(0))],
             [(_("🧭 My career"), routes.CAREER.data()), main_menu_button(_)]]
    await respond(update, "\n".join(lines), keyboard(rows))


@screen
async def start_report(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    draft = await draft_correction(uow, context.viewer.employee, context.match.group(1))
    context.user_data["correction"] = {"field": draft.field.code}
    await respond(update, "\n".join([
        _("⚠️ <b>{field}</b>", field=_(draft.field.label)),
        _("Recorded now: {value}", value=shown_value(_, draft.field, draft.recorded)), "",
        _("Type the right value as it is written on your SK, or /batal to stop."),
    ]), keyboard([_cancel_row(_)]))
    return TYPING


@screen
async def value_typed(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    pending = pending_draft(context, "correction", STARTED_OVER)
    try:
        draft = await draft_correction(uow, context.viewer.employee, pending["field"], update.message.text)
    except Problem as problem:
        return await ask_again(update, _, problem, N_("{problem}\nPlease type it again, or /batal to stop."),
                               keyboard([_cancel_row(_)]), TYPING)
    pending["typed"] = update.message.text
    await respond(update, _("Correct value: <b>{value}</b>\nNow send a photo of the SK that shows it (or the SK as "
                            "a PDF, at most {megabytes} MB).", value=shown_value(_, draft.field, draft.proposed),
                            megabytes=EVIDENCE_LIMIT // 2**20), keyboard([_cancel_row(_)]))
    return ATTACHING


@screen
async def evidence_sent(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    pending = pending_draft(context, "correction", STARTED_OVER)
    message = update.message
    sent = message.photo[-1] if message.photo else message.document  # the largest size of a photo
    mime_type = "image/jpeg" if message.photo else (message.document.mime_type or "")
    try:
        check_evidence(mime_type, sent.file_size or 0)
        content = bytes(await (await sent.get_file()).download_as_bytearray())
        check_evidence(mime_type, len(content))
    except Problem as problem:
        await respond(update, escape(_.problem(problem)), keyboard([_cancel_row(_)]))
        return ATTACHING
    pending["evidence"] = EvidenceFile(content, mime_type)
    draft = await draft_correction(uow, context.viewer.employee, pending["field"], pending["typed"])
    await respond(update, "\n".join([
        _("<b>Please check before sending</b>"),
        _change_line(_, draft.field, draft.recorded, draft.proposed),
        _("SK attached: {kind}", kind=_("photo") if message.photo else _("PDF")), "",
        _("Send it to Kepegawaian?")]),
        keyboard([[(_("✅ Send"), routes.CORRECTION_SUBMIT.data())], _cancel_row(_)]))
    return ATTACHING


@screen
async def submit(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    pending = pending_draft(context, "correction", STARTED_OVER)
    if "evidence" not in pending:
        await update.callback_query.answer(_("Please send the photo or PDF of the SK first."), show_alert=True)
        return ATTACHING
    request = await file_correction(uow, context.viewer.employee, pending["field"], pending["typed"],
                                    pending["evidence"], actor=actor(update))
    context.user_data.pop("correction", None)
    await respond(update, _("✅ Your correction request no. {number} was sent to Kepegawaian. The bot will tell you "
                            "the outcome.", number=str(request.id)),
                  keyboard([[(_("🗂 My correction requests"), routes.CORRECTIONS_MINE.data(0))],
                            [main_menu_button(_)]]))
    return ConversationHandler.END


@screen
async def expected_evidence(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    await respond(update, _("Please send a photo of the SK, or the SK as a PDF."), keyboard([_cancel_row(_)]))
    return ATTACHING


@screen
async def show_own(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    page = await own_corrections(uow, context.viewer.employee, number_in(context))
    lines = [_("🗂 <b>My correction requests</b>")] if page.total else [_("🗂 You have not reported any wrong data.")]
    lines += [_list_entry(_, request) for request in page.items]
    rows: list[list[Button]] = [[(_("🗂 No. {number}", number=str(request.id)), routes.CORRECTION.data(request.id))]
                                for request in page.items]
    rows += [pager(_, page, routes.CORRECTIONS_MINE),
             [(_("⚠️ Report wrong data"), routes.CORRECTION_START.data())], [main_menu_button(_)]]
    await respond(update, "\n\n".join(lines), keyboard([row for row in rows if row]))


# -- one request, for its employee and Kepegawaian ---------------------------------------------------------------

@screen
async def show_request(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    await _request_screen(update, context, await correction_detail(uow, context.viewer.employee,
                                                                   number_in(context)))


@screen
async def send_evidence(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    request_id = number_in(context)
    attachment = await correction_evidence(uow, context.viewer.employee, request_id, actor=actor(update))
    await update.effective_chat.send_document(
        attachment.content, filename=attachment.filename,
        caption=_("SK for correction request no. {number}", number=str(request_id)),
        reply_markup=keyboard([[(_("🗂 Open request"), routes.CORRECTION.data(request_id))]]))
    await update.callback_query.answer()  # after the file, so that the button spins until it is there


@screen
async def show_inbox(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    page = await correction_inbox(uow, context.viewer.employee, number_in(context))
    lines = ([_("📥 <b>Data corrections to decide</b> ({count})", count=page.total)] if page.total else
             [_("📥 No data correction is waiting for a decision.")])
    lines += [_list_entry(_, request, with_name=True) for request in page.items]
    rows: list[list[Button]] = [[(_("🗂 No. {number} · {name}", number=str(request.id),
                                    name=request.employee.name)[:60], routes.CORRECTION.data(request.id))]
                                for request in page.items]
    rows += [pager(_, page, routes.CORRECTION_INBOX), [main_menu_button(_)]]
    await respond(update, "\n\n".join(lines), keyboard([row for row in rows if row]))


@screen
async def confirm_step(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    view = await correction_to_decide(uow, context.viewer.employee, number_in(context))
    await respond(update, "\n".join([
        _header(_, view), "", _("Accept? The record is changed now and {name} is told.",
                                name=escape(view.request.employee.name))]),
        keyboard([[(_("✅ Accept and change the record"), routes.CORRECTION_CONFIRM_ACCEPT.data(view.request.id))],
                  [(_("⬅️ Back"), routes.CORRECTION.data(view.request.id))]]))


@screen
async def accept(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    view = await accept_correction(uow, context.viewer.employee, number_in(context), actor=actor(update))
    await _request_screen(update, context, view, note=context._(
        "✅ Accepted; the record was changed and {name} has been told.", name=escape(view.request.employee.name)))


@screen
async def start_rejection(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    view = await correction_to_decide(uow, context.viewer.employee, number_in(context))
    context.user_data["correction_rejection"] = {"request_id": view.request.id}
    await respond(update, "\n".join([
        _header(_, view), "",
        _("Write why it cannot be accepted, in one message ({minimum} to {maximum} characters); {name} will read "
          "it. Send /batal to stop.", minimum=MIN_TEXT, maximum=MAX_TEXT, name=escape(view.request.employee.name))]),
        keyboard([_cancel_row(_)]))
    return REJECTING


@screen
async def reason_typed(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    pending = pending_draft(context, "correction_rejection", STARTED_OVER)
    try:
        _request, reason = await check_rejection(uow, context.viewer.employee, pending["request_id"],
                                                 update.message.text)
    except Problem as problem:
        return await ask_again(update, _, problem, N_("{problem}\nPlease write the reason again, or /batal to stop."),
                               keyboard([_cancel_row(_)]), REJECTING)
    pending["reason"] = reason
    await respond(update, "\n".join([_("❌ <b>Reject correction request no. {number}?</b>",
                                       number=str(pending["request_id"])),
                                     f"<blockquote>{escape(reason)}</blockquote>"]),
                  keyboard([[(_("❌ Reject"), routes.CORRECTION_CONFIRM_REJECT.data())], _cancel_row(_)]))
    return REJECTING


@screen
async def confirm_rejection(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    pending = pending_draft(context, "correction_rejection", STARTED_OVER)
    if "reason" not in pending:
        await update.callback_query.answer(_("Please write the reason first."), show_alert=True)
        return REJECTING
    view = await reject_correction(uow, context.viewer.employee, pending["request_id"], pending["reason"],
                                   actor=actor(update))
    context.user_data.pop("correction_rejection", None)
    await _request_screen(update, context, view, note=_("❌ Rejected; {name} has been told, with your reason.",
                                                        name=escape(view.request.employee.name)))
    return ConversationHandler.END


@screen
async def cancel(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    context.user_data.pop("correction", None)
    context.user_data.pop("correction_rejection", None)
    await respond(update, _("Cancelled; nothing was sent."), keyboard([[main_menu_button(_)]]))
    return ConversationHandler.END


# -- rendering ---------------------------------------------------------------------------------------------

def _header(_: Translator, view: CorrectionView) -> str:
    request = view.request
    return "\n".join([
        _("🗂 <b>Correction request no. {number}</b> · {state}", number=str(request.id),
          state=_(STATE_LABELS[CorrectionState(request.state)])),
        _("👤 {name} · NIP {nip}", name=escape(request.employee.name), nip=format_nip(request.employee.nip)),
        _change_line(_, view.field, view.recorded, view.proposed),
        _("Filed: {date}", date=request.filed_at),
    ])


async def _request_screen(update: Update, context: BotContext, view: CorrectionView, *,
                          note: str | None = None) -> None:
    _ = context._
    request = view.request
    lines = ([note, ""] if note else []) + [_header(_, view)]
    if request.decided_at is not None:
        decider = request.decided_by.name if request.decided_by else _("not recorded")
        lines.append(_("Decided by {name} on {date}.", name=escape(decider), date=request.decided_at))
    if request.state == CorrectionState.REJECTED:
        lines += [_("<b>Reason</b>"), f"<blockquote>{escape(request.decision_reason or '')}</blockquote>"]
    rows: list[list[Button]] = [[(_("📎 View the SK"), routes.CORRECTION_EVIDENCE.data(request.id))]]
    if view.decidable:
        rows.append([(_("✅ Accept"), routes.CORRECTION_ACCEPT.data(request.id)),
                     (_("❌ Reject"), routes.CORRECTION_REJECT.data(request.id))])
    mine = request.employee_id == context.viewer.employee.id
    rows.append([(_("🗂 My correction requests"), routes.CORRECTIONS_MINE.data(0)) if mine else
                 (_("📥 Data corrections to decide"), routes.CORRECTION_INBOX.data(0)), main_menu_button(_)])
    await respond(update, "\n".join(lines), keyboard(rows))


def _list_entry(_: Translator, request: CorrectionRequest, *, with_name: bool = False) -> str:
    field: RecordField = FIELDS[request.field]
    entry = _("<b>No. {number}</b> · {field} · {state} · filed on {date}", number=str(request.id),
              field=_(field.label), state=_(STATE_LABELS[CorrectionState(request.state)]),
              date=request.filed_at.astimezone(_.tz).date())
    return f"{entry}\n{escape(request.employee.name)}" if with_name else entry


def register(application: Application) -> None:
    private = filters.ChatType.PRIVATE
    typed = filters.TEXT & ~filters.COMMAND & private
    application.add_handler(conversation(
        "corrections", minutes=30,
        entry_points=[CallbackQueryHandler(start_report, pattern=routes.CORRECTION_FIELD.pattern),
                      CallbackQueryHandler(start_rejection, pattern=routes.CORRECTION_REJECT.pattern)],
        states={
            TYPING: [MessageHandler(typed, value_typed)],
            ATTACHING: [MessageHandler((filters.PHOTO | filters.Document.ALL) & private, evidence_sent),
                        CallbackQueryHandler(submit, pattern=routes.CORRECTION_SUBMIT.pattern),
                        MessageHandler(private & ~filters.COMMAND, expected_evidence)],
            REJECTING: [MessageHandler(typed, reason_typed),
                        CallbackQueryHandler(confirm_rejection, pattern=routes.CORRECTION_CONFIRM_REJECT.pattern)],
        },
        fallbacks=[CommandHandler(["batal", "cancel"], cancel, filters=private),
                   CallbackQueryHandler(cancel, pattern=routes.CORRECTION_CANCEL.pattern)]))
    application.add_handler(CommandHandler(["datasalah", "corrections"], choose_field, filters=private))
    application.add_handler(CallbackQueryHandler(choose_field, pattern=routes.CORRECTION_START.pattern))
    application.add_handler(CallbackQueryHandler(show_own, pattern=routes.CORRECTIONS_MINE.pattern))
    application.add_handler(CallbackQueryHandler(show_request, pattern=routes.CORRECTION.pattern))
    application.add_handler(CallbackQueryHandler(send_evidence, pattern=routes.CORRECTION_EVIDENCE.pattern))
    application.add_handler(CallbackQueryHandler(show_inbox, pattern=routes.CORRECTION_INBOX.pattern))
    application.add_handler(CallbackQueryHandler(confirm_step, pattern=routes.CORRECTION_ACCEPT.pattern))
    application.add_handler(CallbackQueryHandler(accept, pattern=routes.CORRECTION_CONFIRM_ACCEPT.pattern))
