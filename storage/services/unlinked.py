"""Employees who have not linked Telegram yet, and HR issuing their activation codes on Telegram: for the whole
office at once or one unit at a time, as one file to print and hand out."""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import timedelta

from storage.problems import N_, Problem
from storage.services.accounts import Viewer
from storage.services.codes import IssuedCode, issue_codes
from storage.services.workshop_admin import require_hr
from storage.uow import UnitOfWork

NO_UNIT = ""  # employees without a unit_kerja form a group of their own


def unit_key(unit: str) -> str:
    """A short stable key for a unit name, for 64-byte callback data (names can be long)."""
    return hashlib.sha256(unit.encode()).hexdigest()[:10]


async def unlinked_units(uow: UnitOfWork, viewer: Viewer) -> list[tuple[str, int]]:
    """Each unit with unlinked employees and how many, by name."""
    require_hr(viewer)
    counts = Counter(employee.unit or NO_UNIT for employee in await uow.employees.unlinked_active())
    return sorted(counts.items())


async def issue_unlinked_codes(uow: UnitOfWork, viewer: Viewer, *, ttl: timedelta,
                               unit_key_wanted: str | None = None) -> list[IssuedCode]:
    """Fresh codes for every unlinked employee, or for those of the unit with ``unit_key_wanted``; committed."""
    require_hr(viewer)
    employees = [employee for employee in await uow.employees.unlinked_active()
                 if unit_key_wanted is None or unit_key(employee.unit or NO_UNIT) == unit_key_wanted]
    if not employees:
        raise Problem(N_("Everyone there has already linked Telegram; no code was issued."))
    issued = await issue_codes(uow, employees, ttl=ttl, actor=f"telegram:{viewer.telegram_user_id}")
    await uow.commit()
    return issued
