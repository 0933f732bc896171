"""The talent box (manajemen talenta, PermenPANRB 3/2020 as amended by 20/2025): a 9-box of kinerja ×
potensial for the last annual appraisal.

Potensial (tinggi / menengah / rendah) comes from assessment results and is imported with the employee
file (optional column ``potensial``). Kinerja is read from the Predikat Kinerja of the annual result:
Sangat Baik is above expectations, Baik meets them, anything lower is below. Boxes are numbered as the
regulation numbers them, 1 (both low) to 9 (both high); boxes 7 to 9 are the talent pool for promotion.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


from storage.models import Employee
from storage.problems import N_, Problem
from storage.ratings import Predikat, Rating
from storage.uow import UnitOfWork


class Potential(StrEnum):
    HIGH = "tinggi"
    MEDIUM = "menengah"
    LOW = "rendah"


POTENTIAL_SPELLINGS = {"tinggi": Potential.HIGH, "t": Potential.HIGH, "high": Potential.HIGH,
                       "menengah": Potential.MEDIUM, "sedang": Potential.MEDIUM, "m": Potential.MEDIUM,
                       "medium": Potential.MEDIUM, "rendah": Potential.LOW, "r": Potential.LOW, "low": Potential.LOW}
PERFORMANCE = {Predikat.VERY_GOOD: Rating.ABOVE, Predikat.GOOD: Rating.MEETS}  # anything else: BELOW
BOXES: dict[tuple[Rating, Potential], int] = {
    (Rating.BELOW, Potential.LOW): 1, (Rating.MEETS, Potential.LOW): 2, (Rating.BELOW, Potential.MEDIUM): 3,
    (Rating.ABOVE, Potential.LOW): 4, (Rating.MEETS, Potential.MEDIUM): 5, (Rating.BELOW, Potential.HIGH): 6,
    (Rating.ABOVE, Potential.MEDIUM): 7, (Rating.MEETS, Potential.HIGH): 8, (Rating.ABOVE, Potential.HIGH): 9,
}
TALENT_POOL = (7, 8, 9)


def parse_potential(raw: str) -> Potential:
    """``tinggi``/``menengah``/``rendah`` (any case; also ``sedang``, and the first letters)."""
    found = POTENTIAL_SPELLINGS.get(raw.strip().lower())
    if found is None:
        raise Problem(N_("“{value}” is not a potensial: write tinggi, menengah or rendah."), value=raw)
    return found


def performance(predikat: Predikat) -> Rating:
    return PERFORMANCE.get(Predikat(predikat), Rating.BELOW)


@dataclass(frozen=True)
class Placement:
    employee: Employee
    predikat: Predikat
    performance: Rating
    potential: Potential

    @property
    def box(self) -> int:
        return BOXES[(self.performance, self.potential)]


@dataclass(frozen=True)
class TalentBox:
    year: int
    placements: list[Placement]   # by box (highest first), then name
    unplaced: list[Employee]      # potensial recorded, but no annual result for the year

    def in_box(self, box: int) -> list[Placement]:
        return [placement for placement in self.placements if placement.box == box]

    @property
    def pool_size(self) -> int:
        """Employees in boxes 7 to 9."""
        return sum(1 for placement in self.placements if placement.box in TALENT_POOL)


async def talent_box(uow: UnitOfWork) -> TalentBox | None:
    """The 9-box for the latest year with an annual result; None until a potensial has been imported."""
    assessed = [employee for employee in await uow.employees.active() if employee.potential]
    if not assessed:
        return None
    latest, results = await uow.appraisals.latest_annual_results()
    if latest is None:
        return TalentBox(0, [], assessed)
    placements = [Placement(employee, Predikat(results[employee.id]), performance(results[employee.id]),
                            Potential(employee.potential)) for employee in assessed if employee.id in results]
    placements.sort(key=lambda placement: (-placement.box, placement.employee.name))
    return TalentBox(latest.year, placements, [employee for employee in assessed if employee.id not in results])
