"""Queries over appraisal results and objections."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, and_, bindparam, exists, func, or_, select, true, update
from sqlalchemy.orm import aliased, lazyload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from storage.models import Appraisal, Employee, Objection
from storage.models.appraisals import OPEN_STATES
from storage.periods import PeriodKind
from storage.repositories.base import Repository

# Newest period first; at the same end date the longer period (annual before December), then newest version.
_NEWEST_FIRST_KEYS = (("period_end", True), ("period_start", False), ("version", True), ("id", True))  # (column, desc)
NEWEST_FIRST = tuple(getattr(Appraisal, name).desc() if descending else getattr(Appraisal, name).asc()
                     for name, descending in _NEWEST_FIRST_KEYS)
_WITH_PEOPLE = (selectinload(Appraisal.employee), selectinload(Appraisal.rater))
_EMPLOYEE_ID = bindparam("employee_id")


def _sorts_before(one: type[Appraisal], other: type[Appraisal]) -> ColumnElement[bool]:
    """``one`` comes before ``other`` in :data:`NEWEST_FIRST` order, as SQL (a lexicographic comparison)."""
    earlier_keys_equal: list[ColumnElement[bool]] = []
    alternatives = []
    for name, descending in _NEWEST_FIRST_KEYS:
        mine, theirs = getattr(one, name), getattr(other, name)
        alternatives.append(and_(*earlier_keys_equal, mine > theirs if descending else mine < theirs))
        earlier_keys_equal.append(mine == theirs)
    return or_(*alternatives)


def _in_team_of(rated: type[Appraisal], employee_id: ColumnElement[int] | int) -> tuple[ColumnElement[bool], ...]:
    """``rated`` is someone else's latest current result, rated by ``employee_id`` or by someone reporting to
    them: what "Penilaian Tim" lists."""
    newer, reporting = aliased(Appraisal), aliased(Employee)
    return (rated.superseded_at.is_(None), rated.employee_id != employee_id,
            rated.rater_id.in_(select(reporting.id).where(  # one IN, so the rater index serves it
                or_(reporting.id == employee_id, reporting.superior_id == employee_id))),
            ~exists().where(newer.employee_id == rated.employee_id, newer.superseded_at.is_(None),
                            _sorts_before(newer, rated)))


def _decidable_by(employee_id: ColumnElement[int] | int, everyone: bool) -> tuple[ColumnElement[bool], ...]:
    """Undecided objections of others addressed to ``employee_id``, or to anyone when ``everyone`` (HR): the
    inbox form of :func:`storage.services.appraisal_access.may_decide`."""
    return (or_(*(Objection.state == state for state in OPEN_STATES)),  # not IN: an IN list is re-rendered per run
            Objection.employee_id != employee_id,
            true() if everyone else Objection.addressee_id == employee_id)


def _summary_query(inbox_of_everyone: bool) -> Select:
    """One round trip for the appraisal home screen (the busiest screen on the day results come out)."""
    latest_id = (select(Appraisal.id).where(Appraisal.employee_id == _EMPLOYEE_ID, Appraisal.superseded_at.is_(None))
                 .order_by(*NEWEST_FIRST).limit(1).scalar_subquery())
    results = select(func.count()).select_from(Appraisal).where(Appraisal.employee_id == _EMPLOYEE_ID)
    rated = aliased(Appraisal)
    leads_team = exists().where(*_in_team_of(rated, _EMPLOYEE_ID))
    inbox = select(func.count()).select_from(Objection).where(*_decidable_by(_EMPLOYEE_ID, inbox_of_everyone))
    own = select(func.count()).select_from(Objection).where(Objection.employee_id == _EMPLOYEE_ID)
    return (select(Appraisal, results.scalar_subquery(), leads_team, inbox.scalar_subquery(), own.scalar_subquery())
            .select_from(Employee).outerjoin(Appraisal, Appraisal.id == latest_id).where(Employee.id == _EMPLOYEE_ID)
            .options(lazyload(Appraisal.employee)))  # the viewer, already in the session: no query


_SUMMARY = {everyone: _summary_query(everyone) for everyone in (False, True)}  # built once, cached compiled


@dataclass(frozen=True)
class AppraisalSummary:
    latest: Appraisal | None  # the current version of the newest period
    results: int              # versions in the history, all periods
    leads_team: bool          # someone else's latest result was rated by them or by someone reporting to them
    undecided: int            # open objections of others addressed to them (to anyone, for HR)
    own_objections: int


class AppraisalRepository(Repository):
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

    async def summary(self, employee_id: int, *, inbox_of_everyone: bool) -> AppraisalSummary:
        row = (await self.session.execute(_SUMMARY[inbox_of_everyone], {"employee_id": employee_id})).one()
        return AppraisalSummary(*row)

    async def team_of(self, employee_id: int) -> list[Appraisal]:
        """The latest result of each person rated by ``employee_id`` or by someone reporting to them."""
        return await self._list(select(Appraisal).where(*_in_team_of(Appraisal, employee_id)))

    async def version(self, employee_id: int, period: str, version: int) -> Appraisal | None:
        return await self.session.scalar(
            select(Appraisal).where(Appraisal.employee_id == employee_id, Appraisal.period == period,
                                    Appraisal.version == version).options(*_WITH_PEOPLE))

    async def recent_of(self, employee_id: int, limit: int) -> list[Appraisal]:
        """The current versions of the employee's latest periods, newest first (people not loaded)."""
        rows = await self.session.scalars(select(Appraisal).where(
            Appraisal.employee_id == employee_id, Appraisal.superseded_at.is_(None))
            .order_by(Appraisal.period_end.desc(), Appraisal.period_start).limit(limit))
        return list(rows)

    async def latest_annual_results(self) -> tuple[date | None, dict[int, str]]:
        """The start of the latest year with a current annual result, and each employee's predikat for it."""
        annual = (Appraisal.period_kind == PeriodKind.ANNUAL.value, Appraisal.superseded_at.is_(None))
        latest = await self.session.scalar(select(func.max(Appraisal.period_start)).where(*annual))
        if latest is None:
            return None, {}
        results = await self.session.execute(select(Appraisal.employee_id, Appraisal.predikat).where(
            *annual, Appraisal.period_start == latest))
        return latest, dict(results.all())

    async def annual_predikats(self, employee_ids: list[int] | None) -> Sequence[Row]:
        """(employee id, period start, predikat) of every current annual result of these employees (None:
        everyone's)."""
        query = select(Appraisal.employee_id, Appraisal.period_start, Appraisal.predikat).where(
            Appraisal.period_kind == PeriodKind.ANNUAL.value, Appraisal.superseded_at.is_(None))
        if employee_ids is not None:
            query = query.where(Appraisal.employee_id.in_(employee_ids))
        return (await self.session.execute(query)).all()

    async def received_between(self, start: datetime, end: datetime, since_day: date,
                               predikats: Collection[str]) -> list[Appraisal]:
        """Current results with one of ``predikats``, received before ``end`` and either received from ``start``
        on or published from ``since_day`` on: those whose objection window opened in that time."""
        rows = await self.session.scalars(select(Appraisal).where(
            Appraisal.received_at < end,
            or_(Appraisal.received_at >= start, Appraisal.published_on >= since_day),
            Appraisal.superseded_at.is_(None), Appraisal.predikat.in_(list(predikats))))
        return list(rows)

    def add(self, appraisal: Appraisal) -> None:
        self.session.add(appraisal)

    async def mark_received(self, appraisal_id: int, at: datetime) -> bool:
        """Record the first time the employee got the result (its notice delivered, or opened); only the
        first counts, whoever comes second changes nothing."""
        result = await self.session.execute(update(Appraisal).where(
            Appraisal.id == appraisal_id, Appraisal.received_at.is_(None)).values(received_at=at))
        return result.rowcount == 1

    async def _list(self, query: Select) -> list[Appraisal]:
        return list(await self.session.scalars(query.options(*_WITH_PEOPLE).order_by(*NEWEST_FIRST)))


