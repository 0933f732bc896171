"""Queries over appraisal results and objections."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from storage.models import Appraisal, Objection
from storage.models.appraisals import OPEN_STATES

# Newest period first; at the same end date the longer period (annual before December), then newest version.
NEWEST_FIRST = (Appraisal.period_end.desc(), Appraisal.period_start.asc(), Appraisal.version.desc(),
                Appraisal.id.desc())
_WITH_PEOPLE = (selectinload(Appraisal.employee), selectinload(Appraisal.rater))


class AppraisalRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, appraisal_id: int) -> Appraisal | None:
        return await self.session.scalar(select(Appraisal).where(Appraisal.id == appraisal_id).options(*_WITH_PEOPLE))

    async def history(self, employee_id: int) -> list[Appraisal]:
        """Every version of every period of one employee, newest first."""
        return await self._list(select(Appraisal).where(Appraisal.employee_id == employee_id))

    async def current_of(self, employee_ids: Iterable[int]) -> list[Appraisal]:
        """The current version of each period of these employees, newest first."""
        ids = list(set(employee_ids))
        found: list[Appraisal] = []
        for start in range(0, len(ids), 500):  # stay below SQLite's bound-parameter limit
            found += await self._list(select(Appraisal).where(Appraisal.employee_id.in_(ids[start:start + 500]),
                                                              Appraisal.superseded_at.is_(None)))
        return found

    async def current_rated_by(self, rater_ids: Iterable[int]) -> list[Appraisal]:
        return await self._list(select(Appraisal).where(Appraisal.rater_id.in_(list(rater_ids)),
                                                        Appraisal.superseded_at.is_(None)))

    async def version(self, employee_id: int, period: str, version: int) -> Appraisal | None:
        return await self.session.scalar(
            select(Appraisal).where(Appraisal.employee_id == employee_id, Appraisal.period == period,
                                    Appraisal.version == version).options(*_WITH_PEOPLE))

    def add(self, appraisal: Appraisal) -> None:
        self.session.add(appraisal)

    async def _list(self, query: Select) -> list[Appraisal]:
        return list(await self.session.scalars(query.options(*_WITH_PEOPLE).order_by(*NEWEST_FIRST)))


_OBJECTION_DETAILS = (
    selectinload(Objection.appraisal).selectinload(Appraisal.employee),
    selectinload(Objection.appraisal).selectinload(Appraisal.rater),
    selectinload(Objection.employee), selectinload(Objection.addressee), selectinload(Objection.decided_by),
    selectinload(Objection.corrected_appraisal),
)


class ObjectionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, objection_id: int, *, for_update: bool = False) -> Objection | None:
        query = select(Objection).where(Objection.id == objection_id).options(*_OBJECTION_DETAILS)
        if for_update:  # two deciders at once: the second waits and then sees the first one's decision
            query = query.with_for_update(of=Objection)
        return await self.session.scalar(query)

    async def of_period(self, employee_id: int, period: str) -> list[Objection]:
        """Objections against any version of one employee's result for one period, newest first."""
        return await self._list(select(Objection).join(Objection.appraisal).where(
            Objection.employee_id == employee_id, Appraisal.period == period))

    async def of_employee(self, employee_id: int) -> list[Objection]:
        return await self._list(select(Objection).where(Objection.employee_id == employee_id))

    async def open_addressed_to(self, addressee_id: int | None) -> list[Objection]:
        """Undecided objections for one addressee, or every undecided one when ``addressee_id`` is None (HR)."""
        query = select(Objection).where(Objection.state.in_(OPEN_STATES))
        if addressee_id is not None:
            query = query.where(Objection.addressee_id == addressee_id)
        return await self._list(query)

    async def correcting(self, appraisal_id: int) -> Objection | None:
        """The accepted objection that produced this version, if any."""
        return await self.session.scalar(select(Objection).where(Objection.corrected_appraisal_id == appraisal_id))

    async def everything(self) -> list[Objection]:
        return await self._list(select(Objection))

    def add(self, objection: Objection) -> None:
        self.session.add(objection)

    async def _list(self, query: Select) -> list[Objection]:
        rows = await self.session.scalars(query.options(*_OBJECTION_DETAILS).order_by(Objection.filed_at.desc(),
                                                                                       Objection.id.desc()))
        return list(rows)
