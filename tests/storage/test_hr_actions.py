"""What Kepegawaian does on Telegram besides imports: the HR role, activation codes, ticking attendance."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from storage.models import AuditEntry, EnrolmentState, Role, TelegramAccount
from storage.problems import Problem
from storage.services.accounts import Viewer
from storage.services.attendance import record_attendance, seated
from storage.services.roles import grant_hr, revoke_hr
from storage.services.unlinked import issue_unlinked_codes, unit_key, unlinked_units
from storage.services.workshops import enrol
from tests.factories import BUDI, PPPK, SITI, add_employee, link_user, make_hr
from tests.workshop_factories import POLICY, add_workshop, wib


async def viewer(uow, nip: str, user_id: int) -> Viewer:
    """Who presses the button, loaded as the handlers load it (roles from the database)."""
    employee = await uow.employees.by_nip(nip)
    return Viewer(user_id, TelegramAccount(telegram_user_id=user_id, chat_id=user_id, employee=employee))


async def hr_holders(uow) -> list[str]:
    async with uow:
        return sorted(employee.nip for employee in await uow.employees.with_role(Role.HR))


async def test_the_last_hr_cannot_revoke_themselves_but_can_hand_over(uow):
    await add_employee(uow, BUDI, "Budi")
    await add_employee(uow, SITI, "Siti")
    await make_hr(uow, BUDI)
    async with uow:
        with pytest.raises(Problem, match="last person"):
            await revoke_hr(uow, await viewer(uow, BUDI, 1), BUDI)
    assert await hr_holders(uow) == [BUDI]
    async with uow:
        await grant_hr(uow, await viewer(uow, BUDI, 1), SITI)
    async with uow:
        await revoke_hr(uow, await viewer(uow, BUDI, 1), BUDI)
    assert await hr_holders(uow) == [SITI]
    async with uow:
        actions = list(await uow.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions[-2:] == ["role.granted", "role.revoked"]


async def test_only_hr_grants_or_revokes(uow):
    await add_employee(uow, BUDI, "Budi")
    await add_employee(uow, SITI, "Siti")
    await make_hr(uow, BUDI)
    async with uow:
        with pytest.raises(Problem, match="Only HR staff"):
            await grant_hr(uow, await viewer(uow, SITI, 2), SITI)
        with pytest.raises(Problem, match="Only HR staff"):
            await revoke_hr(uow, await viewer(uow, SITI, 2), BUDI)
    assert await hr_holders(uow) == [BUDI]


async def test_codes_for_the_unlinked_of_one_unit_or_all(uow):
    await add_employee(uow, BUDI, "Budi", unit="Seksi Pemerintahan")
    await add_employee(uow, SITI, "Siti", unit="Seksi Kesra")
    await add_employee(uow, PPPK, "Sri", unit="Seksi Kesra")
    await make_hr(uow, BUDI)
    await link_user(uow, BUDI, 1)
    async with uow:
        hr = await viewer(uow, BUDI, 1)
        assert await unlinked_units(uow, hr) == [("Seksi Kesra", 2)]
        issued = await issue_unlinked_codes(uow, hr, ttl=timedelta(days=14), unit_key_wanted=unit_key("Seksi Kesra"))
    assert sorted(code.nip for code in issued) == sorted([SITI, PPPK]) and {code.unit for code in issued} == {
        "Seksi Kesra"}
    async with uow:
        with pytest.raises(Problem, match="already linked Telegram"):
            await issue_unlinked_codes(uow, await viewer(uow, BUDI, 1), ttl=timedelta(days=14),
                                       unit_key_wanted=unit_key("Seksi Pemerintahan"))


async def test_ticking_attendance_only_for_seats_once_started(uow, clock):
    await add_employee(uow, BUDI, "Budi")
    await add_employee(uow, SITI, "Siti")
    await make_hr(uow, BUDI)
    workshop = await add_workshop(uow, capacity=1, starts=wib(2026, 11, 30), deadline=wib(2026, 11, 29))
    async with uow:
        for nip in (BUDI, SITI):  # Siti ends up on the waitlist
            await enrol(uow, await uow.employees.by_nip(nip), workshop.id, POLICY)
    async with uow:
        _, seats = await seated(uow, await viewer(uow, BUDI, 1), workshop.id)
        (seat,) = seats
        with pytest.raises(Problem, match="once the workshop has started"):
            await record_attendance(uow, await viewer(uow, BUDI, 1), seat.id, True)  # not started yet
    clock.now = wib(2026, 11, 30, 12)
    async with uow:
        marked = await record_attendance(uow, await viewer(uow, BUDI, 1), seat.id, True)
    assert marked.state == EnrolmentState.ATTENDED
    async with uow:
        waitlisted = next(e for e in await uow.enrolments.roster(workshop.id) if e.id != seat.id)
        with pytest.raises(Problem, match="once the workshop has started"):
            await record_attendance(uow, await viewer(uow, BUDI, 1), waitlisted.id, True)
        with pytest.raises(Problem, match="Only HR staff"):
            await record_attendance(uow, await viewer(uow, SITI, 2), seat.id, False)  # not HR
