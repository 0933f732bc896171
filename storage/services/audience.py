"""Who receives an announcement: everyone, or employees matching every filter given."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import Select, exists, func, select

from storage.models import BroadcastAcknowledgement, Employee, OutboxMessage, TelegramAccount
from storage.problems import N_, Problem
from storage.ranks import PNS_RANKS, PPPK_GRADES
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class Audience:
    units: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    grade_from: str | None = None  # a golongan range within one scale: PNS (I/a..IV/e) or PPPK (I..XVII)
    grade_to: str | None = None
    not_acknowledged: int | None = None  # broadcast id: only recipients who have not confirmed reading it

    def to_json(self) -> dict:
        data = asdict(self)
        return {name: list(value) if isinstance(value, tuple) else value for name, value in data.items() if value}

    @classmethod
    def from_json(cls, data: dict) -> Audience:
        return cls(units=tuple(data.get("units", ())), kinds=tuple(data.get("kinds", ())),
                   grade_from=data.get("grade_from"), grade_to=data.get("grade_to"),
                   not_acknowledged=data.get("not_acknowledged"))

    @property
    def is_everyone(self) -> bool:
        return not self.to_json()


def grade_range(low: str | None, high: str | None) -> list[str] | None:
    """The golongan from ``low`` to ``high`` inclusive, on whichever scale (PNS or PPPK) both belong to."""
    if low is None and high is None:
        return None
    for scale in (list(PNS_RANKS), list(PPPK_GRADES)):
        if (low is None or low in scale) and (high is None or high in scale):
            start = scale.index(low) if low else 0
            end = scale.index(high) if high else len(scale) - 1
            if start > end:
                raise Problem(N_("The golongan range {low} to {high} is empty."), low=low, high=high)
            return scale[start:end + 1]
    raise Problem(N_("{low} and {high} are not on the same golongan scale."), low=low, high=high)


def _query(audience: Audience, columns) -> Select:
    query = select(*columns).where(Employee.active)
    if audience.units:
        query = query.where(Employee.unit.in_(audience.units))
    if audience.kinds:
        query = query.where(Employee.kind.in_(audience.kinds))
    grades = grade_range(audience.grade_from, audience.grade_to)
    if grades is not None:
        query = query.where(Employee.grade.in_(grades))
    if audience.not_acknowledged is not None:
        reference = f"broadcast:{audience.not_acknowledged}"
        received = exists().where(OutboxMessage.employee_id == Employee.id, OutboxMessage.reference == reference)
        acknowledged = exists().where(BroadcastAcknowledgement.employee_id == Employee.id,
                                      BroadcastAcknowledgement.broadcast_id == audience.not_acknowledged)
        query = query.where(received, ~acknowledged)
    return query


async def audience_ids(uow: UnitOfWork, audience: Audience) -> list[int]:
    return list(await uow.session.scalars(_query(audience, [Employee.id]).order_by(Employee.id)))


async def audience_size(uow: UnitOfWork, audience: Audience) -> int:
    return await uow.session.scalar(_query(audience, [func.count(Employee.id)])) or 0


async def linked_size(uow: UnitOfWork, audience: Audience) -> int:
    """How many of the audience Telegram can reach now (linked, not blocked): HR sees it before sending."""
    reachable = exists().where(TelegramAccount.employee_id == Employee.id, TelegramAccount.blocked_at.is_(None))
    return await uow.session.scalar(_query(audience, [func.count(Employee.id)]).where(reachable)) or 0


async def known_units(uow: UnitOfWork) -> list[str]:
    """Unit names as HR typed them in the employee file: they are data, not code."""
    rows = await uow.session.scalars(select(Employee.unit).where(Employee.active, Employee.unit.is_not(None))
                                     .distinct().order_by(Employee.unit))
    return list(rows)
