"""Queries over JP credited from outside the bot."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import func, select

from storage.models import JpCredit
from storage.repositories.base import Repository


class JpCreditRepository(Repository):
    async def of_employee(self, employee_id: int, since: date, until: date) -> list[JpCredit]:
        """Credits dated in [since, until), oldest first."""
        rows = await self.session.scalars(
            select(JpCredit).where(JpCredit.employee_id == employee_id, JpCredit.day >= since, JpCredit.day < until)
            .order_by(JpCredit.day, JpCredit.id))
        return list(rows)

    async def of_employees(self, employee_ids: Iterable[int]) -> dict[tuple[int, date, str], JpCredit]:
        """Existing credits keyed as an import identifies them: (employee_id, day, description)."""
        ids = list(set(employee_ids))
        found: dict[tuple[int, date, str], JpCredit] = {}
        for start in range(0, len(ids), 500):  # stay below SQLite's bound-parameter limit
            rows = await self.session.scalars(select(JpCredit).where(JpCredit.employee_id.in_(ids[start:start + 500])))
            found.update(((credit.employee_id, credit.day, credit.description), credit) for credit in rows)
        return found

    async def totals(self, since: date, until: date) -> dict[int, int]:
        """JP per employee for credits dated in [since, until)."""
        rows = await self.session.execute(
            select(JpCredit.employee_id, func.sum(JpCredit.jp))
            .where(JpCredit.day >= since, JpCredit.day < until).group_by(JpCredit.employee_id))
        return {employee_id: int(total) for employee_id, total in rows}

    def add(self, credit: JpCredit) -> None:
        self.session.add(credit)
