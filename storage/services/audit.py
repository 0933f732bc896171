"""Reading the audit log back for HR."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from storage.models import AuditEntry
from storage.uow import UnitOfWork


async def audit_entries(uow: UnitOfWork, since: datetime | None = None) -> Sequence[AuditEntry]:
    return await uow.audit.entries(since)
