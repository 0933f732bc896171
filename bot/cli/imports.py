"""``asnbot import KIND FILE`` for every kind in :data:`storage.services.import_kinds.IMPORT_KINDS`: the same
import code HR reaches by sending the file on Telegram, and ``asnbot template KIND`` for its blank template."""

from __future__ import annotations

import argparse
import functools
from pathlib import Path

from bot.cli.runtime import CommandGroups, add_import_options, run_import, with_db
from bot.config import Settings
from bot.i18n import Translator
from bot.spreadsheet_words import guide_wording
from storage.services.import_kinds import IMPORT_KINDS, ImportKind, import_kind
from storage.services.import_templates import template_kinds, template_xlsx
from storage.uow import UnitOfWork


def register(groups: CommandGroups, _: Translator) -> None:
    for kind in IMPORT_KINDS:
        parser = groups.imports.add_parser(kind.key, help=_("{kind}: {columns}", kind=_(kind.label),
                                                             columns=",".join(kind.columns)))
        add_import_options(parser, _)
        parser.set_defaults(action=with_db(functools.partial(_import, kind)))
    template = groups.commands.add_parser("template", help=_("a spreadsheet template for one import"))
    template.add_argument("kind", choices=[kind.key for kind in template_kinds()])
    template.add_argument("--out", type=Path, metavar="FILE", help=_("output file (.xlsx)"))
    template.set_defaults(action=with_db(_template))


async def _import(kind: ImportKind, uow: UnitOfWork, settings: Settings, args: argparse.Namespace,
                  _: Translator) -> int:
    return await run_import(kind, uow, args, _, settings)


async def _template(uow: UnitOfWork, settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    kind = import_kind(args.kind)
    out = args.out or Path(f"templat-{kind.key}.xlsx")
    out.write_bytes(await template_xlsx(uow, kind, _, guide_wording(_)))
    print(_("Template written to {file}.", file=str(out)))
    return 0
