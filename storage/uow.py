"""Unit of work: one session and its repositories per request (a Telegram update, a CLI command)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from functools import cached_property

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

    @cached_property
    def employees(self) -> EmployeeRepository:
        return EmployeeRepository(self.session)

    @cached_property
    def accounts(self) -> AccountRepository:
        return AccountRepository(self.session)

    @cached_property
    def codes(self) -> CodeRepository:
        return CodeRepository(self.session)

    @cached_property
    def audit(self) -> AuditRepository:
        return AuditRepository(self.session, self.clock)

    @cached_property
    def outbox(self) -> OutboxRepository:
        return OutboxRepository(self.session)

    @cached_property
    def workshops(self) -> WorkshopRepository:
        return WorkshopRepository(self.session)

    @cached_property
    def enrolments(self) -> EnrolmentRepository:
        return EnrolmentRepository(self.session)

    @cached_property
    def jp_credits(self) -> JpCreditRepository:
        return JpCreditRepository(self.session)

    @cached_property
    def appraisals(self) -> AppraisalRepository:
        return AppraisalRepository(self.session)

    @cached_property
    def objections(self) -> ObjectionRepository:
        return ObjectionRepository(self.session)

    @cached_property
    def updates(self) -> UpdateJournalRepository:
        return UpdateJournalRepository(self.session)

    @cached_property
    def leases(self) -> LeaseRepository:
        return LeaseRepository(self.session)

    @cached_property
    def aspirations(self) -> AspirationRepository:
        return AspirationRepository(self.session)

    @cached_property
    def training_topics(self) -> TrainingTopicRepository:
        return TrainingTopicRepository(self.session)

    @cached_property
    def corrections(self) -> CorrectionRepository:
        return CorrectionRepository(self.session)

    @cached_property
    def broadcasts(self) -> BroadcastRepository:
        return BroadcastRepository(self.session)

    @cached_property
    def attachments(self) -> AttachmentRepository:
        return AttachmentRepository(self.session)

    @cached_property
    def reminders(self) -> ReminderRepository:
        return ReminderRepository(self.session)

    @cached_property
    def days_off(self) -> DayOffRepository:
        return DayOffRepository(self.session)

    @cached_property
    def changes(self) -> ChangeRepository:
        return ChangeRepository(self.session)

    @cached_property
    def rotations(self) -> RotationRepository:
        return RotationRepository(self.session)

    @cached_property
    def history(self) -> HistoryRepository:
        return HistoryRepository(self.session)

    @cached_property
    def milestones(self) -> MilestoneRepository:
        return MilestoneRepository(self.session)


_REPOSITORIES = tuple(name for name, value in vars(UnitOfWork).items() if isinstance(value, cached_property))
