"""How updates get into the bot without ever being lost: journal first, confirm to Telegram second.

PTB's own polling loop confirms a batch to Telegram (through the next getUpdates offset) before the
updates are handled, so a crash with a backlog loses them. Here every update, polled (:mod:`bot.telegram.polling`)
or pushed to the webhook (:mod:`bot.telegram.webhook`), is first written to the update journal
(:mod:`storage.services.update_journal`); only then is Telegram told (the next offset, or the webhook's
200), and only then does PTB get it. Once the processor reports an update done it is marked handled, many
at a time (one transaction for everything that finished meanwhile). At start-up whatever was written but
not handled is handled first.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from telegram import Update

from bot.telegram.processing import Slots
from storage.db import create_session_factory
from storage.services import update_journal
from storage.uow import UnitOfWork

if TYPE_CHECKING:  # the application is handed in; transport does not import the layers above it
    from bot.context import AsnBotApplication

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "channel_post"]
# Updates given to PTB but not handled yet; polling pauses beyond this. Under Telegram's overall message limit
# most of a burst is answered but waits for its turn to send, and a press fetched after Telegram's 15 s is lost
# for good (Telegram refuses the late answer), so the bound must hold a large burst of presses; every waiting
# update also costs memory. The README's performance section has the measurements behind the number.
MAX_BACKLOG = 2500
RETRY_SECONDS = 2.0


class UpdateIntake:
    """Polling or webhook in, PTB out, the journal in between."""

    def __init__(self, application: AsnBotApplication, max_backlog: int = MAX_BACKLOG,
                 max_unmarked: int = MAX_BACKLOG) -> None:
        self.application = application
        self.max_backlog = max_backlog
        # An update counts from its start until its mark is committed: a crash meanwhile repeats it. Bounding
        # that count bounds what a crash repeats, whatever the database's commit latency at the time.
        self.unmarked = Slots(max_unmarked)  # the processor's ``unmarked``
        self.outstanding = 0
        self._room = asyncio.Event()
        self._room.set()
        self._handled: set[int] = set()
        self._unreadable: set[int] = set()
        self._handled_arrived = asyncio.Event()
        # Each journal write is one statement, atomic by itself: without BEGIN and COMMIT it is one round
        # trip instead of three, and under load every round trip waits for a turn of the busy event loop.
        engine = application.session_factory.kw["bind"].execution_options(isolation_level="AUTOCOMMIT")
        self._single_statements = create_session_factory(engine)

    def unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(self._single_statements, self.application.clock)

    async def admit(self, payloads: Sequence[dict[str, Any]], parsed: Sequence[Update] = ()) -> int:
        """Journal updates, then hand the ones not seen before to PTB; return how many were new."""
        async with self.unit_of_work() as uow:
            fresh = await update_journal.record(uow, payloads)
        self.hand_over(fresh, parsed)
        return len(fresh)

    async def replay(self) -> int:
        """Hand over what a previous run received but did not handle (its in-flight updates among them)."""
        async with self.unit_of_work() as uow:
            payloads = await update_journal.unhandled(uow)
        self.hand_over(payloads)
        if payloads:
            log.info("handling %d updates received before the last stop", len(payloads))
        return len(payloads)

    def hand_over(self, payloads: Sequence[dict[str, Any]], parsed: Sequence[Update] = ()) -> None:
        """Give journalled updates to PTB, parsing those not parsed yet; beyond the backlog, polling pauses."""
        by_id = {update.update_id: update for update in parsed}
        for payload in payloads:
            update = by_id.get(payload["update_id"]) or self._parsed(payload)
            if update is None:
                continue
            self.outstanding += 1
            if self.outstanding >= self.max_backlog:
                self._room.clear()
            self.application.update_queue.put_nowait(update)

    def _parsed(self, payload: dict[str, Any]) -> Update | None:
        """The update, or None for one that no longer parses (e.g. written before a Bot API change): it would
        fail the same way at every start, so it is quarantined (:meth:`flush`) and the others go on."""
        try:
            return Update.de_json(payload, self.application.bot)
        except Exception as error:
            log.error("update %s cannot be read and is quarantined in the journal: %r", payload.get("update_id"),
                      error)
            self._unreadable.add(payload["update_id"])
            self._handled_arrived.set()
            return None

    @property
    def has_room(self) -> bool:
        """Whether the backlog is below its bound; polling waits for :meth:`room` otherwise."""
        return self._room.is_set()

    async def room(self) -> None:
        await self._room.wait()

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
        unreadable, self._unreadable = self._unreadable, set()
        if not batch and not unreadable:
            return
        try:
            async with self.unit_of_work() as uow:
                await update_journal.mark_handled(uow, batch)
                await update_journal.quarantine(uow, unreadable)
        except Exception:
            log.exception("could not mark %d updates handled; trying again", len(batch) + len(unreadable))
            self._handled |= batch
            self._unreadable |= unreadable
            await asyncio.sleep(RETRY_SECONDS)
            self._handled_arrived.set()
            return
        for _ in batch:
            self.unmarked.release()
