"""What an import depends on, as figures that change whenever that data changes.

An import previewed on Telegram is run only if nothing it reads changed meanwhile; the figures of the
tables it reads (``Watched``) go into the preview's fingerprint and are compared when HR confirms.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from sqlalchemy import Select, func, select

from storage.models import (
    Appraisal,
    DayOff,
    Employee,
    Enrolment,
    GradeHistory,
    JpCredit,
    PostHistory,
    Rotation,
    Workshop,
)
from storage.repositories.base import Repository


class Watched(StrEnum):
    EMPLOYEES = "employees"
    APPRAISALS = "appraisals"
    WORKSHOPS = "workshops"
    ENROLMENTS = "enrolments"
    JP_CREDITS = "jp_credits"
    ROTATIONS = "rotations"
    GRADE_HISTORY = "grade_history"
    POST_HISTORY = "post_history"
    DAYS_OFF = "days_off"


def _changes_of(column) -> Select:
    """How many rows a table has and when the last one changed: differs after any insert or update."""
    return select(func.count(), func.max(column))


def _history_changes(model) -> Select:
    """History rows are added or completed (an SK number or TMT filled in): their count and filled-in fields."""
    return select(func.count(), func.count(model.sk_number), func.count(model.effective_date))


_FIGURES = {
    Watched.EMPLOYEES: _changes_of(Employee.updated_at),
    Watched.APPRAISALS: _changes_of(Appraisal.updated_at),
    Watched.WORKSHOPS: _changes_of(Workshop.updated_at),
    Watched.ENROLMENTS: _changes_of(Enrolment.updated_at),
    Watched.JP_CREDITS: _changes_of(JpCredit.updated_at),
    Watched.ROTATIONS: select(func.count(), func.sum(Rotation.notice_version), func.count(Rotation.applied_at),
                              func.count(Rotation.acknowledged_at)),
    Watched.GRADE_HISTORY: _history_changes(GradeHistory),
    Watched.POST_HISTORY: _history_changes(PostHistory),
    Watched.DAYS_OFF: _changes_of(DayOff.updated_at),
}


class ChangeRepository(Repository):
    async def figures(self, watched: Sequence[Watched]) -> list[tuple]:
        """The figures of each watched table, in the order given."""
        return [tuple((await self.session.execute(_FIGURES[table])).one()) for table in watched]
