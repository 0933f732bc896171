"""/pengaturan: language choice and unlinking the account (/putuskan, with confirmation)."""

from __future__ import annotations

from html import escape

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, filters

from bot.context import BotContext
from bot.i18n import LANGUAGE_NAMES
from handlers.common import handler, keyboard, respond
from handlers.menu import MAIN_MENU, link_prompt
from storage.services.accounts import set_language, unlink
from storage.uow import UnitOfWork

SETTINGS = "menu:settings"
LANGUAGE = "set:lang:"
UNLINK = "set:unlink"
UNLINK_CONFIRMED = "set:unlink:yes"


@handler
async def show_settings(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    rows = [[(("✓ " if code == _.language else "") + name, LANGUAGE + code)
             for code, name in LANGUAGE_NAMES.items()]]
    if context.viewer.employee is not None:
        rows.append([(_("🔓 Unlink this account"), UNLINK)])
        rows.append([(_("⬅️ Main menu"), MAIN_MENU)])
    await respond(update, _("<b>Settings</b>\nLanguage: {language}",
                            language=LANGUAGE_NAMES[_.language]), keyboard(rows))


@handler
async def choose_language(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    language = update.callback_query.data.removeprefix(LANGUAGE)
    if language not in LANGUAGE_NAMES:
        await update.callback_query.answer(context._("This button is no longer valid."))
        return
    await set_language(uow, context.viewer, update.effective_chat.id, language)
    _ = context._ = context.i18n.translator(language)
    await respond(update, _("Language changed to {language}.", language=LANGUAGE_NAMES[language]),
                  keyboard([[(_("⬅️ Main menu"), MAIN_MENU)]]))


@handler
async def ask_unlink(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    employee = context.viewer.employee
    if employee is None:
        await link_prompt(update, context)
        return
    await respond(update, _(
        "Unlink this Telegram account from <b>{name}</b>?\n"
        "You will need a new activation code from HR to link again.", name=escape(employee.name)),
        keyboard([[(_("Yes, unlink"), UNLINK_CONFIRMED), (_("No, keep it"), MAIN_MENU)]]))


@handler
async def confirm_unlink(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    if context.viewer.employee is None:
        await link_prompt(update, context)
        return
    employee = await unlink(uow, context.viewer)
    await respond(update, _("This account is no longer linked to {name}. Send /start to link again "
                            "with a new code from HR.", name=escape(employee.name)))


def register(application: Application) -> None:
    private = filters.ChatType.PRIVATE
    application.add_handler(CommandHandler(["pengaturan", "settings"], show_settings, filters=private))
    application.add_handler(CommandHandler(["putuskan", "unlink"], ask_unlink, filters=private))
    application.add_handler(CallbackQueryHandler(show_settings, pattern=f"^{SETTINGS}$"))
    application.add_handler(CallbackQueryHandler(choose_language, pattern=f"^{LANGUAGE}"))
    application.add_handler(CallbackQueryHandler(ask_unlink, pattern=f"^{UNLINK}$"))
    application.add_handler(CallbackQueryHandler(confirm_unlink, pattern=f"^{UNLINK_CONFIRMED}$"))
