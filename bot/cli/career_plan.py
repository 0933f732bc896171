"""``asnbot report career``: Kepegawaian's career plan as XLSX, the same lists as "📈 Perencanaan Karier"."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.career_plan import plan_sheets
from bot.cli.runtime import CommandGroups, actor, with_db
from bot.config import Settings
from bot.i18n import Translator
from bot.policies import policies
from storage.rendered import months as in_months
from storage.services.career_planning import DEFAULT_MONTHS, MAX_MONTHS, career_plan
from storage.services.exports import export
from storage.uow import UnitOfWork


def register(groups: CommandGroups, _: Translator) -> None:
    career = groups.reports.add_parser("career", help=_(
        "career planning: KP in the next periods, KGB, pension, PPPK contracts, time in post, JP, aspirations"))
    career.add_argument("--months", type=int, default=DEFAULT_MONTHS, metavar="N", help=_(
        "how far ahead: N KP periods and N months (1 to {maximum}; default {default})", maximum=MAX_MONTHS,
        default=DEFAULT_MONTHS))
    career.add_argument("--out", type=Path, metavar="FILE.xlsx", help=_("output file (XLSX: a sheet per list)"))
    career.set_defaults(action=with_db(_report_career))


async def _report_career(uow: UnitOfWork, settings: Settings, args: argparse.Namespace, _: Translator) -> int:
    today = uow.clock().astimezone(settings.timezone).date()
    rules = policies(settings)
    plan = await career_plan(uow, today, args.months, rules.career, rules.training, actor=actor())
    out = args.out or Path(f"perencanaan-karier-{today.isoformat()}.xlsx")
    out.write_bytes(await export(uow, plan_sheets(_, plan), actor=actor(), report="career"))  # one sheet per list
    print(_("Career planning for the next {months} written to {file}.", months=in_months(plan.months), file=str(out)))
    return 0
