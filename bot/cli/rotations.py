"""``asnbot report rotations`` and ``asnbot report long-in-post`` (the import is in :mod:`bot.cli.imports`)."""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable
from pathlib import Path

from bot.cli.runtime import (
    CommandGroups,
    with_db,
    write_sheet,
)
from bot.config import Settings
from bot.i18n import Translator
from bot.report_sheets import NamedSheet, long_in_post_sheet, rotations_sheet
from storage.uow import UnitOfWork


def register(groups: CommandGroups, _: Translator) -> None:
    report = groups.reports.add_parser("rotations", help=_("rotation notices and who confirmed reading them"))
    report.add_argument("--out", type=Path, metavar="FILE", help=_("output file, .xlsx or .csv"))
    report.set_defaults(action=with_db(_report(rotations_sheet)))
    long = groups.reports.add_parser("long-in-post", help=_(
        "who is at or beyond the maximum time in post (ROTATION_MAX_YEARS_IN_POST)"))
    long.add_argument("--out", type=Path, metavar="FILE", help=_("output file, .xlsx or .csv"))
    long.set_defaults(action=with_db(_report(long_in_post_sheet)))


def _report(make: Callable[[UnitOfWork, Settings, Translator], Awaitable[NamedSheet]]):
    async def report(uow: UnitOfWork, settings: Settings, args: argparse.Namespace, _: Translator) -> int:
        out = await write_sheet(uow, await make(uow, settings, _), args.out)
        print(_("Written to {file}.", file=str(out)))
        return 0
    return report
