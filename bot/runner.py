"""``asnbot run``: wait to become the active instance, then serve Telegram until stopped.

Replaces PTB's ``run_polling``/``run_webhook`` so that updates go through the journal
(:mod:`bot.telegram.intake`) and the instance is active only while it holds the lease (:mod:`bot.leadership`).
A standby has the application initialised (database, translations, Telegram's ``getMe``) and takes over
within seconds. An instance that loses the lease stops with exit status 3; its supervisor (systemd's
``Restart=always``) starts it again, as a standby.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import secrets
import signal
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import timedelta

from bot.application import build_application
from bot.config import Settings
from bot.context import AsnBotApplication, utc_now
from bot.leadership import Leadership
from bot.telegram.intake import UpdateIntake
from bot.telegram.polling import Poller
from bot.telegram.webhook import BotWebServer
from storage.db import create_engine, create_reading_engine
from storage.redaction import protect
from storage.uow import Clock

log = logging.getLogger(__name__)

LOST_LEASE = 3
STOP_GRACE_SECONDS = 5.0  # how long a stop waits for the updates being handled and the sends in flight
# Updates give their connection back during Telegram round trips. At most about 60 with overflow, so
# PostgreSQL's default of 100 leaves room for a standby instance and the command line.
DB_CONNECTIONS_FOR_READING = 24  # screens that only read: most updates
DB_CONNECTIONS_FOR_WRITING = 8
DB_CONNECTIONS_BESIDES_UPDATES = 8  # outbox, jobs, journal, lease, health


@dataclass(frozen=True)
class Serving:
    """How this instance meets Telegram: long polling, or a webhook at ``webhook_url``."""

    webhook_url: str | None = None
    host: str = "127.0.0.1"
    port: int | None = None  # where the webhook and /healthz listen; None in polling mode: no web server


async def serve(settings: Settings, serving: Serving) -> int:
    """``asnbot run``: until SIGINT or SIGTERM, or until the lease is lost."""
    return await run(build_for_serving(settings), serving, _stop_on_signals(), tune_garbage_collection=True)


def build_for_serving(settings: Settings, clock: Clock = utc_now) -> AsnBotApplication:
    """The application with its connection pools sized for serving and a lease to contend for."""
    writing = min(settings.concurrent_updates, DB_CONNECTIONS_FOR_WRITING) + DB_CONNECTIONS_BESIDES_UPDATES
    reading = min(settings.concurrent_updates, DB_CONNECTIONS_FOR_READING)
    engine = create_engine(settings.database_url, pool_size=writing)
    reading_engine = create_reading_engine(settings.database_url, pool_size=reading)
    application = build_application(settings, engine, reading_engine=reading_engine, clock=clock)
    lease = timedelta(seconds=settings.lease_seconds)
    application.leadership = Leadership(application.session_factory, utc_now, duration=lease,
                                        renew_every=lease.total_seconds() / 5)
    return application


async def run(application: AsnBotApplication, serving: Serving, stopping: asyncio.Event, *,
              tune_garbage_collection: bool = False) -> int:
    """Stand by until this instance holds the lease, then serve until ``stopping`` is set or the lease is lost.

    ``tune_garbage_collection`` for a process that does nothing else (not a test run in-process).
    """
    async with application:
        if tune_garbage_collection:
            _tune_garbage_collection()
        if await _first(application.leadership.acquire(), stopping.wait()) != 0:
            return 0  # stopped while standing by
        try:
            return await _active(application, serving, stopping)
        finally:
            await application.leadership.release()


def _tune_garbage_collection() -> None:
    """Under load, Python's full collections over everything start-up built (PTB, SQLAlchemy, the catalogs)
    made the slowest replies, and collecting at the default threshold cost a noticeable share of the CPU.
    What start-up built lives forever, so it leaves the collector's view; young objects are collected less
    often."""
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)


async def _active(application: AsnBotApplication, serving: Serving, stopping: asyncio.Event) -> int:
    processor = application.update_processor
    intake = UpdateIntake(application, max_unmarked=2 * processor.limit)  # a crash repeats at most this many
    processor.on_done, processor.unmarked = intake.done, intake.unmarked
    secret = application.settings.webhook_secret or secrets.token_urlsafe(32)
    protect([secret])
    server = None
    if serving.port is not None:
        server = BotWebServer(application, intake, serving.host, serving.port, webhook_url=serving.webhook_url,
                              secret=secret)
    await application.post_init(application)
    await application.start()
    marking = asyncio.create_task(intake.mark_handled_forever())
    holding = asyncio.create_task(application.leadership.hold())  # renewed until the very end of a stop
    feeding: asyncio.Task | None = None
    try:
        await intake.replay()
        if server is not None:
            await server.start()
        if serving.webhook_url is None:
            feeding = asyncio.create_task(Poller(intake).run())
        ended = await _first(stopping.wait(), asyncio.shield(holding), *([feeding] if feeding else []))
        return 0 if ended == 0 else LOST_LEASE
    finally:
        await _hand_over(application, intake, feeding, server, marking, holding)


async def _hand_over(application: AsnBotApplication, intake: UpdateIntake, feeding: asyncio.Task | None,
                     server: BotWebServer | None, marking: asyncio.Task, holding: asyncio.Task) -> None:
    """Stop so that the next instance takes over at once and repeats only what was in flight.

    In this order: take no new updates (polling, webhook); begin none of those waiting and give those being
    handled :data:`STOP_GRACE_SECONDS` (the rest stays journalled as unhandled); claim no more outbox messages
    and let the sends in flight finish within the same bound; journal what was handled; only then release the
    lease, which was renewed all along, so the standby neither starts early nor waits for it to run out.
    """
    if feeding is not None:
        feeding.cancel()
        await asyncio.wait([feeding])  # a batch being journalled is written or not, never half
    if server is not None:
        await server.stop()
    application.outbox_sender.stop()
    await asyncio.gather(application.update_processor.stop_taking(STOP_GRACE_SECONDS),
                         application.outbox_sender.finish(STOP_GRACE_SECONDS))
    marking.cancel()
    await intake.flush()
    holding.cancel()
    await asyncio.wait([holding])
    await application.leadership.release()
    await application.stop()  # nothing is left to handle; waits for the jobs, which no longer act


async def _first(*awaitables: Awaitable) -> int:
    """Wait for the first to finish and cancel the rest; return its position."""
    tasks = [asyncio.ensure_future(awaitable) for awaitable in awaitables]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await asyncio.gather(*pending, return_exceptions=True)
    for task in done:
        task.result()  # a crashed poller or lease keeper is an error worth its traceback
    return next(index for index, task in enumerate(tasks) if task in done)


def _stop_on_signals() -> asyncio.Event:
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    return stopping
