"""Test data built through the same services the product uses."""

from __future__ import annotations

from datetime import timedelta

from storage.models import Employee, EmployeeKind, Role, TelegramAccount
from storage.services.codes import issue_codes
from storage.services.linking import link_without_code
from storage.services.roles import grant_role
from storage.uow import UnitOfWork

BUDI = "198503152010011001"
SITI = "199007082015032004"
PPPK = "199404172022212006"


async def add_employee(
    uow: UnitOfWork,
    nip: str = BUDI,
    name: str = "Budi Santoso",
    *,
    kind: EmployeeKind = EmployeeKind.PNS,
    unit: str = "Seksi Pemerintahan",
    position: str = "Analis Kebijakan",
    grade: str | None = "III/c",
) -> Employee:
    async with uow:
        now = uow.clock()
        employee = Employee(
            nip=nip,
            name=name,
            kind=kind,
            unit=unit,
            position=position,
            grade=grade,
            active=True,
            created_at=now,
            updated_at=now,
            roles=[],
        )
        uow.employees.add(employee)
        await uow.commit()
        return employee


async def issue_code(uow: UnitOfWork, nip: str = BUDI, ttl: timedelta = timedelta(days=14)) -> str:
    async with uow:
        employee = await uow.employees.by_nip(nip)
        (issued,) = await issue_codes(uow, [employee], ttl=ttl, actor="test")
        await uow.commit()
        return issued.code


def generated_nip(index: int) -> str:
    """A valid, unique PNS NIP for each index below 1998 (sequence numbers run from 001)."""
    return f"19800101200501{1 + index // 999}{index % 999 + 1:03d}"


async def add_linked_employees(
    uow: UnitOfWork, count: int, *, first_user_id: int = 10_000, unit: str = "Kelurahan Plaju Ulu", first_nip: int = 0
) -> list[Employee]:
    """Many employees, each linked to the Telegram user ``first_user_id + index``; one bulk transaction."""
    async with uow:
        now = uow.clock()
        employees = [
            Employee(
                nip=generated_nip(first_nip + index),
                name=f"Pegawai {first_nip + index}",
                kind=EmployeeKind.PNS,
                unit=unit,
                grade="III/a",
                active=True,
                created_at=now,
                updated_at=now,
                roles=[],
            )
            for index in range(count)
        ]
        uow.session.add_all(employees)
        await uow.session.flush()
        uow.session.add_all(
            TelegramAccount(
                telegram_user_id=first_user_id + index,
                chat_id=first_user_id + index,
                employee_id=employee.id,
                linked_at=now,
                created_at=now,
            )
            for index, employee in enumerate(employees)
        )
        await uow.commit()
        return employees


async def link_user(uow: UnitOfWork, nip: str, telegram_user_id: int) -> None:
    async with uow:
        await link_without_code(uow, telegram_user_id=telegram_user_id, chat_id=telegram_user_id, nip=nip, actor="test")


async def make_hr(uow: UnitOfWork, nip: str) -> None:
    async with uow:
        await grant_role(uow, nip, Role.HR, "test")
