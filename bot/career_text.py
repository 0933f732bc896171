"""The words of "🧭 Karier Saya" in the reader's language: the career screen, its checklists and the history.

Kept apart from the handler so the screen and anything else that shows a career (HR's planning report)
say "3 tahun 2 bulan" and "⏳ Predikat 2026 …" the same way.
"""

from __future__ import annotations

from html import escape

from bot.appraisal_labels import period_label, predikat_label
from bot.i18n import Translator
from storage.career_terms import POST_KIND_LABELS
from storage.models import EmployeeKind
from storage.ranks import pns_rank_name
from storage.ratings import Predikat
from storage.rendered import years as in_years
from storage.services.career import (
    CareerOutlook,
    Check,
    Contract,
    Pension,
    PostTenure,
    Promotion,
    Requirement,
    TenureState,
)
from storage.services.career_dates import Span
from storage.services.career_history import Timeline
from storage.services.my_career import MyCareer

ICONS = {Check.MET: "✅", Check.NOT_YET: "⏳", Check.MISSING: "❓", Check.NOT_MET: "⛔"}


def span_text(_: Translator, span: Span) -> str:
    """``3 tahun 2 bulan`` / ``3 years 2 months`` / ``1 year``: plural forms from the catalog."""
    parts = []
    if span.years or not span.remaining_months:
        parts.append(_.ngettext("{count} year", "{count} years", span.years))
    if span.remaining_months:
        parts.append(_.ngettext("{count} month", "{count} months", span.remaining_months))
    return " ".join(parts)


def grade_text(grade: str | None, kind: str) -> str:
    """``Penata Muda Tingkat I (III/b)`` for PNS; the bare golongan (``IX``) for PPPK; ``—`` if unknown."""
    if not grade:
        return "—"
    name = pns_rank_name(grade) if kind == EmployeeKind.PNS else None
    return f"{name} ({grade})" if name else grade


def requirement_line(_: Translator, requirement: Requirement) -> str:
    params = {name: predikat_label(_, value) if isinstance(value, Predikat) else value
              for name, value in requirement.params.items()}
    return f"{ICONS[requirement.check]} {_.html(requirement.message, **params)}"


def career_text(_: Translator, name: str, mine: MyCareer) -> str:
    outlook = mine.outlook
    lines = [_("🧭 <b>My career</b> · {name}", name=escape(name)), ""]
    lines += _standing_lines(_, outlook)
    lines += _post_lines(_, outlook.post)
    lines.append(_("JP this year: <b>{total}/{goal} JP</b>", total=mine.jp.total, goal=mine.jp.goal))
    lines.append(_results_line(_, mine))
    lines += ["", _("<b>Next</b>")]
    sections = [section for section in (
        _promotion_lines(_, outlook.promotion), _pay_rise_lines(_, outlook), _contract_lines(_, outlook.contract),
        _pension_lines(_, outlook.pension)) if section]
    for number, section in enumerate(sections):
        lines += ([""] if number else []) + section
    if not sections:
        lines.append(_("Nothing is due in the coming years."))
    return "\n".join(lines)


def _standing_lines(_: Translator, outlook: CareerOutlook) -> list[str]:
    since = _(" since {date}", date=outlook.rank_since) if outlook.rank_since else ""
    lines = [_("Pangkat/golongan: <b>{grade}</b>{since}", grade=escape(grade_text(outlook.grade, outlook.kind)),
               since=since)]
    unknown = _("not recorded")
    lines.append(_("Service in this golongan (MKG): {span}",
                   span=span_text(_, outlook.rank_service) if outlook.rank_service else unknown))
    lines.append(_("Overall service (MKS): {span}",
                   span=span_text(_, outlook.overall_service) if outlook.overall_service else unknown))
    return lines


def _post_lines(_: Translator, post: PostTenure) -> list[str]:
    where = ", ".join(escape(part) for part in (post.position, post.unit) if part) or _("not recorded")
    lines = [_("Post: <b>{where}</b>", where=where)]
    if post.state == TenureState.UNKNOWN:
        lines.append(_("❓ Time in post: the TMT jabatan is not recorded."))
        return lines
    length = span_text(_, post.length)
    if post.state == TenureState.EARLY:
        lines.append(_("Since {since}: {length} (a rotation usually comes after {minimum} to {maximum}).",
                       since=post.since, length=length, minimum=post.minimum_years,
                       maximum=in_years(post.maximum_years)))
    elif post.state == TenureState.WITHIN:
        lines.append(_("Since {since}: {length}, within the usual {minimum} to {maximum} (the maximum on {date}).",
                       since=post.since, length=length, minimum=post.minimum_years,
                       maximum=in_years(post.maximum_years), date=post.maximum_on))
    else:
        lines.append(_("⚠️ Since {since}: {length}, beyond the usual maximum of {maximum} (reached on {date}); a "
                       "rotation is due.", since=post.since, length=length, maximum=in_years(post.maximum_years),
                       date=post.maximum_on))
    return lines


def _results_line(_: Translator, mine: MyCareer) -> str:
    if not mine.recent:
        return _("Latest predikat: none recorded yet")
    results = " · ".join(f"{period_label(_, appraisal.period)}: {predikat_label(_, appraisal.predikat)}"
                         for appraisal in mine.recent)
    return _("Latest predikat: {results}", results=results)


