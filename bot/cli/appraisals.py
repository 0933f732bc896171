"""HR commands about appraisal results: import them, and list the objections (keberatan) as a spreadsheet."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.appraisal_labels import period_label, predikat_label, rating_label, state_label
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
from storage.models import Appraisal, Objection
from storage.services.appraisal_import import COLUMNS, import_appraisals
from storage.services.objections import objections_report
from storage.spreadsheet import Sheet
from storage.uow import UnitOfWork


def register(groups: CommandGroups, _: Translator) -> None:
    appraisals = groups.imports.add_parser("appraisals", help=_("appraisal results: {columns}",
                                                                columns=",".join(COLUMNS)))
    add_import_options(appraisals, _)
    appraisals.set_defaults(action=with_db(_import_appraisals))

    objections = groups.reports.add_parser("objections", help=_("objections (keberatan) to appraisal results"))
    objections.add_argument("--out", type=Path, metavar="FILE", help=_("output file, .xlsx or .csv"))
    objections.set_defaults(action=with_db(_objections))


async def _import_appraisals(uow: UnitOfWork, settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    return await run_import(import_appraisals, uow, args, _, policy=policies(settings).objections)


async def _objections(uow: UnitOfWork, settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    tz = settings.timezone
    objections = await objections_report(uow)
    out = args.out or Path(f"keberatan-{uow.clock().astimezone(tz):%Y%m%d}.xlsx")
    headers = [_("No."), _("Filed (WIB)"), _("NIP"), _("Name"), _("Period"), _("Work results"), _("Work behaviour"),
               _("Predikat Kinerja"), _("Rater"), _("Addressed to"), _("State"), _("Reasons"), _("Decided (WIB)"),
               _("Decided by"), _("Reason for the rejection"), _("Corrected predikat")]

    def row(objection: Objection) -> list[object]:
        appraisal: Appraisal = objection.appraisal
        corrected = objection.corrected_appraisal
        return [objection.id, objection.filed_at.astimezone(tz), objection.employee.nip, objection.employee.name,
                period_label(_, appraisal.period), rating_label(_, appraisal.work_results),
                rating_label(_, appraisal.work_behaviour), predikat_label(_, appraisal.predikat),
                appraisal.rater_name or "",
                objection.addressee.name if objection.addressee else _("HR (Subbag Umum dan Kepegawaian)"),
                state_label(_, objection.state), objection.reasons,
                objection.decided_at.astimezone(tz) if objection.decided_at else None,
                objection.decided_by.name if objection.decided_by else "", objection.decision_reason or "",
                predikat_label(_, corrected.predikat) if corrected else ""]

    sheet = Sheet(headers, (row(objection) for objection in objections), _("Objections"))
    await save_report(uow, sheet, out, "objections")
    print(_.ngettext("{count} objection written to {file}.", "{count} objections written to {file}.",
                     len(objections), file=str(out)))
    return 0
