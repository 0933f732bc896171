"""Unit of work: one session and its repositories per request (a Telegram update, a CLI command)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from typing import Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.repositories import (
    AccountRepository,
    AppraisalRepository,
    AspirationRepository,
    AttachmentRepository,
    AuditRepository,
    BroadcastRepository,
    ChangeRepository,
    CodeRepository,
    CorrectionRepository,
    DayOffRepository,
    EmployeeRepository,
    EnrolmentRepository,
    HistoryRepository,
    JpCreditRepository,
    LeaseRepository,
    MilestoneRepository,
    ObjectionRepository,
    OutboxRepository,
    ReminderRepository,
    RotationRepository,
    TrainingTopicRepository,
    UpdateJournalRepository,
    WorkshopRepository,
)

Clock = Callable[[], datetime]
R = TypeVar("R")


class _Repository(Generic[R]):
    """One of the unit of work's repositories, made from its session (and clock, for those that stamp rows) on
    first use in a block, and kept in the instance until the next ``async with`` drops it."""

    def __init__(self, cls: Callable[..., R], *, with_clock: bool = False) -> None:
        self.cls = cls
        self.with_clock = with_clock

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, uow: UnitOfWork | None, owner: type | None = None) -> R:
        if uow is None:
            return self  # type: ignore[return-value]  # the class attribute itself
        args = (uow.session, uow.clock) if self.with_clock else (uow.session,)
        made = uow.__dict__[self.name] = self.cls(*args)
        return made


class UnitOfWork:
    """Commit is explicit; leaving the block without it rolls back, so a failed request writes nothing.

    Services reach the data only through the repositories below, one per aggregate, never through
    ``session``: each is made on first use in a block, so a request pays only for the ones it needs.
    """

    def __init__(self, session_factory: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._session_factory = session_factory
        self.clock = clock

    async def __aenter__(self) -> UnitOfWork:
        self.session = self._session_factory()
        self._pausing = asyncio.Lock()  # a handler may make two Bot API calls at once (answer and edit)
        for name in _REPOSITORIES:  # a unit of work may be entered again (the CLI, the console): new session
            self.__dict__.pop(name, None)
        return self

    async def __aexit__(self, *exc_info) -> None:
        # close() rolls back what was not committed and, unlike rollback(), keeps loaded objects readable.
        await self.session.close()

    async def commit(self) -> None:
        await self.session.commit()

    async def rollback(self) -> None:
        """Undo what this block wrote so far and go on in a new transaction (a refused step of a batch)."""
        await self.session.rollback()

    async def flush(self) -> None:
        """Send what was added so far, so new rows get their ids (and a unique constraint speaks now)."""
        await self.session.flush()

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

    employees = _Repository(EmployeeRepository)
    accounts = _Repository(AccountRepository)
    codes = _Repository(CodeRepository)
    audit = _Repository(AuditRepository, with_clock=True)
    outbox = _Repository(OutboxRepository)
    workshops = _Repository(WorkshopRepository)
    enrolments = _Repository(EnrolmentRepository)
    jp_credits = _Repository(JpCreditRepository)
    appraisals = _Repository(AppraisalRepository)
    objections = _Repository(ObjectionRepository)
    updates = _Repository(UpdateJournalRepository)
    leases = _Repository(LeaseRepository)
    aspirations = _Repository(AspirationRepository)
    training_topics = _Repository(TrainingTopicRepository)
    corrections = _Repository(CorrectionRepository)
    broadcasts = _Repository(BroadcastRepository)
    attachments = _Repository(AttachmentRepository)
    reminders = _Repository(ReminderRepository)
    days_off = _Repository(DayOffRepository)
    changes = _Repository(ChangeRepository)
    rotations = _Repository(RotationRepository)
    history = _Repository(HistoryRepository)
    milestones = _Repository(MilestoneRepository)


_REPOSITORIES = tuple(name for name, value in vars(UnitOfWork).items() if isinstance(value, _Repository))
