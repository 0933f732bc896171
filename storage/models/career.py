"""Career history and the next career milestones of each employee.

History is what the SKs said, one row per golongan SK and per post SK, appended by the employee import,
rotations and the history import and never overwritten, so the timeline survives every later import.
Milestones are derived (the next KP usulan window, KGB notice, BUP, contract end, maximum time in post)
and stored only so that the reminder planner can find what is due through an index instead of
computing every employee's outlook each minute; they are rebuilt from the data (nightly and after imports).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime


class GradeHistory(Base):
    """One golongan an employee held: from which TMT, by which SK, with the MKG that SK states."""

    __tablename__ = "grade_history"
    __table_args__ = (Index("ix_grade_history_employee_effective", "employee_id", "effective_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    grade: Mapped[str] = mapped_column(String(8))
    effective_date: Mapped[date | None] = mapped_column(Date)  # TMT; unknown for records imported without it
    sk_number: Mapped[str | None] = mapped_column(String(100))
    sk_date: Mapped[date | None] = mapped_column(Date)
    service_years: Mapped[int | None] = mapped_column(SmallInteger)   # MKG on the SK
    service_months: Mapped[int | None] = mapped_column(SmallInteger)
    source: Mapped[str] = mapped_column(String(16))  # "employees", "history", "migration"
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PostHistory(Base):
    """One post (jabatan) and unit an employee held, from which TMT, by which SK."""

    __tablename__ = "post_history"
    __table_args__ = (Index("ix_post_history_employee_effective", "employee_id", "effective_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    position: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str | None] = mapped_column(String(200))
    effective_date: Mapped[date | None] = mapped_column(Date)
    sk_number: Mapped[str | None] = mapped_column(String(100))
    sk_date: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(16))  # "employees", "history", "rotation", "migration"
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CareerMilestone(Base):
    """The next event of one kind for one employee, and the day its notice is due (indexed for the planner)."""

    __tablename__ = "career_milestones"

    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)  # storage.services.career.MilestoneKind
    due_on: Mapped[date] = mapped_column(Date)                 # the event: KP period, KGB TMT, pension TMT...
    notice_on: Mapped[date] = mapped_column(Date, index=True)  # when employee and Kepegawaian are told
