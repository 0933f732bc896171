"""Queries over the update journal and the leases."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update

from storage.db import insert_for
from storage.models import Lease, ReceivedUpdate
from storage.repositories.base import Repository

_WAITING = (ReceivedUpdate.handled_at.is_(None), ReceivedUpdate.quarantined_at.is_(None))


class UpdateJournalRepository(Repository):
    async def add_new(self, payloads: Sequence[dict[str, Any]], now: datetime) -> set[int]:
        """Write the updates not written before; return the ids of those that are new.

        The rows go as parameters of one statement on the table, which SQLAlchemy compiles once and then
        batches; as an ORM multi-row VALUES it was compiled anew for every batch, a cost a burst pays for every
        update."""
        table = ReceivedUpdate.__table__
        rows = [{"update_id": payload["update_id"], "payload": payload, "received_at": now} for payload in payloads]
        statement = (insert_for(self.session, table).on_conflict_do_nothing(index_elements=["update_id"])
                     .returning(table.c.update_id))
        return set((await self.session.scalars(statement, rows)).all())

    async def mark_handled(self, update_ids: Collection[int], now: datetime) -> None:
        await self.session.execute(update(ReceivedUpdate).where(ReceivedUpdate.update_id.in_(list(update_ids)))
                                   .values(handled_at=now))

    async def quarantine(self, update_ids: Collection[int], now: datetime) -> None:
        await self.session.execute(update(ReceivedUpdate).where(ReceivedUpdate.update_id.in_(list(update_ids)))
                                   .values(quarantined_at=now))

    async def unhandled(self) -> list[dict[str, Any]]:
        rows = await self.session.scalars(select(ReceivedUpdate.payload).where(*_WAITING)
                                          .order_by(ReceivedUpdate.update_id))
        return list(rows)

    async def count_unhandled(self) -> int:
        return await self.session.scalar(select(func.count()).where(*_WAITING)) or 0

    async def count_quarantined(self) -> int:
        return await self.session.scalar(select(func.count()).where(ReceivedUpdate.quarantined_at.is_not(None))) or 0

    async def last_received_at(self) -> datetime | None:
        return await self.session.scalar(select(func.max(ReceivedUpdate.received_at)))

    async def purge_handled_before(self, moment: datetime) -> int:
        result = await self.session.execute(delete(ReceivedUpdate).where(ReceivedUpdate.handled_at < moment))
        return result.rowcount


class LeaseRepository(Repository):
    async def get(self, name: str) -> Lease | None:
        return await self.session.get(Lease, name)

    async def create(self, name: str, holder: str, now: datetime, until: datetime) -> bool:
        statement = (insert_for(self.session, Lease).values(name=name, holder=holder, acquired_at=now, expires_at=until)
                     .on_conflict_do_nothing(index_elements=["name"]))
        return (await self.session.execute(statement)).rowcount == 1

    async def take_over(self, name: str, holder: str, now: datetime, until: datetime) -> bool:
        """Take the lease if it ran out (one atomic statement: of two contenders, one wins)."""
        result = await self.session.execute(
            update(Lease).where(Lease.name == name, Lease.expires_at < now)
            .values(holder=holder, acquired_at=now, expires_at=until))
        return result.rowcount == 1

    async def extend(self, name: str, holder: str, until: datetime) -> bool:
        result = await self.session.execute(
            update(Lease).where(Lease.name == name, Lease.holder == holder).values(expires_at=until))
        return result.rowcount == 1
