"""How delivery states read to HR, in the bot and in spreadsheets alike."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from bot.i18n import Translator
from storage.models import OutboxState
from storage.problems import N_
from storage.services.broadcasts import BroadcastReport, RecipientRow
from storage.spreadsheet import Sheet

STATE_LABELS = {
    OutboxState.PENDING: N_("queued"),
    OutboxState.SENDING: N_("being sent"),
    OutboxState.SENT: N_("sent"),
    OutboxState.FAILED: N_("failed"),
    OutboxState.BLOCKED: N_("blocked the bot"),
    OutboxState.UNLINKED: N_("not linked to Telegram"),
    OutboxState.CANCELLED: N_("cancelled"),
    OutboxState.EXPIRED: N_("expired unsent"),
}


def delivery_summary(report: BroadcastReport, _: Translator) -> str:
    """One block of counts, e.g. for the live report HR watches while an announcement goes out."""
    states = report.states
    lines = [_.ngettext("Announcement #{id} to {count} recipient", "Announcement #{id} to {count} recipients",
                        report.broadcast.recipient_count, id=str(report.broadcast.id))]
    if report.broadcast.send_at > report.broadcast.created_at:
        lines.append(_("Scheduled for {when}.", when=report.broadcast.send_at))
    lines += [f"• {_(label)}: {_.number(states[state])}" for state, label in STATE_LABELS.items() if states[state]]
    if report.broadcast.ask_acknowledgement:
        lines.append("• " + _("confirmed reading: {count}", count=report.acknowledged))
    if report.broadcast.cancelled_at:
        lines.append(_("Cancelled on {when}.", when=report.broadcast.cancelled_at))
    elif report.done:
        lines.append(_("Delivery finished."))
    return "\n".join(lines)


def recipient_sheet(broadcast_id: int, rows: Iterable[RecipientRow], _: Translator) -> Sheet:
    """The per-recipient report, times in the bot's time zone."""
    def local(moment: datetime | None) -> datetime | None:
        return moment.astimezone(_.tz) if moment else None

    return Sheet([_("NIP"), _("Name"), _("Unit"), _("Status"), _("Sent (WIB)"), _("Problem"), _("Read (WIB)")],
                 [[row.nip, row.name, row.unit or "", _(STATE_LABELS[row.state]), local(row.sent_at),
                   row.error or "", local(row.acknowledged_at)] for row in rows],
                 _("Announcement {id}", id=str(broadcast_id)))
