"""Running the bot (Telegram or the local console) and migrating its database."""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot.cli.runtime import CommandGroups, open_database, with_db
from bot.config import Settings
from bot.i18n import Translator
from storage.db import create_engine
from storage.migrate import autogenerate_revision
from storage.uow import UnitOfWork


def register(groups: CommandGroups, _: Translator) -> None:
    run = groups.commands.add_parser("run", help=_(
        "serve Telegram (long polling, or a webhook); applies migrations first; a second instance on the same "
        "database waits as standby"))
    run.add_argument("--webhook", metavar="URL", help=_(
        "receive updates at this public HTTPS URL instead of polling (behind a proxy forwarding to --listen)"))
    run.add_argument("--listen", metavar="HOST:PORT", type=_host_port, help=_(
        "where the webhook and /healthz listen (default with --webhook: 127.0.0.1:8080)"))
    run.set_defaults(action=run_bot, webhook=None, listen=None)

    console = groups.commands.add_parser("console", help=_("try the bot in this terminal, without Telegram"))
    console.add_argument("--as", dest="as_nip", metavar="NIP", help=_("chat as this employee (linked directly)"))
    console.set_defaults(action=_console)

    db = groups.commands.add_parser("db", help=_("database schema")).add_subparsers(dest="db_command",
                                                                                   required=True)
    db.add_parser("upgrade", help=_("apply all migrations")).set_defaults(action=with_db(_db_upgrade))
    revision = db.add_parser("revision", help=_("write a migration from model changes (developers)"))
    revision.add_argument("message")
    revision.set_defaults(action=_db_revision)


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


def run_bot(settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    from bot.runner import Serving, serve  # PTB is only imported for the commands that need it

    settings.require_token()
    listen = args.listen or (("127.0.0.1", 8080) if args.webhook else None)

    async def run() -> int:
        async with open_database(settings):
            pass
        return await serve(settings, Serving(args.webhook, *(listen or ("127.0.0.1", None))))

    return asyncio.run(run())


def _host_port(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise argparse.ArgumentTypeError(f"expected HOST:PORT, e.g. 127.0.0.1:8080 (got {text!r})")
    return host or "127.0.0.1", int(port)


def _console(settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    from bot.console import run_console

    return asyncio.run(run_console(settings, _, as_nip=args.as_nip))


def run_or_console(settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    if settings.telegram_bot_token:
        return run_bot(settings, argparse.Namespace(webhook=None, listen=None), _)
    print(_("TELEGRAM_BOT_TOKEN is not set: opening the local console instead."), file=sys.stderr)
    return _console(settings, argparse.Namespace(as_nip=None), _)
