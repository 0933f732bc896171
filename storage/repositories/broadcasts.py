"""Queries over HR announcements, their acknowledgements and what the outbox delivered of them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Row, Select, String, cast, exists, func, literal, select, update

from storage.db import insert_for
from storage.models import (
    Broadcast,
    BroadcastAcknowledgement,
    Employee,
    OutboxMessage,
    OutboxState,
    TelegramAccount,
)
from storage.repositories.base import Repository

REFERENCE_PREFIX = "broadcast:"  # an announcement's outbox messages carry "broadcast:<id>"
KIND = "broadcast"  # the first part: one per recipient, the one reports count


def reference(broadcast_id: int) -> str:
    return f"{REFERENCE_PREFIX}{broadcast_id}"


class BroadcastRepository(Repository):
    async def get(self, broadcast_id: int) -> Broadcast | None:
        return await self.session.get(Broadcast, broadcast_id)

    def add(self, broadcast: Broadcast) -> None:
        self.session.add(broadcast)

    async def cancel(self, broadcast_id: int, now: datetime) -> bool:
        """Mark it cancelled unless it already is; whether this call did (the row count decides)."""
        cancelled = await self.session.execute(update(Broadcast).where(
            Broadcast.id == broadcast_id, Broadcast.cancelled_at.is_(None)).values(cancelled_at=now))
        return cancelled.rowcount == 1

    async def acknowledge(self, broadcast_id: int, employee_id: int, now: datetime) -> bool:
        """Record the confirmation unless there is one (the primary key decides, also between two taps)."""
        added = await self.session.execute(
            insert_for(self.session, BroadcastAcknowledgement)
            .values(broadcast_id=broadcast_id, employee_id=employee_id, acknowledged_at=now)
            .on_conflict_do_nothing(index_elements=["broadcast_id", "employee_id"]))
        return added.rowcount == 1

    async def confirmed(self, employee_id: int, broadcast_ids: list[int]) -> set[int]:
        """Which of ``broadcast_ids`` the employee confirmed reading."""
        rows = await self.session.scalars(select(BroadcastAcknowledgement.broadcast_id).where(
            BroadcastAcknowledgement.employee_id == employee_id,
            BroadcastAcknowledgement.broadcast_id.in_(broadcast_ids)))
        return set(rows)

    async def acknowledged_at(self, broadcast_id: int, employee_id: int) -> datetime | None:
        return await self.session.scalar(select(BroadcastAcknowledgement.acknowledged_at).where(
            BroadcastAcknowledgement.broadcast_id == broadcast_id,
            BroadcastAcknowledgement.employee_id == employee_id))

    async def delivery_states(self, broadcast_id: int) -> Counter:
        """How many recipients' first parts are in each outbox state."""
        states = await self.session.execute(
            select(OutboxMessage.state, func.count()).where(OutboxMessage.reference == reference(broadcast_id),
                                                            OutboxMessage.kind == KIND)
            .group_by(OutboxMessage.state))
        return Counter(dict(states.all()))

    async def count_acknowledged(self, broadcast_id: int) -> int:
        return await self.session.scalar(select(func.count()).where(
            BroadcastAcknowledgement.broadcast_id == broadcast_id)) or 0

    async def recipients(self, broadcast_id: int) -> Sequence[Row]:
        """Each recipient's NIP, name, unit, delivery state, sent time, last error and confirmation time."""
        rows = await self.session.execute(
            select(Employee.nip, Employee.name, Employee.unit, OutboxMessage.state, OutboxMessage.sent_at,
                   OutboxMessage.last_error, BroadcastAcknowledgement.acknowledged_at)
            .join(OutboxMessage, OutboxMessage.employee_id == Employee.id)
            .outerjoin(BroadcastAcknowledgement, (BroadcastAcknowledgement.employee_id == Employee.id)
                       & (BroadcastAcknowledgement.broadcast_id == broadcast_id))
            .where(OutboxMessage.reference == reference(broadcast_id), OutboxMessage.kind == KIND)
            .order_by(Employee.unit, Employee.name))
        return rows.all()

    async def delivered(self, broadcast_id: int, employee_id: int) -> bool:
        """Whether its first part was sent to the employee."""
        delivered = await self.session.scalar(select(OutboxMessage.id).where(
            OutboxMessage.reference == reference(broadcast_id), OutboxMessage.employee_id == employee_id,
            OutboxMessage.kind == KIND, OutboxMessage.state == OutboxState.SENT))
        return delivered is not None

    async def count_received(self, employee_id: int) -> int:
        return await self.session.scalar(select(func.count()).select_from(_received(employee_id).subquery())) or 0

    async def received(self, employee_id: int, offset: int, limit: int) -> list[Broadcast]:
        """The announcements sent to the employee, newest first, from ``offset``."""
        rows = await self.session.scalars(_received(employee_id).order_by(Broadcast.id.desc())
                                          .offset(offset).limit(limit))
        return list(rows)

    async def recent(self, limit: int, *, asking_acknowledgement: bool = False) -> list[Broadcast]:
        """The latest announcements, newest first; with ``asking_acknowledgement`` only the uncancelled ones
        that ask for a reading confirmation."""
        query = select(Broadcast).order_by(Broadcast.id.desc()).limit(limit)
        if asking_acknowledgement:
            query = query.where(Broadcast.ask_acknowledgement, Broadcast.cancelled_at.is_(None))
        return list(await self.session.scalars(query))

    async def audience(self, units: Sequence[str], kinds: Sequence[str], grades: Sequence[str] | None,
                       not_acknowledged: int | None) -> list[int]:
        """The active employees an announcement to this audience goes to, by id (see :func:`_audience`)."""
        query = _audience(select(Employee.id), units, kinds, grades, not_acknowledged)
        return list(await self.session.scalars(query.order_by(Employee.id)))

    async def count_audience(self, units: Sequence[str], kinds: Sequence[str], grades: Sequence[str] | None,
                             not_acknowledged: int | None, *, reachable: bool = False) -> int:
        """How many :meth:`audience` has; with ``reachable`` only those linked to a Telegram account that has
        not blocked the bot."""
        query = _audience(select(func.count(Employee.id)), units, kinds, grades, not_acknowledged)
        if reachable:
            query = query.where(exists().where(TelegramAccount.employee_id == Employee.id,
                                               TelegramAccount.blocked_at.is_(None)))
        return await self.session.scalar(query) or 0


