"""Background jobs on PTB's JobQueue (APScheduler)."""

from __future__ import annotations

from datetime import time, timedelta

from telegram.ext import Application

from bot.context import BotContext
from storage.services.linking import purge_failures

FAILURE_RETENTION = timedelta(days=7)
OUTBOX_POLL_SECONDS = 1.0


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


def register(application: Application) -> None:
    tz = application.settings.timezone
    application.job_queue.run_daily(purge_old_link_failures, time(3, 0, tzinfo=tz), name="purge-link-failures")
    application.job_queue.run_once(drain_outbox, OUTBOX_POLL_SECONDS, name="outbox")
