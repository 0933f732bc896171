"""Appraisal results (SKP) per employee and period, and the objections (keberatan) against them.

A corrected result is a new version of the same employee and period; the replaced version stays, with
``superseded_at`` set, so the history shows both.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, UTCDateTime
from storage.models.employees import Employee
from storage.ratings import MATRIX, Rating, predikat_for


def _matrix_check() -> str:
    """SQL that holds only for the nine (Hasil Kerja, Perilaku Kerja, Predikat) rows of the matrix."""
    return " OR ".join(f"(work_results = '{results}' AND work_behaviour = '{behaviour}' AND predikat = '{predikat}')"
                       for (results, behaviour), predikat in MATRIX.items())


class Appraisal(Base):
    __tablename__ = "appraisals"
    __table_args__ = (
        UniqueConstraint("employee_id", "period", "version", name="uq_appraisals_employee_period_version"),
        CheckConstraint(_matrix_check(), name="predikat_matches_matrix"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(7))        # canonical code: 2026, 2026-S1, 2026-Q3, 2026-09
    period_kind: Mapped[str] = mapped_column(String(8))   # storage.periods.PeriodKind
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)
    work_results: Mapped[str] = mapped_column(String(8))     # Hasil Kerja, storage.ratings.Rating
    work_behaviour: Mapped[str] = mapped_column(String(8))   # Perilaku Kerja
    predikat: Mapped[str] = mapped_column(String(20))        # always predikat_for(the two), checked by the database
    rater_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="SET NULL"), index=True)
    # The rater as they were when rating: posts change, the appraisal document does not.
    rater_nip: Mapped[str | None] = mapped_column(String(18))
    rater_name: Mapped[str | None] = mapped_column(String(200))
    rater_position: Mapped[str | None] = mapped_column(String(200))
    feedback: Mapped[str | None] = mapped_column(Text)      # umpan balik
    published_on: Mapped[date] = mapped_column(Date, index=True)  # WIB day, as HR dated it
    # When the employee first got it (notice delivered or result opened): the objection window counts from the
    # later of this and ``published_on`` (PP 30/2019 Art. 59: "sejak diterimanya").
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    employee: Mapped[Employee] = relationship(foreign_keys=[employee_id], lazy="raise")
    rater: Mapped[Employee | None] = relationship(foreign_keys=[rater_id], lazy="raise")

    def rate(self, work_results: Rating, work_behaviour: Rating) -> None:
        """Set both ratings and the predikat they give; the only way ratings change."""
        self.work_results = Rating(work_results).value
        self.work_behaviour = Rating(work_behaviour).value
        self.predikat = predikat_for(work_results, work_behaviour).value

    def rate_by(self, rater: Employee | None) -> None:
        self.rater_id = rater.id if rater else None
        self.rater_nip = rater.nip if rater else None
        self.rater_name = rater.name if rater else None
        self.rater_position = rater.position if rater else None

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None


class ObjectionState(StrEnum):
    FILED = "diajukan"
    IN_PROGRESS = "diproses"
    ACCEPTED = "diterima"  # the result was corrected
    REJECTED = "ditolak"


OPEN_STATES = (ObjectionState.FILED.value, ObjectionState.IN_PROGRESS.value)  # not decided yet


class Objection(Base):
    """A keberatan, addressed to the rater's superior; ``addressee_id`` None means HR."""

    __tablename__ = "objections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    appraisal_id: Mapped[int] = mapped_column(ForeignKey("appraisals.id", ondelete="CASCADE"), index=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"), index=True)
    reasons: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(10), default=ObjectionState.FILED)
    addressee_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="SET NULL"), index=True)
    filed_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="SET NULL"))
    decision_reason: Mapped[str | None] = mapped_column(Text)  # why it was accepted or rejected
    # Evidence the employee attached when filing (a photo or a PDF), kept as Telegram's file id.
    evidence_file_id: Mapped[str | None] = mapped_column(String(200))
    evidence_kind: Mapped[str | None] = mapped_column(String(8))  # storage.services.objections.EvidenceKind
    evidence_name: Mapped[str | None] = mapped_column(String(200))
    # The rater's explanation, which the deciding superior reads first (PP 30/2019 Art. 59).
    rater_explanation: Mapped[str | None] = mapped_column(Text)
    rater_explained_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_due_on: Mapped[date | None] = mapped_column(Date, index=True)  # WIB day; KEBERATAN_DECISION_DAYS
    corrected_appraisal_id: Mapped[int | None] = mapped_column(ForeignKey("appraisals.id", ondelete="SET NULL"))

    appraisal: Mapped[Appraisal] = relationship(foreign_keys=[appraisal_id], lazy="raise")
    employee: Mapped[Employee] = relationship(foreign_keys=[employee_id], lazy="raise")
    addressee: Mapped[Employee | None] = relationship(foreign_keys=[addressee_id], lazy="raise")
    decided_by: Mapped[Employee | None] = relationship(foreign_keys=[decided_by_id], lazy="raise")
    corrected_appraisal: Mapped[Appraisal | None] = relationship(foreign_keys=[corrected_appraisal_id], lazy="raise")

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES
