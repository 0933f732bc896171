"""``asnbot import days-off`` and ``asnbot report days-off``: Kepegawaian's corrections to the calendar of
national holidays and cuti bersama, which every "hari kerja" rule of the bot follows."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.cli.runtime import CommandGroups, add_import_options, run_import, save_report, with_db
from bot.config import Settings
from bot.i18n import Translator
from storage.services.days_off import COLUMNS, import_days_off, year_calendar
from storage.spreadsheet import Sheet
from storage.uow import UnitOfWork


def register(groups: CommandGroups, _: Translator) -> None:
    days_off = groups.imports.add_parser("days-off", help=_("days off and working days set by Kepegawaian: {columns}",
                                                            columns=",".join(COLUMNS)))
    add_import_options(days_off, _)
    days_off.set_defaults(action=with_db(_import))

    report = groups.reports.add_parser("days-off", help=_("the year's holidays and cuti bersama, with corrections"))
    report.add_argument("--year", type=int, metavar="YEAR", help=_("the calendar year (default: this year)"))
    report.add_argument("--out", type=Path, metavar="FILE", help=_("output file, .xlsx or .csv"))
    report.set_defaults(action=with_db(_report))


async def _import(uow: UnitOfWork, settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    return await run_import(import_days_off, uow, args, _)


async def _report(uow: UnitOfWork, settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    year = args.year or uow.clock().astimezone(settings.timezone).year
    days = await year_calendar(uow, year)
    out = args.out or Path(f"hari-libur-{year}.xlsx")
    rows = ([entry.day, _("yes") if entry.day_off else _("no"), entry.name or "",
             _("Kepegawaian") if entry.by_kepegawaian else _("national calendar")] for entry in days)
    await save_report(uow, Sheet([_("Date"), _("Day off"), _("Name"), _("Set by")], rows,
                                 _("Days off {year}", year=str(year))), out, "days_off")
    print(_.ngettext("{count} row written to {file}.", "{count} rows written to {file}.", len(days), file=str(out)))
    return 0
