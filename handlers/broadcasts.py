"""/umumkan (HR): compose an announcement with buttons — audience, text, attachment, acknowledgement,
preview — then send now or at a set time, and watch its delivery report."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from html import escape

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from bot.announcement_text import prepare_parts
from bot.context import BotContext
from bot.delivery import delivery_summary, recipient_sheet
from bot.i18n import Translator
from handlers.common import Button, actor, keyboard, main_menu_button, number_in, pager, respond, send_sheet
from handlers.screen import ANYONE, HR, conversation, screen
from storage import routes
from storage.problems import Problem
from storage.ranks import PNS_RANKS
from storage.services import broadcasts
from storage.services.audience import Audience, audience_size, known_units, linked_size
from storage.services.broadcasts import AttachmentFile
from storage.services.paging import page_of
from storage.uow import UnitOfWork

AUDIENCE, TEXT, ATTACHMENT, ACKNOWLEDGEMENT, PREVIEW, SCHEDULE = range(6)
UNITS_PER_PAGE = 8
GRADES = list(PNS_RANKS)
REPORT_REFRESH_SECONDS = 5


@dataclass
class Draft:
    """What HR has chosen so far; kept in user_data for the length of the conversation."""

    audience: Audience = field(default_factory=Audience)
    units: list[str] = field(default_factory=list)  # index -> unit name, so buttons stay under 64 bytes
    parts: list[str] = field(default_factory=list)
    attachment: AttachmentFile | None = None
    ask_acknowledgement: bool = False
    send_at: datetime | None = None  # the time understood from what HR typed, shown before it is scheduled


def _draft(context: BotContext) -> Draft:
    return context.user_data.setdefault("broadcast_draft", Draft())


# --- audience ---------------------------------------------------------------------------------------------

@screen(who=HR)
async def start(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    context.user_data["broadcast_draft"] = Draft(units=await known_units(uow))
    return await _show_audience(update, context, uow)


async def _show_audience(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    draft = _draft(context)
    count = await audience_size(uow, draft.audience)
    kind = "/".join(draft.audience.kinds) or _("all")
    text = _("<b>New announcement</b> · step 1 of 4: who receives it?\n\n{audience}\n\n{recipients}",
             audience=describe_audience(draft.audience, _), recipients=_recipients(_, count))
    rows = [
        [(_("🏢 Units"), routes.BROADCAST_UNITS.data(0)),
         (_("👤 Kind: {kind}", kind=kind), routes.BROADCAST_KIND.data())],
        [(_("🎖 Golongan"), routes.BROADCAST_GRADES.data()), (_("📭 Not yet read…"), routes.BROADCAST_UNREAD.data())],
        [(_("♻️ Everyone"), routes.BROADCAST_EVERYONE.data())],
        [(_("➡️ Next: write the text"), routes.BROADCAST_NEXT.data())] if count else [],
        [(_("✖️ Cancel"), routes.BROADCAST_CANCEL.data())],
    ]
    await respond(update, text, keyboard([row for row in rows if row]))
    return AUDIENCE


def _back_to_audience(_: Translator) -> Button:
    return _("⬅️ Back"), routes.BROADCAST_AUDIENCE.data()


def _cancel(_: Translator) -> Button:
    return _("✖️ Cancel"), routes.BROADCAST_CANCEL.data()


def describe_audience(audience: Audience, _: Translator) -> str:
    if audience.is_everyone:
        return _("Everyone (all active employees).")
    lines = []
    if audience.units:
        lines.append(_("Units: {units}", units=escape(", ".join(audience.units))))
    if audience.kinds:
        lines.append(_("Kind: {kinds}", kinds="/".join(audience.kinds)))
    if audience.grade_from or audience.grade_to:
        lines.append(_("Golongan: {low} to {high}", low=audience.grade_from or GRADES[0],
                       high=audience.grade_to or GRADES[-1]))
    if audience.not_acknowledged:
        lines.append(_("Only those who have not confirmed reading announcement #{id}",
                       id=str(audience.not_acknowledged)))
    return "\n".join(lines)


@screen(who=HR)
async def choose_units(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    draft = _draft(context)
    data = update.callback_query.data
    page = (routes.BROADCAST_UNITS.parse(data) or (None,))[0]
    if routes.BROADCAST_UNIT.parse(data):
        index = number_in(context)
        if index >= len(draft.units):
            await update.callback_query.answer(_("This button is no longer valid."))
            return AUDIENCE
        unit = draft.units[index]
        chosen = set(draft.audience.units) ^ {unit}
        draft.audience = replace(draft.audience, units=tuple(sorted(chosen)))
        page = index // UNITS_PER_PAGE
    shown = page_of(draft.units, page or 0, UNITS_PER_PAGE)
    rows = [[(("✅ " if unit in draft.audience.units else "▫️ ") + unit,
              routes.BROADCAST_UNIT.data(shown.first_index + offset))] for offset, unit in enumerate(shown.items)]
    navigation = pager(_, shown, routes.BROADCAST_UNITS)
    rows += [navigation] if navigation else []
    rows.append([(_("✔️ Done"), routes.BROADCAST_AUDIENCE.data())])
    text = _("Tap units to include or exclude them (none chosen = all units).") if draft.units else \
        _("No units are recorded in the employee data.")
    await respond(update, text, keyboard(rows))
    return AUDIENCE


@screen(who=HR)
async def cycle_kind(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    draft = _draft(context)
    following = {(): ("PNS",), ("PNS",): ("PPPK",), ("PPPK",): ()}
    draft.audience = replace(draft.audience, kinds=following.get(draft.audience.kinds, ()))
    return await _show_audience(update, context, uow)


@screen(who=HR)
async def choose_grades(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    """Two taps: the lowest golongan, then the highest (only those above the lowest are offered)."""
    _ = context._
    draft = _draft(context)
    data = update.callback_query.data
    if routes.BROADCAST_GRADES_CLEAR.parse(data):
        draft.audience = replace(draft.audience, grade_from=None, grade_to=None)
        return await _show_audience(update, context, uow)
    if routes.BROADCAST_GRADE_TO.parse(data):
        index = number_in(context)
        if index < len(GRADES):
            draft.audience = replace(draft.audience, grade_to=GRADES[index])
        return await _show_audience(update, context, uow)
    low = number_in(context) if routes.BROADCAST_GRADE_FROM.parse(data) else None
    if low is not None and low < len(GRADES):
        draft.audience = replace(draft.audience, grade_from=GRADES[low], grade_to=None)
        route, first, question = routes.BROADCAST_GRADE_TO, low, _("Highest golongan (PNS):")
    else:
        route, first, question = routes.BROADCAST_GRADE_FROM, 0, _("Lowest golongan (PNS):")
    buttons = [(GRADES[index], route.data(index)) for index in range(first, len(GRADES))]
    rows = [buttons[start:start + 4] for start in range(0, len(buttons), 4)]
    rows.append([(_("All golongan"), routes.BROADCAST_GRADES_CLEAR.data()), _back_to_audience(_)])
    await respond(update, question, keyboard(rows))
    return AUDIENCE


@screen(who=HR)
async def choose_unread(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    draft = _draft(context)
    chosen = (routes.BROADCAST_UNREAD.parse(update.callback_query.data) or (None,))[0]
    if chosen is not None:
        draft.audience = replace(Audience(), not_acknowledged=chosen)
        return await _show_audience(update, context, uow)
    recent = await broadcasts.recent_with_acknowledgement(uow, limit=6)
    rows = [[(f"#{item.id} · {_.date(item.send_at.astimezone(_.tz))}", routes.BROADCAST_UNREAD.data(item.id))]
            for item in recent]
    rows.append([_back_to_audience(_)])
    text = _("Send again only to those who have not confirmed reading one of these announcements:") if recent \
        else _("No announcement has asked for a reading confirmation yet.")
    await respond(update, text, keyboard(rows))
    return AUDIENCE


@screen(who=HR)
async def everyone(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _draft(context).audience = Audience()
    return await _show_audience(update, context, uow)


@screen(who=HR)
async def back_to_audience(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    return await _show_audience(update, context, uow)


# --- text, attachment, acknowledgement ---------------------------------------------------------------------

@screen(who=HR)
async def ask_text(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    await respond(update, context._(
        "Step 2 of 4: type the announcement. Bold, italic and links you format in Telegram are kept."),
        keyboard([[(context._("✖️ Cancel"), routes.BROADCAST_CANCEL.data())]]))
    return TEXT


@screen(who=HR)
async def receive_text(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    try:
        _draft(context).parts = prepare_parts(update.message.text_html)
    except Problem as problem:
        await respond(update, escape(_.problem(problem)) + "\n" + _("Please type it again."), keyboard([[_cancel(_)]]))
        return TEXT
    await respond(update, _("Step 3 of 4: attach a file (e.g. the circular as PDF; pictures and office documents "
                            "work too), or skip."),
                  keyboard([[(_("⏭ No attachment"), routes.BROADCAST_SKIP_ATTACHMENT.data())], [_cancel(_)]]))
    return ATTACHMENT


@screen(who=HR)
async def receive_attachment(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    document = update.message.document
    try:
        broadcasts.check_attachment(document.file_name, document.file_size)
    except Problem as problem:
        await respond(update, escape(_.problem(problem)),
                      keyboard([[(_("⏭ No attachment"), routes.BROADCAST_SKIP_ATTACHMENT.data())], [_cancel(_)]]))
        return ATTACHMENT
    content = bytes(await (await document.get_file()).download_as_bytearray())
    _draft(context).attachment = AttachmentFile(document.file_name or "lampiran", document.mime_type
                                                or "application/octet-stream", content)
    return await _ask_acknowledgement(update, context)


@screen(who=HR)
async def skip_attachment(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _draft(context).attachment = None
    return await _ask_acknowledgement(update, context)


async def _ask_acknowledgement(update: Update, context: BotContext) -> int:
    _ = context._
    await respond(update, _("Step 4 of 4: should recipients confirm with a “✅ I have read this” button?"),
                  keyboard([[(_("Yes, ask for confirmation"), routes.BROADCAST_ASK_READ.data(1)),
                             (_("No"), routes.BROADCAST_ASK_READ.data(0))], [_cancel(_)]]))
    return ACKNOWLEDGEMENT


@screen(who=HR)
async def preview(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    """Show the announcement exactly as recipients will get it, then ask when to send."""
    _ = context._
    draft = _draft(context)
    draft.ask_acknowledgement = context.match.group(1) == "1"
    read_button = keyboard([[(_("✅ I have read this"), routes.BROADCAST_PREVIEW_READ.data())]]) \
        if draft.ask_acknowledgement else None
    count = await audience_size(uow, draft.audience)  # queried first: the preview's messages come in one go
    linked = _.ngettext("{linked} of {count} recipient is linked to Telegram; the others will not receive it here.",
                        "{linked} of {count} recipients are linked to Telegram; the others will not receive it here.",
                        count, linked=await linked_size(uow, draft.audience))
    chat = update.effective_chat
    for index, part in enumerate(draft.parts):
        last = index == len(draft.parts) - 1 and draft.attachment is None
        template, params = broadcasts.first_part(part)
        shown = _.html(template, **params) if index == 0 else part  # the heading, as recipients see it
        await chat.send_message(shown, reply_markup=read_button if last else None)
    if draft.attachment:
        await chat.send_document(draft.attachment.content, filename=draft.attachment.filename,
                                 caption=_("📎 Attachment"), reply_markup=read_button)
    await chat.send_message(
        _("⬆️ Preview, exactly as recipients will see it.\n\n{audience}\n{recipients}",
          audience=describe_audience(draft.audience, _), recipients=_recipients(_, count)) + "\n" + linked,
        reply_markup=keyboard([[(_("📤 Send now"), routes.BROADCAST_SEND.data()),
                                (_("🕗 Schedule"), routes.BROADCAST_LATER.data())], [_cancel(_)]]))
    await update.callback_query.answer()  # last, like respond(): the preview is there when the spinner stops
    return PREVIEW


@screen(who=ANYONE)
async def preview_button(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    await update.callback_query.answer(context._("This is only a preview."))


@screen(who=HR)
async def ask_schedule(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    await respond(update, context._("When should it be sent? Type a date and time in WIB, e.g. <code>{tomorrow}"
                                    "</code>, <code>{weekday}</code> or <code>{date}</code>.",
                                    tomorrow=context._("tomorrow 07.30"), weekday=context._("Monday 08.00"),
                                    date=context._("1 December 2026 07.30")),
                  keyboard([[(context._("✖️ Cancel"), routes.BROADCAST_CANCEL.data())]]))
    return SCHEDULE


@screen(who=HR)
async def send_now(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    return await _publish(update, context, uow, send_at=None)


@screen(who=HR)
async def receive_schedule(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    try:
        send_at = broadcasts.send_time(update.message.text, context.settings.timezone, uow.clock())
    except Problem as problem:
        await respond(update, _("{problem}\nType the date and time again.", problem=escape(_.problem(problem))),
                      keyboard([[(_("📤 Send now instead"), routes.BROADCAST_SEND.data())], [_cancel(_)]]))
        return SCHEDULE
    _draft(context).send_at = send_at
    await respond(update, _("It will be sent on <b>{send_at}</b>. Schedule it for this time?", send_at=send_at),
                  keyboard([[(_("✅ Yes, schedule it"), routes.BROADCAST_SCHEDULE_CONFIRMED.data())],
                            [(_("🕗 Another time"), routes.BROADCAST_LATER.data()), _cancel(_)]]))
    return SCHEDULE


@screen(who=HR)
async def confirm_schedule(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    return await _publish(update, context, uow, send_at=_draft(context).send_at)


async def _publish(update: Update, context: BotContext, uow: UnitOfWork, send_at) -> int:
    _ = context._
    draft = _draft(context)
    try:
        broadcast = await broadcasts.publish(uow, author=context.viewer.employee, parts=draft.parts,
                                             audience=draft.audience, ask_acknowledgement=draft.ask_acknowledgement,
                                             send_at=send_at, attachment=draft.attachment,
                                             actor=actor(update))
    except Problem as problem:
        await respond(update, escape(_.problem(problem)),
                      keyboard([[(_("🕗 Another time"), routes.BROADCAST_LATER.data())], [_cancel(_)]]))
        return SCHEDULE if send_at else PREVIEW
    context.user_data.pop("broadcast_draft", None)
    report = await broadcasts.report(uow, broadcast.id)
    message = await update.effective_chat.send_message(delivery_summary(report, _),
                                                       reply_markup=report_markup(broadcast.id, _))
    if update.callback_query:
        await update.callback_query.answer(_("Queued."))
    context.job_queue.run_repeating(
        refresh_report_job, REPORT_REFRESH_SECONDS, first=REPORT_REFRESH_SECONDS, name=f"report:{broadcast.id}",
        data={"broadcast_id": broadcast.id, "chat_id": message.chat_id, "message_id": message.message_id,
              "language": _.language}, job_kwargs={"max_instances": 1})
    return ConversationHandler.END


@screen(who=HR)
async def cancel(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    context.user_data.pop("broadcast_draft", None)
    await respond(update, context._("The announcement was discarded; nothing was sent."),
                  keyboard([[main_menu_button(context._)]]))
    return ConversationHandler.END


# --- delivery report ---------------------------------------------------------------------------------------

def report_markup(broadcast_id: int, _: Translator):
    return keyboard([[(_("🔄 Refresh"), routes.BROADCAST_REPORT.data(broadcast_id)),
                      (_("📊 XLSX"), routes.BROADCAST_SHEET.data(broadcast_id))],
                     [(_("⛔ Cancel sending"), routes.BROADCAST_STOP.data(broadcast_id))]])


async def refresh_report_job(context: BotContext) -> None:
    """Keeps HR's report message current while the announcement goes out; stops once nothing is queued."""
    data = context.job.data
    _ = context.i18n.translator(data["language"])
    async with context.unit_of_work() as uow:
        report = await broadcasts.report(uow, data["broadcast_id"])
    await context.bot.edit_message_text(delivery_summary(report, _), chat_id=data["chat_id"],
                                        message_id=data["message_id"],
                                        reply_markup=None if report.done else report_markup(report.broadcast.id, _))
    if report.done or report.broadcast.cancelled_at:
        context.job.schedule_removal()


