"""The rule settings the services take, built from the settings in one place.

Services receive their policy as an argument rather than reading configuration, so they stay testable with
any numbers; the application (:class:`bot.context.AsnBotApplication`), the jobs and the CLI all take them from
:func:`policies`.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.config import Settings
from storage.career_terms import Education
from storage.services import reminders
from storage.services.appraisal_reminders import ObjectionWindowReminders
from storage.services.appraisals import ObjectionPolicy
from storage.services.career import DEFAULT_EDUCATION_CEILINGS, CareerPolicy
from storage.services.career_reminders import CareerReminders
from storage.services.import_kinds import ImportOptions
from storage.services.linking import LinkPolicy
from storage.services.objection_reminders import ObjectionDecisionReminders
from storage.services.reminder_sources import AnnualSkpDeadline, RotationReminders
from storage.services.reminder_timing import QuietRules
from storage.services.training_hours import TrainingPolicy
from storage.services.training_reminders import JpShortfallReminders, WorkshopReminders


@dataclass(frozen=True)
class Policies:
    linking: LinkPolicy
    training: TrainingPolicy
    objections: ObjectionPolicy
    quiet: QuietRules
    career: CareerPolicy
    imports: ImportOptions  # spreadsheet imports, on Telegram and the command line alike


def policies(settings: Settings) -> Policies:
    training = TrainingPolicy(settings.jp_target_pns, settings.jp_ceiling_pppk, settings.timezone,
                              settings.jp_minutes)
    return Policies(
        linking=LinkPolicy(),
        training=training,
        objections=ObjectionPolicy(settings.objection_window_days, settings.timezone,
                                   settings.objection_decision_days),
        quiet=QuietRules(settings.timezone, quiet_start=settings.quiet_start, quiet_end=settings.quiet_end,
                         daily_cap=settings.reminder_daily_cap),
        career=career_policy(settings),
        imports=ImportOptions(settings.timezone, settings.objection_window_days, settings.rotation_min_years,
                              training),
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


def reminder_sources(settings: Settings, policies: Policies) -> list[reminders.Source]:
    """Every kind of deadline the bot reminds people of."""
    rules = policies.quiet
    return [WorkshopReminders(rules, policies.training), JpShortfallReminders(rules, policies.training),
            ObjectionWindowReminders(rules, policies.objections), ObjectionDecisionReminders(rules),
            RotationReminders(rules), AnnualSkpDeadline(rules, *settings.skp_deadline),
            CareerReminders(rules, policies.career)]
