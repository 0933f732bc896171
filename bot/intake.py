"""How updates get into the bot without ever being lost: journal first, confirm to Telegram second.

PTB's own polling loop confirms a batch to Telegram (through the next getUpdates offset) before the
updates are handled, so a crash with a backlog loses them. Here every update, polled or pushed to the
webhook, is first written to the update journal (:mod:`storage.services.update_journal`); only then is
Telegram told (the next offset, or the webhook's 200), and only then does PTB get it. Once the
processor reports an update done it is marked handled, many at a time (one transaction for everything
that finished meanwhile). At start-up whatever was written but not handled is handled first.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Sequence
from typing import Any

import aiohttp
from telegram import Update
from telegram.error import Conflict, InvalidToken, NetworkError

from bot.context import AsnBotApplication
from storage.db import create_session_factory
from storage.services import update_journal
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "channel_post"]
LONG_POLL_SECONDS = 30
MAX_BACKLOG = 1000  # updates given to PTB but not handled yet; polling pauses beyond this
RETRY_SECONDS = 2.0


class UpdateIntake:
    """Polling or webhook in, PTB out, the journal in between."""

    def __init__(self, application: AsnBotApplication, max_backlog: int = MAX_BACKLOG) -> None:
        self.application = application
        self.max_backlog = max_backlog
        self.outstanding = 0
        self._room = asyncio.Event()
        self._room.set()
        self._handled: set[int] = set()
        self._handled_arrived = asyncio.Event()
        # Each journal write is one statement, atomic by itself: without BEGIN and COMMIT it is one round
        # trip instead of three, and under load every round trip waits for a turn of the busy event loop.
        engine = application.session_factory.kw["bind"].execution_options(isolation_level="AUTOCOMMIT")
        self._single_statements = create_session_factory(engine)

    def unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(self._single_statements, self.application.clock)

    async def admit(self, payloads: Sequence[dict[str, Any]], parsed: Sequence[Update] | None = None) -> int:
        """Journal updates, then hand the ones not seen before to PTB; return how many were new."""
        fresh = await self._record(payloads)
        by_id = {update.update_id: update for update in parsed or ()}
        for payload in fresh:
            self._hand_over(by_id.get(payload["update_id"]) or Update.de_json(payload, self.application.bot))
        return len(fresh)

    async def _record(self, payloads: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        async with self.unit_of_work() as uow:
            return await update_journal.record(uow, payloads)

    async def replay(self) -> int:
        """Hand over what a previous run received but did not handle (its in-flight updates among them)."""
        async with self.unit_of_work() as uow:
            payloads = await update_journal.unhandled(uow)
        for payload in payloads:
            self._hand_over(Update.de_json(payload, self.application.bot))
        if payloads:
            log.info("handling %d updates received before the last stop", len(payloads))
        return len(payloads)

    def _hand_over(self, update: Update) -> None:
        self.outstanding += 1
        if self.outstanding >= self.max_backlog:
            self._room.clear()
        self.application.update_queue.put_nowait(update)

    def done(self, update: object) -> None:
        """The processor's ``on_done``: the update was handled; journal it soon."""
        if not isinstance(update, Update):
            return
        self.outstanding -= 1
        if self.outstanding < self.max_backlog:
            self._room.set()
        self._handled.add(update.update_id)
        self._handled_arrived.set()

    async def mark_handled_forever(self) -> None:
        """Group commit: one transaction marks everything that finished while the previous one ran."""
        while True:
            await self._handled_arrived.wait()
            await self.flush()

    async def flush(self) -> None:
        self._handled_arrived.clear()
        batch, self._handled = self._handled, set()
        if not batch:
            return
        try:
            async with self.unit_of_work() as uow:
                await update_journal.mark_handled(uow, batch)
        except Exception:
            log.exception("could not mark %d updates handled; trying again", len(batch))
            self._handled |= batch
            await asyncio.sleep(RETRY_SECONDS)
            self._handled_arrived.set()

    async def poll_forever(self) -> None:
        """Long polling; Telegram forgets a batch only when the next call's offset passes it, after journaling.

        Batches are fetched raw (not through PTB) so the journal keeps exactly what Telegram sent, and the
        next long poll goes out as soon as a batch is journalled: while PTB parses and handles it, Telegram
        is already answering the next call (with a 100 ms round trip that is what limits a burst).
        """
        await self.application.bot.delete_webhook()  # getUpdates refuses to work while a webhook is set
        async with aiohttp.ClientSession() as session:
            offset, journalled = None, []
            while True:
                await self._room.wait()
                polling = asyncio.create_task(self._get_updates(session, offset))
                await asyncio.sleep(0)  # let the request go out, then parse the previous batch meanwhile
                for payload in journalled:
                    self._hand_over(Update.de_json(payload, self.application.bot))
                try:
                    payloads = await polling
                except InvalidToken:
                    raise
                except (Conflict, NetworkError, aiohttp.ClientError, TimeoutError) as error:
                    log.warning("getUpdates failed (%r); trying again in %.0f s", error, RETRY_SECONDS)
                    journalled = []
                    await asyncio.sleep(RETRY_SECONDS)
                    continue
                journalled = await self._record_polled(payloads) if payloads else []
                if payloads:
                    offset = payloads[-1]["update_id"] + 1

    async def _get_updates(self, session: aiohttp.ClientSession, offset: int | None) -> list[dict[str, Any]]:
        form = {"timeout": str(LONG_POLL_SECONDS), "allowed_updates": json.dumps(ALLOWED_UPDATES)}
        if offset is not None:
            form["offset"] = str(offset)
        timeout = aiohttp.ClientTimeout(sock_connect=10, sock_read=LONG_POLL_SECONDS + 10)
        async with session.post(f"{self.application.bot.base_url}/getUpdates", data=form,
                                timeout=timeout) as response:
            body = await response.json(content_type=None)
        if isinstance(body, dict) and body.get("ok"):
            return body["result"]
        description = body.get("description", "") if isinstance(body, dict) else str(body)
        if response.status in (401, 404):
            raise InvalidToken(description)
        raise Conflict(description) if response.status == 409 else NetworkError(description)

    async def _record_polled(self, payloads: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        """Journal a batch, retrying while the database is away: the batch must not be confirmed unwritten."""
        while True:
            try:
                return await self._record(payloads)
            except Exception:
                log.exception("could not journal %d updates; trying again", len(payloads))
                await asyncio.sleep(RETRY_SECONDS)