_OBJECTION_DETAILS = (
    selectinload(Objection.appraisal).selectinload(Appraisal.employee),
    selectinload(Objection.appraisal).selectinload(Appraisal.rater),
    selectinload(Objection.employee), selectinload(Objection.addressee), selectinload(Objection.decided_by),
    selectinload(Objection.corrected_appraisal),
)


class ObjectionRepository(Repository):
    async def get(self, objection_id: int) -> Objection | None:
        return await self.session.scalar(select(Objection).where(Objection.id == objection_id)
                                         .options(*_OBJECTION_DETAILS))

    async def move(self, objection: Objection, from_states: Collection[str], values: dict[str, Any]) -> bool:
        """Change the objection only if its state is still one of ``from_states``; return whether it changed
        (and then ``objection`` holds the new values).

        One statement, so of two deciders at once exactly one changes it, on SQLite (the UPDATE takes the
        database's write lock) and PostgreSQL (the second waits for the row and re-checks the state).
        """
        result = await self.session.execute(update(Objection).where(
            Objection.id == objection.id, Objection.state.in_(list(from_states))).values(**values))
        if result.rowcount != 1:
            return False
        for name, value in values.items():  # the loaded objection brought in line, without a query
            set_committed_value(objection, name, value)
        return True

    async def state_of(self, objection_id: int) -> str | None:
        return await self.session.scalar(select(Objection.state).where(Objection.id == objection_id))

    async def of_period(self, employee_id: int, period: str) -> list[Objection]:
        """Objections against any version of one employee's result for one period, newest first."""
        return await self._list(select(Objection).join(Objection.appraisal).where(
            Objection.employee_id == employee_id, Appraisal.period == period))

    async def of_employee(self, employee_id: int) -> list[Objection]:
        return await self._list(select(Objection).where(Objection.employee_id == employee_id))

    async def decidable_by(self, employee_id: int, *, everyone: bool) -> list[Objection]:
        """Undecided objections of others addressed to ``employee_id`` (to anyone when ``everyone``: HR)."""
        return await self._list(select(Objection).where(*_decidable_by(employee_id, everyone)))

    async def correcting(self, appraisal_id: int) -> Objection | None:
        """The accepted objection that produced this version, if any."""
        return await self.session.scalar(select(Objection).where(Objection.corrected_appraisal_id == appraisal_id))

    async def everything(self) -> list[Objection]:
        return await self._list(select(Objection))

    async def any_against(self, employee_id: int, appraisal_id: int) -> bool:
        """Whether the employee objected to this result."""
        found = await self.session.scalar(select(Objection.id).where(
            Objection.employee_id == employee_id, Objection.appraisal_id == appraisal_id).limit(1))
        return found is not None

    async def open_due_between(self, windows: Sequence[tuple[date, date]]) -> list[Objection]:
        """Undecided objections due on a day in any of ``windows``; employee, appraisal and addressee loaded."""
        rows = await self.session.scalars(select(Objection).where(
            or_(*(Objection.state == state for state in OPEN_STATES)),
            or_(*(Objection.decision_due_on.between(low, high) for low, high in windows)))
            .options(selectinload(Objection.employee), selectinload(Objection.appraisal),
                     selectinload(Objection.addressee)))
        return list(rows)

    async def open_count(self) -> tuple[int, datetime | None]:
        """How many objections are undecided, and when the oldest of them was filed."""
        count, oldest = (await self.session.execute(
            select(func.count(), func.min(Objection.filed_at)).where(Objection.state.in_(OPEN_STATES)))).one()
        return count, oldest

    def add(self, objection: Objection) -> None:
        self.session.add(objection)

    async def _list(self, query: Select) -> list[Objection]:
        rows = await self.session.scalars(query.options(*_OBJECTION_DETAILS).order_by(Objection.filed_at.desc(),
                                                                                       Objection.id.desc()))
        return list(rows)
