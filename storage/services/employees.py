"""Looking up employee records by the NIPs and names people type."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from storage.models import ActivationCode, Employee, TelegramAccount
from storage.nip import normalize_nip
from storage.problems import N_, Problem
from storage.services.rotations import in_post_since
from storage.uow import UnitOfWork


async def require_employees(uow: UnitOfWork, typed_nips: Sequence[str]) -> list[Employee]:
    """Resolve typed NIPs to employees in order, or raise one Problem naming every unknown NIP."""
    nips = [normalize_nip(nip) for nip in typed_nips]
    found = await uow.employees.by_nips(nips)
    missing = [nip for nip in nips if nip not in found]
    if missing:
        raise Problem(N_("No employee with NIP {nips}."), nips=", ".join(missing))
    return [found[nip] for nip in nips]


@dataclass(frozen=True)
class Profile:
    """An employee's record as HR sees it, with where their Telegram link stands."""

    employee: Employee
    superior: Employee | None
    account: TelegramAccount | None
    code: ActivationCode | None  # the newest unused, unreplaced code, if any
    in_post_since: date | None


async def find_employees(uow: UnitOfWork, query: str, limit: int = 10) -> list[Employee]:
    """By NIP (typed any way) or by part of the name."""
    try:
        employee = await uow.employees.by_nip(normalize_nip(query))
        return [employee] if employee else []
    except Problem:
        pass
    if len(query) > 100:
        return []
    words = name_words(query)
    return await uow.employees.named_like(words, limit) if words else []


# How people address and entitle a colleague; none of it is part of the name as searched ("ibu sri" finds Sri).
_FORMS_OF_ADDRESS = frozenset({"bapak", "bpk", "pak", "ibu", "ibuk", "bu", "sdr", "sdri", "saudara", "saudari",
                               "dr", "drs", "dra", "ir", "h", "hj", "prof"})


def name_words(query: str) -> list[str]:
    """The words of a name search without forms of address and titles (abbreviated degrees such as S.Pd, M.Si
    are recognised by their inner dot)."""
    words = (word.strip(".,") for word in query.split())
    return [word for word in words if word and word.casefold() not in _FORMS_OF_ADDRESS and "." not in word]


async def profile(uow: UnitOfWork, employee_id: int, *, actor: str) -> Profile:
    """Load what HR needs to help someone; every look is audited."""
    employee = await uow.employees.get(employee_id)
    if employee is None:
        raise Problem(N_("There is no such employee."))
    superior = await uow.employees.get(employee.superior_id) if employee.superior_id else None
    code = await uow.codes.current(employee.id)
    since = await in_post_since(uow, employee)
    uow.audit.record(actor, "employee.viewed", employee.nip)
    await uow.commit()
    return Profile(employee, superior, await uow.accounts.linked_to(employee.id),
                   code if code and code.used_at is None else None, since)
