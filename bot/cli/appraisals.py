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
from storage.services.objections import objections_report, open_objections
from storage.spreadsheet import Sheet
from storage.uow import UnitOfWork


def register(groups: CommandGroups, _: Translator) -> None:
    appraisals = groups.imports.add_parser("appraisals", help=_("appraisal results: {columns}",
                                                                columns=",".join(COLUMNS)))
    add_import_options(appraisals, _)
    appraisals.set_defaults(action=with_db(_import_appraisals))

    objections = groups.reports.add_parser("objections", help=_("objections (keberatan) to appraisal results"))
    objections.add_argument("--open", action="store_true",
                            help=_("only the undecided ones, oldest first, with their age and delay"))
    objections.add_argument("--out", type=Path, metavar="FILE", help=_("output file, .xlsx or .csv"))
    objections.set_defaults(action=with_db(_objections))


async def _import_appraisals(uow: UnitOfWork, settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    return await run_import(import_appraisals, uow, args, _, policy=policies(settings).objections)


async def _objections(uow: UnitOfWork, settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    tz = settings.timezone
    if args.open:
        return await _open_objections(uow, settings, args, _)
    objections = await objections_report(uow)
    out = args.out or Path(f"keberatan-{uow.clock().astimezone(tz):%Y%m%d}.xlsx")
    headers = [_("No."), _("Filed (WIB)"), _("NIP"), _("Name"), _("Period"), _("Work results"), _("Work behaviour"),
               _("Predikat Kinerja"), _("Rater"), _("Addressed to"), _("State"), _("Reasons"), _("Rater's explanation"),
               _("Decision due"), _("Decided (WIB)"), _("Decided by"), _("Reasons for the decision"),
               _("Corrected predikat")]

    def row(objection: Objection) -> list[object]:
        appraisal: Appraisal = objection.appraisal
        corrected = objection.corrected_appraisal
        return [objection.id, objection.filed_at.astimezone(tz), objection.employee.nip, objection.employee.name,
                period_label(_, appraisal.period), rating_label(_, appraisal.work_results),
                rating_label(_, appraisal.work_behaviour), predikat_label(_, appraisal.predikat),
                appraisal.rater_name or "",
                objection.addressee.name if objection.addressee else _("HR (Subbag Umum dan Kepegawaian)"),
                state_label(_, objection.state), objection.reasons, objection.rater_explanation or "",
                objection.decision_due_on, objection.decided_at.astimezone(tz) if objection.decided_at else None,
                objection.decided_by.name if objection.decided_by else "", objection.decision_reason or "",
                predikat_label(_, corrected.predikat) if corrected else ""]

    await save_report(uow, Sheet(headers, (row(objection) for objection in objections), _("Objections")), out,
                      "objections")
    return _written(objections, out, _)


async def _open_objections(uow: UnitOfWork, settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    """The undecided objections by age: who has had one on their desk for how long, and how late it is."""
    tz = settings.timezone
    items = await open_objections(uow, policies(settings).objections)
    out = args.out or Path(f"keberatan-terbuka-{uow.clock().astimezone(tz):%Y%m%d}.xlsx")
    headers = [_("No."), _("Filed (WIB)"), _("Age (days)"), _("Decision due"), _("Days overdue"), _("NIP"),
               _("Name"), _("Period"), _("Addressed to"), _("State"), _("Rater explained")]
    rows = ([item.objection.id, item.objection.filed_at.astimezone(tz), item.age_days, item.objection.decision_due_on,
             item.days_overdue, item.objection.employee.nip, item.objection.employee.name,
             period_label(_, item.objection.appraisal.period),
             item.objection.addressee.name if item.objection.addressee else _("HR (Subbag Umum dan Kepegawaian)"),
             state_label(_, item.objection.state), _("yes") if item.objection.rater_explanation else _("no")]
            for item in items)
    await save_report(uow, Sheet(headers, rows, _("Open objections")), out, "open_objections")
    return _written(items, out, _)


def _written(items: list, out: Path, _: Translator) -> int:
    print(_.ngettext("{count} objection written to {file}.", "{count} objections written to {file}.",
                     len(items), file=str(out)))
    return 0
