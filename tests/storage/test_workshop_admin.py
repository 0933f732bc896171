"""HR's actions on workshops, the yearly JP figures and the enrolment sheet, on SQLite and PostgreSQL."""

from datetime import date

import pytest
from sqlalchemy import select

from storage.models import (
    AuditEntry,
    Employee,
    EmployeeKind,
    Enrolment,
    EnrolmentState,
    JpCredit,
    OutboxMessage,
    Role,
    RoleGrant,
    TelegramAccount,
    WorkshopStatus,
)
from storage.problems import Problem
from storage.services.accounts import Viewer
from storage.services.training_hours import jp_report
from storage.services.workshop_admin import cancel_workshop, close_registration, hr_workshops
from storage.services.workshop_reports import roster_by_code
from storage.services.workshops import enrol
from tests.factories import BUDI, PPPK, SITI, add_employee
from tests.workshop_factories import POLICY, add_staff, add_workshop, wib


def viewer_for(employee: Employee, *roles: Role) -> Viewer:
    """Who presses the button, as handlers.common.handler loads it."""
    employee.roles = [RoleGrant(role=role.value) for role in roles]
    return Viewer(900, TelegramAccount(telegram_user_id=900, chat_id=900, employee=employee))


async def enrol_all(uow, staff, workshop_id):
    for employee in staff:
        async with uow:
            await enrol(uow, employee, workshop_id, POLICY)


async def test_cancelling_tells_everyone_signed_up_and_is_audited(uow):
    hr = viewer_for(await add_employee(uow, SITI, "Siti"), Role.HR)
    workshop = await add_workshop(uow, capacity=2)
    staff = await add_staff(uow, 3)
    await enrol_all(uow, staff, workshop.id)
    async with uow:
        result = await cancel_workshop(uow, hr, workshop.id)
    assert result.notified == 3 and result.workshop.status == WorkshopStatus.CANCELLED
    async with uow:
        rows = list(await uow.session.scalars(select(Enrolment)))
        messages = list(await uow.session.scalars(select(OutboxMessage)))
        audit = await uow.session.scalar(select(AuditEntry).where(AuditEntry.action == "workshop.cancelled"))
        stored = await uow.workshops.get(workshop.id)
    assert {(row.state, row.waitlist_position) for row in rows} == {(EnrolmentState.CANCELLED, None)}
    assert sorted(message.employee_id for message in messages) == sorted(employee.id for employee in staff)
    assert {message.kind for message in messages} == {"workshop.cancelled"}
    assert messages[0].buttons == [[{"label": "🎓 Other workshops", "callback_data": "ws:l:0"}]]
    assert (audit.actor, audit.subject, audit.details) == ("telegram:900", "PLT-01", {"notified": 3})
    assert stored.seats_taken == 0
    async with uow:
        with pytest.raises(Problem, match="has been cancelled"):
            await cancel_workshop(uow, hr, workshop.id)


async def test_only_hr_may_act_and_nothing_changes_otherwise(uow):
    someone = viewer_for(await add_employee(uow))
    workshop = await add_workshop(uow)
    for action in (cancel_workshop, close_registration, hr_workshops):
        async with uow:
            with pytest.raises(Problem, match="Only HR staff"):
                await action(uow, someone, workshop.id)
    async with uow:
        assert (await uow.workshops.get(workshop.id)).status == WorkshopStatus.OPEN
        assert await uow.session.scalar(select(AuditEntry)) is None


async def test_closing_registration_early_keeps_the_enrolments(uow, clock):
    hr = viewer_for(await add_employee(uow, SITI, "Siti"), Role.HR)
    workshop = await add_workshop(uow, starts=wib(2026, 11, 28), deadline=wib(2026, 11, 27, 20))
    budi = await add_employee(uow)
    await enrol_all(uow, [budi], workshop.id)
    async with uow:
        closed = await close_registration(uow, hr, workshop.id)
    assert closed.status == WorkshopStatus.CLOSED
    async with uow:
        with pytest.raises(Problem, match="not open"):
            await close_registration(uow, hr, workshop.id)
    clock.now = wib(2026, 11, 28, 10)
    async with uow:
        with pytest.raises(Problem, match="already started"):
            await cancel_workshop(uow, hr, workshop.id)
        assert (await uow.enrolments.current(budi.id, workshop.id)).state == EnrolmentState.REGISTERED
        audit = await uow.session.scalar(select(AuditEntry.action))
    assert audit == "workshop.registration_closed"


