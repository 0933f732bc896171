"""What "🧭 Karier Saya" shows an employee: their career outlook, this year's JP and their latest results."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from storage.models import Appraisal, Employee
from storage.services.career import CareerOutlook, CareerPolicy
from storage.services.career_outlooks import career_outlook
from storage.services.training_hours import JpProgress, TrainingPolicy, jp_progress
from storage.uow import UnitOfWork

RECENT_RESULTS = 2


@dataclass(frozen=True)
class MyCareer:
    outlook: CareerOutlook
    jp: JpProgress
    recent: list[Appraisal]  # the latest results (current versions), newest first


async def my_career(uow: UnitOfWork, employee: Employee, on: date, career: CareerPolicy,
                    training: TrainingPolicy) -> MyCareer:
    """``employee``'s career on ``on`` (their WIB date)."""
    recent = await uow.session.scalars(select(Appraisal).where(
        Appraisal.employee_id == employee.id, Appraisal.superseded_at.is_(None))
        .order_by(Appraisal.period_end.desc(), Appraisal.period_start).limit(RECENT_RESULTS))
    return MyCareer(await career_outlook(uow, employee.id, on, career),
                    await jp_progress(uow, employee, on, training), list(recent))
