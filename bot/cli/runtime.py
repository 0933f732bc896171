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
from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade
from storage.services.exports import export
from storage.services.imports import ImportReport
from storage.spreadsheet import Sheet
from storage.uow import UnitOfWork

Action = Callable[[Settings, argparse.Namespace, Translator], int]
DbCommand = Callable[[UnitOfWork, Settings, argparse.Namespace, Translator], Awaitable[int]]


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


async def run_import(importer: Callable[..., Awaitable[ImportReport]], uow: UnitOfWork, args: argparse.Namespace,
                     _: Translator, **options: object) -> int:
    """Run one of the spreadsheet imports with the shared options (:func:`add_import_options`), a progress bar
    and the report; the exit code says whether rows were refused."""
    with _progress_bar(_) as bar:
        report = await importer(uow, args.file, actor=actor(), dry_run=args.dry_run, skip_invalid=args.skip_invalid,
                                progress=lambda done: bar.update(done - bar.n), **options)
    _print_import_report(report, _)
    return 1 if report.errors and not (args.skip_invalid or args.dry_run) else 0


def _progress_bar(_: Translator) -> tqdm:
    """A progress bar on stderr for long imports; silent when not on a terminal."""
    return tqdm(unit=_("rows"), desc=_("Importing"), disable=None, file=sys.stderr)


def _print_import_report(report: ImportReport, _: Translator) -> None:
    for error in report.errors:
        print(_("Row {row}, column {column}: {reason}", row=error.row, column=error.column,
                reason=_.problem(error.problem)), file=sys.stderr)
    for warning in report.warnings:
        print(_("Row {row}, column {column}: warning: {reason}", row=warning.row, column=warning.column,
                reason=_.problem(warning.problem)), file=sys.stderr)
    bad_rows = len({error.row for error in report.errors})
    if report.written:
        print(_("{rows} rows read: {created} new, {updated} updated, {unchanged} unchanged, {bad} skipped.",
                rows=report.rows, created=report.created, updated=report.updated, unchanged=report.unchanged,
                bad=bad_rows))
    elif report.errors:
        print(_("{rows} rows read, {bad} with errors. Nothing was written: fix the rows above and import again, "
                "or use --skip-invalid.", rows=report.rows, bad=bad_rows))
    else:
        print(_("{rows} rows read, all valid (dry run: nothing written).", rows=report.rows))


def add_import_options(parser: argparse.ArgumentParser, _: Translator) -> None:
    parser.add_argument("file", type=Path)
    parser.add_argument("--dry-run", action="store_true", help=_("validate only, write nothing"))
    parser.add_argument("--skip-invalid", action="store_true", help=_("write the good rows even if some are bad"))
