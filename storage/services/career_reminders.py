"""Reminder source for career milestones: the KP usulan window opening for someone eligible, the KGB notice,
the pension a year ahead, a PPPK contract's extension proposal, and the maximum time in post.

The employee hears of their own (not of the time in post: rotation is Kepegawaian's decision); Kepegawaian
gets one list per kind and day rather than a message per person. Read from ``career_milestones`` by the
indexed notice day, so a quiet minute costs one small query. A notice day that is a day off holds the message
until the next working day, so the words name the day instead of saying "today".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from storage import routes
from storage.models import Role
from storage.problems import N_
from storage.rendered import Nip, When
from storage.services.career import CareerPolicy, kp_window
from storage.services.career_milestones import MilestoneKind
from storage.services.outbox import OutboxButton, messages_param
from storage.services.reminder_timing import QuietRules
from storage.services.reminders import Stage
from storage.uow import UnitOfWork

OPEN_CAREER = [[OutboxButton(N_("🧭 Open My Career"), callback_data=routes.CAREER.data())]]
OWN_STAGE, HR_STAGE = "own", "hr"
HR_LIST_LIMIT = 40  # names in one message to Kepegawaian; the planning report has the rest
OWN = {
    MilestoneKind.PROMOTION: N_("🔔 The usulan window for your kenaikan pangkat (period {due}) opened {opens} and "
                                "closes on {closes}. Check your requirements and make sure Kepegawaian has your "
                                "documents."),
    MilestoneKind.PAY_RISE: N_("🔔 Your next periodic pay rise (KGB) takes effect on {due}; Kepegawaian prepares "
                               "its notice now. Check that your data is right."),
    MilestoneKind.PENSION: N_("🔔 You reach the retirement age (BUP) and your pension takes effect on {due}. "
                              "Kepegawaian starts your pension file now; please prepare your documents."),
    MilestoneKind.CONTRACT: N_("🔔 Your PPPK contract ends on {due}. The extension proposal is due now; talk to "
                               "your superior and Kepegawaian."),
}
FOR_KEPEGAWAIAN = {
    MilestoneKind.PROMOTION: N_("📈 The KP usulan window opened {day} for these eligible employees (KP "
                                "period):\n{items}"),
    MilestoneKind.PAY_RISE: N_("📈 KGB notices are due now for these employees (KGB TMT):\n{items}"),
    MilestoneKind.PENSION: N_("📈 These employees reach their BUP; pension TMT:\n{items}"),
    MilestoneKind.CONTRACT: N_("📈 These PPPK contracts end soon; the extension proposal is due now (end of "
                               "contract):\n{items}"),
    MilestoneKind.POST_MAXIMUM: N_("📈 These employees reach the maximum time in their post ({day}; consider a "
                                   "rotation):\n{items}"),
}
HR_ITEM = N_("{name}, NIP {nip}: {due}")
HR_MORE = N_("… and {count} more: see the career planning report")


@dataclass(frozen=True)
class CareerReminders:
    rules: QuietRules
    policy: CareerPolicy

    async def stages(self, uow: UnitOfWork, since: datetime, until: datetime) -> list[Stage]:
        """Only milestones whose reminder is not planned yet: a notice day puts hundreds of KGB notices of a
        city in the planner's look-back for days, and the planner would check each of them every minute."""
        rows = await uow.milestones.unplanned(self.rules.local_day(since), self.rules.local_day(until),
                                              own_stage=OWN_STAGE, list_stage=HR_STAGE,
                                              only_listed=MilestoneKind.POST_MAXIMUM.value)
        stages, lists = [], defaultdict(list)
        for milestone, name, nip in rows:
            kind = MilestoneKind(milestone.kind)
            stage_at = self.rules.at(milestone.notice_on)
            if not since <= stage_at <= until:
                continue
            lists[(kind, milestone.notice_on)].append((HR_ITEM, {"name": name, "nip": Nip(nip),
                                                                 "due": milestone.due_on}))
            if kind in OWN:
                params = {"due": milestone.due_on}
                if kind == MilestoneKind.PROMOTION:
                    opens, params["closes"] = kp_window(milestone.due_on, self.policy)
                    params["opens"] = When(opens)  # a notice held over a day off still tells the truth
                key = f"career:{kind.value}:{milestone.employee_id}:{milestone.due_on}"
                stages.append(Stage("career", key, OWN_STAGE, stage_at, self.rules.at(milestone.due_on), OWN[kind],
                                    params, OPEN_CAREER, employee_ids=(milestone.employee_id,)))
        for (kind, notice_on), items in lists.items():
            shown = items[:HR_LIST_LIMIT]
            if len(items) > HR_LIST_LIMIT:
                shown.append((HR_MORE, {"count": len(items) - HR_LIST_LIMIT}))
            stages.append(Stage("career_hr", f"career-hr:{kind.value}:{notice_on}", HR_STAGE,
                                self.rules.at(notice_on), None, FOR_KEPEGAWAIAN[kind],
                                {"items": messages_param(shown), "day": When(notice_on)}))
        return stages

    async def recipients(self, uow: UnitOfWork, stage: Stage) -> Mapping[int, dict]:
        """Kepegawaian: everyone with the HR role who can be reached."""
        return {employee_id: {} for employee_id in await uow.employees.reachable_ids_with_role(Role.HR)}
