"""HR commands about appraisal results: the objections (keberatan) as a spreadsheet."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.cli.runtime import (
    CommandGroups,
    with_db,
    write_sheet,
)
from bot.config import Settings
from bot.i18n import Translator
from bot.report_sheets import objections_sheet, open_objections_sheet
from storage.uow import UnitOfWork


def register(groups: CommandGroups, _: Translator) -> None:
    objections = groups.reports.add_parser("objections", help=_("objections (keberatan) to appraisal results"))
    objections.add_argument("--open", action="store_true",
                            help=_("only the undecided ones, oldest first, with their age and delay"))
    objections.add_argument("--out", type=Path, metavar="FILE", help=_("output file, .xlsx or .csv"))
    objections.set_defaults(action=with_db(_objections))


async def _objections(uow: UnitOfWork, settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    sheet = await (open_objections_sheet if args.open else objections_sheet)(uow, settings, _)
    out = await write_sheet(uow, sheet, args.out)
    print(_.ngettext("{count} objection written to {file}.", "{count} objections written to {file}.",
                     len(sheet.rows), file=str(out)))
    return 0
