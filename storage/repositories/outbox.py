"""Queries over the outbox: what is due, and recording what became of each message."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import Row, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Attachment, OutboxMessage, OutboxState, TelegramAccount


class OutboxRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def due(self, now: datetime, limit: int, skip_employee_ids: Collection[int] = ()) -> Sequence[Row]:
        """The oldest due messages with the recipient's account and the attachment (either may be None).

        ``skip_employee_ids`` leaves out people who were just sent something (one message a second each),
        so one person's long queue cannot hold up everyone else's.
        """
        query = (
            select(OutboxMessage, TelegramAccount, Attachment)
            .outerjoin(TelegramAccount, TelegramAccount.employee_id == OutboxMessage.employee_id)
            .outerjoin(Attachment, Attachment.id == OutboxMessage.attachment_id)
            .where(OutboxMessage.state == OutboxState.PENDING, OutboxMessage.not_before <= now)
            .order_by(OutboxMessage.id)
            .limit(limit)
        )
        if skip_employee_ids:
            query = query.where(OutboxMessage.employee_id.not_in(list(skip_employee_ids)))
        return (await self.session.execute(query)).all()

    async def remember_file_id(self, attachment_id: int, file_id: str) -> None:
        await self.session.execute(update(Attachment).where(Attachment.id == attachment_id)
                                   .values(telegram_file_id=file_id))

    async def move(self, message_id: int, from_state: OutboxState, **values) -> bool:
        """Change the message only if it is still in ``from_state``; whether it changed (the row count decides,
        so a message cancelled meanwhile is neither claimed nor overwritten)."""
        result = await self.session.execute(update(OutboxMessage).where(
            OutboxMessage.id == message_id, OutboxMessage.state == from_state).values(**values))
        return result.rowcount == 1

    async def requeue_sending(self) -> int:
        """Claimed messages whose outcome was never recorded (the sender stopped mid-send) go back to pending."""
        result = await self.session.execute(update(OutboxMessage).where(OutboxMessage.state == OutboxState.SENDING)
                                            .values(state=OutboxState.PENDING))
        return result.rowcount

    async def cancel_pending(self, reference: str) -> int:
        result = await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.reference == reference, OutboxMessage.state == OutboxState.PENDING)
            .values(state=OutboxState.CANCELLED))
        return result.rowcount

    async def count_due(self, now: datetime) -> int:
        return await self.session.scalar(select(func.count()).where(
            OutboxMessage.state == OutboxState.PENDING, OutboxMessage.not_before <= now)) or 0

    async def count_for_reference(self, reference: str) -> int:
        return await self.session.scalar(select(func.count()).where(OutboxMessage.reference == reference)) or 0
