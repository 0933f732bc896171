"""The main menu every linked employee starts from, and the help text."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, filters

from bot.context import BotContext
from bot.i18n import Translator
from handlers.common import Keyboard, handler, keyboard, respond
from storage.problems import N_
from storage.services.accounts import Viewer
from storage.services.waitlist import CATALOGUE
from storage.uow import UnitOfWork

MAIN_MENU = "menu:main"
HELP = "menu:help"
LINK_START = "link:start"


@dataclass(frozen=True)
class MenuEntry:
    """A main-menu button; features add theirs to :data:`ENTRIES`."""

    label: str  # untranslated msgid
    callback_data: str
    hr_only: bool = False


ENTRIES: list[MenuEntry] = [
    MenuEntry(N_("🧭 My career"), "kr:home"),  # handlers.career
    MenuEntry(N_("📊 Performance appraisal"), "ap:home"),  # handlers.appraisals
    MenuEntry(N_("🎓 Training & workshops"), CATALOGUE),
    MenuEntry(N_("📢 Announcements"), "ann:list:0"),
    MenuEntry(N_("🔄 Rotation"), "rot:mine"),
    MenuEntry(N_("📣 New announcement"), "bc:new", hr_only=True),
    MenuEntry(N_("🗂 Rotations (HR)"), "rhr:list:0", hr_only=True),
    MenuEntry(N_("👥 Employees (HR)"), "emp:find", hr_only=True),
    MenuEntry(N_("📈 Career planning"), "cp:home", hr_only=True),  # handlers.career_planning
    MenuEntry(N_("❓ Help"), HELP),
    MenuEntry(N_("⚙️ Settings"), "menu:settings"),
]


def main_menu_markup(_: Translator, viewer: Viewer) -> Keyboard:
    buttons = [(_(entry.label), entry.callback_data) for entry in ENTRIES if viewer.is_hr or not entry.hr_only]
    return keyboard([buttons[index:index + 2] for index in range(0, len(buttons), 2)])


def main_menu_text(_: Translator, viewer: Viewer) -> str:
    return _("<b>Main menu</b> · {name}\nChoose what you need:", name=escape(viewer.employee.name))


async def show_main_menu(update: Update, context: BotContext) -> None:
    await respond(update, main_menu_text(context._, context.viewer), main_menu_markup(context._, context.viewer))


def back_to_menu(_: Translator) -> Keyboard:
    return keyboard([[(_("⬅️ Main menu"), MAIN_MENU)]])


def link_prompt_content(_: Translator) -> tuple[str, Keyboard]:
    """What an unlinked user sees instead of the menu: one button into the linking conversation."""
    return (_("Your Telegram account is not linked to your employee record yet. "
              "Have your NIP and the activation code from HR ready."),
            keyboard([[(_("🔗 Link my account"), LINK_START)], [(_("❓ Help"), HELP)]]))


async def link_prompt(update: Update, context: BotContext) -> None:
    await respond(update, *link_prompt_content(context._))


@handler(read_only=True)
async def menu(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    if context.viewer.employee is None:
        await link_prompt(update, context)
        return
    await show_main_menu(update, context)


@handler(read_only=True)
async def help_text(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    text = _(
        "<b>ASN Karier Plaju</b> helps civil servants (PNS and PPPK) of Kecamatan Plaju with their careers, "
        "privately, on Telegram.\n\n"
        "<b>Getting started</b>\n"
        "1. Ask HR (Subbag Umum dan Kepegawaian) for your activation code.\n"
        "2. Send /start, type your NIP, then the code.\n"
        "3. Use the buttons of the main menu.\n\n"
        "<b>Commands</b> (buttons do the same)\n"
        "/menu – main menu\n"
        "/karier – my career: pangkat, KGB, pension and what comes next\n"
        "/nilai – my appraisal result · /keberatan – my objections\n"
        "/pelatihan – trainings · /pelatihanku – my trainings and JP\n"
        "/pengumuman – announcements · /rotasi – rotation notices\n"
        "/pengaturan – language and account\n"
        "/batal – cancel what you are doing\n"
        "/bantuan – this help\n\n"
        "Your data is only shown to you in this private chat. Questions? Contact HR at the kecamatan office."
    )
    markup = back_to_menu(_) if context.viewer.employee else None
    await respond(update, text, markup)


def register(application: Application) -> None:
    private = filters.ChatType.PRIVATE
    application.add_handler(CommandHandler("menu", menu, filters=private))
    application.add_handler(CommandHandler(["bantuan", "help"], help_text, filters=private))
    application.add_handler(CallbackQueryHandler(menu, pattern=f"^{MAIN_MENU}$"))
    application.add_handler(CallbackQueryHandler(help_text, pattern=f"^{HELP}$"))
