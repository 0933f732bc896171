"""The golongan and post history: appended whenever an employee's golongan or post changes, never rewritten.

An entry without a TMT (the migration's first entries, an import without ``tmt_pangkat``) gets its date
and SK once a later import or the history file knows them: that completes what the SK said rather than
overwriting it. Anything else that differs is a new entry.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from storage.models import Employee, GradeHistory, PostHistory
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class SkFacts:
    """What an SK states besides the golongan or post itself."""

    effective_date: date | None = None
    sk_number: str | None = None
    sk_date: date | None = None


class Recorded(StrEnum):
    ADDED = "added"          # a new entry
    COMPLETED = "completed"  # an entry got its TMT, SK or MKG
    KNOWN = "known"          # nothing new


class HistoryBook:
    """The history of a set of employees, loaded once, to which changes are appended within one unit of work."""

    def __init__(self, uow: UnitOfWork, grades: dict[int, list[GradeHistory]], posts: dict[int, list[PostHistory]]):
        self.uow = uow
        self.grades = grades
        self.posts = posts

    @classmethod
    async def load(cls, uow: UnitOfWork, employee_ids: Collection[int]) -> HistoryBook:
        ids = list(employee_ids)
        grades: dict[int, list[GradeHistory]] = defaultdict(list)
        posts: dict[int, list[PostHistory]] = defaultdict(list)
        for entry in await uow.history.grades(ids):
            grades[entry.employee_id].append(entry)
        for entry in await uow.history.posts(ids):
            posts[entry.employee_id].append(entry)
        return cls(uow, grades, posts)

    def record_grade(self, employee: Employee, grade: str, sk: SkFacts, *, source: str,
                     service: tuple[int | None, int | None] = (None, None)) -> Recorded:
        """Note that ``employee`` holds ``grade`` from ``sk``."""
        entries = self.grades[employee.id]
        same = [entry for entry in entries if entry.grade == grade and _same_or_unknown(entry.effective_date, sk)]
        if same:
            return _complete(same[-1], sk, service_years=service[0], service_months=service[1])
        entry = GradeHistory(employee_id=employee.id, grade=grade, effective_date=sk.effective_date,
                             sk_number=sk.sk_number, sk_date=sk.sk_date, service_years=service[0],
                             service_months=service[1], source=source, recorded_at=self.uow.clock())
        self.uow.history.add(entry)
        entries.append(entry)
        return Recorded.ADDED

    def record_post(self, employee: Employee, position: str, unit: str | None, sk: SkFacts, *,
                    source: str) -> Recorded:
        """Note that ``employee`` holds ``position`` in ``unit`` from ``sk``."""
        entries = self.posts[employee.id]
        same = [entry for entry in entries if (entry.position, entry.unit) == (position, unit)
                and _same_or_unknown(entry.effective_date, sk)]
        if same:
            return _complete(same[-1], sk)
        entry = PostHistory(employee_id=employee.id, position=position, unit=unit, effective_date=sk.effective_date,
                            sk_number=sk.sk_number, sk_date=sk.sk_date, source=source, recorded_at=self.uow.clock())
        self.uow.history.add(entry)
        entries.append(entry)
        return Recorded.ADDED

    def record_current(self, employee: Employee, *, source: str) -> None:
        """The employee record's golongan and post as history (after an import changed them)."""
        if employee.grade:
            self.record_grade(employee, employee.grade, SkFacts(employee.rank_since), source=source,
                              service=(employee.rank_service_years, employee.rank_service_months))
        if employee.position:
            self.record_post(employee, employee.position, employee.unit, SkFacts(employee.position_since),
                             source=source)


def _same_or_unknown(stored: date | None, sk: SkFacts) -> bool:
    return stored is None or sk.effective_date is None or stored == sk.effective_date


def _complete(entry: GradeHistory | PostHistory, sk: SkFacts, **more: int | None) -> Recorded:
    """Fill what the entry does not know yet; never replace what it does."""
    recorded = Recorded.KNOWN
    for name, value in dict(effective_date=sk.effective_date, sk_number=sk.sk_number, sk_date=sk.sk_date,
                            **more).items():
        if value is not None and getattr(entry, name) is None:
            setattr(entry, name, value)
            recorded = Recorded.COMPLETED
    return recorded


@dataclass(frozen=True)
class Timeline:
    """One employee's history, oldest first, for the screen and the chart."""

    grades: list[GradeHistory]
    posts: list[PostHistory]


async def timeline(uow: UnitOfWork, employee_id: int) -> Timeline:
    book = await HistoryBook.load(uow, [employee_id])
    return Timeline(_by_date(book.grades[employee_id]), _by_date(book.posts[employee_id]))


def _by_date(entries: list) -> list:
    """Dated entries by TMT; undated ones keep their recorded order and go where they were recorded."""
    return sorted(entries, key=lambda entry: (entry.effective_date or date.max, entry.id))
