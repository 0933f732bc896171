"""Kepegawaian's career plan as people read it: a Telegram summary and an XLSX with one sheet per list.

Both come from one :class:`~storage.services.career_planning.CareerPlan`, so the screen and the file never
disagree; the file has everyone, the screen the first few of each list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape, unescape

from bot.appraisal_labels import predikat_label, rating_label
from bot.career_text import requirement_line
from bot.i18n import Translator
from bot.talent_chart import POTENTIAL_LABELS
from storage.career_terms import POST_KIND_LABELS
from storage.models import AspirationKind, Employee
from storage.problems import N_
from storage.rendered import months as in_months
from storage.services.career import Check, Requirement
from storage.services.career_planning import CareerPlan, Due
from storage.services.talent import Potential, TalentBox
from storage.spreadsheet import Sheet

SHOWN_PER_LIST = 5
KIND_LABELS = {AspirationKind.UNIT: N_("Unit"), AspirationKind.POST: N_("Kind of post"),
               AspirationKind.TOPIC: N_("Training topic")}


def requirement_text(_: Translator, requirement: Requirement) -> str:
    """One checklist line as the employee's screen shows it, as plain text for a cell."""
    return unescape(requirement_line(_, requirement))


def aspiration_value(_: Translator, kind: AspirationKind, value: str) -> str:
    """A listed kind of post is stored by its code; show its label."""
    if kind == AspirationKind.POST:
        label = next((label for post_kind, label in POST_KIND_LABELS.items() if post_kind.value == value), None)
        if label is not None:
            return _(label)
    return value


def _unmet(_: Translator, requirements: Sequence[Requirement]) -> str:
    return "; ".join(requirement_text(_, requirement) for requirement in requirements
                     if requirement.check != Check.MET)


def _person(employee: Employee) -> list[object]:
    return [employee.nip, employee.name, employee.unit or ""]


def plan_sheets(_: Translator, plan: CareerPlan) -> list[Sheet]:
    """One sheet per list, as (title, headers, rows) here for reading's sake."""
    person = [_("NIP"), _("Name"), _("Unit")]
    lists = [
        (_("KP"), [*person, _("Golongan"), _("To"), _("Period (TMT)"), _("Usulan from"), _("Usulan until"),
                   _("Not yet met")],
         [[*_person(due.employee), due.outlook.promotion.grade, due.outlook.promotion.next_grade,
           due.outlook.promotion.period, due.outlook.promotion.window_opens, due.outlook.promotion.window_closes,
           _unmet(_, due.outlook.promotion.requirements)] for due in plan.promotions]),
        (_("KGB"), [*person, _("Golongan"), _("KGB TMT"), _("Notice due"), _("MKG (years)"), _("Not yet met")],
         [[*_person(due.employee), due.outlook.grade, due.outlook.pay_rise.tmt, due.outlook.pay_rise.notice_on,
           due.outlook.pay_rise.service_years, _unmet(_, due.outlook.pay_rise.requirements)]
          for due in plan.pay_rises]),
        (_("Pension"), [*person, _("BUP (age)"), _("Pension TMT"), _("File from")],
         [[*_person(due.employee), due.outlook.pension.age, due.outlook.pension.tmt, due.outlook.pension.notice_on]
          for due in plan.pensions]),
        (_("PPPK contracts"), [*person, _("Contract ends"), _("Extension proposal due"), _("Not yet met")],
         [[*_person(due.employee), due.outlook.contract.ends_on, due.outlook.contract.proposal_due,
           _unmet(_, due.outlook.contract.requirements)] for due in plan.contracts]),
        (_("Time in post"), [*person, _("Post"), _("In the post since"), _("Maximum reached on")],
         [[*_person(due.employee), due.outlook.post.position or "", due.outlook.post.since,
           due.outlook.post.maximum_on] for due in plan.overdue_posts]),
        (_("JP"), [*person, _("JP this year"), _("Minimum"), _("Shortfall"), _("Registered, not yet attended")],
         [[*_person(row.employee), row.progress.total, row.progress.goal, row.progress.shortfall,
           row.progress.planned] for row in plan.jp_short]),
        (_("Aspirations"), [_("Kind"), _("Wish"), _("Employees"), _("Names")],
         [[_(KIND_LABELS[group.kind]), aspiration_value(_, group.kind, group.value), len(group.employees),
           ", ".join(employee.name for employee in group.employees)] for group in plan.demand]),
    ]
    sheets = [Sheet(headers, rows, title) for title, headers, rows in lists]
    return sheets + ([_talent_sheet(_, plan.talent)] if plan.talent is not None else [])


