"""``asnbot report reminders``: what reminders went to whom and when, or what is coming in the next days."""

from __future__ import annotations

from bot.cli.runtime import CommandGroups, report_action
from bot.i18n import Translator
from bot.report_sheets import reminders_sheet


def register(groups: CommandGroups, _: Translator) -> None:
    report = groups.reports.add_parser("reminders", help=_("reminders sent (last 30 days) or coming (next 7 days)"))
    report.add_argument("--upcoming", action="store_true", help=_("the reminders due in the next 7 days instead"))
    report.add_argument("--days", type=int, default=None, metavar="N", help=_("how many days back or ahead"))
    report_action(report, _, lambda uow, settings, args, _: reminders_sheet(uow, settings, _, upcoming=args.upcoming,
                                                                           days=args.days))
