"""Workshop test data; times are given in WIB, as HR writes them."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from storage.models import Employee, EmployeeKind, Workshop, WorkshopKind, WorkshopMode, WorkshopStatus
from storage.services.training_hours import TrainingPolicy
from storage.uow import UnitOfWork

WIB = ZoneInfo("Asia/Jakarta")
POLICY = TrainingPolicy(jp_target_pns=20, jp_ceiling_pppk=24, timezone=WIB)


def wib(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=WIB)


THURSDAY_MORNING = wib(2026, 12, 3)  # the week after the test clock's Friday


async def add_workshop(uow: UnitOfWork, code: str = "PLT-01", *, title: str = "Manajemen Waktu",
                       starts: datetime = THURSDAY_MORNING, hours: float = 7, deadline: datetime | None = None,
                       capacity: int = 10, jp: int = 8, mode: WorkshopMode = WorkshopMode.LURING,
                       location: str = "Aula Kantor Camat Plaju", units: list[str] | None = None,
                       audience_kind: str | None = None, grades: tuple[str | None, str | None] = (None, None),
                       status: WorkshopStatus = WorkshopStatus.OPEN, non_training: bool = False) -> Workshop:
    async with uow:
        now = uow.clock()
        workshop = Workshop(
            code=code, title=title, description="Mengatur prioritas kerja harian.", kind=WorkshopKind.TEKNIS,
            mode=mode, location=location, organiser="BPSDM Provinsi Sumatera Selatan", starts_at=starts,
            ends_at=starts + timedelta(hours=hours), registration_deadline=deadline or starts - timedelta(days=1),
            capacity=capacity, seats_taken=0, jp=jp, audience_units=units, audience_kind=audience_kind,
            audience_grade_min=grades[0], audience_grade_max=grades[1], status=status, revision=0,
            non_training=non_training,
            created_at=now, updated_at=now)
        uow.workshops.add(workshop)
        await uow.commit()
        return workshop


def numbered_nip(number: int) -> str:
    """A valid PNS NIP per number (born 1985-03-15, CPNS 2010-01, male)."""
    return f"198503152010011{number:03d}"


async def add_staff(uow: UnitOfWork, count: int, *, kind: EmployeeKind = EmployeeKind.PNS,
                    first: int = 100) -> list[Employee]:
    """``count`` employees in one go, for crowds."""
    async with uow:
        now = uow.clock()
        staff = [Employee(nip=numbered_nip(first + index), name=f"Pegawai {first + index:03d}", kind=kind,
                          grade="III/a" if kind == EmployeeKind.PNS else "IX", unit="Seksi Pemerintahan",
                          position="Pelaksana", active=True, created_at=now, updated_at=now, roles=[])
                 for index in range(count)]
        for employee in staff:
            uow.employees.add(employee)
        await uow.commit()
        return staff
