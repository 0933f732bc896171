"""Linking conversation: /start → NIP → activation code → main menu (private chats only)."""

from __future__ import annotations

from html import escape

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from bot.context import BotContext
from handlers.common import keyboard, respond
from handlers.menu import main_menu_markup, show_main_menu
from handlers.screen import ANYONE, ask_again, conversation, link_prompt_content, screen
from storage import routes
from storage.nip import looks_like_nip
from storage.problems import N_, Problem
from storage.services.accounts import load_viewer
from storage.services.linking import LockedOut, check_not_locked, link_account, start_linking
from storage.uow import UnitOfWork

ASK_NIP, ASK_CODE = range(2)


@screen(who=ANYONE, read_only=True)  # a stranger's first contact writes nothing: launch day is all first contacts
async def start(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    if context.viewer.employee is not None:
        await show_main_menu(update, context)
        return ConversationHandler.END
    context.user_data.clear()
    try:
        await check_not_locked(uow, update.effective_user.id, None, context.application.policies.linking)
    except LockedOut as problem:
        return await _locked_out(update, context, problem)
    if context.args:
        context.user_data["code"] = context.args[0]
    name = escape(update.effective_user.first_name or "")
    await respond(update, _(
        "Welcome to <b>ASN Karier Plaju</b>, {name}! 👋\n\n"
        "This bot is your private line to HR (Subbag Umum dan Kepegawaian) for your career as an ASN.\n\n"
        "First, let us link your Telegram account to your employee record. "
        "Please type your <b>NIP</b> (18 digits, spaces are fine).", name=name), _cancel_markup(context))
    return ASK_NIP


@screen(who=ANYONE)
async def receive_nip(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    return await _take_nip(update, context, uow)


async def _take_nip(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    try:
        nip = await start_linking(uow, update.effective_user.id, update.message.text,
                                  context.application.policies.linking)
    except LockedOut as problem:
        return await _locked_out(update, context, problem)
    except Problem as problem:
        return await ask_again(update, _, problem, N_("{problem}\nPlease type your NIP again, or /batal to stop."),
                               _cancel_markup(context), ASK_NIP)
    context.user_data["nip"] = nip
    code = context.user_data.pop("code", None)
    if code is not None:
        return await _link(update, context, uow, code)
    await respond(update, _("Thank you. Now type the <b>activation code</b> you received from HR "
                            "(for example <code>K7QMA-3XPAR</code>)."), _cancel_markup(context))
    return ASK_CODE


@screen(who=ANYONE)
async def receive_code(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    if looks_like_nip(update.message.text):  # a corrected NIP, not a wrong code that would count to a lockout
        return await _take_nip(update, context, uow)
    return await _link(update, context, uow, update.message.text)


@screen(who=ANYONE)
async def change_nip(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    context.user_data.pop("nip", None)
    await respond(update, context._("Please type your <b>NIP</b> (18 digits, spaces are fine)."),
                  _cancel_markup(context))
    return ASK_NIP


async def _link(update: Update, context: BotContext, uow: UnitOfWork, typed_code: str) -> int:
    _ = context._
    try:
        employee = await link_account(uow, telegram_user_id=update.effective_user.id,
                                      chat_id=update.effective_chat.id, nip=context.user_data["nip"],
                                      typed_code=typed_code, policy=context.application.policies.linking)
    except LockedOut as problem:
        return await _locked_out(update, context, problem)
    except Problem as problem:
        return await ask_again(update, _, problem, N_("{problem}\nType the activation code again, or /batal to stop."),
                               keyboard([[(_("✏️ Change NIP"), routes.LINK_CHANGE_NIP.data())],
                                         [(_("✖️ Cancel"), routes.LINK_CANCEL.data())]]), ASK_CODE)
    context.user_data.clear()
    context.viewer = await load_viewer(uow, update.effective_user.id)  # now linked, maybe HR
    await respond(update, _("✅ Your account is linked. Welcome, <b>{name}</b>!\n{position}",
                            name=escape(employee.name),
                            position=escape(" · ".join(filter(None, (employee.position, employee.unit))))),
                  main_menu_markup(_, context.viewer))
    return ConversationHandler.END


async def _locked_out(update: Update, context: BotContext, problem: LockedOut) -> int:
    context.user_data.clear()
    await respond(update, escape(context._.problem(problem)),
                  keyboard([[(context._("❓ Help"), routes.HELP.data())]]))
    return ConversationHandler.END


@screen(who=ANYONE)
async def expected_text(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    """A sticker, photo or file while the bot waits for typed text."""
    wanted = context._("your activation code") if "nip" in context.user_data else context._("your NIP")
    await respond(update, context._("Please type {wanted} as text, or /batal to stop.", wanted=escape(wanted)),
                  _cancel_markup(context))


@screen(who=ANYONE)
async def cancel(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    context.user_data.clear()
    _ = context._
    await respond(update, _("Linking cancelled. Send /start whenever you are ready."), link_prompt_content(_)[1])
    return ConversationHandler.END


def _cancel_markup(context: BotContext):
    return keyboard([[(context._("✖️ Cancel"), routes.LINK_CANCEL.data())]])


def register(application: Application) -> None:
    private = filters.ChatType.PRIVATE
    typed = filters.TEXT & ~filters.COMMAND & private
    application.add_handler(conversation(
        "linking", minutes=30,
        entry_points=[CommandHandler("start", start, filters=private),
                      CallbackQueryHandler(start, pattern=routes.LINK_START.pattern)],
        states={ASK_NIP: [MessageHandler(typed, receive_nip)],
                ASK_CODE: [MessageHandler(typed, receive_code),
                           CallbackQueryHandler(change_nip, pattern=routes.LINK_CHANGE_NIP.pattern)]},
        fallbacks=[CommandHandler(["batal", "cancel"], cancel, filters=private),
                   CallbackQueryHandler(cancel, pattern=routes.LINK_CANCEL.pattern),
                   MessageHandler(private & ~filters.COMMAND, expected_text)]))
