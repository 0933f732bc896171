"""What every spreadsheet import reports back: counts, and each bad cell with its row and column."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from storage.problems import Problem
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


async def commit_import(uow: UnitOfWork, report: ImportReport, *, actor: str, action: str, path: Path) -> ImportReport:
    """Write what an import did to the audit log (one entry per file, with its counts) and commit it."""
    uow.audit.record(actor, action, None, file=path.name, rows=report.rows, created=report.created,
                     updated=report.updated, unchanged=report.unchanged,
                     invalid_rows=len({error.row for error in report.errors}))
    await uow.commit()
    report.written = True
    return report
