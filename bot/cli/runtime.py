"""What every command shares: an upgraded database, one unit of work, who acts, and import reports."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from collections.abc import Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from bot.config import Settings
from bot.context import utc_now
from bot.i18n import Translator
from bot.policies import policies
from bot.report_sheets import NamedSheet
from bot.spreadsheet_words import row_error_text
from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade
from storage.services.exports import export
from storage.services.import_kinds import ImportKind
from storage.services.imports import ImportReport
from storage.spreadsheet import Sheet
from storage.uow import UnitOfWork

Action = Callable[[Settings, argparse.Namespace, Translator], int]
DbCommand = Callable[[UnitOfWork, Settings, argparse.Namespace, Translator], Awaitable[int]]
SheetMaker = Callable[[UnitOfWork, Settings, argparse.Namespace, Translator], Awaitable[NamedSheet]]
Written = Callable[[Translator, NamedSheet, Path], str]


@dataclass(frozen=True)
class CommandGroups:
    """Where feature modules hang their sub-commands: ``asnbot X``, ``asnbot import X``, ``asnbot report X``."""

    commands: argparse._SubParsersAction
    imports: argparse._SubParsersAction
    reports: argparse._SubParsersAction


def actor() -> str:
    """The audit log's name for whoever runs the command."""
    return f"cli:{getpass.getuser()}"


@asynccontextmanager
async def open_database(settings: Settings):
    """An upgraded database for one command; the engine is disposed afterwards."""
    engine = create_engine(settings.database_url)
    try:
        await upgrade(engine)
        yield engine
    finally:
        await engine.dispose()


async def save_report(uow: UnitOfWork, sheet: Sheet, out: Path, report: str) -> None:
    """Write a report where HR asked (``.csv``, else XLSX); the export is audited (:mod:`storage.services.exports`)."""
    out.write_bytes(await export(uow, sheet, actor=actor(), report=report, csv=out.suffix.lower() == ".csv"))


def with_db(command: DbCommand) -> Action:
    """Run an async command inside one unit of work on an upgraded database."""

    def action(settings: Settings, args: argparse.Namespace, _: Translator) -> int:
        async def run() -> int:
            async with open_database(settings) as engine, UnitOfWork(create_session_factory(engine), utc_now) as uow:
                return await command(uow, settings, args, _)

        return asyncio.run(run())

    return action


async def run_import(kind: ImportKind, uow: UnitOfWork, args: argparse.Namespace, _: Translator,
                     settings: Settings) -> int:
    """Run one of the spreadsheet imports with the shared options (:func:`add_import_options`), a progress bar
    and the report; the exit code says whether rows were refused."""
    with _progress_bar(_) as bar:
        report = await kind.run(uow, args.file, policies(settings).imports, actor=actor(), dry_run=args.dry_run,
                                skip_invalid=args.skip_invalid, progress=lambda done, total: _advance(bar, done, total))
    _print_import_report(report, _)
    return 1 if report.errors and not (args.skip_invalid or args.dry_run) else 0


def _advance(bar: tqdm, done: int, total: int) -> None:
    bar.total = total
    bar.update(done - bar.n)


def _progress_bar(_: Translator) -> tqdm:
    """A progress bar on stderr for long imports; silent when not on a terminal."""
    return tqdm(unit=_("rows"), desc=_("Importing"), disable=None, file=sys.stderr)


def _print_import_report(report: ImportReport, _: Translator) -> None:
    for error in report.errors:
        print(row_error_text(_, error), file=sys.stderr)
    for warning in report.warnings:
        print(_("Row {row}, column {column}: warning: {reason}", row=warning.row, column=warning.column,
                reason=_.problem(warning.problem)), file=sys.stderr)
    bad_rows = len({error.row for error in report.errors})
    if report.written:
        print(_.ngettext("{count} row read: {created} new, {updated} updated, {unchanged} unchanged, {bad} skipped.",
                         "{count} rows read: {created} new, {updated} updated, {unchanged} unchanged, {bad} skipped.",
                         report.rows, created=report.created, updated=report.updated, unchanged=report.unchanged,
                         bad=bad_rows))
    elif report.errors:
        print(_.ngettext("{count} row read, {bad} with errors. Nothing was written: fix the rows above and import "
                         "again, or use --skip-invalid.",
                         "{count} rows read, {bad} with errors. Nothing was written: fix the rows above and import "
                         "again, or use --skip-invalid.", report.rows, bad=bad_rows))
    else:
        print(_.ngettext("{count} row read, valid. Dry run, nothing written: {created} would be new, {updated} "
                         "updated, {unchanged} unchanged.",
                         "{count} rows read, all valid. Dry run, nothing written: {created} would be new, {updated} "
                         "updated, {unchanged} unchanged.", report.rows, created=report.created,
                         updated=report.updated, unchanged=report.unchanged))


async def write_sheet(uow: UnitOfWork, made: NamedSheet, out: Path | None) -> Path:
    """Write a report where ``--out`` says, else under its usual name in the current directory; audited."""
    out = out or Path(made.filename)
    await save_report(uow, made.sheet, out, made.report)
    return out


def rows_written(_: Translator, made: NamedSheet, out: Path) -> str:
    return _.ngettext("{count} row written to {file}.", "{count} rows written to {file}.", len(made.rows),
                      file=str(out))


def report_action(parser: argparse.ArgumentParser, _: Translator, make: SheetMaker,
                  written: Written = rows_written) -> None:
    """Finish an ``asnbot report X`` parser: ``--out``, and the action that writes the sheet ``make`` builds
    (audited, :func:`write_sheet`) and says how many rows went where (``written``)."""
    parser.add_argument("--out", type=Path, metavar="FILE", help=_("output file, .xlsx or .csv"))

    async def report(uow: UnitOfWork, settings: Settings, args: argparse.Namespace, _: Translator) -> int:
        made = await make(uow, settings, args, _)
        print(written(_, made, await write_sheet(uow, made, args.out)))
        return 0

    parser.set_defaults(action=with_db(report))


def add_import_options(parser: argparse.ArgumentParser, _: Translator) -> None:
    parser.add_argument("file", type=Path)
    parser.add_argument("--dry-run", action="store_true", help=_("validate only, write nothing"))
    parser.add_argument("--skip-invalid", action="store_true", help=_("write the good rows even if some are bad"))
