"""``asnbot report rotations`` (the import is in :mod:`bot.cli.imports`)."""

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
from bot.report_sheets import rotations_sheet
from storage.uow import UnitOfWork


def register(groups: CommandGroups, _: Translator) -> None:
    report = groups.reports.add_parser("rotations", help=_("rotation notices and who confirmed reading them"))
    report.add_argument("--out", type=Path, metavar="FILE", help=_("output file, .xlsx or .csv"))
    report.set_defaults(action=with_db(_report))


async def _report(uow: UnitOfWork, settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    out = await write_sheet(uow, await rotations_sheet(uow, settings, _), args.out)
    print(_("Written to {file}.", file=str(out)))
    return 0
