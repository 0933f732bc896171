"""Spreadsheets HR sends to the bot: recognise the kind, preview what importing would do, import exactly that.

The preview is the importer's own dry run (its writes rolled back), so the counts, warnings and errors HR
reads are those of the code that imports. A fingerprint of the file and of the data the import depends on is
taken with the preview; importing re-takes it and, if either changed, previews again instead of writing.
"""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from storage.problems import N_, Problem
from storage.services.import_kinds import ImportKind, ImportOptions, recognise
from storage.services.imports import ImportReport, Progress, RowError, no_progress
from storage.spreadsheet import Sheet
from storage.tabular import SpreadsheetFile, column_name, header_and_rows, read_table
from storage.uow import UnitOfWork

MAX_LISTED_ERRORS = 10  # more than this come back as an annotated copy of the file, not a long message
PROGRESS_INTERVAL = 2.0  # seconds between progress reports: Telegram allows about one edit a second per chat


@dataclass(frozen=True)
class Preview:
    kind: ImportKind
    report: ImportReport  # counts of the rows that are valid; every error and warning
    fingerprint: str  # hand back to :func:`import_previewed`

    @property
    def importable(self) -> bool:
        """A file with errors is fixed and sent again: importing only part of what HR sent surprises."""
        return not self.report.errors

    @property
    def listed_errors(self) -> bool:
        return len(self.report.errors) <= MAX_LISTED_ERRORS


@dataclass(frozen=True)
class Imported:
    """What pressing "Impor" did: ``report`` when it imported, ``preview`` when things changed and it did not."""

    report: ImportReport | None = None
    preview: Preview | None = None


def recognised_kinds(upload: SpreadsheetFile) -> list[ImportKind]:
    """The kinds the file's header fits; empty when HR must choose (and will then be told what is missing)."""
    header = next(header_and_rows(upload), None)
    if header is None:
        raise Problem(N_("The file is empty."))
    return recognise([column_name(cell) for cell in header[1]])


async def preview(uow: UnitOfWork, upload: SpreadsheetFile, kind: ImportKind, options: ImportOptions, *,
                  actor: str, progress: Progress = no_progress) -> Preview:
    fingerprint = await _fingerprint(uow, upload, kind)
    report = await kind.run(uow, upload, options, actor=actor, dry_run=True, skip_invalid=True, progress=progress)
    return Preview(kind, report, fingerprint)


async def import_previewed(uow: UnitOfWork, upload: SpreadsheetFile, kind: ImportKind, options: ImportOptions, *,
                           actor: str, fingerprint: str, progress: Progress = no_progress) -> Imported:
    """Import the file HR saw previewed; if the file or the data it depends on changed since, preview again.

    The importer writes the audit entry (file name and counts) with the data, in one commit.
    """
    if await _fingerprint(uow, upload, kind) != fingerprint:
        await uow.rollback()
        return Imported(preview=await preview(uow, upload, kind, options, actor=actor, progress=progress))
    report = await kind.run(uow, upload, options, actor=actor, dry_run=False, skip_invalid=False, progress=progress)
    return Imported(report=report)


async def _fingerprint(uow: UnitOfWork, upload: SpreadsheetFile, kind: ImportKind) -> str:
    digest = hashlib.sha256(kind.key.encode())
    digest.update(hashlib.sha256(upload.data).digest())
    for figures in await uow.changes.figures(kind.watched):
        digest.update(repr(figures).encode())
    return digest.hexdigest()


def annotated_copy(upload: SpreadsheetFile, kind: ImportKind, errors: Sequence[RowError],
                   describe: Callable[[RowError], str], *, title: str, errors_header: str) -> Sheet:
    """The file's rows as HR sent them, with a last column saying what is wrong in each: easier to fix there
    than from thirty chat messages. ``describe`` words one error in HR's language."""
    table = read_table(upload, kind.columns)
    reasons: dict[int, list[str]] = defaultdict(list)
    for error in errors:
        reasons[error.row].append(describe(error))
    columns = [column for column in table.columns if column]
    rows = [[row.values.get(column, "") for column in columns] + ["; ".join(reasons.get(row.number, []))]
            for row in table.rows]
    return Sheet([*columns, errors_header], rows, title)


class ThrottledProgress:
    """Passes progress on at most once per ``interval`` (never at the very start), so a large file edits one
    message every 2 s and a small one none at all."""

    def __init__(self, report: Progress, *, interval: float | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._report = report
        self._interval = PROGRESS_INTERVAL if interval is None else interval
        self._clock = clock
        self._last = clock()

    def __call__(self, done: int, total: int) -> None:
        now = self._clock()
        if now - self._last >= self._interval:
            self._last = now
            self._report(done, total)
