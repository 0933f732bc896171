"""Queries over workshops and enrolments, including the row lock that serialises enrolment changes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from storage.models import ACTIVE_STATES, SEATED_STATES, Enrolment, EnrolmentState, Workshop, WorkshopStatus
from storage.repositories.base import Repository

FRESH = {"populate_existing": True}  # read what the database holds now, not what the session loaded earlier


class WorkshopRepository(Repository):
    async def get(self, workshop_id: int) -> Workshop | None:
        return await self.session.get(Workshop, workshop_id)

    async def by_codes(self, codes: Iterable[str]) -> dict[str, Workshop]:
        wanted = list(set(codes))
        rows = await self.session.scalars(select(Workshop).where(Workshop.code.in_(wanted))) if wanted else []
        return {workshop.code: workshop for workshop in rows}

    async def lock(self, workshop_id: int) -> Workshop | None:
        """Take the workshop's row lock until commit and return it as stored now.

        Every change to a workshop's enrolments starts here, so they happen one after the other on
        PostgreSQL (row lock) and SQLite (the UPDATE makes this transaction the single writer).
        """
        result = await self.session.execute(
            update(Workshop.__table__).where(Workshop.id == workshop_id).values(revision=Workshop.revision + 1))
        if result.rowcount != 1:
            return None
        return await self.session.scalar(select(Workshop).where(Workshop.id == workshop_id).execution_options(**FRESH))

    async def take_seat(self, workshop: Workshop) -> bool:
        """Claim one seat if one is left; the condition is checked by the database, atomically."""
        taken = await self.session.scalar(
            update(Workshop.__table__)
            .where(Workshop.id == workshop.id, Workshop.seats_taken < Workshop.capacity)
            .values(seats_taken=Workshop.seats_taken + 1)
            .returning(Workshop.seats_taken))
        if taken is None:
            return False
        set_committed_value(workshop, "seats_taken", taken)
        return True

    async def release_seats(self, workshop: Workshop, count: int = 1) -> None:
        taken = await self.session.scalar(
            update(Workshop.__table__).where(Workshop.id == workshop.id)
            .values(seats_taken=Workshop.seats_taken - count).returning(Workshop.seats_taken))
        set_committed_value(workshop, "seats_taken", taken)

    async def open_for_registration(self, now: datetime) -> list[Workshop]:
        rows = await self.session.scalars(
            select(Workshop)
            .where(Workshop.status == WorkshopStatus.OPEN, Workshop.registration_deadline > now)
            .order_by(Workshop.starts_at, Workshop.id))
        return list(rows)

    async def ending_after(self, moment: datetime) -> list[Workshop]:
        rows = await self.session.scalars(
            select(Workshop).where(Workshop.ends_at > moment).order_by(Workshop.starts_at, Workshop.id))
        return list(rows)

    async def training_closing_between(self, since: datetime, until: datetime) -> list[Workshop]:
        """Open workshops that earn JP whose registration deadline falls in [since, until]."""
        rows = await self.session.scalars(select(Workshop).where(
            Workshop.status == WorkshopStatus.OPEN, Workshop.jp > 0,
            Workshop.registration_deadline.between(since, until)))
        return list(rows)

    async def starting_between(self, since: datetime, until: datetime) -> list[Workshop]:
        """Workshops not cancelled that start in [since, until]."""
        rows = await self.session.scalars(select(Workshop).where(
            Workshop.status != WorkshopStatus.CANCELLED, Workshop.starts_at.between(since, until)))
        return list(rows)

    def add(self, workshop: Workshop) -> None:
        self.session.add(workshop)


class EnrolmentRepository(Repository):
    async def current(self, employee_id: int, workshop_id: int) -> Enrolment | None:
        """The employee's enrolment that is not cancelled (there is at most one)."""
        return await self.session.scalar(
            select(Enrolment)
            .where(Enrolment.employee_id == employee_id, Enrolment.workshop_id == workshop_id,
                   Enrolment.state != EnrolmentState.CANCELLED)
            .execution_options(**FRESH))

    async def current_by_workshop(self, employee_id: int, workshop_ids: Iterable[int]) -> dict[int, Enrolment]:
        ids = list(workshop_ids)
        if not ids:
            return {}
        rows = await self.session.scalars(
            select(Enrolment).where(Enrolment.employee_id == employee_id, Enrolment.workshop_id.in_(ids),
                                    Enrolment.state != EnrolmentState.CANCELLED))
        return {enrolment.workshop_id: enrolment for enrolment in rows}

    async def waitlist(self, workshop_id: int) -> list[Enrolment]:
        rows = await self.session.scalars(
            select(Enrolment)
            .where(Enrolment.workshop_id == workshop_id, Enrolment.state == EnrolmentState.WAITLISTED)
            .order_by(Enrolment.waitlist_position, Enrolment.id)
            .execution_options(**FRESH))
        return list(rows)

    async def active(self, workshop_id: int) -> list[Enrolment]:
        rows = await self.session.scalars(
            select(Enrolment)
            .where(Enrolment.workshop_id == workshop_id, Enrolment.state.in_(ACTIVE_STATES))
            .execution_options(**FRESH))
        return list(rows)

    async def roster(self, workshop_id: int) -> list[Enrolment]:
        """Everyone not cancelled, seated first, then the waitlist in order; employees loaded."""
        rows = await self.session.scalars(
            select(Enrolment)
            .where(Enrolment.workshop_id == workshop_id, Enrolment.state != EnrolmentState.CANCELLED)
            .options(selectinload(Enrolment.employee))
            .order_by(Enrolment.waitlist_position.is_not(None), Enrolment.waitlist_position, Enrolment.created_at,
                      Enrolment.id))
        return list(rows)

    async def clashing(self, employee_id: int, workshop: Workshop) -> Enrolment | None:
        """An active enrolment of the employee in another, not cancelled workshop overlapping ``workshop``."""
        return await self.session.scalar(
            select(Enrolment).join(Enrolment.workshop)
            .where(Enrolment.employee_id == employee_id, Enrolment.state.in_(ACTIVE_STATES),
                   Workshop.id != workshop.id, Workshop.status != WorkshopStatus.CANCELLED,
                   Workshop.starts_at < workshop.ends_at, Workshop.ends_at > workshop.starts_at)
            .options(selectinload(Enrolment.workshop))
            .order_by(Workshop.starts_at)
            .limit(1))

    async def of_employee(self, employee_id: int, starts_from: datetime,
                          states: Iterable[str] | None = None) -> list[Enrolment]:
        """The employee's enrolments in workshops starting from ``starts_from``, workshops loaded, by date."""
        query = (select(Enrolment).join(Enrolment.workshop)
                 .where(Enrolment.employee_id == employee_id, Workshop.starts_at >= starts_from)
                 .options(selectinload(Enrolment.workshop))
                 .order_by(Workshop.starts_at, Workshop.id))
        if states is not None:
            query = query.where(Enrolment.state.in_(list(states)))
        return list(await self.session.scalars(query))

    async def counts(self, workshop_ids: Iterable[int]) -> dict[int, dict[str, int]]:
        """Enrolments per workshop and state: ``{workshop_id: {state: count}}``."""
        ids = list(workshop_ids)
        if not ids:
            return {}
        rows = await self.session.execute(
            select(Enrolment.workshop_id, Enrolment.state, func.count())
            .where(Enrolment.workshop_id.in_(ids)).group_by(Enrolment.workshop_id, Enrolment.state))
        counts: dict[int, dict[str, int]] = {workshop_id: {} for workshop_id in ids}
        for workshop_id, state, count in rows:
            counts[workshop_id][state] = count
        return counts

    async def not_cancelled_in(self, workshop_ids: Iterable[int]) -> dict[tuple[int, int], Enrolment]:
        """Enrolments that are not cancelled, keyed by (workshop_id, employee_id)."""
        ids = list(set(workshop_ids))
        if not ids:
            return {}
        rows = await self.session.scalars(
            select(Enrolment).where(Enrolment.workshop_id.in_(ids), Enrolment.state != EnrolmentState.CANCELLED))
        return {(row.workshop_id, row.employee_id): row for row in rows}

    async def jp_by_employee(self, states: Iterable[str], since: datetime, until: datetime,
                             employee_id: int | None = None) -> dict[int, int]:
        """JP of workshops starting in [since, until) over enrolments in ``states``, per employee."""
        query = (select(Enrolment.employee_id, func.sum(Workshop.jp)).join(Enrolment.workshop)
                 .where(Enrolment.state.in_(list(states)), Workshop.starts_at >= since, Workshop.starts_at < until)
                 .group_by(Enrolment.employee_id))
        if employee_id is not None:
            query = query.where(Enrolment.employee_id == employee_id)
        return {employee: int(total) for employee, total in await self.session.execute(query)}

    async def record_attendance(self, enrolment_id: int, state: str, now: datetime) -> bool:
        """Mark a seat attended or absent if it is still seated and its workshop has started and is not
        cancelled; whether it was (the row count decides)."""
        started = select(Workshop.id).where(Workshop.status != WorkshopStatus.CANCELLED, Workshop.starts_at <= now)
        result = await self.session.execute(
            update(Enrolment)
            .where(Enrolment.id == enrolment_id, Enrolment.state.in_(SEATED_STATES),
                   Enrolment.workshop_id.in_(started))
            .values(state=state, attendance_recorded_at=now, updated_at=now)
            .execution_options(synchronize_session=False))
        return result.rowcount == 1

    async def get(self, enrolment_id: int) -> Enrolment | None:
        """The enrolment as stored now (after a bulk update the session's copy may be stale)."""
        return await self.session.scalar(select(Enrolment).where(Enrolment.id == enrolment_id)
                                         .execution_options(**FRESH))

    def add(self, enrolment: Enrolment) -> None:
        self.session.add(enrolment)
