"""Queries over employee records."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Employee, Role, RoleGrant, TelegramAccount


class EmployeeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, employee_id: int) -> Employee | None:
        return await self.session.get(Employee, employee_id)

    async def by_ids(self, employee_ids: Iterable[int]) -> list[Employee]:
        return list(await self.session.scalars(select(Employee).where(Employee.id.in_(list(employee_ids)))))

    async def by_nip(self, nip: str) -> Employee | None:
        return await self.session.scalar(select(Employee).where(Employee.nip == nip))

    async def by_nips(self, nips: Iterable[str]) -> dict[str, Employee]:
        wanted = list(set(nips))
        found: dict[str, Employee] = {}
        for start in range(0, len(wanted), 500):  # stay below SQLite's bound-parameter limit
            chunk = wanted[start:start + 500]
            rows = await self.session.scalars(select(Employee).where(Employee.nip.in_(chunk)))
            found.update((employee.nip, employee) for employee in rows)
        return found

    async def named_like(self, words: list[str], limit: int) -> list[Employee]:
        """Employees whose name contains every word, case-insensitively."""
        query = select(Employee).order_by(Employee.name).limit(limit)
        for word in words:
            query = query.where(Employee.name.ilike(f"%{_escape_like(word)}%", escape="\\"))
        return list(await self.session.scalars(query))
    async def active(self) -> list[Employee]:
        return list(await self.session.scalars(select(Employee).where(Employee.active).order_by(Employee.name)))

    async def units(self) -> list[str]:
        rows = await self.session.scalars(select(Employee.unit).where(Employee.unit.is_not(None)).distinct())
        return list(rows)

    async def active_units(self) -> list[str]:
        """The units of active employees, in order."""
        rows = await self.session.scalars(select(Employee.unit).where(Employee.active, Employee.unit.is_not(None))
                                          .distinct().order_by(Employee.unit))
        return list(rows)

    async def unlinked_active(self) -> list[Employee]:
        linked = select(TelegramAccount.employee_id).where(TelegramAccount.employee_id.is_not(None))
        rows = await self.session.scalars(
            select(Employee).where(Employee.active, Employee.id.not_in(linked)).order_by(Employee.nip))
        return list(rows)

    async def reachable(self) -> list[Employee]:
        """Active employees with a linked Telegram account that has not blocked the bot."""
        return list(await self.session.scalars(
            select(Employee).join(TelegramAccount, TelegramAccount.employee_id == Employee.id)
            .where(Employee.active, TelegramAccount.blocked_at.is_(None))))

    async def with_role(self, role: Role) -> list[Employee]:
        rows = await self.session.scalars(select(Employee).join(RoleGrant).where(
            RoleGrant.role == role.value, Employee.active).order_by(Employee.nip))
        return list(rows)

    async def count(self) -> int:
        return await self.session.scalar(select(func.count()).select_from(Employee)) or 0

    def add(self, employee: Employee) -> None:
        self.session.add(employee)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
