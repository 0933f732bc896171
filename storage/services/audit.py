"""Reading the audit log back for HR."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select

from storage.models import AuditEntry
from storage.uow import UnitOfWork


async def audit_entries(uow: UnitOfWork, since: datetime | None = None) -> Sequence[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.at, AuditEntry.id)
    if since is not None:
        query = query.where(AuditEntry.at >= since)
    return (await uow.session.scalars(query)).all()
