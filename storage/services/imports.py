"""What every spreadsheet import reports back: counts, and each bad cell with its row and column."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from storage.problems import Problem
from storage.tabular import SpreadsheetSource
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    problem: Problem


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)  # worth HR's attention, but written anyway
    written: bool = False


Progress = Callable[[int, int], None]  # rows done, rows to do: the CLI's bar, the Telegram progress message


def no_progress(done: int, total: int) -> None:
    """For callers that show no progress."""


async def finish_import(uow: UnitOfWork, report: ImportReport, *, dry_run: bool, actor: str, action: str,
                        source: SpreadsheetSource) -> ImportReport:
    """End an import that ran all its writes: a dry run rolls them back, so the counts and warnings HR sees
    before importing come from the very code that imports; a real run writes the audit entry (file name and
    counts) and commits."""
    if dry_run:
        await uow.rollback()
        return report
    uow.audit.record(actor, action, None, file=source.name, rows=report.rows, created=report.created,
                     updated=report.updated, unchanged=report.unchanged,
                     invalid_rows=len({error.row for error in report.errors}))
    await uow.commit()
    report.written = True
    return report
