"""The main menu every linked employee starts from, and the help text."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, filters

from bot.context import BotContext
from bot.i18n import Translator
from handlers.commands import command_lines
from handlers.common import Keyboard, keyboard, main_menu_button, respond
from handlers.screen import ANYONE, screen
from storage import routes
from storage.problems import N_
from storage.routes import Route
from storage.services.accounts import Viewer
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class MenuEntry:
    """A main-menu button; features add theirs to :data:`ENTRIES`."""

    label: str  # untranslated msgid
    route: Route  # a route without values, or whose values are a first page (0)
    hr_only: bool = False

    @property
    def callback_data(self) -> str:
        return self.route.data(*[0] * len(self.route.parts))


ENTRIES: list[MenuEntry] = [
    MenuEntry(N_("🧭 My career"), routes.CAREER),  # handlers.career
    MenuEntry(N_("📊 Performance appraisal"), routes.APPRAISAL_HOME),
    MenuEntry(N_("🎓 Training & workshops"), routes.CATALOGUE),
    MenuEntry(N_("📢 Announcements"), routes.ANNOUNCEMENTS),
    MenuEntry(N_("🔄 Rotation"), routes.MY_ROTATIONS),
    MenuEntry(N_("📣 New announcement"), routes.BROADCAST_NEW, hr_only=True),
    MenuEntry(N_("🗂 Rotations (HR)"), routes.HR_ROTATIONS, hr_only=True),
    MenuEntry(N_("👥 Employees (HR)"), routes.HR_FIND_EMPLOYEE, hr_only=True),
    MenuEntry(N_("📈 Career planning"), routes.CAREER_PLAN, hr_only=True),  # handlers.career_planning
    MenuEntry(N_("📤 Spreadsheets"), routes.HR_SPREADSHEETS, hr_only=True),
    MenuEntry(N_("📊 Reports"), routes.HR_REPORTS, hr_only=True),
    MenuEntry(N_("📅 Days off (HR)"), routes.DAYS_OFF, hr_only=True),
    MenuEntry(N_("❓ Help"), routes.HELP),
    MenuEntry(N_("⚙️ Settings"), routes.SETTINGS),
]


def main_menu_markup(_: Translator, viewer: Viewer) -> Keyboard:
    buttons = [(_(entry.label), entry.callback_data) for entry in ENTRIES if viewer.is_hr or not entry.hr_only]
    return keyboard([buttons[index:index + 2] for index in range(0, len(buttons), 2)])


def main_menu_text(_: Translator, viewer: Viewer) -> str:
    return _("<b>Main menu</b> · {name}\nChoose what you need:", name=escape(viewer.employee.name))


async def show_main_menu(update: Update, context: BotContext) -> None:
    await respond(update, main_menu_text(context._, context.viewer), main_menu_markup(context._, context.viewer))


def back_to_menu(_: Translator) -> Keyboard:
    return keyboard([[main_menu_button(_)]])


@screen(read_only=True)
async def menu(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    await show_main_menu(update, context)


@screen(who=ANYONE, read_only=True)
async def help_text(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    text = "\n".join([
        _("<b>ASN Karier Plaju</b> helps civil servants (PNS and PPPK) of Kecamatan Plaju with their careers, "
          "privately, on Telegram."), "",
        _("<b>Getting started</b>\n"
          "1. Ask HR (Subbag Umum dan Kepegawaian) for your activation code.\n"
          "2. Send /start, type your NIP, then the code.\n"
          "3. Use the buttons of the main menu."), "",
        _("<b>Commands</b> (buttons do the same)"),
        command_lines(_, hr=context.viewer.is_hr), "",
        _("Your data is only shown to you in this private chat. Questions? Contact HR at the kecamatan office."),
    ])
    markup = back_to_menu(_) if context.viewer.employee else None
    await respond(update, text, markup)


def register(application: Application) -> None:
    private = filters.ChatType.PRIVATE
    application.add_handler(CommandHandler("menu", menu, filters=private))
    application.add_handler(CommandHandler(["bantuan", "help"], help_text, filters=private))
    application.add_handler(CallbackQueryHandler(menu, pattern=routes.MAIN_MENU.pattern))
    application.add_handler(CallbackQueryHandler(help_text, pattern=routes.HELP.pattern))
