"""``asnbot report days-off``: the year's national holidays and cuti bersama with Kepegawaian's corrections,
which every "hari kerja" rule of the bot follows. The corrections themselves are an import kind
(``asnbot import days_off FILE``, or the file sent on Telegram)."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.cli.runtime import CommandGroups, with_db, write_sheet
from bot.config import Settings
from bot.i18n import Translator
from bot.report_sheets import days_off_sheet
from storage.uow import UnitOfWork


def register(groups: CommandGroups, _: Translator) -> None:
    report = groups.reports.add_parser("days-off", help=_("the year's holidays and cuti bersama, with corrections"))
    report.add_argument("--year", type=int, metavar="YEAR", help=_("the calendar year (default: this year)"))
    report.add_argument("--out", type=Path, metavar="FILE", help=_("output file, .xlsx or .csv"))
    report.set_defaults(action=with_db(_report))


async def _report(uow: UnitOfWork, settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    sheet = await days_off_sheet(uow, settings, _, args.year)
    out = await write_sheet(uow, sheet, args.out)
    print(_.ngettext("{count} row written to {file}.", "{count} rows written to {file}.", len(sheet.rows),
                     file=str(out)))
    return 0
