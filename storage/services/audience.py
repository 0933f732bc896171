"""Who receives an announcement: everyone, or employees matching every filter given."""

from __future__ import annotations

from dataclasses import asdict, dataclass

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


def _filters(audience: Audience) -> tuple:
    return (audience.units, audience.kinds, grade_range(audience.grade_from, audience.grade_to),
            audience.not_acknowledged)


async def audience_ids(uow: UnitOfWork, audience: Audience) -> list[int]:
    return await uow.broadcasts.audience(*_filters(audience))


async def audience_size(uow: UnitOfWork, audience: Audience) -> int:
    return await uow.broadcasts.count_audience(*_filters(audience))


async def linked_size(uow: UnitOfWork, audience: Audience) -> int:
    """How many of the audience Telegram can reach now (linked, not blocked): HR sees it before sending."""
    return await uow.broadcasts.count_audience(*_filters(audience), reachable=True)


async def known_units(uow: UnitOfWork) -> list[str]:
    """Unit names as HR typed them in the employee file: they are data, not code."""
    return await uow.employees.active_units()
