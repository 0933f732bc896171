"""``asnbot template KIND --out FILE``: the blank spreadsheet HR fills in for one import."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.cli.runtime import CommandGroups, with_db
from bot.config import Settings
from bot.i18n import Translator
from bot.spreadsheet_words import guide_wording
from storage.services.import_kinds import import_kind
from storage.services.import_templates import template_kinds, template_xlsx
from storage.uow import UnitOfWork


def register(groups: CommandGroups, _: Translator) -> None:
    template = groups.commands.add_parser("template", help=_("a spreadsheet template for one import"))
    template.add_argument("kind", choices=[kind.key for kind in template_kinds()])
    template.add_argument("--out", type=Path, metavar="FILE", help=_("output file (.xlsx)"))
    template.set_defaults(action=with_db(_template))


async def _template(uow: UnitOfWork, settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    kind = import_kind(args.kind)
    out = args.out or Path(f"templat-{kind.key}.xlsx")
    out.write_bytes(await template_xlsx(uow, kind, _, guide_wording(_)))
    print(_("Template written to {file}.", file=str(out)))
    return 0
