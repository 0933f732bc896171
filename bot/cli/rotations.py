"""``asnbot import rotations`` and ``asnbot report rotations``."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.cli.runtime import (
    CommandGroups,
    add_import_options,
    run_import,
    with_db,
    write_sheet,
)
from bot.config import Settings
from bot.i18n import Translator
from bot.report_sheets import rotations_sheet
from storage.services import rotations
from storage.uow import UnitOfWork


def register(groups: CommandGroups, _: Translator) -> None:
    importer = groups.imports.add_parser("rotations", help=_(
        "rotation notices: nip,jabatan_baru,unit_baru,nomor_sk,tanggal_sk,tmt,jadwal_pelantikan,"
        "lokasi_pelantikan,catatan"))
    add_import_options(importer, _)
    importer.set_defaults(action=with_db(_import))
    report = groups.reports.add_parser("rotations", help=_("rotation notices and who confirmed reading them"))
    report.add_argument("--out", type=Path, metavar="FILE", help=_("output file, .xlsx or .csv"))
    report.set_defaults(action=with_db(_report))


async def _import(uow: UnitOfWork, settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    return await run_import(rotations.import_rotations, uow, args, _, tz=settings.timezone,
                            min_years_in_post=settings.rotation_min_years)


async def _report(uow: UnitOfWork, settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    out = write_sheet(await rotations_sheet(uow, settings, _), args.out)
    print(_("Written to {file}.", file=str(out)))
    return 0
