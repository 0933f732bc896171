"""What employees ask of their careers: aspirations (where they would like to go, what they want to learn)
and corrections to their record, with the training topics Kepegawaian offers to choose from.

An aspiration is one row per wish, so Kepegawaian's plan can count the demand per unit and per topic.
A correction keeps the value as recorded when it was filed and the evidence (a photo or PDF of the SK),
so the decision can be checked later even after the record changed.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, UTCDateTime
from storage.models.employees import Employee
from storage.models.outbox import Attachment


class TrainingTopic(Base):
    """A topic on Kepegawaian's list; retiring one hides it from new choices, existing wishes keep it."""

    __tablename__ = "training_topics"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AspirationKind(StrEnum):
    UNIT = "unit"      # a unit to rotate to
    POST = "jabatan"   # a kind of post
    TOPIC = "topik"    # a training topic


class CareerAspiration(Base):
    __tablename__ = "career_aspirations"
    __table_args__ = (UniqueConstraint("employee_id", "kind", "value"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    value: Mapped[str] = mapped_column(String(100))
    from_list: Mapped[bool] = mapped_column(Boolean, default=False)  # a listed topic or known unit, not typed
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CorrectionState(StrEnum):
    FILED = "diajukan"
    ACCEPTED = "diterima"  # the record was changed
    REJECTED = "ditolak"


class CorrectionRequest(Base):
    """"Data saya tidak sesuai": one field of the employee's record reported wrong, with the right value."""

    __tablename__ = "correction_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(32))          # storage.services.record_fields code
    recorded_value: Mapped[str | None] = mapped_column(Text)  # as the record showed it when filed
    proposed_value: Mapped[str] = mapped_column(Text)         # normalised, as it will be applied
    evidence_id: Mapped[int] = mapped_column(ForeignKey("attachments.id", ondelete="RESTRICT"))
    state: Mapped[str] = mapped_column(String(10), default=CorrectionState.FILED, index=True)
    filed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="SET NULL"))
    decision_reason: Mapped[str | None] = mapped_column(Text)  # why it was rejected

    employee: Mapped[Employee] = relationship(foreign_keys=[employee_id], lazy="raise")
    decided_by: Mapped[Employee | None] = relationship(foreign_keys=[decided_by_id], lazy="raise")
    evidence: Mapped[Attachment] = relationship(lazy="raise")

    @property
    def is_open(self) -> bool:
        return self.state == CorrectionState.FILED
