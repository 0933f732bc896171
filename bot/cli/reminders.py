"""``asnbot report reminders``: what reminders went to whom and when, or what is coming in the next days."""

from __future__ import annotations

import argparse
from datetime import datetime, time, timedelta
from pathlib import Path

from bot.cli.runtime import CommandGroups, save_report, with_db
from bot.config import Settings
from bot.delivery import STATE_LABELS
from bot.i18n import Translator
from bot.jobs import reminder_sources
from bot.policies import policies
from storage.services import reminders
from storage.spreadsheet import Sheet
from storage.uow import UnitOfWork


def register(groups: CommandGroups, _: Translator) -> None:
    report = groups.reports.add_parser("reminders", help=_("reminders sent (last 30 days) or coming (next 7 days)"))
    report.add_argument("--upcoming", action="store_true", help=_("the reminders due in the next 7 days instead"))
    report.add_argument("--days", type=int, default=None, metavar="N", help=_("how many days back or ahead"))
    report.add_argument("--out", type=Path, metavar="FILE", help=_("output file, .xlsx or .csv"))
    report.set_defaults(action=with_db(_report))


async def _report(uow: UnitOfWork, settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    tz = settings.timezone
    labels = {category.key: _(category.label) for category in reminders.CATEGORIES}
    if args.upcoming:
        chosen = policies(settings)
        items = await reminders.upcoming(uow, reminder_sources(settings, chosen), chosen.quiet, args.days or 7)
        out = args.out or Path("pengingat-mendatang.xlsx")
        sheet = Sheet([_("When (WIB)"), _("Category"), _("Event"), _("Stage"), _("Recipients")],
                      ([item.deliver_at.astimezone(tz), labels[item.category], item.event_key, item.stage,
                        item.recipients] for item in items), _("Upcoming reminders"))
        await save_report(uow, sheet, out, "reminders_upcoming")
    else:
        today = uow.clock().astimezone(tz).date()
        since = datetime.combine(today - timedelta(days=args.days or 30), time(0), tz)
        items = await reminders.sent_log(uow, since)
        out = args.out or Path("pengingat.xlsx")
        sheet = Sheet([_("When (WIB)"), _("Category"), _("NIP"), _("Name"), _("Event"), _("Stage"), _("Status"),
                       _("Sent (WIB)")],
                      ([item.deliver_at.astimezone(tz), labels[item.category], item.nip, item.name, item.event_key,
                        item.stage, _state(item.state, _), item.sent_at.astimezone(tz) if item.sent_at else None]
                       for item in items), _("Reminders"))
        await save_report(uow, sheet, out, "reminders_sent")
    print(_.ngettext("{count} row written to {file}.", "{count} rows written to {file}.", len(items), file=str(out)))
    return 0


def _state(state: str, _: Translator) -> str:
    if state == "digest":
        return _("in a digest")
    return _(STATE_LABELS[state]) if state in STATE_LABELS else state