def _audience(query: Select, units: Sequence[str], kinds: Sequence[str], grades: Sequence[str] | None,
              not_acknowledged: int | None) -> Select:
    """Active employees in any of ``units`` and ``kinds`` and ``grades`` (empty or None: any), and with
    ``not_acknowledged`` only those who received that announcement and have not confirmed reading it."""
    query = query.where(Employee.active)
    if units:
        query = query.where(Employee.unit.in_(units))
    if kinds:
        query = query.where(Employee.kind.in_(kinds))
    if grades is not None:
        query = query.where(Employee.grade.in_(grades))
    if not_acknowledged is not None:
        received = exists().where(OutboxMessage.employee_id == Employee.id,
                                  OutboxMessage.reference == reference(not_acknowledged))
        acknowledged = exists().where(BroadcastAcknowledgement.employee_id == Employee.id,
                                      BroadcastAcknowledgement.broadcast_id == not_acknowledged)
        query = query.where(received, ~acknowledged)
    return query


def _received(employee_id: int):
    its_reference = literal(REFERENCE_PREFIX).concat(cast(Broadcast.id, String))
    return (select(Broadcast)
            .join(OutboxMessage, OutboxMessage.reference == its_reference)
            .where(OutboxMessage.employee_id == employee_id, OutboxMessage.kind == KIND,
                   OutboxMessage.state == OutboxState.SENT))
