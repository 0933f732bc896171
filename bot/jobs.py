"""Background jobs on PTB's JobQueue (APScheduler)."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from datetime import time, timedelta

from telegram.ext import Application

from bot.config import Settings
from bot.context import BotContext
from bot.policies import Policies
from storage.services import career_milestones, reminders, rotations, update_journal
from storage.services.appraisal_reminders import ObjectionWindowReminders
from storage.services.career_reminders import CareerReminders
from storage.services.linking import purge_failures
from storage.services.reminder_sources import AnnualSkpDeadline, RotationReminders
from storage.services.training_reminders import JpShortfallReminders, WorkshopReminders

FAILURE_RETENTION = timedelta(days=7)
OUTBOX_POLL_SECONDS = 1.0
REMINDER_INTERVAL_SECONDS = 60
Job = Callable[[BotContext], Awaitable[None]]


def single_active(job: Job) -> Job:
    """Run only on the active instance: with two instances against one database, only one may act.

    The job queue runs only once an instance has become active; this covers the moments around losing
    the lease, and any job scheduled by hand. A job that reschedules itself stops on a standby.
    """

    @functools.wraps(job)
    async def guarded(context: BotContext) -> None:
        if context.application.leadership.is_active:
            await job(context)

    return guarded


@single_active
async def purge_old_link_failures(context: BotContext) -> None:
    """Wrong-code records only matter for the lockout window; keep a week for HR questions, then drop."""
    async with context.unit_of_work() as uow:
        await purge_failures(uow, older_than=uow.clock() - FAILURE_RETENTION)


@single_active
async def drain_outbox(context: BotContext) -> None:
    """Send what is due, then run again: at once while there is backlog, otherwise after a short pause.

    A chain of one-off jobs rather than a repeating one, so two drains never overlap.
    """
    more = False
    try:
        more = await context.application.outbox_sender.drain()
    finally:
        context.job_queue.run_once(drain_outbox, 0 if more else OUTBOX_POLL_SECONDS, name="outbox")


@single_active
async def apply_rotations(context: BotContext) -> None:
    """Employee records follow rotations on their TMT (checked each night and at start-up)."""
    today = context.application.clock().astimezone(context.settings.timezone).date()
    async with context.unit_of_work() as uow:
        await rotations.apply_due(uow, today)


@single_active
async def refresh_career_milestones(context: BotContext) -> None:
    """Career milestones follow the data and the date (a KP period moves on once its window closed): nightly."""
    today = context.application.clock().astimezone(context.settings.timezone).date()
    async with context.unit_of_work() as uow:
        await career_milestones.refresh(uow, today, context.application.policies.career)


@single_active
async def plan_reminders(context: BotContext) -> None:
    """Queue the reminders whose time has come; the outbox sends them."""
    chosen = context.application.policies
    async with context.unit_of_work() as uow:
        await reminders.plan(uow, reminder_sources(context.settings, chosen), chosen.quiet)


def reminder_sources(settings: Settings, policies: Policies) -> list[reminders.Source]:
    """Every kind of deadline the bot reminds people of."""
    rules = policies.quiet
    return [WorkshopReminders(rules, policies.training), JpShortfallReminders(rules, policies.training),
            ObjectionWindowReminders(rules, policies.objections), RotationReminders(rules),
            AnnualSkpDeadline(rules, *settings.skp_deadline), CareerReminders(rules, policies.career)]


@single_active
async def purge_update_journal(context: BotContext) -> None:
    """Handled updates are kept two days to recognise repeats from Telegram, then dropped."""
    async with context.unit_of_work() as uow:
        await update_journal.purge(uow)


def register(application: Application) -> None:
    tz = application.settings.timezone
    application.job_queue.run_daily(purge_update_journal, time(3, 30, tzinfo=tz), name="purge-update-journal")
    application.job_queue.run_daily(purge_old_link_failures, time(3, 0, tzinfo=tz), name="purge-link-failures")
    # A standby starts its job queue only on taking over, perhaps hours after this: run these late, not never.
    at_start = {"misfire_grace_time": None}
    application.job_queue.run_once(drain_outbox, OUTBOX_POLL_SECONDS, name="outbox", job_kwargs=at_start)
    application.job_queue.run_daily(apply_rotations, time(0, 5, tzinfo=tz), name="apply-rotations")
    application.job_queue.run_repeating(plan_reminders, REMINDER_INTERVAL_SECONDS, first=5, name="reminders",
                                        job_kwargs={"max_instances": 1, "coalesce": True})
    application.job_queue.run_once(apply_rotations, 0, name="apply-rotations-at-start", job_kwargs=at_start)
    application.job_queue.run_daily(refresh_career_milestones, time(0, 15, tzinfo=tz), name="career-milestones")
    application.job_queue.run_once(refresh_career_milestones, 2, name="career-milestones-at-start",
                                   job_kwargs=at_start)
