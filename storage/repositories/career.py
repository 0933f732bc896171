"""Queries over career data besides the employee record: the golongan and post history, and the milestones
table the career reminders read."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Row, String, case, cast, delete, exists, func, insert, select, tuple_, update

from storage.models import CareerMilestone, Employee, GradeHistory, PostHistory, ReminderStage
from storage.repositories.base import Repository

_CHUNK = 400  # keys per statement, below SQLite's bound-parameter limit


class HistoryRepository(Repository):
    async def grades(self, employee_ids: list[int]) -> list[GradeHistory]:
        """The golongan history of these employees, in recorded order."""
        return await self._entries(GradeHistory, employee_ids)

    async def posts(self, employee_ids: list[int]) -> list[PostHistory]:
        """The post history of these employees, in recorded order."""
        return await self._entries(PostHistory, employee_ids)

    async def first_appointments(self, employee_ids: list[int]) -> dict[int, date]:
        """Each employee's earliest golongan TMT, where one is known."""
        found = {}
        for start in range(0, len(employee_ids), _CHUNK):
            rows = await self.session.execute(
                select(GradeHistory.employee_id, func.min(GradeHistory.effective_date))
                .where(GradeHistory.employee_id.in_(employee_ids[start:start + _CHUNK]))
                .group_by(GradeHistory.employee_id))
            found.update((employee_id, first) for employee_id, first in rows if first is not None)
        return found

    def add(self, entry: GradeHistory | PostHistory) -> None:
        self.session.add(entry)

    async def _entries(self, model, employee_ids: list[int]) -> list:
        found = []
        for start in range(0, len(employee_ids), _CHUNK):
            found.extend(await self.session.scalars(select(model).where(
                model.employee_id.in_(employee_ids[start:start + _CHUNK])).order_by(model.id)))
        return found


class MilestoneRepository(Repository):
    async def drop_inactive(self) -> int:
        """Delete the milestones of employees who are no longer active; how many."""
        gone = await self.session.execute(delete(CareerMilestone).where(CareerMilestone.employee_id.in_(
            select(Employee.id).where(Employee.active.is_(False)))))
        return gone.rowcount

    async def stored(self, employee_ids: list[int]) -> dict[tuple[int, str], tuple[date, date]]:
        """(due day, notice day) of each stored milestone of these employees, by (employee id, kind)."""
        rows = []
        columns = (CareerMilestone.employee_id, CareerMilestone.kind, CareerMilestone.due_on,
                   CareerMilestone.notice_on)
        for start in range(0, len(employee_ids), _CHUNK):
            chunk = employee_ids[start:start + _CHUNK]
            rows.extend(await self.session.execute(select(*columns).where(CareerMilestone.employee_id.in_(chunk))))
        return {(employee_id, kind): (due_on, notice_on) for employee_id, kind, due_on, notice_on in rows}

    async def delete(self, keys: list[tuple[int, str]]) -> None:
        for start in range(0, len(keys), _CHUNK):
            await self.session.execute(delete(CareerMilestone).where(
                tuple_(CareerMilestone.employee_id, CareerMilestone.kind).in_(keys[start:start + _CHUNK])))

    async def move(self, employee_id: int, kind: str, due_on: date, notice_on: date) -> None:
        await self.session.execute(update(CareerMilestone).where(
            CareerMilestone.employee_id == employee_id, CareerMilestone.kind == kind)
            .values(due_on=due_on, notice_on=notice_on))

    async def add(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            await self.session.execute(insert(CareerMilestone), rows)

    async def unplanned(self, first: date, last: date, *, own_stage: str, list_stage: str,
                        only_listed: str) -> Sequence[Row]:
        """(milestone, name, NIP) of active employees' milestones with a notice day in [first, last] whose
        reminder stage is not marked complete, by notice day and name (see :func:`_planned`)."""
        rows = await self.session.execute(
            select(CareerMilestone, Employee.name, Employee.nip)
            .join(Employee, Employee.id == CareerMilestone.employee_id)
            .where(CareerMilestone.notice_on.between(first, last), Employee.active,
                   ~_planned(own_stage, list_stage, only_listed))
            .order_by(CareerMilestone.notice_on, Employee.name))
        return rows.all()


def _planned(own_stage: str, list_stage: str, only_listed: str):
    """SQL: the milestone's reminder stage is marked complete (its own one; for ``only_listed``, which only
    Kepegawaian hears of, the day's list). The keys are built as
    :meth:`storage.services.career_reminders.CareerReminders.stages` builds them."""
    text = String(64)
    own_key = ("career:" + CareerMilestone.kind + ":" + cast(CareerMilestone.employee_id, text) + ":"
               + cast(CareerMilestone.due_on, text))
    list_key = "career-hr:" + CareerMilestone.kind + ":" + cast(CareerMilestone.notice_on, text)
    listed = CareerMilestone.kind == only_listed
    return exists().where(ReminderStage.event_key == case((listed, list_key), else_=own_key),
                          ReminderStage.stage == case((listed, list_stage), else_=own_stage))
