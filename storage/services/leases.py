"""Leases: which of several running instances does the work that must happen once (polling Telegram,
sending the outbox, planning reminders).

A lease is a row naming its holder and when it runs out. The holder extends it well before then; another
instance takes it only once it has run out, in one atomic UPDATE, so two contenders cannot both win. The
same rows work on SQLite and PostgreSQL, and unlike a session-level advisory lock a lease also frees
itself when the holder's host or network dies rather than only its process. Instances compare the time
against the database row, so their clocks must agree (NTP) to well within the lease.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from storage.uow import UnitOfWork


@dataclass(frozen=True)
class LeaseState:
    holder: str
    expires_at: datetime


async def try_acquire(uow: UnitOfWork, name: str, holder: str, duration: timedelta) -> bool:
    """Hold the lease for ``duration`` from now if it is free, run out, or already ours."""
    now = uow.clock()
    until = now + duration
    won = (await uow.leases.extend(name, holder, until) or await uow.leases.take_over(name, holder, now, until)
           or await uow.leases.create(name, holder, now, until))
    await uow.commit()
    return won


async def renew(uow: UnitOfWork, name: str, holder: str, duration: timedelta) -> bool:
    """Extend our lease; False if someone else holds it now (ours ran out and was taken over)."""
    kept = await uow.leases.extend(name, holder, uow.clock() + duration)
    await uow.commit()
    return kept


async def release(uow: UnitOfWork, name: str, holder: str) -> None:
    """Let it run out now, so a standby takes over at once instead of after the lease's duration."""
    await uow.leases.extend(name, holder, uow.clock())
    await uow.commit()


async def current(uow: UnitOfWork, name: str) -> LeaseState | None:
    lease = await uow.leases.get(name)
    return LeaseState(lease.holder, lease.expires_at) if lease else None
