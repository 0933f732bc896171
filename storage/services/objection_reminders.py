"""Reminder source for objection decisions: the superior (or Kepegawaian, when it decides) three days before
the decision is due and on the day; Kepegawaian when it is overdue (an escalation)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from storage import routes
from storage.models import Objection, Role
from storage.models.appraisals import OPEN_STATES
from storage.periods import parse_period
from storage.problems import N_, Label
from storage.rendered import DaysLeft, Nip
from storage.services.outbox import OutboxButton
from storage.services.reminder_timing import QuietRules
from storage.services.reminders import Stage
from storage.uow import UnitOfWork

BEFORE_DUE = (3, 0)  # days before the due day
DUE = N_("⏳ Objection no. {number} of {name} (NIP {nip}, period {period}) awaits your decision, due on {due} "
         "({days_left}).")
OVERDUE = N_("⚠️ Objection no. {number} of {name} (NIP {nip}, period {period}), addressed to {addressee}, was due "
             "for a decision on {due} and is still undecided. Please follow it up.")


@dataclass(frozen=True)
class ObjectionDecisionReminders:
    rules: QuietRules

    async def stages(self, uow: UnitOfWork, since: datetime, until: datetime) -> list[Stage]:
        first, last = self.rules.local_day(since), self.rules.local_day(until)
        windows = [(first + timedelta(days=days), last + timedelta(days=days)) for days in BEFORE_DUE]
        windows.append((first - timedelta(days=1), last - timedelta(days=1)))
        objections = await uow.session.scalars(select(Objection).where(
            or_(*(Objection.state == state for state in OPEN_STATES)),
            or_(*(Objection.decision_due_on.between(low, high) for low, high in windows)))
            .options(selectinload(Objection.employee), selectinload(Objection.appraisal),
                     selectinload(Objection.addressee)))
        stages = []
        for objection in objections:
            due = objection.decision_due_on
            for name, stage_at, template, expires, series in (
                    *((f"due-{days}d", self.rules.at(due - timedelta(days=days)), DUE, self._day_after(due), "due")
                      for days in BEFORE_DUE),
                    ("overdue", self.rules.at(due + timedelta(days=1)), OVERDUE, self._day_after(due, 2), None)):
                if since <= stage_at <= until:
                    stages.append(Stage(
                        "objection_decision", f"objection:{objection.id}", name, stage_at, None, template,
                        _params(objection), [[OutboxButton(N_("📄 Open objection"),
                                                           callback_data=routes.OBJECTION.data(objection.id))]],
                        expires_at=expires, series=series))
        return stages

    def _day_after(self, due: date, days: int = 1) -> datetime:
        return self.rules.at(due + timedelta(days=days), time(0))

    async def recipients(self, uow: UnitOfWork, stage: Stage) -> Mapping[int, dict]:
        """The decider before the due day; Kepegawaian once it is overdue (and when it decides itself)."""
        objection = await uow.objections.get(int(stage.event_key.split(":")[1]))
        if objection is None or not objection.is_open:
            return {}
        if stage.stage != "overdue" and objection.addressee is not None:
            return {objection.addressee_id: {}}
        return {officer.id: {} for officer in await uow.employees.with_role(Role.HR)
                if officer.id != objection.employee_id}


def _params(objection: Objection) -> dict:
    return {"number": str(objection.id), "name": objection.employee.name, "nip": Nip(objection.employee.nip),
            "period": parse_period(objection.appraisal.period), "due": objection.decision_due_on,
            "days_left": DaysLeft(objection.decision_due_on),
            "addressee": objection.addressee.name if objection.addressee
            else Label(N_("HR (Subbag Umum dan Kepegawaian)"))}
