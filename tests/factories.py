"""Test data built through the same services the product uses."""

from __future__ import annotations

from datetime import timedelta

from storage.models import Employee, EmployeeKind
from storage.services.codes import issue_codes
from storage.uow import UnitOfWork

BUDI = "198503152010011001"
SITI = "199007082015032004"
PPPK = "199404172022212006"


async def add_employee(uow: UnitOfWork, nip: str = BUDI, name: str = "Budi Santoso", *,
                       kind: EmployeeKind = EmployeeKind.PNS, unit: str = "Seksi Pemerintahan",
                       position: str = "Analis Kebijakan", grade: str | None = "III/c") -> Employee:
    async with uow:
        now = uow.clock()
        employee = Employee(nip=nip, name=name, kind=kind, unit=unit, position=position, grade=grade, active=True,
                            created_at=now, updated_at=now, roles=[])
        uow.employees.add(employee)
        await uow.commit()
        return employee


async def issue_code(uow: UnitOfWork, nip: str = BUDI, ttl: timedelta = timedelta(days=14)) -> str:
    async with uow:
        employee = await uow.employees.by_nip(nip)
        (issued,) = await issue_codes(uow, [employee], ttl=ttl, actor="test")
        await uow.commit()
        return issued.code
