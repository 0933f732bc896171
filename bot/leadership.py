"""One active instance per database; any others wait as hot standby.

Two ``asnbot run`` against one database must not both poll Telegram (it answers 409 and people get
every reply twice) nor both drain the outbox. The active instance holds a lease row
(:mod:`storage.services.leases`) and renews it every couple of seconds; a standby tries to take it at
the same pace and succeeds once it has run out, about ten seconds after the active instance died (at
once after a clean stop, which releases it). Anything that must happen once asks :attr:`is_active`,
which turns False by itself a little before the lease could run out, so the old and the new active
instance never overlap even when the old one merely lost its database connection.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.services import leases
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

LEASE_NAME = "bot"


class SoleInstance:
    """Leadership where there is nothing to contend with (the console, tests): always active."""

    is_active = True


class Leadership:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession], clock: Callable[[], datetime], *,
                 duration: timedelta = timedelta(seconds=10), renew_every: float = 2.0) -> None:
        self.session_factory = session_factory
        self.clock = clock
        self.duration = duration
        self.renew_every = renew_every
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
        self._active_until = 0.0  # time.monotonic(); we stop acting one renewal before the lease runs out

    @property
    def is_active(self) -> bool:
        return time.monotonic() < self._active_until

    async def acquire(self) -> None:
        """Return once this instance holds the lease; meanwhile wait as a standby."""
        said_so = False
        while not await self._attempt(leases.try_acquire):
            if not said_so:
                async with self._unit_of_work() as uow:
                    other = await leases.current(uow, LEASE_NAME)
                log.info("another instance (%s) is active: waiting as hot standby", other.holder if other else "?")
                said_so = True
            await asyncio.sleep(self.renew_every)
        log.info("this instance (%s) is now the active one", self.holder)

    async def hold(self) -> None:
        """Keep the lease; return when it is lost (taken over, or not renewed in time)."""
        while True:
            await asyncio.sleep(self.renew_every)
            if not await self._attempt(leases.renew) and not self.is_active:
                log.error("this instance lost the lease and stops being the active one")
                return

    async def release(self) -> None:
        """Hand over at once on a clean stop."""
        if self.is_active:
            self._active_until = 0.0
            async with self._unit_of_work() as uow:
                await leases.release(uow, LEASE_NAME, self.holder)

    async def _attempt(self, action) -> bool:
        """Run ``try_acquire`` or ``renew``; on success, count the lease from before the request went out."""
        started = time.monotonic()
        try:
            async with asyncio.timeout(self.renew_every), self._unit_of_work() as uow:
                held = await action(uow, LEASE_NAME, self.holder, self.duration)
        except Exception as error:  # the database is away: a standby keeps waiting, the active one counts down
            log.warning("lease %s failed: %r", action.__name__, error)
            return False
        if held:
            self._active_until = started + self.duration.total_seconds() - self.renew_every
        elif self.is_active:
            self._active_until = 0.0  # someone else holds it now
        return held

    def _unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(self.session_factory, self.clock)
