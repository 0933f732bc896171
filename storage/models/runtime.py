"""What running the bot needs to survive crashes and run once: the journal of updates received from
Telegram, and the lease that makes one instance the active one."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime


class ReceivedUpdate(Base):
    """An update as Telegram sent it, written before Telegram is told it arrived and marked once handled.

    Unhandled rows are replayed at start-up; handled ones are kept a couple of days to recognise an update
    Telegram sends again (after a crash between receiving and confirming it) and then purged. One that can no
    longer be read (e.g. after a Bot API change) is quarantined, kept for inspection and never replayed.
    """

    __tablename__ = "received_updates"
    __table_args__ = (Index("ix_received_updates_handled_at", "handled_at"),)

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    payload: Mapped[dict] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    quarantined_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Lease(Base):
    """Who is the active instance for ``name``, until when; renewed by the holder, taken over once expired."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(120))
    acquired_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
