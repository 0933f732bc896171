"""HR announcements to everyone or a filtered audience, and who acknowledged them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime


class Broadcast(Base):
    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    parts: Mapped[list] = mapped_column(JSON)  # the HTML messages, each within Telegram's limit
    audience: Mapped[dict] = mapped_column(JSON)
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachments.id", ondelete="RESTRICT"))
    ask_acknowledgement: Mapped[bool] = mapped_column(Boolean, default=False)
    send_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    recipient_count: Mapped[int] = mapped_column(Integer, default=0)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def preview(self) -> str:
        return self.parts[0] if self.parts else ""


class BroadcastAcknowledgement(Base):
    __tablename__ = "broadcast_acknowledgements"

    broadcast_id: Mapped[int] = mapped_column(ForeignKey("broadcasts.id", ondelete="CASCADE"), primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"), primary_key=True)
    acknowledged_at: Mapped[datetime] = mapped_column(UTCDateTime)
