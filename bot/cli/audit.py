"""``asnbot report audit``: the audit log as a spreadsheet, times in the bot's time zone."""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime, time
from pathlib import Path

from bot.cli.runtime import CommandGroups, save_report, with_db
from bot.config import Settings
from bot.i18n import Translator
from storage.services.audit import audit_entries
from storage.spreadsheet import Sheet
from storage.uow import UnitOfWork


def register(groups: CommandGroups, _: Translator) -> None:
    audit = groups.reports.add_parser("audit", help=_("the audit log: who did what, when"))
    audit.add_argument("--since", type=date.fromisoformat, metavar="YYYY-MM-DD", help=_("only entries from this day"))
    audit.add_argument("--out", type=Path, metavar="FILE", help=_("output file, .xlsx or .csv"))
    audit.set_defaults(action=with_db(_audit))


async def _audit(uow: UnitOfWork, settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    tz = settings.timezone
    since = datetime.combine(args.since, time(0), tz) if args.since else None
    entries = await audit_entries(uow, since)
    out = args.out or Path(f"audit-{uow.clock().astimezone(tz):%Y%m%d}.xlsx")
    sheet = Sheet([_("Time (WIB)"), _("Actor"), _("Action"), _("Subject"), _("Details")],
                  ([entry.at.astimezone(tz), entry.actor, entry.action, entry.subject or "",
                    json.dumps(entry.details, ensure_ascii=False) if entry.details else ""] for entry in entries),
                  _("Audit log"))
    await save_report(uow, sheet, out, "audit_log")
    print(_.ngettext("{count} entry written to {file}.", "{count} entries written to {file}.", len(entries),
                     file=str(out)))
    return 0
