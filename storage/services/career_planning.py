"""Kepegawaian's career plan ("📈 Perencanaan Karier"): who comes up for what in the months ahead, and what
employees ask for, from the same career outlooks the employees' own screens show (never rules of its own).

The lists: kenaikan pangkat in each of the next N periods with what is not yet met; KGB due; pension (BUP)
within the notice months; PPPK contracts ending; time in post at or beyond the maximum; PNS short of JP
this year; the aspirations grouped by unit, kind of post and training topic; and, once a potensial has been
imported, the talent box.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import islice

from storage.models import Employee, EmployeeKind
from storage.services.aspirations import Demand, demand
from storage.services.career import (
    CareerOutlook,
    CareerPolicy,
    Contract,
    PayRise,
    Pension,
    PostTenure,
    Promotion,
    TenureState,
    kp_periods,
    kp_window,
)
from storage.services.career_dates import add_months
from storage.services.career_outlooks import outlooks
from storage.services.talent import TalentBox, talent_box
from storage.services.training_hours import JpReportRow, TrainingPolicy, jp_report
from storage.uow import UnitOfWork

DEFAULT_MONTHS = 6
MAX_MONTHS = 24


@dataclass(frozen=True)
class Due:
    """One employee and the part of their outlook a list is about."""

    employee: Employee
    outlook: CareerOutlook


@dataclass(frozen=True)
class CareerPlan:
    on: date
    months: int
    periods: tuple[date, ...]   # the next N KP periods whose usulan window has not closed
    promotions: list[Due]       # by period, then name
    pay_rises: list[Due]        # KGB TMT within the months
    pensions: list[Due]         # pension TMT within the BUP notice months
    contracts: list[Due]        # PPPK contract ending within the months (at least the proposal lead time)
    overdue_posts: list[Due]    # at or beyond the maximum time in post
    jp_short: list[JpReportRow]  # PNS below the yearly minimum, largest shortfall first
    demand: list[Demand]
    talent: TalentBox | None    # None until a potensial has been imported

    def promotions_in(self, period: date) -> list[Due]:
        return [due for due in self.promotions if _promotion(due).period == period]


def _promotion(due: Due) -> Promotion:
    return due.outlook.promotion


def _pay_rise(due: Due) -> PayRise:
    return due.outlook.pay_rise


def _pension(due: Due) -> Pension:
    return due.outlook.pension


def _contract(due: Due) -> Contract:
    return due.outlook.contract


def _post(due: Due) -> PostTenure:
    return due.outlook.post


def next_periods(on: date, count: int, policy: CareerPolicy) -> tuple[date, ...]:
    """The next ``count`` KP periods that can still be proposed for (their usulan window has not closed)."""
    open_periods = (period for period in kp_periods(policy, on) if kp_window(period, policy)[1] >= on)
    return tuple(islice(open_periods, count))


async def career_plan(uow: UnitOfWork, on: date, months: int, policy: CareerPolicy, training: TrainingPolicy,
                      *, actor: str) -> CareerPlan:
    """The plan as of ``on`` (a WIB date) for the next ``months`` months/periods; the export is audited."""
    months = max(1, min(months, MAX_MONTHS))
    horizon = add_months(on, months)
    employees = {employee.id: employee for employee in await uow.employees.active()}
    everyone = sorted((Due(employees[employee_id], found) for employee_id, found in
                       (await outlooks(uow, on, policy)).items() if employee_id in employees),
                      key=lambda due: (due.employee.name, due.employee.nip))
    periods = next_periods(on, months, policy)
    contract_horizon = max(horizon, add_months(on, policy.contract_notice_months))

    def listed(test, key) -> list[Due]:
        return sorted((due for due in everyone if test(due)), key=key)

    plan = CareerPlan(
        on=on, months=months, periods=periods,
        promotions=listed(lambda due: due.outlook.promotion is not None and _promotion(due).period in periods,
                          lambda due: _promotion(due).period),
        pay_rises=listed(lambda due: due.outlook.pay_rise is not None and _pay_rise(due).tmt is not None
                         and _pay_rise(due).tmt < horizon, lambda due: _pay_rise(due).tmt),
        pensions=listed(lambda due: _pension(due).tmt is not None and _pension(due).notice_on <= on,
                        lambda due: _pension(due).tmt),
        contracts=listed(lambda due: due.outlook.contract is not None and _contract(due).ends_on is not None
                         and _contract(due).ends_on < contract_horizon, lambda due: _contract(due).ends_on),
        overdue_posts=listed(lambda due: _post(due).state == TenureState.OVERDUE, lambda due: _post(due).since),
        jp_short=[row for row in await jp_report(uow, training.year_of(uow.clock()), training)
                  if row.employee.kind == EmployeeKind.PNS and row.progress.shortfall > 0],
        demand=await demand(uow),
        talent=await talent_box(uow),
    )
    uow.audit.record(actor, "career_plan.reported", None, months=months)
    await uow.commit()
    return plan
