"""Unit of work: one session and its repositories per request (a Telegram update, a CLI command)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.repositories import (
    AccountRepository,
    AppraisalRepository,
    AuditRepository,
    CodeRepository,
    EmployeeRepository,
    EnrolmentRepository,
    JpCreditRepository,
    LeaseRepository,
    ObjectionRepository,
    OutboxRepository,
    UpdateJournalRepository,
    WorkshopRepository,
)

Clock = Callable[[], datetime]


class UnitOfWork:
    """Commit is explicit; leaving the block without it rolls back, so a failed request writes nothing."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._session_factory = session_factory
        self.clock = clock

    async def __aenter__(self) -> UnitOfWork:
        self.session = self._session_factory()
        self._pausing = asyncio.Lock()  # a handler may make two Bot API calls at once (answer and edit)
        self.employees = EmployeeRepository(self.session)
        self.accounts = AccountRepository(self.session)
        self.codes = CodeRepository(self.session)
        self.audit = AuditRepository(self.session, self.clock)
        self.outbox = OutboxRepository(self.session)
        self.workshops = WorkshopRepository(self.session)
        self.enrolments = EnrolmentRepository(self.session)
        self.jp_credits = JpCreditRepository(self.session)
        self.appraisals = AppraisalRepository(self.session)
        self.objections = ObjectionRepository(self.session)
        self.updates = UpdateJournalRepository(self.session)
        self.leases = LeaseRepository(self.session)
        return self

    async def __aexit__(self, *exc_info) -> None:
        # close() rolls back what was not committed and, unlike rollback(), keeps loaded objects readable.
        await self.session.close()

    async def commit(self) -> None:
        await self.session.commit()

    async def pause(self) -> None:
        """Give the database connection back while waiting for something slow (a Telegram round trip).

        Only when this unit of work has written nothing yet: ending a read-only transaction changes nothing,
        loaded objects stay usable, and the next query simply starts a new transaction. With writes pending
        the connection stays, so they still commit or roll back together. After the block it does nothing.
        """
        session = self.session
        async with self._pausing:
            pending = session.sync_session.wrote or session.new or session.dirty or session.deleted
            if session.in_transaction() and not pending:
                await session.commit()
