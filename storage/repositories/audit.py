"""Writing the audit log."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditEntry
from storage.repositories.base import Repository


def telegram_actor(telegram_user_id: int) -> str:
    """How the audit log names someone acting on Telegram (the CLI records ``cli:<login>``)."""
    return f"telegram:{telegram_user_id}"


class AuditRepository(Repository):
    def __init__(self, session: AsyncSession, clock) -> None:
        super().__init__(session)
        self.clock = clock

    async def entries(self, since: datetime | None = None) -> Sequence[AuditEntry]:
        """The log in order, from ``since`` on if given."""
        query = select(AuditEntry).order_by(AuditEntry.at, AuditEntry.id)
        if since is not None:
            query = query.where(AuditEntry.at >= since)
        return (await self.session.scalars(query)).all()

    def record(self, actor: str, action: str, subject: str | None = None, **details: Any) -> None:
        self.session.add(AuditEntry(at=self.clock(), actor=actor, action=action, subject=subject,
                                    details=details or None))
