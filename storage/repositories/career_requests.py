"""Queries over career aspirations, Kepegawaian's training topics and data-correction requests."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import selectinload

from storage.db import insert_for
from storage.models import CareerAspiration, CorrectionRequest, CorrectionState, Employee, TrainingTopic
from storage.repositories.base import Repository

_WITH_PEOPLE = (selectinload(CorrectionRequest.employee), selectinload(CorrectionRequest.decided_by))
_WITH_PEOPLE_AND_ROLES = tuple(option.selectinload(Employee.roles) for option in _WITH_PEOPLE)


class AspirationRepository(Repository):
    async def of_employee(self, employee_id: int) -> list[CareerAspiration]:
        rows = await self.session.scalars(select(CareerAspiration).where(CareerAspiration.employee_id == employee_id)
                                          .order_by(CareerAspiration.kind, CareerAspiration.id))
        return list(rows)

    async def count(self, employee_id: int, kind: str) -> int:
        return await self.session.scalar(select(func.count()).select_from(CareerAspiration).where(
            CareerAspiration.employee_id == employee_id, CareerAspiration.kind == kind)) or 0

    async def add(self, employee_id: int, kind: str, value: str, *, from_list: bool, now: datetime) -> bool:
        """Insert unless the employee already has this wish; return whether it was new."""
        statement = insert_for(self.session, CareerAspiration).values(
            employee_id=employee_id, kind=kind, value=value, from_list=from_list, created_at=now,
        ).on_conflict_do_nothing(index_elements=["employee_id", "kind", "value"])
        return (await self.session.execute(statement)).rowcount == 1

    async def remove(self, employee_id: int, aspiration_id: int) -> bool:
        result = await self.session.execute(delete(CareerAspiration).where(
            CareerAspiration.id == aspiration_id, CareerAspiration.employee_id == employee_id))
        return result.rowcount == 1

    async def of_active_employees(self) -> list[tuple[CareerAspiration, Employee]]:
        rows = await self.session.execute(
            select(CareerAspiration, Employee).join(Employee, Employee.id == CareerAspiration.employee_id)
            .where(Employee.active).order_by(CareerAspiration.kind, CareerAspiration.value, Employee.name))
        return [(aspiration, employee) for aspiration, employee in rows]


class TrainingTopicRepository(Repository):
    async def listed(self) -> list[TrainingTopic]:
        rows = await self.session.scalars(select(TrainingTopic).where(TrainingTopic.active)
                                          .order_by(TrainingTopic.name))
        return list(rows)

    async def get(self, topic_id: int) -> TrainingTopic | None:
        return await self.session.get(TrainingTopic, topic_id)

    async def by_name(self, name: str) -> TrainingTopic | None:
        return await self.session.scalar(select(TrainingTopic).where(func.lower(TrainingTopic.name) == name.lower()))

    def add(self, topic: TrainingTopic) -> None:
        self.session.add(topic)


class CorrectionRepository(Repository):
    async def get(self, request_id: int) -> CorrectionRequest | None:
        """The request as stored now. Reading it afresh reloads its people too, the deciding officer among them:
        their roles come along, so the officer's record stays whole for the rules that ask for the HR role."""
        return await self.session.scalar(select(CorrectionRequest).where(CorrectionRequest.id == request_id)
                                         .options(*_WITH_PEOPLE_AND_ROLES).execution_options(populate_existing=True))

    async def of_employee(self, employee_id: int) -> list[CorrectionRequest]:
        rows = await self.session.scalars(select(CorrectionRequest).where(CorrectionRequest.employee_id == employee_id)
                                          .options(*_WITH_PEOPLE).order_by(CorrectionRequest.id.desc()))
        return list(rows)

    async def open(self) -> list[CorrectionRequest]:
        """Undecided requests, oldest first: Kepegawaian's inbox works through them in order."""
        rows = await self.session.scalars(select(CorrectionRequest)
                                          .where(CorrectionRequest.state == CorrectionState.FILED.value)
                                          .options(*_WITH_PEOPLE).order_by(CorrectionRequest.id))
        return list(rows)

    async def decide(self, request_id: int, state: CorrectionState, *, decided_by_id: int, now: datetime,
                     reason: str | None = None) -> bool:
        """Move an undecided request to ``state``; False when someone decided it first (the row count decides)."""
        result = await self.session.execute(
            update(CorrectionRequest)
            .where(CorrectionRequest.id == request_id, CorrectionRequest.state == CorrectionState.FILED.value)
            .values(state=state.value, decided_by_id=decided_by_id, decided_at=now, decision_reason=reason)
            .execution_options(synchronize_session=False))
        return result.rowcount == 1

    def add(self, request: CorrectionRequest) -> None:
        self.session.add(request)
