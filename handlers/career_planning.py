"""📈 Perencanaan Karier (Kepegawaian): the career plan on screen and as XLSX, the way into the data-correction
inbox, and the list of training topics employees choose their aspirations from."""

from __future__ import annotations

import asyncio
from html import escape

from telegram import Update
from telegram.constants import ChatAction
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from bot.career_plan import plan_sheets, plan_summary, talent_line
from bot.context import BotContext
from bot.i18n import Translator
from bot.talent_chart import talent_png
from handlers.common import Button, actor, keyboard, main_menu_button, number_in, respond
from handlers.screen import HR, conversation, screen
from storage import routes
from storage.problems import N_, Problem
from storage.rendered import months as in_months
from storage.services.aspirations import MAX_VALUE, add_topic, listed_topics, retire_topic
from storage.services.career_planning import DEFAULT_MONTHS, career_plan
from storage.services.exports import export
from storage.services.talent import talent_box
from storage.uow import UnitOfWork

MONTH_CHOICES = (3, 6, 12)
TYPING = 0


async def _plan(update: Update, context: BotContext, uow: UnitOfWork, months: int):
    today = uow.clock().astimezone(context.settings.timezone).date()
    return await career_plan(uow, today, months, context.application.policies.career,
                             context.application.policies.training, actor=actor(update))


@screen(who=HR)
async def show_plan(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    plan = await _plan(update, context, uow, number_in(context, default=DEFAULT_MONTHS))
    waiting = len(await uow.corrections.open())
    rows: list[list[Button]] = [
        [(("• " if choice == plan.months else "") + _.ngettext("{count} month", "{count} months", choice),
          routes.CAREER_PLAN_MONTHS.data(choice))
         for choice in MONTH_CHOICES],
        [(_("📥 Download XLSX"), routes.CAREER_PLAN_SHEET.data(plan.months))]
        + ([(_("🧩 Talent box"), routes.TALENT_BOX.data())] if plan.talent and plan.talent.placements else []),
        [(_("🗂 Data corrections ({count})", count=waiting), routes.CORRECTION_INBOX.data(0)),
         (_("📚 Training topics"), routes.TRAINING_TOPICS.data())],
        [main_menu_button(_)],
    ]
    await respond(update, plan_summary(_, plan), keyboard(rows))


@screen(who=HR)
async def download(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    plan = await _plan(update, context, uow, number_in(context, default=DEFAULT_MONTHS))
    content = await export(uow, plan_sheets(_, plan), actor=actor(update), report="career")
    await update.effective_chat.send_document(
        content, filename=f"perencanaan-karier-{plan.on.isoformat()}.xlsx",
        caption=_("📈 Career planning as of {date}, the next {months}", date=plan.on, months=in_months(plan.months)),
        reply_markup=keyboard([[(_("📈 Career planning"), routes.CAREER_PLAN.data()), main_menu_button(_)]]))
    await update.callback_query.answer()  # after the file, so that the button spins until it is there


@screen(who=HR)
async def show_talent_box(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    """The grid as a photo, drawn in a worker thread (a few hundred milliseconds of CPU)."""
    _ = context._
    talent = await talent_box(uow)
    if talent is None or not talent.placements:
        raise Problem(N_("No talent box yet: import the potensial column with the employee file, and the annual "
                         "appraisal results."))
    await uow.pause()  # drawing takes a while; the connection is not needed for it
    await update.get_bot().send_chat_action(update.effective_chat.id, ChatAction.UPLOAD_PHOTO)
    picture = await asyncio.to_thread(talent_png, _, talent)
    await update.effective_chat.send_photo(picture, caption=talent_line(_, talent), reply_markup=keyboard(
        [[(_("📈 Career planning"), routes.CAREER_PLAN.data()), main_menu_button(_)]]))
    await update.callback_query.answer()


# -- the training topics employees choose from ---------------------------------------------------------------

@screen(who=HR)
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
    rows: list[list[Button]] = [[(f"🗑 {topic.name}"[:60], routes.TRAINING_TOPIC_RETIRE.data(topic.id))]
                                for topic in topics]
    rows += [[(_("➕ Add a topic"), routes.TRAINING_TOPIC_ADD.data())],
             [(_("📈 Career planning"), routes.CAREER_PLAN.data()), main_menu_button(_)]]
    await respond(update, "\n".join(lines), keyboard(rows))


@screen(who=HR)
async def retire(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    topic = await retire_topic(uow, context.viewer.employee, number_in(context), actor=actor(update))
    await _topics_screen(update, context, uow, _("🗑 “{name}” was taken off the list.", name=escape(topic.name)))


def _cancel_row(_: Translator) -> list[Button]:
    return [(_("✖️ Cancel"), routes.TRAINING_TOPIC_CANCEL.data())]


@screen(who=HR)
async def ask_topic(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    await respond(update, _("Type the new topic in one message (at most {maximum} characters), or /batal to stop.",
                            maximum=MAX_VALUE), keyboard([_cancel_row(_)]))
    return TYPING


@screen(who=HR)
async def topic_typed(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    try:
        topic = await add_topic(uow, context.viewer.employee, update.message.text, actor=actor(update))
    except Problem as problem:
        await respond(update, _("{problem}\nPlease type it again, or /batal to stop.",
                                problem=escape(_.problem(problem))), keyboard([_cancel_row(_)]))
        return TYPING
    await _topics_screen(update, context, uow, _("✅ “{name}” was added.", name=escape(topic.name)))
    return ConversationHandler.END


@screen(who=HR)
async def cancel(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    await _topics_screen(update, context, uow, context._("Cancelled; nothing was changed."))
    return ConversationHandler.END


def register(application: Application) -> None:
    private = filters.ChatType.PRIVATE
    application.add_handler(conversation(
        "training_topics", minutes=30,
        entry_points=[CallbackQueryHandler(ask_topic, pattern=routes.TRAINING_TOPIC_ADD.pattern)],
        states={TYPING: [MessageHandler(filters.TEXT & ~filters.COMMAND & private, topic_typed)]},
        fallbacks=[CommandHandler(["batal", "cancel"], cancel, filters=private),
                   CallbackQueryHandler(cancel, pattern=routes.TRAINING_TOPIC_CANCEL.pattern)]))
    application.add_handler(CommandHandler(["perencanaan", "careerplan"], show_plan, filters=private))
    application.add_handler(CallbackQueryHandler(show_plan, pattern=routes.CAREER_PLAN.pattern))
    application.add_handler(CallbackQueryHandler(show_plan, pattern=routes.CAREER_PLAN_MONTHS.pattern))
    application.add_handler(CallbackQueryHandler(download, pattern=routes.CAREER_PLAN_SHEET.pattern))
    application.add_handler(CallbackQueryHandler(show_talent_box, pattern=routes.TALENT_BOX.pattern))
    application.add_handler(CallbackQueryHandler(show_topics, pattern=routes.TRAINING_TOPICS.pattern))
    application.add_handler(CallbackQueryHandler(retire, pattern=routes.TRAINING_TOPIC_RETIRE.pattern))
