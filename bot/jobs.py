"""Background jobs on PTB's JobQueue (APScheduler)."""

from __future__ import annotations

from datetime import time, timedelta

from telegram.ext import Application

from bot.config import Settings
from bot.context import BotContext, training_policy
from storage.services import reminders, rotations
from storage.services.appraisal_reminders import ObjectionWindowReminders
from storage.services.appraisals import ObjectionPolicy
from storage.services.linking import purge_failures
from storage.services.reminder_sources import AnnualSkpDeadline, RotationReminders
from storage.services.training_reminders import JpShortfallReminders, WorkshopReminders

FAILURE_RETENTION = timedelta(days=7)
OUTBOX_POLL_SECONDS = 1.0
REMINDER_INTERVAL_SECONDS = 60


async def purge_old_link_failures(context: BotContext) -> None:
    """Wrong-code records only matter for the lockout window; keep a week for HR questions, then drop."""
    async with context.unit_of_work() as uow:
        await purge_failures(uow, older_than=uow.clock() - FAILURE_RETENTION)


async def drain_outbox(context: BotContext) -> None:
    """Send what is due, then run again: at once while there is backlog, otherwise after a short pause.

    A chain of one-off jobs rather than a repeating one, so two drains never overlap.
    """
    more = False
    try:
        more = await context.application.outbox_sender.drain()
    finally:
        context.job_queue.run_once(drain_outbox, 0 if more else OUTBOX_POLL_SECONDS, name="outbox")


async def apply_rotations(context: BotContext) -> None:
    """Employee records follow rotations on their TMT (checked each night and at start-up)."""
    today = context.application.clock().astimezone(context.settings.timezone).date()
    async with context.unit_of_work() as uow:
        await rotations.apply_due(uow, today)


async def plan_reminders(context: BotContext) -> None:
    """Queue the reminders whose time has come; the outbox sends them."""
    rules = context.settings.quiet_rules
    async with context.unit_of_work() as uow:
        await reminders.plan(uow, reminder_sources(context.settings), rules)


def reminder_sources(settings: Settings) -> list[reminders.Source]:
    """Every kind of deadline the bot reminds people of."""
    rules = settings.quiet_rules
    policy = training_policy(settings)
    return [WorkshopReminders(rules, policy), JpShortfallReminders(rules, policy),
            ObjectionWindowReminders(rules, ObjectionPolicy(settings.objection_window_days, settings.timezone)),
            RotationReminders(rules), AnnualSkpDeadline(rules, *settings.skp_deadline)]


def register(application: Application) -> None:
    tz = application.settings.timezone
    application.job_queue.run_daily(purge_old_link_failures, time(3, 0, tzinfo=tz), name="purge-link-failures")
    application.job_queue.run_once(drain_outbox, OUTBOX_POLL_SECONDS, name="outbox")
    application.job_queue.run_daily(apply_rotations, time(0, 5, tzinfo=tz), name="apply-rotations")
    application.job_queue.run_once(apply_rotations, 0, name="apply-rotations-at-start")
    application.job_queue.run_repeating(plan_reminders, REMINDER_INTERVAL_SECONDS, first=5, name="reminders",
                                        job_kwargs={"max_instances": 1, "coalesce": True})
