"""Workshops and training HR offers, and who enrolled in them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, UTCDateTime
from storage.models.employees import Employee


class WorkshopKind(StrEnum):
    """The four kinds of competency development; the values are the official names."""

    TEKNIS = "teknis"
    MANAJERIAL = "manajerial"
    SOSIAL_KULTURAL = "sosial kultural"
    FUNGSIONAL = "fungsional"


class WorkshopMode(StrEnum):
    LURING = "luring"    # in person
    DARING = "daring"    # online
    BLENDED = "blended"


class WorkshopStatus(StrEnum):
    OPEN = "open"            # taking registrations until the deadline
    CLOSED = "closed"        # HR closed registration early; enrolments stand
    CANCELLED = "cancelled"  # called off; every enrolment was cancelled and told


class EnrolmentState(StrEnum):
    REGISTERED = "registered"  # terdaftar: holds a seat
    WAITLISTED = "waitlisted"  # daftar tunggu: ``waitlist_position`` 1..N, gap-free
    CANCELLED = "cancelled"    # dibatalkan
    ATTENDED = "attended"      # hadir: the workshop's JP count for the year
    ABSENT = "absent"          # tidak hadir


ACTIVE_STATES = (EnrolmentState.REGISTERED, EnrolmentState.WAITLISTED)
SEATED_STATES = (EnrolmentState.REGISTERED, EnrolmentState.ATTENDED, EnrolmentState.ABSENT)


class Workshop(Base):
    """One workshop or training; ``seats_taken`` counts seated enrolments and the database keeps it within
    ``capacity``, so no code path can overbook."""

    __tablename__ = "workshops"
    __table_args__ = (
        CheckConstraint("capacity >= 1", name="capacity_positive"),
        CheckConstraint("seats_taken >= 0 AND seats_taken <= capacity", name="seats_within_capacity"),
        CheckConstraint("jp >= 0", name="jp_not_negative"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("registration_deadline <= starts_at", name="deadline_before_start"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20))
    mode: Mapped[str] = mapped_column(String(10))
    location: Mapped[str] = mapped_column(String(300))  # a place, or a link for daring
    organiser: Mapped[str | None] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    registration_deadline: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    capacity: Mapped[int] = mapped_column(Integer)
    seats_taken: Mapped[int] = mapped_column(Integer, default=0)
    jp: Mapped[int] = mapped_column(Integer)
    # A briefing, ceremony or meeting offered like a workshop: it carries no JP (jp is 0) and shows none.
    non_training: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    audience_units: Mapped[list | None] = mapped_column(JSON)  # unit names; None: every unit
    audience_kind: Mapped[str | None] = mapped_column(String(4))  # PNS or PPPK; None: both
    audience_grade_min: Mapped[str | None] = mapped_column(String(8))  # golongan range, both ends included
    audience_grade_max: Mapped[str | None] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(10), default=WorkshopStatus.OPEN)
    # Bumped by every change to the enrolments; that UPDATE takes the row lock that serialises them.
    revision: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.seats_taken, 0)


class Enrolment(Base):
    """An employee's place in a workshop; at most one that is not cancelled per employee and workshop."""

    __tablename__ = "enrolments"
    __table_args__ = (
        Index("ix_enrolments_one_per_employee", "workshop_id", "employee_id", unique=True,
              sqlite_where=text("state != 'cancelled'"), postgresql_where=text("state != 'cancelled'")),
        Index("ix_enrolments_workshop_state", "workshop_id", "state"),
        Index("ix_enrolments_employee_state", "employee_id", "state"),
        CheckConstraint("(state = 'waitlisted') = (waitlist_position IS NOT NULL)", name="position_iff_waitlisted"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"))
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    state: Mapped[str] = mapped_column(String(12))
    waitlist_position: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    promoted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attendance_recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    workshop: Mapped[Workshop] = relationship(lazy="raise")
    employee: Mapped[Employee] = relationship(lazy="raise")
