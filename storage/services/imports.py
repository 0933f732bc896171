"""What every spreadsheet import reports back: counts, and each bad cell with its row and column."""

from __future__ import annotations

from dataclasses import dataclass, field

from storage.problems import Problem


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
