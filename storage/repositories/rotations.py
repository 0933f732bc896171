"""Queries over rotation notices."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select

from storage.models import Rotation
from storage.repositories.base import Repository


class RotationRepository(Repository):
    async def count_unacknowledged(self) -> int:
        return await self.session.scalar(
            select(func.count()).select_from(Rotation).where(Rotation.acknowledged_at.is_(None))) or 0

    async def unread_published_between(self, since: datetime, until: datetime) -> list[Rotation]:
        """Notices published in [since, until] that nobody confirmed and that have not taken effect."""
        rows = await self.session.scalars(select(Rotation).where(
            Rotation.acknowledged_at.is_(None), Rotation.applied_at.is_(None),
            Rotation.published_at.between(since, until)))
        return list(rows)

    async def effective_between(self, first: date, last: date) -> list[Rotation]:
        """Notices whose TMT falls in [first, last]."""
        return list(await self.session.scalars(select(Rotation).where(Rotation.effective_date.between(first, last))))

    async def inaugurated_between(self, since: datetime, until: datetime) -> list[Rotation]:
        """Notices whose pelantikan falls in [since, until]."""
        return list(await self.session.scalars(select(Rotation).where(
            Rotation.inauguration_at.between(since, until))))
