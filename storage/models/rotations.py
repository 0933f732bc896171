"""Rotation (rotasi/mutasi) notices: from which post to which, by which SK, effective when."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, UTCDateTime
from storage.models.employees import Employee


class Rotation(Base):
    __tablename__ = "rotations"
    __table_args__ = (UniqueConstraint("employee_id", "sk_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"), index=True)
    old_position: Mapped[str | None] = mapped_column(String(200))
    old_unit: Mapped[str | None] = mapped_column(String(200))
    new_position: Mapped[str] = mapped_column(String(200))
    new_unit: Mapped[str] = mapped_column(String(200))
    sk_number: Mapped[str] = mapped_column(String(100))
    sk_date: Mapped[date] = mapped_column(Date)
    effective_date: Mapped[date] = mapped_column(Date, index=True)  # TMT
    inauguration_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)  # pelantikan
    inauguration_place: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    notice_version: Mapped[int] = mapped_column(Integer, default=1)  # bumped when a re-import changes it
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the employee record moved on the TMT
    # The direct superior from the TMT (atasan baru); None keeps the current one. Set on the record by the
    # job that applies the rotation, so objections and team views follow it from the TMT, not from publishing.
    new_superior_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="SET NULL"))

    employee: Mapped[Employee] = relationship(lazy="raise", foreign_keys=[employee_id])
    new_superior: Mapped[Employee | None] = relationship(lazy="raise", foreign_keys=[new_superior_id])
