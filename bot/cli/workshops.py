"""HR commands about training: import workshops, attendance and outside JP; the enrolment and JP reports."""

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
from bot.policies import policies
from storage.services.attendance_import import import_attendance
from storage.services.jp_import import import_jp
from storage.services.training_hours import jp_report
from storage.services.workshop_import import import_workshops
from storage.services.workshop_reports import roster_by_code
from storage.spreadsheet import Sheet
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
    await save_report(uow, roster.sheet, out, "workshop_enrolments")
    print(_.ngettext("{count} enrolment written to {file}.", "{count} enrolments written to {file}.",
                     len(roster.rows), file=str(out)))
    return 0


async def _report_jp(uow: UnitOfWork, settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    policy = policies(settings).training
    year = args.year or policy.year_of(uow.clock())
    rows = await jp_report(uow, year, policy)
    out = args.out or Path(f"jp-{year}.xlsx")
    sheet = Sheet([_("NIP"), _("Name"), _("Type"), _("Unit"), _("JP from workshops"), _("JP from elsewhere"),
                   _("JP total"), _("Registered, not yet attended"), _("Minimum (PNS)"), _("Ceiling (PPPK)"),
                   _("Shortfall")],
                  ([row.employee.nip, row.employee.name, row.employee.kind, row.employee.unit or "",
                    row.progress.from_workshops, row.progress.from_elsewhere, row.progress.total, row.progress.planned,
                    None if row.progress.is_ceiling else row.progress.goal,
                    row.progress.goal if row.progress.is_ceiling else None, row.progress.shortfall] for row in rows),
                  _("JP {year}", year=str(year)))
    await save_report(uow, sheet, out, "jp_recap")
    short = sum(1 for row in rows if row.progress.shortfall)
    print(_.ngettext("{count} employee written to {file}; {short} below the minimum.",
                     "{count} employees written to {file}; {short} below the minimum.", len(rows),
                     file=str(out), short=short))
    return 0
