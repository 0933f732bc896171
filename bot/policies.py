"""The rule settings the services take, built from the settings in one place.

Services receive their policy as an argument rather than reading configuration, so they stay testable with
any numbers; the application (:class:`bot.context.AsnBotApplication`), the jobs and the CLI all take them from
:func:`policies`.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.config import Settings
from storage.career_terms import Education
from storage.services.appraisals import ObjectionPolicy
from storage.services.career import DEFAULT_EDUCATION_CEILINGS, CareerPolicy
from storage.services.linking import LinkPolicy
from storage.services.reminder_timing import QuietRules
from storage.services.training_hours import TrainingPolicy


@dataclass(frozen=True)
class Policies:
    linking: LinkPolicy
    training: TrainingPolicy
    objections: ObjectionPolicy
    quiet: QuietRules
    career: CareerPolicy


def policies(settings: Settings) -> Policies:
    return Policies(
        linking=LinkPolicy(),
        training=TrainingPolicy(settings.jp_target_pns, settings.jp_ceiling_pppk, settings.timezone),
        objections=ObjectionPolicy(settings.objection_window_days, settings.timezone),
        quiet=QuietRules(settings.timezone, quiet_start=settings.quiet_start, quiet_end=settings.quiet_end,
                         daily_cap=settings.reminder_daily_cap),
        career=career_policy(settings),
    )


def career_policy(settings: Settings) -> CareerPolicy:
    ceilings = dict(DEFAULT_EDUCATION_CEILINGS) | {Education(education): grade
                                                  for education, grade in settings.kp_education_ceilings}
    return CareerPolicy(education_ceilings=ceilings, kp_period_months=settings.kp_period_months,
                        kp_window_opens=settings.kp_usulan_opens, kp_window_closes=settings.kp_usulan_closes,
                        kgb_notice_months=settings.kgb_notice_months, bup_notice_months=settings.bup_notice_months,
                        bup_shown_years=settings.bup_shown_years,
                        contract_notice_months=settings.pppk_extension_notice_months,
                        rotation_min_years=settings.rotation_min_years, rotation_max_years=settings.rotation_max_years)
