"""Queries over the outbox: what is due, and recording what became of each message."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import and_, case, func, or_, select, update
from sqlalchemy.orm import aliased

from storage.db import insert_for
from storage.models import Attachment, OutboxMessage, OutboxState, TelegramAccount
from storage.repositories.base import Repository


class Due(NamedTuple):
    """A due message and where it goes."""

    message: OutboxMessage
    account: TelegramAccount | None
    attachment: Attachment | None
    chat_id: int | None


class OutboxRepository(Repository):
    async def due(self, now: datetime, limit: int, skip_chat_ids: Collection[int] = ()) -> list[Due]:
        """The oldest due messages, each with the recipient's account and the attachment (either may be None)
        and the chat it goes to (None: an employee without a linked account).

        An employee's message goes to their linked account's chat; a message addressed to a chat goes there,
        with the account of that chat's user if they have one (their language, whether they blocked the bot).
        ``skip_chat_ids`` leaves out chats that were just sent something (one message a second each), so one
        person's long queue cannot hold up everyone else's, and a chat's messages go in order whoever they
        are addressed to (a stranger's deferred welcome, then what they got once linked).
        """
        chat_user = aliased(TelegramAccount)  # the account of a chat-addressed message's user
        chat = case((OutboxMessage.employee_id.is_(None), OutboxMessage.chat_id), else_=TelegramAccount.chat_id)
        query = (
            select(OutboxMessage, TelegramAccount, chat_user, Attachment, chat)
            .outerjoin(TelegramAccount, TelegramAccount.employee_id == OutboxMessage.employee_id)
            .outerjoin(chat_user, and_(OutboxMessage.employee_id.is_(None),
                                       chat_user.telegram_user_id == OutboxMessage.chat_id))
            .outerjoin(Attachment, Attachment.id == OutboxMessage.attachment_id)
            .where(OutboxMessage.state == OutboxState.PENDING, OutboxMessage.not_before <= now)
            .order_by(OutboxMessage.id)
            .limit(limit)
        )
        if skip_chat_ids:
            query = query.where(or_(chat.is_(None), chat.not_in(list(skip_chat_ids))))
        rows = await self.session.execute(query)
        return [Due(message, employees or users, attachment, to) for message, employees, users, attachment, to in rows]

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

    async def outcomes(self, dedupe_keys: list[str]) -> dict[str, tuple[str, datetime | None]]:
        """The state and sent time of the messages queued under ``dedupe_keys`` (those never queued are absent)."""
        found: dict[str, tuple[str, datetime | None]] = {}
        for start in range(0, len(dedupe_keys), 500):
            rows = await self.session.execute(
                select(OutboxMessage.dedupe_key, OutboxMessage.state, OutboxMessage.sent_at)
                .where(OutboxMessage.dedupe_key.in_(dedupe_keys[start:start + 500])))
            found.update((key, (state, sent_at)) for key, state, sent_at in rows)
        return found

    async def add(self, values: dict[str, Any]) -> bool:
        """Queue one message unless its dedupe key was queued before; whether it was."""
        return (await self.session.execute(self._insert().values(**values))).rowcount == 1

    async def add_many(self, messages: list[dict[str, Any]]) -> None:
        """Queue many messages, a thousand a statement, skipping known dedupe keys."""
        for start in range(0, len(messages), 1000):
            await self.session.execute(self._insert(), messages[start:start + 1000])

    def _insert(self):
        return insert_for(self.session, OutboxMessage).on_conflict_do_nothing(index_elements=["dedupe_key"])


class AttachmentRepository(Repository):
    """Files sent with announcements and as evidence for correction requests."""

    async def get(self, attachment_id: int) -> Attachment | None:
        return await self.session.get(Attachment, attachment_id)

    def add(self, attachment: Attachment) -> None:
        self.session.add(attachment)