@screen(who=HR)
async def refresh_report(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    report = await broadcasts.report(uow, number_in(context))
    await respond(update, delivery_summary(report, context._), report_markup(report.broadcast.id, context._))


@screen(who=HR)
async def report_spreadsheet(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    broadcast_id = number_in(context)
    rows = await broadcasts.recipient_rows(uow, broadcast_id)
    await send_sheet(update, uow, recipient_sheet(broadcast_id, rows, _), filename=f"pengumuman-{broadcast_id}.xlsx",
                     report="broadcast",
                     markup=keyboard([[(_("🔄 Refresh"), routes.BROADCAST_REPORT.data(broadcast_id))],
                                      [main_menu_button(_)]]))


@screen(who=HR)
async def cancel_sending(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    broadcast_id = number_in(context)
    if routes.BROADCAST_STOP.parse(update.callback_query.data):  # not yet confirmed
        await respond(update, _("Stop sending announcement #{id}? What was sent stays sent.", id=str(broadcast_id)),
                      keyboard([[(_("Yes, stop it"), routes.BROADCAST_STOP_CONFIRMED.data(broadcast_id)),
                                 (_("No"), routes.BROADCAST_REPORT.data(broadcast_id))]]))
        return
    withdrawn = await broadcasts.cancel(uow, broadcast_id, actor(update))
    report = await broadcasts.report(uow, broadcast_id)
    await respond(update, _.ngettext("Stopped: {count} unsent message withdrawn.",
                                     "Stopped: {count} unsent messages withdrawn.", withdrawn) + "\n\n"
                  + delivery_summary(report, _),
                  keyboard([[(_("📊 XLSX"), routes.BROADCAST_SHEET.data(broadcast_id))]]))


@screen(who=HR)
async def expired_draft_button(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    """A composing button after the draft is gone (finished, cancelled, or the bot restarted)."""
    await update.callback_query.answer(context._("This draft is no longer open. Start again with /umumkan."),
                                       show_alert=True)


def register(application: Application) -> None:
    private = filters.ChatType.PRIVATE
    typed = filters.TEXT & ~filters.COMMAND & private
    audience_buttons = [
        *(CallbackQueryHandler(choose_units, pattern=route.pattern)
          for route in (routes.BROADCAST_UNITS, routes.BROADCAST_UNIT)),
        CallbackQueryHandler(cycle_kind, pattern=routes.BROADCAST_KIND.pattern),
        *(CallbackQueryHandler(choose_grades, pattern=route.pattern) for route in (
            routes.BROADCAST_GRADES, routes.BROADCAST_GRADE_FROM, routes.BROADCAST_GRADE_TO,
            routes.BROADCAST_GRADES_CLEAR)),
        CallbackQueryHandler(choose_unread, pattern=routes.BROADCAST_UNREAD.pattern),
        CallbackQueryHandler(everyone, pattern=routes.BROADCAST_EVERYONE.pattern),
        CallbackQueryHandler(back_to_audience, pattern=routes.BROADCAST_AUDIENCE.pattern),
        CallbackQueryHandler(ask_text, pattern=routes.BROADCAST_NEXT.pattern),
    ]
    application.add_handler(conversation(
        "broadcast", minutes=60,
        entry_points=[CommandHandler(["umumkan", "announce"], start, filters=private),
                      CallbackQueryHandler(start, pattern=routes.BROADCAST_NEW.pattern)],
        states={
            AUDIENCE: audience_buttons,
            TEXT: [MessageHandler(typed, receive_text)],
            ATTACHMENT: [MessageHandler(filters.Document.ALL & private, receive_attachment),
                         CallbackQueryHandler(skip_attachment, pattern=routes.BROADCAST_SKIP_ATTACHMENT.pattern)],
            ACKNOWLEDGEMENT: [CallbackQueryHandler(preview, pattern=routes.BROADCAST_ASK_READ.pattern)],
            PREVIEW: [CallbackQueryHandler(send_now, pattern=routes.BROADCAST_SEND.pattern),
                      CallbackQueryHandler(ask_schedule, pattern=routes.BROADCAST_LATER.pattern)],
            SCHEDULE: [MessageHandler(typed, receive_schedule),
                       CallbackQueryHandler(confirm_schedule, pattern=routes.BROADCAST_SCHEDULE_CONFIRMED.pattern),
                       CallbackQueryHandler(ask_schedule, pattern=routes.BROADCAST_LATER.pattern),
                       CallbackQueryHandler(send_now, pattern=routes.BROADCAST_SEND.pattern)],
        },
        fallbacks=[CommandHandler(["batal", "cancel"], cancel, filters=private),
                   CallbackQueryHandler(cancel, pattern=routes.BROADCAST_CANCEL.pattern)]))
    application.add_handler(CallbackQueryHandler(preview_button, pattern=routes.BROADCAST_PREVIEW_READ.pattern))
    application.add_handler(CallbackQueryHandler(refresh_report, pattern=routes.BROADCAST_REPORT.pattern))
    application.add_handler(CallbackQueryHandler(report_spreadsheet, pattern=routes.BROADCAST_SHEET.pattern))
    for route in (routes.BROADCAST_STOP, routes.BROADCAST_STOP_CONFIRMED):
        application.add_handler(CallbackQueryHandler(cancel_sending, pattern=route.pattern))
    application.add_handler(CallbackQueryHandler(expired_draft_button, pattern=routes.BROADCAST_NEW.family()))


def _recipients(_: Translator, count: int) -> str:
    return _.ngettext("<b>{count}</b> recipient.", "<b>{count}</b> recipients.", count)