def _talent_sheet(_: Translator, talent: TalentBox) -> Sheet:
    """Everyone placed, highest box first, then those with a potensial but no annual result."""
    rows = [[placement.box, *_person(placement.employee), predikat_label(_, placement.predikat),
             rating_label(_, placement.performance), _(POTENTIAL_LABELS[placement.potential])]
            for placement in talent.placements]
    rows += [["", *_person(employee), _("no annual result"), "", _(POTENTIAL_LABELS[Potential(employee.potential)])]
             for employee in talent.unplaced]
    return Sheet([_("Box"), _("NIP"), _("Name"), _("Unit"), _("Predikat {year}", year=str(talent.year)),
                  _("Kinerja"), _("Potensial")], rows, _("Talent box"))


def plan_summary(_: Translator, plan: CareerPlan) -> str:
    """The screen: each list's count and its first few names; the XLSX has the rest."""
    lines = [_("📈 <b>Career planning</b> · as of {date}, the next {months}",
               date=plan.on, months=in_months(plan.months))]
    for period in plan.periods:
        due = plan.promotions_in(period)
        if due:
            lines += ["", _("⬆️ <b>KP {period}</b> ({count}); usulan until {closes}", period=period, count=len(due),
                            closes=due[0].outlook.promotion.window_closes)]
            lines += _names(_, due, lambda item: _unmet(_, item.outlook.promotion.requirements) or _("all met"))
    sections: list[tuple[str, list[Due], Callable[[Due], str]]] = [
        (N_("💰 <b>KGB due</b> ({count})"), plan.pay_rises,
         lambda item: _("TMT {date}", date=item.outlook.pay_rise.tmt)),
        (N_("🏁 <b>Pension within a year</b> ({count})"), plan.pensions,
         lambda item: _("TMT {date}", date=item.outlook.pension.tmt)),
        (N_("📄 <b>PPPK contracts ending</b> ({count})"), plan.contracts,
         lambda item: _("ends {date}", date=item.outlook.contract.ends_on)),
        (N_("⏱ <b>At or beyond the maximum time in post</b> ({count})"), plan.overdue_posts,
         lambda item: _("since {date}", date=item.outlook.post.since)),
    ]
    for title, items, detail in sections:
        lines += ["", _(title, count=len(items)), *_names(_, items, detail)]
    lines += ["", _("🎓 <b>PNS short of JP</b> ({count})", count=len(plan.jp_short))]
    lines += [f"• {escape(row.employee.name)}: {row.progress.total}/{row.progress.goal} JP"
              for row in plan.jp_short[:SHOWN_PER_LIST]]
    lines += _more(_, len(plan.jp_short))
    lines += ["", _("🎯 <b>Most asked for</b> ({count})", count=len(plan.demand))]
    lines += [f"• {escape(_(KIND_LABELS[group.kind]))}: {escape(aspiration_value(_, group.kind, group.value))} "
              f"({len(group.employees)})" for group in plan.demand[:SHOWN_PER_LIST]]
    lines += _more(_, len(plan.demand))
    if plan.talent is not None:
        lines += ["", escape(talent_line(_, plan.talent))]
    return "\n".join(lines)


def talent_line(_: Translator, talent: TalentBox) -> str:
    """Plain text: the summary's last line and the caption of the picture."""
    return _("🧩 Talent box {year}: {placed} placed, {pool} in the talent pool (boxes 7–9)", year=str(talent.year),
             placed=len(talent.placements), pool=talent.pool_size)


def _names(_: Translator, items: list[Due], detail: Callable[[Due], str]) -> list[str]:
    return [f"• {escape(item.employee.name)}: {escape(detail(item))}" for item in items[:SHOWN_PER_LIST]] + \
        _more(_, len(items))


def _more(_: Translator, count: int) -> list[str]:
    return [_("… and {count} more in the XLSX", count=count - SHOWN_PER_LIST)] if count > SHOWN_PER_LIST else []
