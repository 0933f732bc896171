"""``asnbot report reminders``: what reminders went to whom and when, or what is coming in the next days."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.cli.runtime import CommandGroups, with_db, write_sheet
from bot.config import Settings
from bot.i18n import Translator
from bot.report_sheets import reminders_sheet
from storage.uow import UnitOfWork


def register(groups: CommandGroups, _: Translator) -> None:
    report = groups.reports.add_parser("reminders", help=_("reminders sent (last 30 days) or coming (next 7 days)"))
    report.add_argument("--upcoming", action="store_true", help=_("the reminders due in the next 7 days instead"))
    report.add_argument("--days", type=int, default=None, metavar="N", help=_("how many days back or ahead"))
    report.add_argument("--out", type=Path, metavar="FILE", help=_("output file, .xlsx or .csv"))
    report.set_defaults(action=with_db(_report))


async def _report(uow: UnitOfWork, settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    sheet = await reminders_sheet(uow, settings, _, upcoming=args.upcoming, days=args.days)
    out = await write_sheet(uow, sheet, args.out)
    print(_.ngettext("{count} row written to {file}.", "{count} rows written to {file}.", len(sheet.rows),
                     file=str(out)))
    return 0
