"""Jam pelajaran (JP) earned outside the bot's workshops, as HR imports them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime


class JpCredit(Base):
    """JP from a course, webinar or diklat elsewhere; re-importing the same day and description updates it."""

    __tablename__ = "jp_credits"
    __table_args__ = (
        UniqueConstraint("employee_id", "day", "description"),
        CheckConstraint("jp >= 1", name="jp_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)
    jp: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
