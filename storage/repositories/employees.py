"""Queries over employee records.

An employee is returned whole, with its role grants (``Employee.roles`` is ``lazy="raise"``): screens and rules
ask ``has_role`` of what they get from here. An employee reached through another record's relationship
(an appraisal's, an enrolment's) comes without them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Row, delete, func, inspect, select
from sqlalchemy.orm import selectinload

from storage.models import Employee, Role, RoleGrant, TelegramAccount
from storage.repositories.base import Repository

_WHOLE = (selectinload(Employee.roles),)


class EmployeeRepository(Repository):
    async def get(self, employee_id: int) -> Employee | None:
        employee = await self.session.get(Employee, employee_id, options=_WHOLE)
        if employee is not None and "roles" in inspect(employee).unloaded:  # already loaded through a relationship
            await self.session.refresh(employee, ["roles"])
        return employee

    async def by_ids(self, employee_ids: Iterable[int]) -> list[Employee]:
        rows = await self.session.scalars(select(Employee).where(Employee.id.in_(list(employee_ids))).options(*_WHOLE))
        return list(rows)

    async def by_nip(self, nip: str) -> Employee | None:
        return await self.session.scalar(select(Employee).where(Employee.nip == nip).options(*_WHOLE))

    async def by_nips(self, nips: Iterable[str]) -> dict[str, Employee]:
        wanted = list(set(nips))
        found: dict[str, Employee] = {}
        for start in range(0, len(wanted), 500):  # stay below SQLite's bound-parameter limit
            chunk = wanted[start:start + 500]
            rows = await self.session.scalars(select(Employee).where(Employee.nip.in_(chunk)).options(*_WHOLE))
            found.update((employee.nip, employee) for employee in rows)
        return found

    async def named_like(self, words: list[str], limit: int) -> list[Employee]:
        """Employees whose name contains every word, case-insensitively."""
        query = select(Employee).options(*_WHOLE).order_by(Employee.name).limit(limit)
        for word in words:
            query = query.where(Employee.name.ilike(f"%{_escape_like(word)}%", escape="\\"))
        return list(await self.session.scalars(query))

    async def active_ids(self) -> list[int]:
        return list(await self.session.scalars(select(Employee.id).where(Employee.active).order_by(Employee.id)))

    async def reachable_ids_with_role(self, role: Role) -> list[int]:
        """Active holders of ``role`` with a linked Telegram account that has not blocked the bot."""
        return list(await self.session.scalars(
            select(Employee.id).join(RoleGrant, RoleGrant.employee_id == Employee.id)
            .join(TelegramAccount, TelegramAccount.employee_id == Employee.id)
            .where(RoleGrant.role == role.value, Employee.active, TelegramAccount.blocked_at.is_(None))))

    async def career_facts(self, columns: Sequence, employee_ids: list[int] | None) -> Sequence[Row]:
        """``columns`` of these employees (None: of every active one), without building ORM objects."""
        query = select(*columns)
        query = query.where(Employee.active) if employee_ids is None else query.where(Employee.id.in_(employee_ids))
        return (await self.session.execute(query)).all()

    async def active(self) -> list[Employee]:
        return list(await self.session.scalars(select(Employee).where(Employee.active).options(*_WHOLE)
                                              .order_by(Employee.name)))

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
            select(Employee).where(Employee.active, Employee.id.not_in(linked)).options(*_WHOLE)
            .order_by(Employee.nip))
        return list(rows)

    async def reachable(self) -> list[Employee]:
        """Active employees with a linked Telegram account that has not blocked the bot."""
        return list(await self.session.scalars(
            select(Employee).join(TelegramAccount, TelegramAccount.employee_id == Employee.id)
            .where(Employee.active, TelegramAccount.blocked_at.is_(None)).options(*_WHOLE)))

    async def with_role(self, role: Role) -> list[Employee]:
        rows = await self.session.scalars(select(Employee).join(RoleGrant).where(
            RoleGrant.role == role.value, Employee.active).options(*_WHOLE).order_by(Employee.nip))
        return list(rows)

    async def revoke(self, employee: Employee, role: Role, *, keep_one: bool) -> bool:
        """Delete the employee's grant of ``role``; with ``keep_one`` only if someone else holds it (on
        PostgreSQL the role's grants are locked first, so two last holders revoking at once cannot both
        succeed). Whether it was deleted; ``employee.roles`` is reloaded."""
        condition = [RoleGrant.employee_id == employee.id, RoleGrant.role == role.value]
        if keep_one:
            await self.session.execute(select(RoleGrant.employee_id).where(RoleGrant.role == role.value)
                                       .with_for_update())
            holders = select(func.count()).select_from(RoleGrant).where(RoleGrant.role == role.value)
            condition.append(holders.scalar_subquery() > 1)
        result = await self.session.execute(delete(RoleGrant).where(*condition).execution_options(
            synchronize_session=False))
        await self.session.refresh(employee, ["roles"])
        return result.rowcount == 1

    async def count(self) -> int:
        return await self.session.scalar(select(func.count()).select_from(Employee)) or 0

    def add(self, employee: Employee) -> None:
        self.session.add(employee)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
