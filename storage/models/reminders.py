"""Automatic reminders: a log of every (person, event, stage) planned, and the categories people muted."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime


class ReminderLog(Base):
    """One reminder stage planned for one person: never planned twice, and what HR's report reads."""

    __tablename__ = "reminders"
    __table_args__ = (UniqueConstraint("employee_id", "event_key", "stage"),
                      Index("ix_reminders_event_stage", "event_key", "stage"),
                      Index("ix_reminders_employee_deliver", "employee_id", "deliver_at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    category: Mapped[str] = mapped_column(String(24))
    event_key: Mapped[str] = mapped_column(String(64))   # e.g. "rotation:12", "skp:2026"
    stage: Mapped[str] = mapped_column(String(16))       # e.g. "tmt-1d", "14d"
    stage_at: Mapped[datetime] = mapped_column(UTCDateTime)    # when the rule says to remind
    deliver_at: Mapped[datetime] = mapped_column(UTCDateTime)  # after quiet hours and weekends
    digest: Mapped[bool] = mapped_column(default=False)  # over the daily cap: merged into one digest message
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ReminderStage(Base):
    """A stage of an event whose recipients have all been planned, so later runs skip it cheaply."""

    __tablename__ = "reminder_stages"

    event_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    stage: Mapped[str] = mapped_column(String(16), primary_key=True)
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ReminderMute(Base):
    __tablename__ = "reminder_mutes"

    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"), primary_key=True)
    category: Mapped[str] = mapped_column(String(24), primary_key=True)
    muted_at: Mapped[datetime] = mapped_column(UTCDateTime)
