"""``asnbot import rotations`` and ``asnbot report rotations``."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.cli.runtime import (
    CommandGroups,
    add_import_options,
    run_import,
    save_report,
    with_db,
)
from bot.config import Settings
from bot.i18n import Translator
from storage.services import rotations
from storage.spreadsheet import Sheet
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
    notices = await rotations.all_notices(uow)
    tz = settings.timezone
    out = args.out or Path("rotasi.xlsx")
    sheet = Sheet([_("NIP"), _("Name"), _("Old post"), _("Old unit"), _("New post"), _("New unit"), _("SK number"),
                   _("SK date"), _("TMT"), _("Inauguration (WIB)"), _("Place"), _("Read (WIB)"), _("In effect")],
                  ([notice.employee.nip, notice.employee.name, notice.old_position, notice.old_unit,
                    notice.new_position, notice.new_unit, notice.sk_number, notice.sk_date, notice.effective_date,
                    notice.inauguration_at.astimezone(tz) if notice.inauguration_at else None,
                    notice.inauguration_place,
                    notice.acknowledged_at.astimezone(tz) if notice.acknowledged_at else None,
                    _("yes") if notice.applied_at else _("no")] for notice in notices),
                  _("Rotations"))
    await save_report(uow, sheet, out, "rotations")
    print(_("Written to {file}.", file=str(out)))
    return 0
