"""The main menu every linked employee starts from, and the help text."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, filters

from bot.config import Settings
from bot.context import BotContext
from bot.i18n import Translator
from handlers.commands import command_lines
from handlers.common import Button, Keyboard, keyboard, main_menu_button, respond
from handlers.screen import ANYONE, screen
from storage import routes
from storage.problems import N_
from storage.rendered import days as in_days
from storage.rendered import minutes
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
        _("Your data is only shown to you in this private chat."),
        contact_line(_, context.settings),
    ])
    await respond(update, text, _help_markup(context, (_("📖 What do JP, predikat, keberatan and rotation mean?"),
                                                       routes.HELP_FAQ.data())))


@screen(who=ANYONE, read_only=True)
async def faq(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    """The words of the office that a new employee meets in the bot, explained once."""
    _ = context._
    settings = context.settings
    text = "\n\n".join([
        _("<b>Frequently asked questions</b>"),
        _("<b>What is JP?</b>\nJP (jam pelajaran) measures competency development: 1 JP is {minutes} of "
          "training. Every PNS needs at least {target} JP a calendar year; a PPPK may take at most {ceiling} "
          "JP a year of contract, counted from the TMT kontrak. Workshops count once your attendance is "
          "recorded; until then their JP are shown as awaiting attendance.", minutes=minutes(settings.jp_minutes),
          target=settings.jp_target_pns, ceiling=settings.jp_ceiling_pppk),
        _("<b>What is the predikat?</b>\nYour performance rating for a period. It follows from two ratings by "
          "your superior, work results (hasil kerja) and work behaviour (perilaku kerja): Sangat Baik, Baik, "
          "Butuh Perbaikan, Kurang/Misconduct or Sangat Kurang. There is no numeric score."),
        _("<b>What is a keberatan?</b>\nA written objection to your appraisal result, with your reasons. It goes "
          "to your rater's superior, within {days} after you receive the result. They accept it (the "
          "result is corrected) or reject it with a reason.", days=in_days(settings.objection_window_days)),
        _("<b>What is a rotation?</b>\nA move to another post or unit (mutasi), usually after {minimum} to "
          "{maximum} in a post. HR tells you here; you confirm that you have read the notice.",
          minimum=settings.rotation_min_years,
          maximum=_.ngettext("{count} year", "{count} years", settings.rotation_max_years)),
        contact_line(_, settings),
    ])
    await respond(update, text, _help_markup(context, (_("❓ Help"), routes.HELP.data())))


def contact_line(_: Translator, settings: Settings) -> str:
    """How to reach Kepegawaian in person, from the settings (a part that is not set is left out)."""
    labelled = ((N_("phone {value}"), settings.hr_phone), (N_("room {value}"), settings.hr_room),
                (N_("hours {value}"), settings.hr_hours))
    parts = [_(label, value=escape(value)) for label, value in labelled if value]
    if not parts:
        return _("Questions? Contact HR (Subbag Umum dan Kepegawaian) at the kecamatan office.")
    return _("Questions? Contact HR (Subbag Umum dan Kepegawaian): {details}.", details=" · ".join(parts))


def _help_markup(context: BotContext, first: Button) -> Keyboard:
    """Help is reachable before linking too: then the way on is linking, otherwise the main menu."""
    _ = context._
    if context.viewer.employee is None:
        return keyboard([[first], [(_("🔗 Link my account"), routes.LINK_START.data())]])
    return keyboard([[first], [main_menu_button(_)]])


def register(application: Application) -> None:
    private = filters.ChatType.PRIVATE
    application.add_handler(CommandHandler("menu", menu, filters=private))
    application.add_handler(CommandHandler(["bantuan", "help"], help_text, filters=private))
    application.add_handler(CallbackQueryHandler(menu, pattern=routes.MAIN_MENU.pattern))
    application.add_handler(CallbackQueryHandler(help_text, pattern=routes.HELP.pattern))
    application.add_handler(CallbackQueryHandler(faq, pattern=routes.HELP_FAQ.pattern))
