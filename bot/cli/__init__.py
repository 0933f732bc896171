"""``asnbot``: run the bot, migrate, import HR spreadsheets, issue activation codes, manage roles.

Without a sub-command it serves Telegram when ``TELEGRAM_BOT_TOKEN`` is set and opens the local
console otherwise, so one command works on a fresh machine. Each feature adds its sub-commands in
its own module here.
"""

from __future__ import annotations

import argparse
import logging
import sys

from bot.cli import appraisals, audit, broadcasts, career, employees, reminders, rotations, serve, workshops
from bot.cli.runtime import CommandGroups
from bot.config import ConfigError, load_settings
from bot.i18n import I18n, Translator
from storage.problems import Problem
from storage.redaction import install_log_redaction, protect

log = logging.getLogger("asnbot")

FEATURES = (serve, employees, career, appraisals, workshops, broadcasts, rotations, reminders, audit)


def main(argv: list[str] | None = None) -> int:
    try:
        settings = load_settings()
    except ConfigError as error:
        print(f"asnbot: {error}", file=sys.stderr)
        return 2
    protect(settings.secrets)
    install_log_redaction()
    _ = I18n(settings.timezone, settings.default_locale).translator(settings.default_locale)
    args = _parser(_).parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.command in (None, "run") else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # not a line per job run (the outbox runs each second)
    try:
        return args.action(settings, args, _)
    except ConfigError as error:
        print(f"asnbot: {error}", file=sys.stderr)
        return 2
    except Problem as problem:
        print(f"asnbot: {_.problem(problem)}", file=sys.stderr)
        return 1
    except Exception:  # logged, not left to Python, so that the traceback is scrubbed of secrets too
        log.critical("asnbot stopped by an unexpected error", exc_info=True)
        return 1


def _parser(_: Translator) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="asnbot", description=_("ASN Karier Plaju Telegram bot."))
    parser.set_defaults(action=serve.run_or_console, command=None)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    groups = CommandGroups(
        commands=commands,
        imports=commands.add_parser("import", help=_("import a CSV or XLSX file")).add_subparsers(
            dest="import_command", required=True),
        reports=commands.add_parser("report", help=_("reports for HR (XLSX or CSV)")).add_subparsers(
            dest="report_command", required=True),
    )
    for feature in FEATURES:
        feature.register(groups, _)
    return parser
