"""``asnbot report audit``: the audit log as a spreadsheet, times in the bot's time zone."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.cli.runtime import CommandGroups, report_action
from bot.config import Settings
from bot.i18n import Translator
from bot.report_sheets import NamedSheet, audit_sheet
from storage.local_time import parse_date
from storage.uow import UnitOfWork


def register(groups: CommandGroups, _: Translator) -> None:
    audit = groups.reports.add_parser("audit", help=_("the audit log: who did what, when"))
    audit.add_argument("--since", metavar="DATE", help=_("only entries from this day"))
    report_action(audit, _, _sheet, _written)


async def _sheet(uow: UnitOfWork, settings: Settings, args: argparse.Namespace, _: Translator) -> NamedSheet:
    since = parse_date(args.since, uow.clock().astimezone(settings.timezone).date()) if args.since else None
    return await audit_sheet(uow, settings, _, since)


def _written(_: Translator, made: NamedSheet, out: Path) -> str:
    return _.ngettext("{count} entry written to {file}.", "{count} entries written to {file}.", len(made.rows),
                      file=str(out))
