"""``asnbot broadcast``: announcements from the command line, and their delivery report."""

from __future__ import annotations

import argparse
import mimetypes
import sys
from pathlib import Path

from bot.announcement_text import prepare_parts
from bot.cli.runtime import CommandGroups, actor, save_report, with_db
from bot.config import Settings
from bot.delivery import delivery_summary, recipient_sheet
from bot.i18n import Translator
from storage.services import broadcasts
from storage.services.audience import Audience, audience_size
from storage.services.broadcasts import AttachmentFile
from storage.uow import UnitOfWork


def register(groups: CommandGroups, _: Translator) -> None:
    broadcast = groups.commands.add_parser("broadcast", help=_("announcements to employees")).add_subparsers(
        dest="broadcast_command", required=True)
    send = broadcast.add_parser("send", help=_("send an announcement now or at a set time"))
    text = send.add_mutually_exclusive_group(required=True)
    text.add_argument("--text", help=_("the announcement (Telegram HTML: <b>, <i>, <a href=...>)"))
    text.add_argument("--text-file", type=Path, metavar="FILE", help=_("read the announcement from a file"))
    send.add_argument("--unit", action="append", default=[], help=_("only this unit (repeatable)"))
    send.add_argument("--kind", choices=["PNS", "PPPK"], action="append", default=[], help=_("only PNS or PPPK"))
    send.add_argument("--grade-from", metavar="GOLONGAN", help=_("lowest golongan, e.g. III/a"))
    send.add_argument("--grade-to", metavar="GOLONGAN", help=_("highest golongan, e.g. III/d"))
    send.add_argument("--not-acknowledged", type=int, metavar="ID",
                      help=_("only recipients of announcement ID who have not confirmed reading it"))
    send.add_argument("--ack", action="store_true", help=_("ask recipients to confirm they have read it"))
    send.add_argument("--attach", type=Path, metavar="FILE", help=_("attach a file, e.g. a PDF circular"))
    send.add_argument("--at", metavar="WHEN", help=_("send at this time (WIB) instead of now, e.g. \"besok 07.30\" "
                                                     "or \"2026-12-01 07:30\""))
    send.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))
    send.set_defaults(action=with_db(_send))

    cancel = broadcast.add_parser("cancel", help=_("withdraw what has not been sent yet"))
    cancel.add_argument("id", type=int)
    cancel.set_defaults(action=with_db(_cancel))

    report = groups.reports.add_parser("broadcast", help=_("delivery and reading per recipient"))
    report.add_argument("id", type=int)
    report.add_argument("--out", type=Path, metavar="FILE", help=_("output file, .xlsx or .csv"))
    report.set_defaults(action=with_db(_report))


async def _send(uow: UnitOfWork, settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    html = args.text if args.text is not None else args.text_file.read_text(encoding="utf-8")
    parts = prepare_parts(html.strip())
    audience = Audience(units=tuple(args.unit), kinds=tuple(args.kind), grade_from=args.grade_from,
                        grade_to=args.grade_to, not_acknowledged=args.not_acknowledged)
    send_at = broadcasts.send_time(args.at, settings.timezone, uow.clock()) if args.at else None
    attachment = AttachmentFile(args.attach.name, mimetypes.guess_type(args.attach.name)[0]
                                or "application/octet-stream", args.attach.read_bytes()) if args.attach else None
    count = await audience_size(uow, audience)
    question = _.ngettext("Send to {count} recipient? [y/N] ", "Send to {count} recipients? [y/N] ", count)
    if not args.yes and input(question).strip().lower() not in ("y", "ya", "yes"):
        print(_("Nothing was sent."))
        return 1
    broadcast = await broadcasts.publish(uow, author=None, parts=parts, audience=audience,
                                         ask_acknowledgement=args.ack, send_at=send_at, attachment=attachment,
                                         actor=actor())
    print(_.ngettext("Announcement #{id} queued for {count} recipient, sending from {when}. "
                     "Report: asnbot report broadcast {id}",
                     "Announcement #{id} queued for {count} recipients, sending from {when}. "
                     "Report: asnbot report broadcast {id}", broadcast.recipient_count, id=str(broadcast.id),
                     when=broadcast.send_at))
    return 0


async def _cancel(uow: UnitOfWork, settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    withdrawn = await broadcasts.cancel(uow, args.id, actor())
    print(_.ngettext("Announcement #{id} cancelled; {count} unsent message withdrawn.",
                     "Announcement #{id} cancelled; {count} unsent messages withdrawn.", withdrawn, id=str(args.id)))
    return 0


async def _report(uow: UnitOfWork, settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    summary = await broadcasts.report(uow, args.id)
    rows = await broadcasts.recipient_rows(uow, args.id)
    out = args.out or Path(f"pengumuman-{args.id}.xlsx")
    sheet = recipient_sheet(args.id, rows, _)
    await save_report(uow, sheet, out, "broadcast")
    print(delivery_summary(summary, _), file=sys.stderr)
    print(_("Written to {file}.", file=str(out)))
    return 0