def _promotion_lines(_: Translator, promotion: Promotion | None) -> list[str]:
    if promotion is None:
        return []
    if promotion.grade and promotion.next_grade is None and not promotion.requirements:
        return [_("📈 <b>Kenaikan pangkat</b>: you hold the highest golongan (IV/e).")]
    if promotion.ceiling_reached:
        lines = [_("📈 <b>Kenaikan pangkat</b>: the ceiling for your education is reached: with {education} a "
                   "regular KP goes up to {ceiling}.", education=promotion.education.value,
                   ceiling=promotion.ceiling)]
        if promotion.lifting_education:
            lines.append(_("What would lift it: an ijazah {education} or higher, for {grade} and beyond, recognised "
                           "through a penyesuaian ijazah by Kepegawaian.",
                           education=promotion.lifting_education.value, grade=promotion.next_grade))
        return lines
    if promotion.period is None:
        heading = _("📈 <b>Kenaikan pangkat</b> to {grade}: the period cannot be worked out yet.",
                    grade=promotion.next_grade or "—")
    else:
        heading = _("📈 <b>Kenaikan pangkat</b> to {grade}: period <b>{period}</b>; usulan from {opens} to "
                    "{closes}.", grade=escape(grade_text(promotion.next_grade, EmployeeKind.PNS)),
                    period=promotion.period, opens=promotion.window_opens, closes=promotion.window_closes)
    lines = [heading]
    if promotion.postponed_by:
        year, predikat = promotion.postponed_by
        lines.append(_("Earlier periods are ruled out by the predikat {predikat} for {year}.",
                       predikat=predikat_label(_, predikat), year=str(year)))
    return lines + [requirement_line(_, requirement) for requirement in promotion.requirements]


def _pay_rise_lines(_: Translator, outlook: CareerOutlook) -> list[str]:
    pay_rise = outlook.pay_rise
    if pay_rise is None:
        return []
    if pay_rise.tmt is None:
        return [_("💰 <b>KGB</b>: the next date cannot be worked out yet.")] + [
            requirement_line(_, requirement) for requirement in pay_rise.requirements]
    heading = _("💰 <b>KGB</b> (periodic pay rise): TMT <b>{tmt}</b>; notice due on {notice}.", tmt=pay_rise.tmt,
                notice=pay_rise.notice_on)
    if pay_rise.service_years is not None:
        heading += " " + _("MKG then: {span}.", span=span_text(_, Span(pay_rise.service_years * 12)))
    return [heading] + [requirement_line(_, requirement) for requirement in pay_rise.requirements]


def _contract_lines(_: Translator, contract: Contract | None) -> list[str]:
    if contract is None:
        return []
    if contract.ends_on is None:
        return [_("📄 <b>PPPK contract</b>:")] + [requirement_line(_, r) for r in contract.requirements]
    return [_("📄 <b>PPPK contract</b> ends on <b>{ends}</b>; the extension proposal is due by {due}.",
              ends=contract.ends_on, due=contract.proposal_due)] + [
        requirement_line(_, requirement) for requirement in contract.requirements]


def _pension_lines(_: Translator, pension: Pension) -> list[str]:
    if not pension.shown:
        return []
    if pension.tmt is None:
        return [_("🏁 <b>Pension (BUP)</b>:")] + [requirement_line(_, r) for r in pension.requirements]
    return [_("🏁 <b>Pension</b> at {age} (BUP for {kind}): TMT <b>{tmt}</b>; Kepegawaian starts the file from "
              "{notice}.", age=pension.age, kind=_(POST_KIND_LABELS[pension.post_kind]), tmt=pension.tmt,
              notice=pension.notice_on)]


def history_text(_: Translator, timeline: Timeline) -> str:
    unknown = _("TMT not recorded")
    lines = [_("📜 <b>Career history</b>"), "", _("<b>Golongan</b>")]
    for entry in reversed(timeline.grades):
        details = [_("TMT {date}", date=entry.effective_date) if entry.effective_date else unknown]
        if entry.sk_number:
            details.append(_("SK {number}", number=escape(entry.sk_number)))
        if entry.service_years is not None:
            details.append(_("MKG {span}", span=span_text(_, Span(entry.service_years * 12
                                                                    + (entry.service_months or 0)))))
        lines.append(f"• <b>{escape(entry.grade)}</b> · " + " · ".join(details))
    if not timeline.grades:
        lines.append(_("none recorded yet"))
    lines += ["", _("<b>Posts</b>")]
    for entry in reversed(timeline.posts):
        where = ", ".join(escape(part) for part in (entry.position, entry.unit) if part)
        details = [_("TMT {date}", date=entry.effective_date) if entry.effective_date else unknown]
        if entry.sk_number:
            details.append(_("SK {number}", number=escape(entry.sk_number)))
        lines.append(f"• <b>{where}</b> · " + " · ".join(details))
    if not timeline.posts:
        lines.append(_("none recorded yet"))
    lines += ["", _("Something wrong or missing? Tell Kepegawaian; they can add past SKs.")]
    return "\n".join(lines)

