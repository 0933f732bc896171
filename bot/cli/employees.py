"""HR commands about people: issue activation codes, grant the HR role (the import is in :mod:`bot.cli.imports`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.cli.runtime import (
    CommandGroups,
    actor,
    save_report,
    with_db,
)
from bot.config import Settings
from bot.i18n import Translator
from storage.models import Role
from storage.problems import N_, Problem
from storage.rendered import days
from storage.services.codes import issue_codes
from storage.services.employees import require_employees
from storage.services.roles import grant_role, revoke_role
from storage.spreadsheet import Sheet
from storage.uow import UnitOfWork


def register(groups: CommandGroups, _: Translator) -> None:
    codes = groups.commands.add_parser("codes", help=_("activation codes")).add_subparsers(
        dest="codes_command", required=True)
    issue = codes.add_parser("issue", help=_("issue one-time activation codes (replaces unused ones)"))
    issue.add_argument("nips", nargs="*", metavar="NIP")
    issue.add_argument("--all-unlinked", action="store_true", help=_("every active employee not yet linked"))
    issue.add_argument("--out", type=Path, metavar="FILE", help=_("also write the codes to a file, .csv or .xlsx"))
    issue.set_defaults(action=with_db(_issue_codes))

    hr = groups.commands.add_parser("hr", help=_("HR role")).add_subparsers(dest="hr_command", required=True)
    for name, role_action in (("grant", _grant_hr), ("revoke", _revoke_hr)):
        sub = hr.add_parser(name, help=_("grant the HR role") if name == "grant" else _("revoke the HR role"))
        sub.add_argument("nip")
        sub.set_defaults(action=with_db(role_action))


async def _issue_codes(uow: UnitOfWork, settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    if bool(args.nips) == args.all_unlinked:
        raise Problem(N_("Give one or more NIPs, or --all-unlinked."))
    employees = await uow.employees.unlinked_active() if args.all_unlinked else await require_employees(
        uow, args.nips)
    issued = await issue_codes(uow, employees, ttl=settings.activation_code_ttl, actor=actor())
    await uow.commit()
    for item in issued:
        print(f"{item.nip}\t{item.code}")
    if args.out:
        sheet = Sheet(["nip", "nama", "kode_aktivasi"], [(item.nip, item.name, item.code) for item in issued],
                      _("Activation codes"))
        await save_report(uow, sheet, args.out, "activation_codes")
    print(_.ngettext("{count} activation code issued, valid for {days}.",
                     "{count} activation codes issued, valid for {days}.", len(issued),
                     days=days(settings.activation_code_ttl.days)), file=sys.stderr)
    return 0


async def _grant_hr(uow: UnitOfWork, settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    employee = await grant_role(uow, args.nip, Role.HR, actor())
    print(_("{name} now has the HR role.", name=employee.name))
    return 0


async def _revoke_hr(uow: UnitOfWork, settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    employee = await revoke_role(uow, args.nip, Role.HR, actor())
    print(_("{name} no longer has the HR role.", name=employee.name))
    return 0
