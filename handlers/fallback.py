"""What the bot says when it did not expect something, and where group chats are turned away."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, ApplicationHandlerStop, CallbackQueryHandler, MessageHandler, filters

from bot.context import BotContext
from bot.telegram.send import send_html
from handlers.common import respond
from handlers.menu import main_menu_markup
from handlers.screen import ANYONE, link_prompt, link_prompt_content, screen
from storage.uow import UnitOfWork

GUARDS = -1  # handler group run before every feature


async def ignore(update: Update, context: BotContext) -> None:
    """Edited messages, channel posts and group chatter are not requests to the bot."""
    raise ApplicationHandlerStop


@screen(who=ANYONE, private=False)
async def group_pointer(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    """The bot holds personal data, so it only works in a private chat; say where to find it."""
    _ = context._
    link = f"https://t.me/{context.bot.username}"
    await update.effective_message.reply_text(
        _("I only work in a private chat, to keep your data private. Tap the button to open it."),
        reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton(_("Open private chat"), url=link)]]))
    raise ApplicationHandlerStop


@screen(who=ANYONE)
async def unexpected_message(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    message = update.effective_message
    if context.viewer.employee is None:
        await link_prompt(update, context)
        return
    if message.text and message.text.startswith("/"):
        text = _("I do not know that command. Use the buttons below, or /bantuan for help.")
    elif message.text:
        text = _("I did not understand that. Please use the buttons below, or /bantuan for help.")
    else:
        text = _("I can only read text and buttons. Please use the buttons below.")
    await respond(update, text, main_menu_markup(_, context.viewer))


@screen(who=ANYONE)
async def stale_button(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    await update.callback_query.answer(_("This button is no longer valid."))
    if context.viewer.employee is None:
        text, markup = link_prompt_content(_)
    else:
        text, markup = _("That button has expired. Here is the main menu."), main_menu_markup(_, context.viewer)
    await send_html(context.bot, update.effective_chat.id, text, markup)


def register_guards(application: Application) -> None:
    groups = filters.ChatType.GROUPS
    application.add_handler(MessageHandler(filters.UpdateType.EDITED | filters.UpdateType.CHANNEL_POSTS, ignore),
                            GUARDS)
    application.add_handler(MessageHandler(groups & filters.COMMAND, group_pointer), GUARDS)
    application.add_handler(MessageHandler(groups, ignore), GUARDS)


def register(application: Application) -> None:
    application.add_handler(MessageHandler(filters.ChatType.PRIVATE, unexpected_message))
    application.add_handler(CallbackQueryHandler(stale_button))
