"""The outbox: every message the bot sends on its own initiative, written in the same transaction as
the change that causes it and sent later by the rate-limited sender, so a crash loses nothing."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, BigInteger, CheckConstraint, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime


class OutboxState(StrEnum):
    PENDING = "pending"      # waiting for its not_before time or for the sender
    SENDING = "sending"      # claimed by the sender right before the Bot API call; the outcome follows
    SENT = "sent"            # Telegram accepted it
    FAILED = "failed"        # Telegram refused it (400) or retries ran out
    BLOCKED = "blocked"      # the recipient blocked the bot
    UNLINKED = "unlinked"    # the employee has no linked Telegram account
    CANCELLED = "cancelled"  # withdrawn before sending (e.g. a cancelled broadcast)
    EXPIRED = "expired"      # not sent by its expiry (e.g. a reminder of an event that has begun): now untrue


class OutboxMessage(Base):
    """A message to an employee (``employee_id``: sent to their linked Telegram account's chat, whichever it is
    when the message goes out), or, for a reply to someone who is not a linked employee (a stranger pressing
    Start, someone mid-linking), to the private chat it answered (``chat_id`` only)."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_state_not_before", "state", "not_before"),
                      CheckConstraint("employee_id IS NOT NULL OR chat_id IS NOT NULL", name="addressed"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    employee_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    reference: Mapped[str | None] = mapped_column(String(64), index=True)
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    template: Mapped[str | None] = mapped_column(Text)   # msgid, rendered in the recipient's language
    params: Mapped[dict | None] = mapped_column(JSON)
    text: Mapped[str | None] = mapped_column(Text)       # already final HTML (e.g. HR's own announcement)
    buttons: Mapped[list | None] = mapped_column(JSON)   # rows of {"label": msgid, "callback_data"|"url": ...}
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachments.id", ondelete="RESTRICT"))
    not_before: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # after this its words would be false
    state: Mapped[str] = mapped_column(String(16), default=OutboxState.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    chat_id: Mapped[int | None] = mapped_column(BigInteger)  # where it went; a chat-addressed message's from the start
    telegram_message_id: Mapped[int | None] = mapped_column(BigInteger)


class Attachment(Base):
    """A file sent to many people (e.g. a circular as PDF); uploaded once, then re-sent by Telegram file id."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    filename: Mapped[str] = mapped_column(String(200))
    mime_type: Mapped[str] = mapped_column(String(100))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    telegram_file_id: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
