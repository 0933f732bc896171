"""Career outlooks from the database: one employee's for their screen, or every employee's at once for
Kepegawaian's planning report and the nightly milestone refresh.

The bulk form reads three column-only queries (employees, annual appraisal results, first appointment of
PPPK) however many employees there are, and builds no ORM objects: 20,000 employees take well under a
second (bench/reminders.py prints the time).
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Collection, Iterable
from datetime import date

from storage.career_terms import Education, PostKind
from storage.models import Employee, EmployeeKind
from storage.ratings import Predikat
from storage.services.career import CareerFacts, CareerOutlook, CareerPolicy, outlook
from storage.services.career_dates import Span
from storage.uow import UnitOfWork

_CHUNK = 500  # below SQLite's bound-parameter limit
_YIELD_EVERY = 500  # outlooks computed between two turns of the event loop (about 50 ms)
_FACT_COLUMNS = (Employee.id, Employee.nip, Employee.kind, Employee.grade, Employee.rank_since,
                 Employee.rank_service_years, Employee.rank_service_months, Employee.education, Employee.post_kind,
                 Employee.last_pay_rise_on, Employee.contract_end, Employee.birth_date, Employee.position,
                 Employee.unit, Employee.position_since)


async def career_outlook(uow: UnitOfWork, employee_id: int, on: date, policy: CareerPolicy) -> CareerOutlook:
    """One employee's outlook on ``on`` (their WIB date)."""
    (found,) = (await outlooks(uow, on, policy, employee_ids=[employee_id])).values()
    return found


async def outlooks(uow: UnitOfWork, on: date, policy: CareerPolicy, *,
                   employee_ids: Collection[int] | None = None) -> dict[int, CareerOutlook]:
    """Outlooks on ``on`` of the given employees, or of every active one; keyed by employee id.

    This is the API for Kepegawaian's planning: e.g. ``found.promotion.eligible``, ``.period``,
    ``.window_opens``, ``.unmet``; ``found.pay_rise.tmt`` / ``.notice_on``; ``found.pension.tmt``;
    ``found.contract.ends_on`` / ``.proposal_due``; ``found.post.state`` / ``.maximum_on``.

    A whole office takes seconds of CPU; other tasks get the event loop between batches of employees."""
    found = {}
    for index, facts in enumerate(await career_facts(uow, employee_ids), start=1):
        found[facts.employee_id] = outlook(facts, on, policy)
        if index % _YIELD_EVERY == 0:
            await asyncio.sleep(0)
    return found


async def career_facts(uow: UnitOfWork, employee_ids: Collection[int] | None = None) -> list[CareerFacts]:
    """The facts of the given employees, or of every active one."""
    rows = []
    for chunk in _chunks(employee_ids):
        rows.extend(await uow.employees.career_facts(_FACT_COLUMNS, chunk))
    ids = [row.id for row in rows]
    predikats = await _annual_predikats(uow, ids if employee_ids is not None else None)
    first = await uow.history.first_appointments([row.id for row in rows if row.kind == EmployeeKind.PPPK])
    return [CareerFacts(
        employee_id=row.id, nip=row.nip, kind=EmployeeKind(row.kind), grade=row.grade, rank_since=row.rank_since,
        rank_service=None if row.rank_service_years is None else Span(
            row.rank_service_years * 12 + (row.rank_service_months or 0)),
        education=Education(row.education) if row.education else None,
        post_kind=PostKind(row.post_kind) if row.post_kind else None,
        last_pay_rise_on=row.last_pay_rise_on, contract_end=row.contract_end, birth_date=row.birth_date,
        position=row.position, unit=row.unit, position_since=row.position_since,
        annual_predikats=predikats.get(row.id, {}), first_appointment=first.get(row.id)) for row in rows]


async def _annual_predikats(uow: UnitOfWork, employee_ids: list[int] | None) -> dict[int, dict[int, Predikat]]:
    """The current (not superseded) annual result of each year, per employee."""
    found: dict[int, dict[int, Predikat]] = defaultdict(dict)
    for chunk in _chunks(employee_ids):
        for employee_id, start, predikat in await uow.appraisals.annual_predikats(chunk):
            found[employee_id][start.year] = Predikat(predikat)
    return found


def _chunks(ids: Iterable[int] | None) -> Iterable[list[int] | None]:
    """``[None]`` for "everyone" (one query without a filter), else the ids in bound-parameter-sized chunks."""
    if ids is None:
        return [None]
    ids = list(ids)
    return [ids[start:start + _CHUNK] for start in range(0, len(ids), _CHUNK)]
