"""/pengaturan: language choice and unlinking the account (/lepastautan, with confirmation)."""

from __future__ import annotations

from html import escape

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, filters

from bot.context import BotContext
from bot.i18n import LANGUAGE_NAMES
from handlers.common import keyboard, main_menu_button, respond
from handlers.screen import ANYONE, link_prompt_content, screen
from storage import routes
from storage.problems import N_, Problem
from storage.services import reminders
from storage.services.accounts import set_language, unlink
from storage.uow import UnitOfWork


@screen(who=ANYONE, read_only=True)
async def show_settings(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    rows = [[(("✓ " if code == _.language else "") + name, routes.LANGUAGE.data(code))
             for code, name in LANGUAGE_NAMES.items()]]
    if context.viewer.employee is not None:
        rows.append([(_("🔔 Reminders"), routes.REMINDERS.data())])
        rows.append([(_("🔓 Unlink this account"), routes.UNLINK.data())])
        rows.append([main_menu_button(_)])
    await respond(update, _("<b>Settings</b>\nLanguage: {language}",
                            language=LANGUAGE_NAMES[_.language]), keyboard(rows))


@screen(who=ANYONE)
async def choose_language(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    language = context.match.group(1)
    if language not in LANGUAGE_NAMES:
        raise Problem(N_("This button is no longer valid."))
    await set_language(uow, context.viewer, update.effective_chat.id, language)
    _ = context._ = context.i18n.translator(language)
    await respond(update, _("Language changed to {language}.", language=LANGUAGE_NAMES[language]),
                  keyboard([[(_("⚙️ Settings"), routes.SETTINGS.data())], [main_menu_button(_)]]))


@screen
async def ask_unlink(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    employee = context.viewer.employee
    await respond(update, _(
        "Unlink this Telegram account from <b>{name}</b>?\n"
        "You will need a new activation code from HR to link again.", name=escape(employee.name)),
        keyboard([[(_("Yes, unlink"), routes.UNLINK_CONFIRMED.data()), (_("No, keep it"), routes.MAIN_MENU.data())]]))


@screen
async def confirm_unlink(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    employee = await unlink(uow, context.viewer)
    await respond(update, _("This account is no longer linked to {name}. Send /start to link again "
                            "with a new code from HR.", name=escape(employee.name)), link_prompt_content(_)[1])


@screen
async def show_reminders(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    """Each reminder category with its state; tapping one switches it (a confirmation first for reminders of
    one's own deadlines)."""
    _ = context._
    employee = context.viewer.employee
    offered = reminders.categories_for(context.viewer.is_hr)  # Kepegawaian's lists only for Kepegawaian
    data = update.callback_query.data
    confirmed = routes.REMINDER_MUTE_CONFIRMED.parse(data)
    key = (confirmed or routes.REMINDER_TOGGLE.parse(data) or (None,))[0]
    if key is not None:
        category = next((category for category in offered if category.key == key), None)
        if category is None:
            raise Problem(N_("This button is no longer valid."))
        muted = await reminders.muted_categories(uow, employee.id)
        if key not in muted and category.own_deadline and not confirmed:
            await respond(update, _("⚠️ “{category}” are reminders of deadlines for things that are yours. Without "
                                    "them you may miss a deadline. Turn them off anyway?", category=_(category.label)),
                          keyboard([[(_("Yes, turn off"), routes.REMINDER_MUTE_CONFIRMED.data(key)),
                                     (_("No"), routes.REMINDERS.data())]]))
            return
        await reminders.set_muted(uow, employee.id, key, key not in muted)
    muted = await reminders.muted_categories(uow, employee.id)
    rows = [[(("🔕 " if category.key in muted else "🔔 ") + _(category.label),
              routes.REMINDER_TOGGLE.data(category.key))] for category in offered]
    rows.append([(_("⬅️ Settings"), routes.SETTINGS.data())])
    await respond(update, _("<b>Automatic reminders</b>\n🔔 on · 🔕 off. Tap to switch. Reminders never come "
                            "between {start} and {end}, nor on weekends and holidays unless the event is that day "
                            "or the next.",
                            start=context.settings.quiet_start.strftime("%H.%M"),
                            end=context.settings.quiet_end.strftime("%H.%M")), keyboard(rows))


def register(application: Application) -> None:
    private = filters.ChatType.PRIVATE
    application.add_handler(CommandHandler(["pengaturan", "settings"], show_settings, filters=private))
    application.add_handler(CommandHandler(["lepastautan", "putuskan", "unlink"], ask_unlink, filters=private))
    application.add_handler(CallbackQueryHandler(show_settings, pattern=routes.SETTINGS.pattern))
    application.add_handler(CallbackQueryHandler(choose_language, pattern=routes.LANGUAGE.pattern))
    application.add_handler(CallbackQueryHandler(ask_unlink, pattern=routes.UNLINK.pattern))
    application.add_handler(CallbackQueryHandler(confirm_unlink, pattern=routes.UNLINK_CONFIRMED.pattern))
    for route in (routes.REMINDERS, routes.REMINDER_TOGGLE, routes.REMINDER_MUTE_CONFIRMED):
        application.add_handler(CallbackQueryHandler(show_reminders, pattern=route.pattern))
