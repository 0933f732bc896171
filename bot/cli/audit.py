"""``asnbot report audit``: the audit log as a spreadsheet, times in the bot's time zone."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.cli.runtime import CommandGroups, with_db, write_sheet
from bot.config import Settings
from bot.i18n import Translator
from bot.report_sheets import audit_sheet
from storage.local_time import parse_date
from storage.uow import UnitOfWork


def register(groups: CommandGroups, _: Translator) -> None:
    audit = groups.reports.add_parser("audit", help=_("the audit log: who did what, when"))
    audit.add_argument("--since", metavar="DATE", help=_("only entries from this day"))
    audit.add_argument("--out", type=Path, metavar="FILE", help=_("output file, .xlsx or .csv"))
    audit.set_defaults(action=with_db(_audit))


async def _audit(uow: UnitOfWork, settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    since = parse_date(args.since, uow.clock().astimezone(settings.timezone).date()) if args.since else None
    sheet = await audit_sheet(uow, settings, _, since)
    out = await write_sheet(uow, sheet, args.out)
    print(_.ngettext("{count} entry written to {file}.", "{count} entries written to {file}.", len(sheet.rows),
                     file=str(out)))
    return 0
