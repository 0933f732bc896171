"""A small Plaju office with appraisal results, for the appraisal and objection tests.

Rina (Sekretaris Kecamatan) supervises Dewi (Kepala Seksi), who rates Andi and Sri; Budi is HR;
Ahmad (Camat) is above Rina. The clock fixture stands on Friday 27 November 2026, 09.00 WIB.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from storage.models import Appraisal, Employee, EmployeeKind, Role, RoleGrant
from storage.periods import parse_period
from storage.ratings import Rating
from storage.uow import UnitOfWork
from tests.factories import add_employee

WIB = ZoneInfo("Asia/Jakarta")

CAMAT = "197805122003121002"
RINA = "198109232006042003"
BUDI = "198503152010011001"
DEWI = "199007082015032004"
ANDI = "199211302019031005"
SRI = "199404172022212006"
PUBLISHED = date(2026, 11, 20)  # the objection window (14 days) runs until 4 December 2026


async def add_office(uow: UnitOfWork) -> dict[str, Employee]:
    people = {
        CAMAT: ("Drs. Ahmad Fauzi, M.Si.", "Camat", None),
        RINA: ("Rina Marlina, S.E.", "Sekretaris Kecamatan", CAMAT),
        BUDI: ("Budi Santoso, S.Kom.", "Kepala Subbag Umum dan Kepegawaian", RINA),
        DEWI: ("Dewi Lestari, S.Sos.", "Kepala Seksi Pemerintahan", RINA),
        ANDI: ("Andi Pratama, A.Md.", "Pengadministrasi Umum", DEWI),
        SRI: ("Sri Wahyuni <Sri> & Co", "Penata Layanan Operasional", DEWI),  # a name that needs escaping
    }
    for nip, (name, position, _superior) in people.items():
        await add_employee(uow, nip, name, position=position,
                           kind=EmployeeKind.PPPK if nip == SRI else EmployeeKind.PNS)
    async with uow:
        found = await uow.employees.by_nips(people)
        for nip, (_name, _position, superior) in people.items():
            found[nip].superior_id = found[superior].id if superior else None
        found[BUDI].roles.append(RoleGrant(role=Role.HR.value, granted_at=uow.clock()))
        await uow.commit()
    return found


async def add_appraisal(uow: UnitOfWork, nip: str = ANDI, period: str = "2026-Q3", *,
                        results: Rating = Rating.MEETS, behaviour: Rating = Rating.BELOW,
                        rater: str | None = DEWI, published_on: date = PUBLISHED,
                        feedback: str | None = "Tingkatkan kedisiplinan & ketepatan waktu.",
                        received: bool = True) -> Appraisal:
    """A result; ``received`` (the default): its notice reached the employee on the publication day."""
    async with uow:
        people = await uow.employees.by_nips([nip] + ([rater] if rater else []))
        parsed = parse_period(period)
        now = uow.clock()
        appraisal = Appraisal(employee_id=people[nip].id, period=parsed.code, period_kind=parsed.kind.value,
                              period_start=parsed.start, period_end=parsed.end, version=1, feedback=feedback,
                              published_on=published_on, created_at=now, updated_at=now,
                              received_at=datetime.combine(published_on, time(9), WIB) if received else None)
        appraisal.rate(results, behaviour)
        appraisal.rate_by(people.get(rater))
        uow.appraisals.add(appraisal)
        await uow.commit()
        return appraisal


async def employee(uow: UnitOfWork, nip: str) -> Employee:
    """A fresh copy with roles, for passing to services inside ``async with uow``."""
    return await uow.employees.by_nip(nip)
