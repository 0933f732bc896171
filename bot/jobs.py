"""Background jobs on PTB's JobQueue (APScheduler)."""

from __future__ import annotations

from datetime import time, timedelta

from telegram.ext import Application

from bot.context import BotContext
from storage.services.linking import purge_failures

FAILURE_RETENTION = timedelta(days=7)


async def purge_old_link_failures(context: BotContext) -> None:
    """Wrong-code records only matter for the lockout window; keep a week for HR questions, then drop."""
    async with context.unit_of_work() as uow:
        await purge_failures(uow, older_than=uow.clock() - FAILURE_RETENTION)


def register(application: Application) -> None:
    tz = application.settings.timezone
    application.job_queue.run_daily(purge_old_link_failures, time(3, 0, tzinfo=tz), name="purge-link-failures")