async def test_hr_list_counts_enrolments_and_drops_long_finished_workshops(uow, clock):
    hr = viewer_for(await add_employee(uow, SITI, "Siti"), Role.HR)
    workshop = await add_workshop(uow, capacity=1)
    await add_workshop(uow, "OLD", starts=wib(2026, 10, 1), deadline=wib(2026, 9, 30))
    await enrol_all(uow, await add_staff(uow, 3), workshop.id)
    async with uow:
        page = await hr_workshops(uow, hr, 0)
    (summary,) = page.items
    assert (summary.workshop.code, summary.count(EnrolmentState.REGISTERED),
            summary.count(EnrolmentState.WAITLISTED)) == ("PLT-01", 1, 2)


async def test_jp_report_puts_the_largest_shortfall_first(uow, clock):
    budi = await add_employee(uow, BUDI, "Budi")
    siti = await add_employee(uow, SITI, "Siti")
    pppk = await add_employee(uow, PPPK, "Sri", kind=EmployeeKind.PPPK, grade="IX")
    done = await add_workshop(uow, "DONE", starts=wib(2026, 11, 20), jp=8)
    last_year = await add_workshop(uow, "OLD", starts=wib(2025, 12, 31, 23), hours=2, jp=8)
    new_year = await add_workshop(uow, "NEW", starts=wib(2026, 1, 1, 6), hours=2, jp=8)  # still 2025 in UTC
    async with uow:
        now = clock()
        for employee, workshop in ((siti, done), (pppk, new_year), (budi, last_year)):
            uow.enrolments.add(Enrolment(workshop_id=workshop.id, employee_id=employee.id, created_at=now,
                                         updated_at=now, state=EnrolmentState.ATTENDED))
        uow.jp_credits.add(JpCredit(employee_id=siti.id, day=date(2026, 1, 1), jp=4, description="Webinar",
                                    created_at=now, updated_at=now))
        uow.jp_credits.add(JpCredit(employee_id=budi.id, day=date(2025, 12, 31), jp=10, description="Lama",
                                    created_at=now, updated_at=now))
        await uow.commit()
    async with uow:
        rows = await jp_report(uow, 2026, POLICY)
    assert [(row.employee.name, row.progress.total, row.progress.shortfall) for row in rows] == [
        ("Budi", 0, 20), ("Siti", 12, 8), ("Sri", 8, 0)]
    assert rows[2].progress.is_ceiling and rows[2].progress.goal == 24
    async with uow:
        previous = await jp_report(uow, 2025, POLICY)
    assert [(row.employee.name, row.progress.total, row.progress.shortfall) for row in previous] == [
        ("Siti", 0, 20), ("Budi", 18, 2), ("Sri", 0, 0)]


async def test_enrolment_sheet_lists_seats_then_the_waitlist(uow):
    workshop = await add_workshop(uow, capacity=1)
    staff = await add_staff(uow, 2)
    await enrol_all(uow, staff, workshop.id)
    async with uow:
        roster = await roster_by_code(uow, " plt-01 ")
        with pytest.raises(Problem, match="no workshop with code"):
            await roster_by_code(uow, "NOPE")
    assert roster.filename == "peserta-PLT-01.xlsx"
    assert roster.rows == [["PLT-01", staff[0].nip, staff[0].name, "Seksi Pemerintahan", "terdaftar", None, ""],
                           ["PLT-01", staff[1].nip, staff[1].name, "Seksi Pemerintahan", "daftar tunggu", 1, ""]]
