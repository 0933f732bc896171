"""Unit of work: one session and its repositories per request (a Telegram update, a CLI command)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.repositories import (
    AccountRepository,
    AuditRepository,
    CodeRepository,
    EmployeeRepository,
    LeaseRepository,
    OutboxRepository,
    UpdateJournalRepository,
)

Clock = Callable[[], datetime]


class UnitOfWork:
    """Commit is explicit; leaving the block without it rolls back, so a failed request writes nothing."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._session_factory = session_factory
        self.clock = clock

    async def __aenter__(self) -> UnitOfWork:
        self.session = self._session_factory()
        self.employees = EmployeeRepository(self.session)
        self.accounts = AccountRepository(self.session)
        self.codes = CodeRepository(self.session)
        self.audit = AuditRepository(self.session, self.clock)
        self.outbox = OutboxRepository(self.session)
        self.updates = UpdateJournalRepository(self.session)
        self.leases = LeaseRepository(self.session)
        return self

    async def __aexit__(self, *exc_info) -> None:
        # close() rolls back what was not committed and, unlike rollback(), keeps loaded objects readable.
        await self.session.close()

    async def commit(self) -> None:
        await self.session.commit()
