"""Writing the audit log."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditEntry


def telegram_actor(telegram_user_id: int) -> str:
    """How the audit log names someone acting on Telegram (the CLI records ``cli:<login>``)."""
    return f"telegram:{telegram_user_id}"


class AuditRepository:
    def __init__(self, session: AsyncSession, clock) -> None:
        self.session = session
        self.clock = clock

    def record(self, actor: str, action: str, subject: str | None = None, **details: Any) -> None:
        self.session.add(AuditEntry(at=self.clock(), actor=actor, action=action, subject=subject,
                                    details=details or None))
