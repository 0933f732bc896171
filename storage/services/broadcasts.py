"""HR announcements: queue them for an audience (now or at a set time), cancel, acknowledge, report.

Recipients are fixed when HR confirms; each gets the announcement's parts (and the attachment) through
the outbox, so scheduling is the outbox's ``not_before`` and cancelling withdraws what is still pending.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath
from zoneinfo import ZoneInfo

from sqlalchemy import String, cast, func, literal, select, update

from storage import routes
from storage.db import insert_for
from storage.local_time import parse_local_datetime
from storage.models import Attachment, Broadcast, BroadcastAcknowledgement, Employee, OutboxMessage, OutboxState
from storage.problems import N_, Html, Problem
from storage.services.audience import Audience, audience_ids
from storage.services.outbox import OutboxButton, enqueue
from storage.services.paging import PAGE_SIZE, Page, page_within
from storage.uow import UnitOfWork

KIND = "broadcast"  # the first part: one per recipient, the one reports count
KIND_MORE = "broadcast.more"  # further parts and the attachment
ATTACHMENT_LIMIT = 20 * 1024 * 1024  # what a bot may upload as a document is larger, but a circular is not


@dataclass(frozen=True)
class AttachmentFile:
    filename: str
    mime_type: str
    content: bytes


ATTACHMENT_TYPES = frozenset({  # what an office sends and every phone opens; not archives or programs
    ".pdf", ".jpg", ".jpeg", ".png", ".gif", ".webp", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt",
    ".ods", ".odp", ".rtf", ".txt", ".csv"})


def check_attachment(filename: str | None, size: int | None) -> None:
    """Refuse an attachment before it is downloaded: only documents and pictures, within the size limit."""
    suffix = PurePath(filename or "").suffix.lower()
    if suffix not in ATTACHMENT_TYPES:
        raise Problem(N_("Only PDF files, pictures (JPG, PNG) and office documents (Word, Excel, PowerPoint, "
                         "LibreOffice) can be attached; “{name}” is not one of them."), name=filename or "?")
    if size is not None and size > ATTACHMENT_LIMIT:
        raise Problem(N_("The attachment is larger than {megabytes} MB."), megabytes=ATTACHMENT_LIMIT // 2**20)


def send_time(typed: str, tz: ZoneInfo, now: datetime) -> datetime:
    """The moment HR typed (``besok 07.30``, ``Senin 08.00``, ``1 Desember 2026 pukul 07.30``), refused when it
    is already past, so HR confirms a time that will hold."""
    send_at = parse_local_datetime(typed, tz, now)
    _refuse_past(send_at, now)
    return send_at


def _refuse_past(send_at: datetime | None, now: datetime) -> None:
    if send_at is not None and send_at < now:
        raise Problem(N_("{when} is already past; choose a later time."), when=send_at)


def reference(broadcast_id: int) -> str:
    return f"broadcast:{broadcast_id}"


async def publish(uow: UnitOfWork, *, author: Employee | None, parts: list[str], audience: Audience,
                  ask_acknowledgement: bool, send_at: datetime | None = None,
                  attachment: AttachmentFile | None = None, actor: str) -> Broadcast:
    """Queue the announcement for everyone in ``audience``; commit; return it with its recipient count."""
    now = uow.clock()
    if not parts or not all(part.strip() for part in parts):
        raise Problem(N_("The announcement is empty."))
    _refuse_past(send_at, now)
    recipients = await audience_ids(uow, audience)
    if not recipients:
        raise Problem(N_("Nobody matches this audience."))
    stored_attachment = _store_attachment(uow, attachment, now) if attachment else None
    if stored_attachment:
        await uow.session.flush()
    broadcast = Broadcast(author_id=author.id if author else None, created_at=now, parts=parts,
                          audience=audience.to_json(), ask_acknowledgement=ask_acknowledgement,
                          attachment_id=stored_attachment.id if stored_attachment else None,
                          send_at=send_at or now, recipient_count=len(recipients))
    uow.session.add(broadcast)
    await uow.session.flush()
    for employee_id in recipients:
        await _queue_for(uow, broadcast, employee_id)
    uow.audit.record(actor, "broadcast.published", str(broadcast.id), recipients=len(recipients),
                     audience=broadcast.audience, send_at=broadcast.send_at.isoformat())
    await uow.commit()
    return broadcast


def _store_attachment(uow: UnitOfWork, attachment: AttachmentFile, now: datetime) -> Attachment:
    check_attachment(attachment.filename, len(attachment.content))
    stored = Attachment(filename=attachment.filename, mime_type=attachment.mime_type, content=attachment.content,
                        created_at=now)
    uow.session.add(stored)
    return stored


HEADING = N_("📢 <b>Announcement from Subbag Umum dan Kepegawaian</b>\n\n{body}")  # over the first part


def first_part(part: str) -> tuple[str, dict]:
    """The template and parameters of an announcement's first message: who it is from, above HR's text."""
    return HEADING, {"body": Html(part)}


async def _queue_for(uow: UnitOfWork, broadcast: Broadcast, employee_id: int) -> None:
    buttons = [[OutboxButton(N_("✅ I have read this"), callback_data=routes.ANNOUNCEMENT_READ.data(broadcast.id))]] \
        if broadcast.ask_acknowledgement else [[OutboxButton(N_("📢 Announcements"),
                                                             callback_data=routes.ANNOUNCEMENTS.data(0))]]
    last = len(broadcast.parts) - 1
    for index, part in enumerate(broadcast.parts):
        template, params = first_part(part) if index == 0 else (None, None)
        await enqueue(uow, employee_id=employee_id, kind=KIND if index == 0 else KIND_MORE,
                      dedupe_key=f"{reference(broadcast.id)}:{employee_id}:{index}", template=template,
                      params=params, text=None if template else part,
                      buttons=buttons if index == last and not broadcast.attachment_id else None,
                      reference=reference(broadcast.id), not_before=broadcast.send_at)
    if broadcast.attachment_id:
        await enqueue(uow, employee_id=employee_id, kind=KIND_MORE, template=N_("📎 Attachment"),
                      dedupe_key=f"{reference(broadcast.id)}:{employee_id}:file", buttons=buttons,
                      reference=reference(broadcast.id), not_before=broadcast.send_at,
                      attachment_id=broadcast.attachment_id)


async def cancel(uow: UnitOfWork, broadcast_id: int, actor: str) -> int:
    """Withdraw what has not been sent yet (what was sent stays sent); return how many were withdrawn."""
    await _get(uow, broadcast_id)
    cancelled = await uow.session.execute(update(Broadcast).where(
        Broadcast.id == broadcast_id, Broadcast.cancelled_at.is_(None)).values(cancelled_at=uow.clock()))
    if cancelled.rowcount != 1:  # also when someone else cancelled it at the same moment
        raise Problem(N_("This announcement was already cancelled."))
    withdrawn = await uow.outbox.cancel_pending(reference(broadcast_id))
    uow.audit.record(actor, "broadcast.cancelled", str(broadcast_id), withdrawn=withdrawn)
    await uow.commit()
    return withdrawn


async def acknowledge(uow: UnitOfWork, broadcast_id: int, employee: Employee) -> bool:
    """Record that ``employee`` read it; False if they had already said so (also of taps at the same moment:
    the database's primary key decides). Only recipients may."""
    if await received(uow, employee, broadcast_id) is None:
        raise Problem(N_("This announcement was not sent to you."))
    added = await uow.session.execute(
        insert_for(uow.session, BroadcastAcknowledgement)
        .values(broadcast_id=broadcast_id, employee_id=employee.id, acknowledged_at=uow.clock())
        .on_conflict_do_nothing(index_elements=["broadcast_id", "employee_id"]))
    await uow.commit()
    return added.rowcount == 1


async def awaiting_confirmation(uow: UnitOfWork, employee: Employee, announcements: list[Broadcast]) -> set[int]:
    """Which of ``announcements`` ask ``employee`` to confirm reading and are not confirmed yet (marked in the
    list, so what still needs reading stands out)."""
    asking = [broadcast.id for broadcast in announcements if broadcast.ask_acknowledgement]
    if not asking:
        return set()
    confirmed = await uow.session.scalars(select(BroadcastAcknowledgement.broadcast_id).where(
        BroadcastAcknowledgement.employee_id == employee.id, BroadcastAcknowledgement.broadcast_id.in_(asking)))
    return set(asking) - set(confirmed)


async def acknowledged_at(uow: UnitOfWork, broadcast_id: int, employee: Employee) -> datetime | None:
    """When ``employee`` confirmed reading it, or None: a reopened announcement shows the state it is in."""
    return await uow.session.scalar(select(BroadcastAcknowledgement.acknowledged_at).where(
        BroadcastAcknowledgement.broadcast_id == broadcast_id, BroadcastAcknowledgement.employee_id == employee.id))


@dataclass(frozen=True)
class RecipientRow:
    nip: str
    name: str
    unit: str | None
    state: str
    sent_at: datetime | None
    error: str | None
    acknowledged_at: datetime | None


@dataclass(frozen=True)
class BroadcastReport:
    broadcast: Broadcast
    states: Counter
    acknowledged: int

    @property
    def done(self) -> bool:
        return self.states[OutboxState.PENDING] == self.states[OutboxState.SENDING] == 0


async def report(uow: UnitOfWork, broadcast_id: int) -> BroadcastReport:
    broadcast = await _get(uow, broadcast_id)
    states = await uow.session.execute(
        select(OutboxMessage.state, func.count()).where(OutboxMessage.reference == reference(broadcast_id),
                                                        OutboxMessage.kind == KIND).group_by(OutboxMessage.state))
    acknowledged = await uow.session.scalar(select(func.count()).where(
        BroadcastAcknowledgement.broadcast_id == broadcast_id))
    return BroadcastReport(broadcast, Counter(dict(states.all())), acknowledged or 0)


async def recipient_rows(uow: UnitOfWork, broadcast_id: int) -> list[RecipientRow]:
    await _get(uow, broadcast_id)
    rows = await uow.session.execute(
        select(Employee.nip, Employee.name, Employee.unit, OutboxMessage.state, OutboxMessage.sent_at,
               OutboxMessage.last_error, BroadcastAcknowledgement.acknowledged_at)
        .join(OutboxMessage, OutboxMessage.employee_id == Employee.id)
        .outerjoin(BroadcastAcknowledgement, (BroadcastAcknowledgement.employee_id == Employee.id)
                   & (BroadcastAcknowledgement.broadcast_id == broadcast_id))
        .where(OutboxMessage.reference == reference(broadcast_id), OutboxMessage.kind == KIND)
        .order_by(Employee.unit, Employee.name))
    return [RecipientRow(*row) for row in rows.all()]


async def received(uow: UnitOfWork, employee: Employee, broadcast_id: int) -> Broadcast | None:
    """The announcement if it was delivered to ``employee``; None otherwise, so nobody reads others' mail."""
    delivered = await uow.session.scalar(select(OutboxMessage.id).where(
        OutboxMessage.reference == reference(broadcast_id), OutboxMessage.employee_id == employee.id,
        OutboxMessage.kind == KIND, OutboxMessage.state == OutboxState.SENT))
    return await uow.session.get(Broadcast, broadcast_id) if delivered else None


async def received_by(uow: UnitOfWork, employee: Employee, number: int, size: int = PAGE_SIZE) -> Page[Broadcast]:
    """Page ``number`` of the announcements ``employee`` received, newest first (a page past the end gives
    the last one)."""
    its_reference = literal("broadcast:").concat(cast(Broadcast.id, String))
    received = (select(Broadcast)
                .join(OutboxMessage, OutboxMessage.reference == its_reference)
                .where(OutboxMessage.employee_id == employee.id, OutboxMessage.kind == KIND,
                       OutboxMessage.state == OutboxState.SENT))
    total = await uow.session.scalar(select(func.count()).select_from(received.subquery())) or 0
    number, count = page_within(total, number, size)
    items = await uow.session.scalars(received.order_by(Broadcast.id.desc()).offset(number * size).limit(size))
    return Page(list(items), number, count, total, size)


async def recent_with_acknowledgement(uow: UnitOfWork, limit: int) -> list[Broadcast]:
    """Announcements that asked for a reading confirmation, newest first (to remind the rest)."""
    rows = await uow.session.scalars(select(Broadcast).where(Broadcast.ask_acknowledgement,
                                                             Broadcast.cancelled_at.is_(None))
                                     .order_by(Broadcast.id.desc()).limit(limit))
    return list(rows)


async def recent(uow: UnitOfWork, limit: int) -> list[Broadcast]:
    """The latest announcements, newest first, for HR to open their delivery reports."""
    return list(await uow.session.scalars(select(Broadcast).order_by(Broadcast.id.desc()).limit(limit)))


async def _get(uow: UnitOfWork, broadcast_id: int) -> Broadcast:
    broadcast = await uow.session.get(Broadcast, broadcast_id)
    if broadcast is None:
        raise Problem(N_("There is no announcement number {number}."), number=broadcast_id)
    return broadcast
