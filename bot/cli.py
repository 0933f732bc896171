"""``asnbot``: run the bot, migrate, import HR spreadsheets, issue activation codes, manage roles.

Without a sub-command it serves Telegram when ``TELEGRAM_BOT_TOKEN`` is set and opens the local
console otherwise, so one command works on a fresh machine.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import getpass
import logging
import sys
from collections.abc import Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from tqdm import tqdm

from bot.config import ConfigError, Settings, load_settings
from bot.context import utc_now
from bot.i18n import I18n, Translator
from storage.db import create_engine, create_session_factory
from storage.migrate import autogenerate_revision, upgrade
from storage.models import Role
from storage.problems import N_, Problem
from storage.services.codes import issue_codes
from storage.services.employee_import import ImportReport, import_employees
from storage.services.employees import require_employees
from storage.services.roles import grant_role, revoke_role
from storage.uow import UnitOfWork


def main(argv: list[str] | None = None) -> int:
    try:
        settings = load_settings()
    except ConfigError as error:
        print(f"asnbot: {error}", file=sys.stderr)
        return 2
    _ = I18n(settings.timezone, settings.default_locale).translator(settings.default_locale)
    args = _parser(_).parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.command in (None, "run") else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        return args.action(settings, args, _)
    except ConfigError as error:
        print(f"asnbot: {error}", file=sys.stderr)
        return 2
    except Problem as problem:
        print(f"asnbot: {_.problem(problem)}", file=sys.stderr)
        return 1


def _parser(_: Translator) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="asnbot", description=_("ASN Karier Plaju Telegram bot."))
    parser.set_defaults(action=_auto, command=None)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = commands.add_parser("run", help=_("serve Telegram (long polling); applies migrations first"))
    run.set_defaults(action=_run)

    console = commands.add_parser("console", help=_("try the bot in this terminal, without Telegram"))
    console.add_argument("--as", dest="as_nip", metavar="NIP", help=_("chat as this employee (linked directly)"))
    console.set_defaults(action=_console)

    db = commands.add_parser("db", help=_("database schema")).add_subparsers(dest="db_command", required=True)
    db.add_parser("upgrade", help=_("apply all migrations")).set_defaults(action=_with_db(_db_upgrade))
    revision = db.add_parser("revision", help=_("write a migration from model changes (developers)"))
    revision.add_argument("message")
    revision.set_defaults(action=_db_revision)

    imports = commands.add_parser("import", help=_("import a CSV or XLSX file")).add_subparsers(
        dest="import_command", required=True)
    employees = imports.add_parser("employees", help=_("employees: nip,nama,jenis,golongan,jabatan,"
                                                        "unit_kerja,atasan_nip,peran"))
    employees.add_argument("file", type=Path)
    employees.add_argument("--dry-run", action="store_true", help=_("validate only, write nothing"))
    employees.add_argument("--skip-invalid", action="store_true", help=_("write the good rows even if some are bad"))
    employees.set_defaults(action=_with_db(_import_employees))

    codes = commands.add_parser("codes", help=_("activation codes")).add_subparsers(dest="codes_command",
                                                                                   required=True)
    issue = codes.add_parser("issue", help=_("issue one-time activation codes (replaces unused ones)"))
    issue.add_argument("nips", nargs="*", metavar="NIP")
    issue.add_argument("--all-unlinked", action="store_true", help=_("every active employee not yet linked"))
    issue.add_argument("--out", type=Path, metavar="FILE.csv", help=_("also write the codes to a CSV file"))
    issue.set_defaults(action=_with_db(_issue_codes))

    hr = commands.add_parser("hr", help=_("HR role")).add_subparsers(dest="hr_command", required=True)
    for name, role_action in (("grant", _grant_hr), ("revoke", _revoke_hr)):
        sub = hr.add_parser(name, help=_("grant the HR role") if name == "grant" else _("revoke the HR role"))
        sub.add_argument("nip")
        sub.set_defaults(action=_with_db(role_action))
    return parser


def _actor() -> str:
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


DbCommand = Callable[[UnitOfWork, Settings, argparse.Namespace, Translator], Awaitable[int]]


def _with_db(command: DbCommand):
    """Run an async command inside one unit of work on an upgraded database."""

    def action(settings: Settings, args: argparse.Namespace, _: Translator) -> int:
        async def run() -> int:
            async with open_database(settings) as engine, UnitOfWork(create_session_factory(engine), utc_now) as uow:
                return await command(uow, settings, args, _)

        return asyncio.run(run())

    return action


async def _db_upgrade(uow: UnitOfWork, settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    print(_("Database is up to date."))
    return 0


def _db_revision(settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    async def run() -> None:
        engine = create_engine(settings.database_url)
        try:
            await autogenerate_revision(engine, args.message)
        finally:
            await engine.dispose()

    asyncio.run(run())
    return 0


async def _import_employees(uow: UnitOfWork, settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    with tqdm(unit=_("rows"), desc=_("Importing"), disable=None, file=sys.stderr) as bar:
        def progress(done: int) -> None:
            bar.update(done - bar.n)

        report = await import_employees(uow, args.file, actor=_actor(), dry_run=args.dry_run,
                                        skip_invalid=args.skip_invalid, progress=progress)
    print_import_report(report, _)
    return 1 if report.errors and not (args.skip_invalid or args.dry_run) else 0


def print_import_report(report: ImportReport, _: Translator) -> None:
    for error in report.errors:
        print(_("Row {row}, column {column}: {reason}", row=error.row, column=error.column,
                reason=_.problem(error.problem)), file=sys.stderr)
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


async def _issue_codes(uow: UnitOfWork, settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    if bool(args.nips) == args.all_unlinked:
        raise Problem(N_("Give one or more NIPs, or --all-unlinked."))
    employees = await uow.employees.unlinked_active() if args.all_unlinked else await require_employees(
        uow, args.nips)
    issued = await issue_codes(uow, employees, ttl=settings.activation_code_ttl, actor=_actor())
    await uow.commit()
    for item in issued:
        print(f"{item.nip}\t{item.code}")
    if args.out:
        with args.out.open("w", newline="", encoding="utf-8-sig") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(["nip", "nama", "kode_aktivasi"])
            writer.writerows((item.nip, item.name, item.code) for item in issued)
    print(_.ngettext("{count} activation code issued, valid for {days} days.",
                     "{count} activation codes issued, valid for {days} days.", len(issued),
                     days=settings.activation_code_ttl.days), file=sys.stderr)
    return 0


async def _grant_hr(uow: UnitOfWork, settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    employee = await grant_role(uow, args.nip, Role.HR, _actor())
    print(_("{name} now has the HR role.", name=employee.name))
    return 0


async def _revoke_hr(uow: UnitOfWork, settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    employee = await revoke_role(uow, args.nip, Role.HR, _actor())
    print(_("{name} no longer has the HR role.", name=employee.name))
    return 0


def _run(settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    from bot.application import build_application  # PTB is only imported for the commands that need it

    settings.require_token()

    async def migrate() -> None:
        async with open_database(settings):
            pass

    asyncio.run(migrate())
    application = build_application(settings, create_engine(settings.database_url))
    application.run_polling(allowed_updates=["message", "edited_message", "callback_query", "channel_post"])
    return 0


def _console(settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    from bot.console import run_console

    return asyncio.run(run_console(settings, _, as_nip=args.as_nip))


def _auto(settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    if settings.telegram_bot_token:
        return _run(settings, args, _)
    print(_("TELEGRAM_BOT_TOKEN is not set: opening the local console instead."), file=sys.stderr)
    return _console(settings, argparse.Namespace(as_nip=None), _)
