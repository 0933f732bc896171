"""The rule settings the services take, built from the settings in one place.

Services receive their policy as an argument rather than reading configuration, so they stay testable with
any numbers; the application (:class:`bot.context.AsnBotApplication`), the jobs and the CLI all take them from
:func:`policies`.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.config import Settings
from storage.services.appraisals import ObjectionPolicy
from storage.services.linking import LinkPolicy
from storage.services.reminder_timing import QuietRules
from storage.services.training_hours import TrainingPolicy


@dataclass(frozen=True)
class Policies:
    linking: LinkPolicy
    training: TrainingPolicy
    objections: ObjectionPolicy
    quiet: QuietRules


def policies(settings: Settings) -> Policies:
    return Policies(
        linking=LinkPolicy(),
        training=TrainingPolicy(settings.jp_target_pns, settings.jp_ceiling_pppk, settings.timezone),
        objections=ObjectionPolicy(settings.objection_window_days, settings.timezone),
        quiet=QuietRules(settings.timezone, quiet_start=settings.quiet_start, quiet_end=settings.quiet_end,
                         daily_cap=settings.reminder_daily_cap),
    )
