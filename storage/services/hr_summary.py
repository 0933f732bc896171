"""The numbers Kepegawaian should look at this week, in one place: who is short of JP, which objections wait
(and for how long), which rotation notices nobody has confirmed, who has not linked Telegram yet."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from storage.models import EmployeeKind
from storage.services.training_hours import JpReportRow, TrainingPolicy, jp_report
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class UnitJp:
    """How far one unit's PNS are towards the JP minimum."""

    unit: str
    employees: int  # PNS counted
    reached: int  # of them, at or above the minimum


@dataclass(frozen=True)
class HrSummary:
    year: int
    jp_short: int  # PNS below the JP minimum this year
    open_objections: int
    oldest_objection_filed: datetime | None
    unacknowledged_rotations: int
    unlinked_employees: int
    units: list[UnitJp]  # for the chart, fewest reached first


async def hr_summary(uow: UnitOfWork, policy: TrainingPolicy) -> HrSummary:
    year = policy.year_of(uow.clock())
    rows = await jp_report(uow, year, policy)
    open_count, oldest = await uow.objections.open_count()
    unacknowledged = await uow.rotations.count_unacknowledged()
    return HrSummary(year, sum(1 for row in rows if row.progress.shortfall), open_count, oldest, unacknowledged,
                     len(await uow.employees.unlinked_active()), _units(rows))


def _units(rows: list[JpReportRow]) -> list[UnitJp]:
    counted: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        if row.employee.kind != EmployeeKind.PNS:
            continue  # PPPK have a ceiling, not a minimum to reach
        unit = counted[row.employee.unit or "—"]
        unit[0] += 1
        unit[1] += not row.progress.shortfall
    units = [UnitJp(name, employees, reached) for name, (employees, reached) in counted.items()]
    return sorted(units, key=lambda unit: (unit.reached / unit.employees, unit.unit))
