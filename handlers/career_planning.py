"""📈 Perencanaan Karier (Kepegawaian): the career plan on screen and as XLSX, the way into the data-correction
inbox, and the list of training topics employees choose their aspirations from."""

from __future__ import annotations

import asyncio
import warnings
from html import escape

from telegram import Update
from telegram.constants import ChatAction
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters
from telegram.warnings import PTBUserWarning

from bot.career_plan import plan_sheets, plan_summary, talent_line
from bot.context import BotContext
from bot.talent_chart import talent_png
from handlers.appraisal_common import actor
from handlers.common import Button, hr_handler, keyboard, parse_int, respond
from handlers.corrections import INBOX
from handlers.menu import MAIN_MENU
from storage.problems import Problem
from storage.services.aspirations import MAX_VALUE, add_topic, listed_topics, retire_topic
from storage.services.career_planning import DEFAULT_MONTHS, career_plan
from storage.services.talent import talent_box
from storage.tabular import xlsx_workbook
from storage.uow import UnitOfWork

HOME = "cp:home"
MONTHS = "cp:m:"          # + months
DOWNLOAD = "cp:x:"        # + months
TALENT = "cp:tb"
TOPICS = "top:list"
ADD_TOPIC = "top:add"
RETIRE = "top:rm:"        # + topic id
CANCEL = "top:x"
MONTH_CHOICES = (3, 6, 12)
TYPING = 0


async def _plan(update: Update, context: BotContext, uow: UnitOfWork, months: int):
    today = uow.clock().astimezone(context.settings.timezone).date()
    return await career_plan(uow, today, months, context.application.career_policy,
                             context.application.training_policy, actor=actor(update))


