"""Queries over rotation notices."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from storage.models import Rotation
from storage.repositories.base import Repository

_WITH_EMPLOYEE = (selectinload(Rotation.employee),)


class RotationRepository(Repository):
    async def get(self, rotation_id: int) -> Rotation | None:
        return await self.session.get(Rotation, rotation_id)

    async def get_with_employee(self, rotation_id: int) -> Rotation | None:
        """The notice with its employee loaded."""
        return await self.session.get(Rotation, rotation_id, options=list(_WITH_EMPLOYEE))

    async def by_sk(self, employee_id: int, sk_number: str) -> Rotation | None:
        """The employee's notice for SK ``sk_number``: at most one, publishing again corrects it."""
        return await self.session.scalar(select(Rotation).where(Rotation.employee_id == employee_id,
                                                                Rotation.sk_number == sk_number))

    def add(self, rotation: Rotation) -> None:
        self.session.add(rotation)

    async def acknowledge(self, rotation_id: int, now: datetime) -> bool:
        """Record the confirmation unless there is one; whether this call did (the row count decides)."""
        acknowledged = await self.session.execute(update(Rotation).where(
            Rotation.id == rotation_id, Rotation.acknowledged_at.is_(None)).values(acknowledged_at=now))
        return acknowledged.rowcount == 1

    async def of_employee(self, employee_id: int) -> list[Rotation]:
        """The employee's notices, latest TMT first."""
        return list(await self.session.scalars(select(Rotation).where(Rotation.employee_id == employee_id)
                                               .order_by(Rotation.effective_date.desc(), Rotation.id.desc())))

    async def everything_with_employees(self, *, unacknowledged_only: bool = False) -> list[Rotation]:
        """Every notice (or only the unread ones) with its employee loaded: unread first, then latest TMT first."""
        query = select(Rotation).options(*_WITH_EMPLOYEE).order_by(
            Rotation.acknowledged_at.is_not(None), Rotation.effective_date.desc(), Rotation.id.desc())
        if unacknowledged_only:
            query = query.where(Rotation.acknowledged_at.is_(None))
        return list(await self.session.scalars(query))

    async def due_with_employees(self, today: date) -> list[Rotation]:
        """Notices not applied yet whose TMT is ``today`` or earlier, earliest TMT first, with their employees
        loaded (applying one changes its employee)."""
        return list(await self.session.scalars(select(Rotation).options(*_WITH_EMPLOYEE).where(
            Rotation.applied_at.is_(None), Rotation.effective_date <= today).order_by(Rotation.effective_date)))

    async def pending_sks(self, employee_id: int, *, other_than: str) -> list[tuple[str, date]]:
        """The SK number and TMT of the employee's notices not applied yet, except SK ``other_than``,
        earliest TMT first."""
        rows = await self.session.execute(select(Rotation.sk_number, Rotation.effective_date).where(
            Rotation.employee_id == employee_id, Rotation.applied_at.is_(None), Rotation.sk_number != other_than)
            .order_by(Rotation.effective_date))
        return [(sk_number, effective) for sk_number, effective in rows]

    async def earliest_pending_by_employee(self) -> dict[int, Rotation]:
        """For each employee with a notice not applied yet, the one with the earliest TMT."""
        pending: dict[int, Rotation] = {}
        for rotation in await self.session.scalars(select(Rotation).where(Rotation.applied_at.is_(None))
                                                   .order_by(Rotation.effective_date.desc())):
            pending[rotation.employee_id] = rotation  # the earliest TMT comes last and wins
        return pending

    async def last_applied_effective_date(self, employee_id: int) -> date | None:
        """The TMT of the employee's last notice that took effect, if any."""
        return await self.session.scalar(select(Rotation.effective_date).where(
            Rotation.employee_id == employee_id, Rotation.applied_at.is_not(None))
            .order_by(Rotation.effective_date.desc()).limit(1))

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
