"""HR commands about training: import workshops, attendance and outside JP; the enrolment and JP reports."""

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
from bot.report_sheets import jp_sheet
from storage.services.attendance_import import import_attendance
from storage.services.jp_import import import_jp
from storage.services.workshop_import import import_workshops
from storage.services.workshop_reports import ROSTER_COLUMNS, roster_by_code
from storage.tabular import write_table
from storage.uow import UnitOfWork


def register(groups: CommandGroups, _: Translator) -> None:
    for name, help_text, command in (
        ("workshops", _("workshops: kode,judul,deskripsi,jenis,moda,lokasi,penyelenggara,mulai,selesai,"
                        "batas_daftar,kuota,jp"), _import_workshops),
        ("attendance", _("attendance: kode,nip,hadir (the enrolment report, filled in)"), _import_attendance),
        ("jp", _("JP earned elsewhere: nip,tanggal,jp,keterangan"), _import_jp),
    ):
        parser = groups.imports.add_parser(name, help=help_text)
        add_import_options(parser, _)
        parser.set_defaults(action=with_db(command))

    enrolments = groups.reports.add_parser("enrolments", help=_("who enrolled in a workshop, with a column for "
                                                                "attendance to fill in and import back"))
    enrolments.add_argument("code", metavar="KODE")
    enrolments.add_argument("--out", type=Path, metavar="FILE", help=_("output file, .xlsx or .csv"))
    enrolments.set_defaults(action=with_db(_report_enrolments))

    jp = groups.reports.add_parser("jp", help=_("every employee's JP this year and the shortfall"))
    jp.add_argument("--year", type=int, metavar="YYYY", help=_("another year than the current one"))
    jp.add_argument("--out", type=Path, metavar="FILE", help=_("output file, .xlsx or .csv"))
    jp.set_defaults(action=with_db(_report_jp))


async def _import_workshops(uow: UnitOfWork, settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    return await run_import(import_workshops, uow, args, _, timezone=settings.timezone)


async def _import_attendance(uow: UnitOfWork, settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    return await run_import(import_attendance, uow, args, _)


async def _import_jp(uow: UnitOfWork, settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    return await run_import(import_jp, uow, args, _, timezone=settings.timezone)


async def _report_enrolments(uow: UnitOfWork, settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    roster = await roster_by_code(uow, args.code)
    out = args.out or Path(roster.filename)
    write_table(out, roster.workshop.code, ROSTER_COLUMNS, roster.rows)
    print(_.ngettext("{count} enrolment written to {file}.", "{count} enrolments written to {file}.",
                     len(roster.rows), file=str(out)))
    return 0


async def _report_jp(uow: UnitOfWork, settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    sheet = await jp_sheet(uow, settings, _, args.year)
    out = write_sheet(sheet, args.out)
    short = sum(1 for row in sheet.rows if row[-1])
    print(_.ngettext("{count} employee written to {file}; {short} below the minimum.",
                     "{count} employees written to {file}; {short} below the minimum.", len(sheet.rows),
                     file=str(out), short=short))
    return 0
