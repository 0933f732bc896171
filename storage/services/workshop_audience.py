"""Who a workshop is meant for: optional units, PNS or PPPK, and a golongan range."""

from __future__ import annotations

from storage.models import Employee, Workshop
from storage.problems import N_, Problem
from storage.ranks import PNS_RANKS, PPPK_GRADES

_PNS_ORDER = list(PNS_RANKS)


def grade_scale(grade: str | None) -> tuple[str, int] | None:
    """``("PNS", 8)`` for III/a, ``("PPPK", 8)`` for IX: the scale a golongan belongs to and its rank."""
    if grade in PNS_RANKS:
        return "PNS", _PNS_ORDER.index(grade)
    if grade in PPPK_GRADES:
        return "PPPK", PPPK_GRADES.index(grade)
    return None


def admits(workshop: Workshop, employee: Employee) -> bool:
    if workshop.audience_units and employee.unit not in workshop.audience_units:
        return False
    if workshop.audience_kind and employee.kind != workshop.audience_kind:
        return False
    if workshop.audience_grade_min:
        low, high = grade_scale(workshop.audience_grade_min), grade_scale(workshop.audience_grade_max)
        grade = grade_scale(employee.grade)
        if grade is None or grade[0] != low[0] or not low[1] <= grade[1] <= high[1]:
            return False
    return True


def audience_text(workshop: Workshop) -> str:
    """The restriction as data, e.g. ``Seksi Pemerintahan; PNS; golongan III/a–IV/e``."""
    parts = [", ".join(workshop.audience_units or [])]
    parts.append(workshop.audience_kind or "")
    if workshop.audience_grade_min:
        low, high = workshop.audience_grade_min, workshop.audience_grade_max
        parts.append(f"golongan {low}" if low == high else f"golongan {low}–{high}")
    return "; ".join(part for part in parts if part)


def require_admitted(workshop: Workshop, employee: Employee) -> None:
    if not admits(workshop, employee):
        raise Problem(N_("This workshop is only open to: {audience}."), audience=audience_text(workshop))
