"""Queries over the reminder planner's records: completed stages, the log of who got what, and mutes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, func, insert, select, tuple_

from storage.models import Employee, ReminderLog, ReminderMute, ReminderStage
from storage.repositories.base import Repository


class ReminderRepository(Repository):
    async def completed(self, keys: list[tuple[str, str]]) -> set[tuple[str, str]]:
        """Which of the (event key, stage) pairs were marked complete."""
        found: set[tuple[str, str]] = set()
        for start in range(0, len(keys), 400):
            chunk = keys[start:start + 400]
            rows = await self.session.execute(select(ReminderStage.event_key, ReminderStage.stage).where(
                tuple_(ReminderStage.event_key, ReminderStage.stage).in_(chunk)))
            found.update(tuple(row) for row in rows)
        return found

    def mark_completed(self, event_key: str, stage: str, now: datetime) -> None:
        self.session.add(ReminderStage(event_key=event_key, stage=stage, completed_at=now))

    async def log(self, rows: list[dict[str, Any]]) -> None:
        """Insert log rows, one statement per thousand, not one per person."""
        for start in range(0, len(rows), 1000):
            await self.session.execute(insert(ReminderLog), rows[start:start + 1000])

    async def muting(self, category: str) -> set[int]:
        """Who muted ``category``."""
        return set(await self.session.scalars(select(ReminderMute.employee_id).where(
            ReminderMute.category == category)))

    async def logged_for(self, event_key: str, stage: str) -> set[int]:
        """Who already got this stage of this event."""
        return set(await self.session.scalars(select(ReminderLog.employee_id).where(
            ReminderLog.event_key == event_key, ReminderLog.stage == stage)))

    async def count_between(self, employee_ids: list[int], start: datetime, end: datetime) -> dict[int, int]:
        """How many reminders each of ``employee_ids`` has delivered from ``start`` until before ``end``."""
        counts: dict[int, int] = {}
        for offset in range(0, len(employee_ids), 500):
            chunk = employee_ids[offset:offset + 500]
            rows = await self.session.execute(
                select(ReminderLog.employee_id, func.count()).where(
                    ReminderLog.employee_id.in_(chunk), ReminderLog.deliver_at >= start, ReminderLog.deliver_at < end)
                .group_by(ReminderLog.employee_id))
            counts.update(dict(rows.all()))
        return counts

    async def muted_categories(self, employee_id: int) -> set[str]:
        return set(await self.session.scalars(select(ReminderMute.category).where(
            ReminderMute.employee_id == employee_id)))

    async def set_muted(self, employee_id: int, category: str, muted: bool, now: datetime) -> None:
        existing = await self.session.get(ReminderMute, (employee_id, category))
        if muted and existing is None:
            self.session.add(ReminderMute(employee_id=employee_id, category=category, muted_at=now))
        elif not muted and existing is not None:
            await self.session.delete(existing)

    async def logged_since(self, since: datetime) -> Sequence[Row]:
        """(log entry, NIP, name) of every reminder delivered from ``since`` on, in order."""
        rows = await self.session.execute(
            select(ReminderLog, Employee.nip, Employee.name).join(Employee, Employee.id == ReminderLog.employee_id)
            .where(ReminderLog.deliver_at >= since).order_by(ReminderLog.deliver_at, ReminderLog.id))
        return rows.all()
