"""``asnbot import history``: past golongan and post SKs for the career timeline."""

from __future__ import annotations

import argparse

from bot.cli.runtime import CommandGroups, add_import_options, run_import, with_db
from bot.config import Settings
from bot.i18n import Translator
from storage.services.history_import import import_history
from storage.uow import UnitOfWork


def register(groups: CommandGroups, _: Translator) -> None:
    history = groups.imports.add_parser("history", help=_(
        "past SKs for the career history: nip,tmt and golongan,mkg_tahun,mkg_bulan and/or jabatan,unit_kerja; "
        "nomor_sk,tanggal_sk"))
    add_import_options(history, _)
    history.set_defaults(action=with_db(_import_history))


async def _import_history(uow: UnitOfWork, settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    return await run_import(import_history, uow, args, _)
