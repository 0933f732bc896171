"""Who may see an appraisal result and who may decide an objection: one place, used by every screen.

An appraisal is personal: the employee sees it, and so do the people whose job involves it (the rater,
the rater's superior, the addressee of an objection against it) and HR. Anyone else gets the same
answer whether or not the result exists, so guessed ids reveal nothing. Every view by someone other
than the employee is written to the audit log.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from storage.models import Appraisal, Employee, Objection, Role
from storage.problems import N_, Problem
from storage.uow import UnitOfWork

NOT_AVAILABLE = N_("This appraisal result is not available to you.")


class Relation(StrEnum):
    """Why a viewer may see an appraisal, strongest reason first."""

    SELF = "self"
    RATER = "rater"
    RATER_SUPERIOR = "rater_superior"
    OBJECTION_ADDRESSEE = "objection_addressee"
    HR = "hr"


async def authorize_appraisal_views(uow: UnitOfWork, viewer: Employee, appraisals: Sequence[Appraisal], *,
                                    actor: str) -> dict[int, Relation]:
    """Each appraisal's relation to ``viewer``, or Problem if any is not theirs to see.

    Audits each view by someone other than the employee; the caller commits.
    """
    relations = {}
    for appraisal in appraisals:
        relation = await _relation(uow, viewer, appraisal)
        if relation is None:
            raise Problem(NOT_AVAILABLE)
        relations[appraisal.id] = relation
    for appraisal in appraisals:
        if relations[appraisal.id] != Relation.SELF:
            uow.audit.record(actor, "appraisal.viewed", appraisal.employee.nip, appraisal_id=appraisal.id,
                             period=appraisal.period, version=appraisal.version,
                             relation=relations[appraisal.id].value)
    return relations


async def visible_appraisal(uow: UnitOfWork, viewer: Employee, appraisal_id: int, *,
                            actor: str) -> tuple[Appraisal, Relation]:
    appraisal = await uow.appraisals.get(appraisal_id)
    if appraisal is None:
        raise Problem(NOT_AVAILABLE)
    relations = await authorize_appraisal_views(uow, viewer, [appraisal], actor=actor)
    return appraisal, relations[appraisal.id]


async def _relation(uow: UnitOfWork, viewer: Employee, appraisal: Appraisal) -> Relation | None:
    if appraisal.employee_id == viewer.id:
        return Relation.SELF
    if appraisal.rater_id == viewer.id:
        return Relation.RATER
    if appraisal.rater is not None and appraisal.rater.superior_id == viewer.id:
        return Relation.RATER_SUPERIOR
    objections = await uow.objections.of_period(appraisal.employee_id, appraisal.period)
    if any(objection.addressee_id == viewer.id for objection in objections):
        return Relation.OBJECTION_ADDRESSEE
    if viewer.has_role(Role.HR):
        return Relation.HR
    return None


def may_decide(viewer: Employee, objection: Objection) -> bool:
    """The addressee (the rater's superior) decides; HR may decide any; nobody decides their own."""
    if objection.employee_id == viewer.id:
        return False
    return objection.addressee_id == viewer.id or viewer.has_role(Role.HR)


async def decidable_objections(uow: UnitOfWork, viewer: Employee) -> list[Objection]:
    """Undecided objections ``viewer`` may decide, newest first: their inbox."""
    return await uow.objections.decidable_by(viewer.id, everyone=viewer.has_role(Role.HR))
