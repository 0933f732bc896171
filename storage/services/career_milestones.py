"""Career milestones: the next KP usulan window, KGB notice, pension, contract end and maximum time in post of
every employee, kept in a table the reminder planner reads through an index on the notice day.

They follow from the data by :mod:`storage.services.career`; :func:`refresh` recomputes them (nightly, at
start-up and after the career imports) and writes only what changed, so a moved date moves its reminder
(the reminder's key contains the date) and an unchanged one is not planned twice.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from enum import StrEnum

from storage.services.career import CareerOutlook, CareerPolicy
from storage.services.career_dates import add_years
from storage.services.career_outlooks import outlooks
from storage.uow import UnitOfWork

_BATCH = 1000  # employees per batch


class MilestoneKind(StrEnum):
    PROMOTION = "kp"        # notice: the usulan window opens (only for someone eligible)
    PAY_RISE = "kgb"        # notice: the KGB notice is due
    PENSION = "bup"         # notice: a year (configurable) before the pension TMT
    CONTRACT = "contract"   # notice: the extension proposal is due
    POST_MAXIMUM = "post_max"  # notice: the day the maximum time in post is reached


def milestones_of(outlook: CareerOutlook, policy: CareerPolicy) -> dict[MilestoneKind, tuple[date, date]]:
    """(due day, notice day) of each milestone the outlook knows."""
    found = {}
    promotion, pay_rise, pension, contract = outlook.promotion, outlook.pay_rise, outlook.pension, outlook.contract
    if promotion is not None and promotion.eligible:
        found[MilestoneKind.PROMOTION] = (promotion.period, promotion.window_opens)
    if pay_rise is not None and pay_rise.tmt is not None:
        found[MilestoneKind.PAY_RISE] = (pay_rise.tmt, pay_rise.notice_on)
    if pension.tmt is not None:
        found[MilestoneKind.PENSION] = (pension.tmt, pension.notice_on)
    if contract is not None and contract.ends_on is not None:
        found[MilestoneKind.CONTRACT] = (contract.ends_on, contract.proposal_due)
    if outlook.post.since is not None:
        maximum = add_years(outlook.post.since, policy.rotation_max_years)
        found[MilestoneKind.POST_MAXIMUM] = (maximum, maximum)
    return found


async def refresh(uow: UnitOfWork, on: date, policy: CareerPolicy, *,
                  employee_ids: Collection[int] | None = None) -> int:
    """Recompute the milestones of the given employees (default: every active one, and none for the others)
    as of ``on``; commit; return how many rows changed.

    A whole office goes in batches, so the memory it takes stays that of one batch (the bot's idle memory
    should not grow by a night's work)."""
    changed = 0
    if employee_ids is None:
        changed += await uow.milestones.drop_inactive()
        employee_ids = await uow.employees.active_ids()
    ids = list(employee_ids)
    for start in range(0, len(ids), _BATCH):
        changed += await _refresh_batch(uow, on, policy, ids[start:start + _BATCH])
    await uow.commit()
    return changed


async def _refresh_batch(uow: UnitOfWork, on: date, policy: CareerPolicy, employee_ids: list[int]) -> int:
    wanted = {(employee_id, kind.value): dates
              for employee_id, found in (await outlooks(uow, on, policy, employee_ids=employee_ids)).items()
              for kind, dates in milestones_of(found, policy).items()}
    stored = await uow.milestones.stored(employee_ids)
    gone = [key for key in stored if key not in wanted]
    new = [key for key in wanted if key not in stored]
    moved = [key for key in wanted if key in stored and stored[key] != wanted[key]]
    await uow.milestones.delete(gone)
    for employee_id, kind in moved:
        await uow.milestones.move(employee_id, kind, *wanted[(employee_id, kind)])
    await uow.milestones.add([dict(employee_id=employee_id, kind=kind, due_on=wanted[(employee_id, kind)][0],
                                   notice_on=wanted[(employee_id, kind)][1]) for employee_id, kind in new])
    return len(gone) + len(new) + len(moved)
