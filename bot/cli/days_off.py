"""``asnbot report days-off``: the year's national holidays and cuti bersama with Kepegawaian's corrections,
which every "hari kerja" rule of the bot follows. The corrections themselves are an import kind
(``asnbot import days_off FILE``, or the file sent on Telegram)."""

from __future__ import annotations

from bot.cli.runtime import CommandGroups, report_action
from bot.i18n import Translator
from bot.report_sheets import days_off_sheet


def register(groups: CommandGroups, _: Translator) -> None:
    report = groups.reports.add_parser("days-off", help=_("the year's holidays and cuti bersama, with corrections"))
    report.add_argument("--year", type=int, metavar="YEAR", help=_("the calendar year (default: this year)"))
    report_action(report, _, lambda uow, settings, args, _: days_off_sheet(uow, settings, _, args.year))
