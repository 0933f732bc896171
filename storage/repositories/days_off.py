"""Queries over Kepegawaian's corrections to the calendar of days off."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select

from storage.models import DayOff
from storage.repositories.base import Repository


class DayOffRepository(Repository):
    async def corrections(self) -> dict[date, bool]:
        """Every corrected day: whether it is a day off."""
        return dict((await self.session.execute(select(DayOff.day, DayOff.day_off))).all())

    async def between(self, first: date, last: date) -> list[DayOff]:
        return list(await self.session.scalars(select(DayOff).where(DayOff.day.between(first, last))))

    async def on(self, days: Iterable[date]) -> dict[date, DayOff]:
        rows = await self.session.scalars(select(DayOff).where(DayOff.day.in_(list(days))))
        return {entry.day: entry for entry in rows}

    async def get(self, day: date) -> DayOff | None:
        return await self.session.get(DayOff, day)

    def add(self, entry: DayOff) -> None:
        self.session.add(entry)

    async def delete(self, entry: DayOff) -> None:
        await self.session.delete(entry)
