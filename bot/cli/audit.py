"""``asnbot report audit``: the audit log as a spreadsheet, times in the bot's time zone."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bot.cli.runtime import CommandGroups, report_action
from bot.i18n import Translator
from bot.report_sheets import NamedSheet, audit_sheet


def register(groups: CommandGroups, _: Translator) -> None:
    audit = groups.reports.add_parser("audit", help=_("the audit log: who did what, when"))
    audit.add_argument("--since", type=date.fromisoformat, metavar="YYYY-MM-DD", help=_("only entries from this day"))
    report_action(audit, _, lambda uow, settings, args, _: audit_sheet(uow, settings, _, args.since), _written)


def _written(_: Translator, made: NamedSheet, out: Path) -> str:
    return _.ngettext("{count} entry written to {file}.", "{count} entries written to {file}.", len(made.rows),
                      file=str(out))
