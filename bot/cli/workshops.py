"""HR commands about training: the enrolment and JP reports (imports are in :mod:`bot.cli.imports`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.cli.runtime import (
    CommandGroups,
    save_report,
    with_db,
    write_sheet,
)
from bot.config import Settings
from bot.i18n import Translator
from bot.report_sheets import jp_sheet
from storage.services.workshop_reports import roster_by_code
from storage.uow import UnitOfWork


def register(groups: CommandGroups, _: Translator) -> None:
    enrolments = groups.reports.add_parser("enrolments", help=_("who enrolled in a workshop, with a column for "
                                                                "attendance to fill in and import back"))
    enrolments.add_argument("code", metavar="KODE")
    enrolments.add_argument("--out", type=Path, metavar="FILE", help=_("output file, .xlsx or .csv"))
    enrolments.set_defaults(action=with_db(_report_enrolments))

    jp = groups.reports.add_parser("jp", help=_("every employee's JP this year and the shortfall"))
    jp.add_argument("--year", type=int, metavar="YYYY", help=_("another year than the current one"))
    jp.add_argument("--out", type=Path, metavar="FILE", help=_("output file, .xlsx or .csv"))
    jp.set_defaults(action=with_db(_report_jp))


async def _report_enrolments(uow: UnitOfWork, settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    roster = await roster_by_code(uow, args.code)
    out = args.out or Path(roster.filename)
    await save_report(uow, roster.sheet, out, "workshop_enrolments")
    print(_.ngettext("{count} enrolment written to {file}.", "{count} enrolments written to {file}.",
                     len(roster.rows), file=str(out)))
    return 0


async def _report_jp(uow: UnitOfWork, settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    sheet = await jp_sheet(uow, settings, _, args.year)
    out = await write_sheet(uow, sheet, args.out)
    short = sum(1 for row in sheet.rows if row[-1])
    print(_.ngettext("{count} employee written to {file}; {short} below the minimum.",
                     "{count} employees written to {file}; {short} below the minimum.", len(sheet.rows),
                     file=str(out), short=short))
    return 0
