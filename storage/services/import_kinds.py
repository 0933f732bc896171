"""The table of spreadsheet imports: what each kind of file is called, the header that identifies it, how to
run its importer and which stored data its outcome depends on.

The upload pipeline recognises a file by looking its header up here, so a new import (e.g. career history)
becomes uploadable on Telegram by adding one :class:`ImportKind` to :data:`IMPORT_KINDS`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

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
from storage.problems import N_
from storage.services import (
    appraisal_import,
    attendance_import,
    days_off,
    employee_import,
    history_import,
    jp_import,
    rotations,
    workshop_import,
)
from storage.services.appraisals import ObjectionPolicy
from storage.services.imports import ImportReport, Progress
from storage.services.training_hours import TrainingPolicy
from storage.tabular import SpreadsheetSource
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class ImportOptions:
    """The office settings some importers need (from ``bot.config.Settings``)."""

    timezone: ZoneInfo
    objection_window_days: int
    rotation_min_years: int
    training: TrainingPolicy  # a workshop's JP must fit its schedule


Importer = Callable[..., Awaitable[ImportReport]]


@dataclass(frozen=True)
class ImportKind:
    key: str  # stable: callback data, audit entries, ``asnbot template KEY``
    label: str  # msgid, e.g. "Employees"
    columns: Sequence[str]  # the required header; a file holding all of them is this kind
    importer: Importer
    options: Callable[[ImportOptions], dict[str, object]]  # the importer's keyword arguments from the settings
    watched: Callable[[], Sequence[Select]]  # aggregates that change whenever data this import reads changes

    async def run(self, uow: UnitOfWork, source: SpreadsheetSource, settings: ImportOptions, *, actor: str,
                  dry_run: bool, skip_invalid: bool, progress: Progress) -> ImportReport:
        return await self.importer(uow, source, actor=actor, dry_run=dry_run, skip_invalid=skip_invalid,
                                   progress=progress, **self.options(settings))


def changes_of(column) -> Select:
    """How many rows a table has and when the last one changed: differs after any insert or update."""
    return select(func.count(), func.max(column))


def _no_options(settings: ImportOptions) -> dict[str, object]:
    return {}


def _timezone(settings: ImportOptions) -> dict[str, object]:
    return {"timezone": settings.timezone}


IMPORT_KINDS: tuple[ImportKind, ...] = (
    ImportKind("employees", N_("Employee data"), employee_import.COLUMNS, employee_import.import_employees, _no_options,
               lambda: [changes_of(Employee.updated_at)]),
    ImportKind("appraisals", N_("Appraisal results"), appraisal_import.COLUMNS, appraisal_import.import_appraisals,
               lambda settings: {"policy": ObjectionPolicy(settings.objection_window_days, settings.timezone)},
               lambda: [changes_of(Employee.updated_at), changes_of(Appraisal.updated_at)]),
    ImportKind("workshops", N_("Workshops"), workshop_import.COLUMNS, workshop_import.import_workshops,
               lambda settings: {"policy": settings.training},
               lambda: [changes_of(Employee.updated_at), changes_of(Workshop.updated_at),
                        changes_of(Enrolment.updated_at)]),
    ImportKind("attendance", N_("Workshop attendance"), attendance_import.COLUMNS,
               attendance_import.import_attendance, _no_options,
               lambda: [changes_of(Employee.updated_at), changes_of(Workshop.updated_at),
                        changes_of(Enrolment.updated_at)]),
    ImportKind("jp", N_("JP earned elsewhere"), jp_import.COLUMNS, jp_import.import_jp, _timezone,
               lambda: [changes_of(Employee.updated_at), changes_of(JpCredit.updated_at)]),
    ImportKind("rotations", N_("Rotation notices"), rotations.COLUMNS, rotations.import_rotations,
               lambda settings: {"tz": settings.timezone, "min_years_in_post": settings.rotation_min_years},
               lambda: [changes_of(Employee.updated_at),
                        select(func.count(), func.sum(Rotation.notice_version), func.count(Rotation.applied_at),
                               func.count(Rotation.acknowledged_at))]),
    ImportKind("history", N_("Past SKs (career history)"), history_import.COLUMNS, history_import.import_history,
               _no_options, lambda: [changes_of(Employee.updated_at), _history_changes(GradeHistory),
                                     _history_changes(PostHistory)]),
    ImportKind("days_off", N_("Days off and working days"), days_off.COLUMNS, days_off.import_days_off, _no_options,
               lambda: [changes_of(DayOff.updated_at)]),
)


def _history_changes(model) -> Select:
    """History rows are added or completed (an SK number or TMT filled in): their count and filled-in fields."""
    return select(func.count(), func.count(model.sk_number), func.count(model.effective_date))


def import_kind(key: str) -> ImportKind | None:
    return next((kind for kind in IMPORT_KINDS if kind.key == key), None)


def recognise(columns: Sequence[str]) -> list[ImportKind]:
    """The kinds whose whole required header is in ``columns``; when several are, only those asking the most
    (a file with every workshop column is a workshop file, even if it also has ``kode,nip``)."""
    present = set(columns)
    matching = [kind for kind in IMPORT_KINDS if set(kind.columns) <= present]
    most = max((len(kind.columns) for kind in matching), default=0)
    return [kind for kind in matching if len(kind.columns) == most]
