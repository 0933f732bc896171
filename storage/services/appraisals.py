"""What an employee, their supervisors and HR see of appraisal results, and the objection window."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from storage.models import Appraisal, Employee, Objection, Role
from storage.ratings import Predikat
from storage.services.appraisal_access import (
    Relation,
    authorize_appraisal_views,
    visible_appraisal,
)
from storage.services.paging import Page, page_of
from storage.uow import UnitOfWork

LIST_PAGE_SIZE = 8  # buttons per screen that still fit a phone without scrolling



@dataclass(frozen=True)
class ObjectionPolicy:
    """How long after publication an objection may be filed, counted in calendar days in ``tz``."""

    window_days: int = 14
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Jakarta"))


@dataclass(frozen=True)
class ObjectionWindow:
    deadline: date  # the last day an objection may be filed
    days_left: int  # 0 on the last day, negative once closed

    @property
    def is_open(self) -> bool:
        return self.days_left >= 0


def objection_window(appraisal: Appraisal, policy: ObjectionPolicy, now: datetime) -> ObjectionWindow:
    """The window counts from the first publication; a corrected version keeps that date, so it never reopens."""
    deadline = appraisal.published_on + timedelta(days=policy.window_days)
    return ObjectionWindow(deadline, (deadline - now.astimezone(policy.tz).date()).days)


@dataclass(frozen=True)
class AppraisalCard:
    """One result as a screen shows it, with what the viewer may do about it."""

    appraisal: Appraisal
    relation: Relation
    window: ObjectionWindow
    objections: list[Objection]  # against any version of this period, newest first
    previous_version_id: int | None
    next_version_id: int | None      # the version that replaced this one
    correction: Objection | None    # the accepted objection that produced this version

    @property
    def open_objection(self) -> Objection | None:
        return next((objection for objection in self.objections if objection.is_open), None)

    @property
    def can_object(self) -> bool:
        return (self.relation == Relation.SELF and self.appraisal.is_current and self.window.is_open
                and self.open_objection is None)


@dataclass(frozen=True)
class AppraisalHome:
    """The employee's own latest result and the doors to everything else."""

    latest: AppraisalCard | None
    results: int           # versions in the history, all periods
    leads_team: bool       # rates someone, or is a rater's superior
    inbox: int             # undecided objections this viewer may decide
    own_objections: int


@dataclass(frozen=True)
class TeamOverview:
    counts: dict[Predikat, int]  # of each member's latest result, matrix order, zeros left out
    page: Page[Appraisal]


async def appraisal_home(uow: UnitOfWork, viewer: Employee, policy: ObjectionPolicy) -> AppraisalHome:
    """The same answers as the screens behind its buttons (history, team, inbox, own objections), counted by
    the database in one query: everyone opens this screen in the same minute when results are published."""
    summary = await uow.appraisals.summary(viewer.id, inbox_of_everyone=viewer.has_role(Role.HR))
    latest = summary.latest
    return AppraisalHome(
        latest=await _card(uow, latest, Relation.SELF, policy, any_objections=summary.own_objections > 0)
        if latest else None,
        results=summary.results,
        leads_team=summary.leads_team,
        inbox=summary.undecided,
        own_objections=summary.own_objections,
    )


async def appraisal_card(uow: UnitOfWork, viewer: Employee, appraisal_id: int, policy: ObjectionPolicy, *,
                         actor: str) -> AppraisalCard:
    appraisal, relation = await visible_appraisal(uow, viewer, appraisal_id, actor=actor)
    card = await _card(uow, appraisal, relation, policy)
    await uow.commit()  # the audit entry of someone else's view
    return card


async def appraisal_history(uow: UnitOfWork, viewer: Employee, page: int) -> Page[Appraisal]:
    """The viewer's own results, every version, newest period first."""
    return page_of(await uow.appraisals.history(viewer.id), page, LIST_PAGE_SIZE)


async def team_overview(uow: UnitOfWork, viewer: Employee, page: int, *, actor: str) -> TeamOverview:
    """Latest result of each person the viewer rates or whose rater they supervise; the page shown is audited."""
    team = sorted(await uow.appraisals.team_of(viewer.id),
                  key=lambda appraisal: (appraisal.employee.name, appraisal.employee.nip))
    counts = Counter(Predikat(appraisal.predikat) for appraisal in team)
    shown = page_of(team, page, LIST_PAGE_SIZE)
    await authorize_appraisal_views(uow, viewer, shown.items, actor=actor)
    await uow.commit()
    return TeamOverview({predikat: counts[predikat] for predikat in Predikat if counts[predikat]}, shown)


async def _card(uow: UnitOfWork, appraisal: Appraisal, relation: Relation, policy: ObjectionPolicy, *,
                any_objections: bool = True) -> AppraisalCard:
    previous = following = None
    if appraisal.version > 1:
        previous = await uow.appraisals.version(appraisal.employee_id, appraisal.period, appraisal.version - 1)
    if not appraisal.is_current:
        following = await uow.appraisals.version(appraisal.employee_id, appraisal.period, appraisal.version + 1)
    return AppraisalCard(
        appraisal=appraisal, relation=relation, window=objection_window(appraisal, policy, uow.clock()),
        objections=await uow.objections.of_period(appraisal.employee_id, appraisal.period) if any_objections else [],
        previous_version_id=previous.id if previous else None,
        next_version_id=following.id if following else None,
        correction=await uow.objections.correcting(appraisal.id) if appraisal.version > 1 else None,
    )