@hr_handler
async def show_plan(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    data = update.callback_query.data if update.callback_query else ""
    months = parse_int(data, MONTHS) if data.startswith(MONTHS) else DEFAULT_MONTHS
    plan = await _plan(update, context, uow, months or DEFAULT_MONTHS)
    waiting = len(await uow.corrections.open())
    rows: list[list[Button]] = [
        [((("• " if choice == plan.months else "") + _("{months} months", months=choice)), f"{MONTHS}{choice}")
         for choice in MONTH_CHOICES],
        [(_("📥 Download XLSX"), f"{DOWNLOAD}{plan.months}")] +
        ([(_("🧩 Talent box"), TALENT)] if plan.talent is not None and plan.talent.placements else []),
        [(_("🗂 Data corrections ({count})", count=waiting), f"{INBOX}0"), (_("📚 Training topics"), TOPICS)],
        [(_("⬅️ Main menu"), MAIN_MENU)],
    ]
    await respond(update, plan_summary(_, plan), keyboard(rows))


@hr_handler
async def download(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    plan = await _plan(update, context, uow, parse_int(update.callback_query.data, DOWNLOAD) or DEFAULT_MONTHS)
    await update.effective_chat.send_document(
        xlsx_workbook(plan_sheets(_, plan)), filename=f"perencanaan-karier-{plan.on.isoformat()}.xlsx",
        caption=_("📈 Career planning as of {date}, the next {months} months", date=plan.on, months=plan.months),
        reply_markup=keyboard([[(_("📈 Career planning"), HOME), (_("⬅️ Main menu"), MAIN_MENU)]]))
    await update.callback_query.answer()  # after the file, so that the button spins until it is there


@hr_handler
async def show_talent_box(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    """The grid as a photo, drawn in a worker thread (a few hundred milliseconds of CPU)."""
    _ = context._
    talent = await talent_box(uow)
    if talent is None or not talent.placements:
        await update.callback_query.answer(_("No talent box yet: import the potensial column with the employee "
                                              "file, and the annual appraisal results."), show_alert=True)
        return
    await uow.pause()  # drawing takes a while; the connection is not needed for it
    await update.get_bot().send_chat_action(update.effective_chat.id, ChatAction.UPLOAD_PHOTO)
    picture = await asyncio.to_thread(talent_png, _, talent)
    await update.effective_chat.send_photo(picture, caption=talent_line(_, talent), reply_markup=keyboard(
        [[(_("📈 Career planning"), HOME), (_("⬅️ Main menu"), MAIN_MENU)]]))
    await update.callback_query.answer()


# -- the training topics employees choose from ---------------------------------------------------------------

@hr_handler
async def show_topics(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    await _topics_screen(update, context, uow)


async def _topics_screen(update: Update, context: BotContext, uow: UnitOfWork, note: str | None = None) -> None:
    _ = context._
    topics = await listed_topics(uow)
    lines = ([note, ""] if note else []) + [
        _("📚 <b>Training topics</b>"),
        _("Employees choose their wished-for training from this list (or type their own). Tap a topic to take it "
          "off the list; those who chose it keep their wish.")]
    lines += [f"• {escape(topic.name)}" for topic in topics] or [_("— none yet")]
    rows: list[list[Button]] = [[(f"🗑 {topic.name}"[:60], f"{RETIRE}{topic.id}")] for topic in topics]
    rows += [[(_("➕ Add a topic"), ADD_TOPIC)], [(_("📈 Career planning"), HOME), (_("⬅️ Main menu"), MAIN_MENU)]]
    await respond(update, "\n".join(lines), keyboard(rows))


@hr_handler
async def retire(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    try:
        topic = await retire_topic(uow, context.viewer.employee, parse_int(update.callback_query.data, RETIRE) or 0,
                                   actor=actor(update))
    except Problem as problem:
        await update.callback_query.answer(_.problem(problem), show_alert=True)
        return
    await _topics_screen(update, context, uow, _("🗑 “{name}” was taken off the list.",
                                                          name=escape(topic.name)))


@hr_handler
async def ask_topic(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    await respond(update, _("Type the new topic in one message (at most {maximum} characters), or /batal to stop.",
                            maximum=MAX_VALUE), keyboard([[(_("✖️ Cancel"), CANCEL)]]))
    return TYPING


@hr_handler
async def topic_typed(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    try:
        topic = await add_topic(uow, context.viewer.employee, update.message.text, actor=actor(update))
    except Problem as problem:
        await respond(update, _("{problem}\nPlease type it again, or /batal to stop.",
                                problem=escape(_.problem(problem))), keyboard([[(_("✖️ Cancel"), CANCEL)]]))
        return TYPING
    await _topics_screen(update, context, uow, _("✅ “{name}” was added.", name=escape(topic.name)))
    return ConversationHandler.END


@hr_handler
async def cancel(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    await _topics_screen(update, context, uow, context._("Cancelled; nothing was changed."))
    return ConversationHandler.END


def register(application: Application) -> None:
    private = filters.ChatType.PRIVATE
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*per_message=False", category=PTBUserWarning)
        application.add_handler(ConversationHandler(
            entry_points=[CallbackQueryHandler(ask_topic, pattern=f"^{ADD_TOPIC}$")],
            states={TYPING: [MessageHandler(filters.TEXT & ~filters.COMMAND & private, topic_typed)]},
            fallbacks=[CommandHandler(["batal", "cancel"], cancel, filters=private),
                       CallbackQueryHandler(cancel, pattern=f"^{CANCEL}$")],
            allow_reentry=True, conversation_timeout=30 * 60, name="training_topics"))
    application.add_handler(CommandHandler(["perencanaan", "careerplan"], show_plan, filters=private))
    application.add_handler(CallbackQueryHandler(show_plan, pattern=rf"^(?:{HOME}|{MONTHS}\d{{1,2}})$"))
    application.add_handler(CallbackQueryHandler(download, pattern=rf"^{DOWNLOAD}\d{{1,2}}$"))
    application.add_handler(CallbackQueryHandler(show_talent_box, pattern=f"^{TALENT}$"))
    application.add_handler(CallbackQueryHandler(show_topics, pattern=f"^{TOPICS}$"))
    application.add_handler(CallbackQueryHandler(retire, pattern=rf"^{RETIRE}\d{{1,9}}$"))
