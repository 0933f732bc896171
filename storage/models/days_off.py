"""Kepegawaian's corrections to the national calendar of days off (holidays package, Indonesia).

Islamic holidays after the current year are estimates and cuti bersama is decided yearly, so HR may add a
day off the package does not know, or mark one it lists as a working day.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime


class DayOff(Base):
    __tablename__ = "days_off"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    day_off: Mapped[bool] = mapped_column()  # True: no work that day; False: worked although a listed holiday
    note: Mapped[str | None] = mapped_column(String(200))  # e.g. "Cuti bersama Idulfitri"
    updated_by: Mapped[str] = mapped_column(String(64))    # the audit actor, e.g. "telegram:123"
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
