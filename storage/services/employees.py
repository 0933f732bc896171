"""Looking up employee records by the NIPs people type."""

from __future__ import annotations

from collections.abc import Sequence

from storage.models import Employee
from storage.nip import normalize_nip
from storage.problems import N_, Problem
from storage.uow import UnitOfWork


async def require_employees(uow: UnitOfWork, typed_nips: Sequence[str]) -> list[Employee]:
    """Resolve typed NIPs to employees in order, or raise one Problem naming every unknown NIP."""
    nips = [normalize_nip(nip) for nip in typed_nips]
    found = await uow.employees.by_nips(nips)
    missing = [nip for nip in nips if nip not in found]
    if missing:
        raise Problem(N_("No employee with NIP {nips}."), nips=", ".join(missing))
    return [found[nip] for nip in nips]
