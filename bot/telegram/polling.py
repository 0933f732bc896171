"""Long polling on a thread of its own, so that taking updates in never waits behind handling them.

Telegram hands out at most 100 updates per getUpdates, one call at a time, and the next call may only go
out once the batch is journalled, since its offset tells Telegram to forget the batch. In a burst the bot
therefore takes in 100 updates per round trip plus journal write. On the event loop that also handles the
updates, every step of that cycle waited for a turn of a busy loop, each well beyond the round trip or the
write itself, so intake, not CPU, capped a burst (see the README's performance section). This thread's loop
waits only for the interpreter lock, with its own HTTP session and its own database connection; journalled
batches go to the main loop to be parsed and handled (:meth:`bot.telegram.intake.UpdateIntake.hand_over`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
from collections.abc import Sequence
from typing import Any

import aiohttp
from telegram.error import InvalidToken

from bot.telegram.intake import ALLOWED_UPDATES, RETRY_SECONDS, UpdateIntake
from storage.db import create_engine, create_session_factory
from storage.services import update_journal
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

LONG_POLL_SECONDS = 30


class Poller:
    """Runs :meth:`poll` on a daemon thread for as long as :meth:`run` is awaited."""

    def __init__(self, intake: UpdateIntake) -> None:
        self.intake = intake
        self._lock = threading.Lock()
        self._stopping = False
        self._polling: tuple[asyncio.AbstractEventLoop, asyncio.Task] | None = None

    async def run(self) -> None:
        """Poll until cancelled; raises what ended polling otherwise (Telegram rejecting the token)."""
        await self.intake.application.bot.delete_webhook()  # getUpdates refuses to work while one is set
        main = asyncio.get_running_loop()
        ended: asyncio.Future[None] = main.create_future()
        threading.Thread(target=self._thread, args=(main, ended), name="telegram-polling", daemon=True).start()
        try:
            await asyncio.shield(ended)
        except asyncio.CancelledError:
            self._stop()
            await asyncio.wait([ended])  # the batch being journalled is written or not, never half
            raise

    def _thread(self, main: asyncio.AbstractEventLoop, ended: asyncio.Future[None]) -> None:
        error: BaseException | None = None
        try:
            asyncio.run(self.poll(main))
        except asyncio.CancelledError:
            pass
        except BaseException as raised:  # handed to the awaiting coroutine, which logs or raises it
            error = raised
        main.call_soon_threadsafe(_settle, ended, error)

    def _stop(self) -> None:
        with self._lock:
            self._stopping = True
            if self._polling is not None:
                loop, task = self._polling
                with contextlib.suppress(RuntimeError):  # the thread's loop may just have closed by itself
                    loop.call_soon_threadsafe(task.cancel)

    async def poll(self, main: asyncio.AbstractEventLoop) -> None:
        """The polling thread's loop: fetch, journal, hand over to ``main``, and only then fetch again."""
        with self._lock:
            if self._stopping:
                return
            self._polling = asyncio.get_running_loop(), asyncio.current_task()
        application = self.intake.application
        # Each journal write is one statement: AUTOCOMMIT spares it BEGIN and COMMIT.
        engine = create_engine(application.settings.database_url, pool_size=1, isolation_level="AUTOCOMMIT")
        journal = create_session_factory(engine)
        try:
            async with aiohttp.ClientSession() as session:
                offset = None
                while True:
                    if not self.intake.has_room:
                        await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(self.intake.room(), main))
                    payloads = await self._get_updates(session, offset)
                    if payloads:
                        fresh = await _journal(UnitOfWork(journal, application.clock), payloads)
                        main.call_soon_threadsafe(self.intake.hand_over, fresh)
                        offset = payloads[-1]["update_id"] + 1
        finally:
            await engine.dispose()

    async def _get_updates(self, session: aiohttp.ClientSession, offset: int | None) -> list[dict[str, Any]]:
        """The next batch (possibly empty); trouble with Telegram or the network is waited out."""
        form = {"timeout": str(LONG_POLL_SECONDS), "allowed_updates": json.dumps(ALLOWED_UPDATES)}
        if offset is not None:
            form["offset"] = str(offset)
        timeout = aiohttp.ClientTimeout(sock_connect=10, sock_read=LONG_POLL_SECONDS + 10)
        try:
            async with session.post(f"{self.intake.application.bot.base_url}/getUpdates", data=form,
                                    timeout=timeout) as response:
                body = await response.json(content_type=None)
                status = response.status
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            return await _pause(f"getUpdates failed ({error!r})")
        if isinstance(body, dict) and body.get("ok"):
            return body["result"]
        description = body.get("description", "") if isinstance(body, dict) else str(body)
        if status in (401, 404):
            raise InvalidToken(description)
        return await _pause(f"getUpdates failed (HTTP {status}: {description})")  # 409: another poller, for now


async def _journal(uow: UnitOfWork, payloads: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Journal a batch, retrying while the database is away: the batch must not be confirmed unwritten."""
    while True:
        try:
            async with uow:
                return await update_journal.record(uow, payloads)
        except Exception:
            log.exception("could not journal %d updates; trying again", len(payloads))
            await asyncio.sleep(RETRY_SECONDS)


async def _pause(reason: str) -> list[dict[str, Any]]:
    log.warning("%s; trying again in %.0f s", reason, RETRY_SECONDS)
    await asyncio.sleep(RETRY_SECONDS)
    return []


def _settle(ended: asyncio.Future[None], error: BaseException | None) -> None:
    if ended.done():
        return
    if error is None:
        ended.set_result(None)
    else:
        ended.set_exception(error)
