"""How updates are processed: different chats in parallel, one chat strictly in order, bounded overall.

PTB's ``BaseUpdateProcessor`` takes its concurrency slot *before* handing over an update, so an update
waiting for the previous one of its chat would sit on a slot another chat could use. This processor
therefore gives PTB a generous bound and keeps its own slots, which an update takes only once it is its
chat's turn. Button presses take free slots before messages: Telegram shows the user an error when a
press is not answered within 15 seconds, while a message can wait its turn.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

HANDLING_UPDATE: contextvars.ContextVar[bool] = contextvars.ContextVar("handling_update", default=False)
"""True inside the processing of an update: its Bot API calls answer a person who is waiting."""
ANSWERING: contextvars.ContextVar[int | None] = contextvars.ContextVar("answering", default=None)
"""The Telegram user whose update is being processed (None outside one, or for an update without a user): the
person a reply is for when nothing else is known about them (a stranger has no account)."""
_SLOT: contextvars.ContextVar[HeldSlot | None] = contextvars.ContextVar("processing_slot", default=None)

QUEUE_BOUND = 100_000  # PTB's own semaphore: only a safety net, the intake keeps the backlog far smaller


class Slots:
    """A semaphore whose urgent waiters are served before the others (each group in arrival order)."""

    def __init__(self, size: int) -> None:
        self.free = size
        self._urgent: deque[asyncio.Future[None]] = deque()
        self._normal: deque[asyncio.Future[None]] = deque()

    async def acquire(self, urgent: bool) -> None:
        if self.free > 0 and not self._urgent and not self._normal:
            self.free -= 1
            return
        waiter = asyncio.get_running_loop().create_future()
        (self._urgent if urgent else self._normal).append(waiter)
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self.release()  # the slot was handed over just as we were cancelled: pass it on
            raise

    def take(self) -> None:
        """Take a slot without waiting, beyond the size if need be: the next waiters wait that much longer."""
        self.free -= 1

    def release(self) -> None:
        """Hand the slot straight to the next waiter, or put it back (first paying back what was taken beyond
        the size)."""
        if self.free >= 0:
            for queue in (self._urgent, self._normal):
                while queue:
                    waiter = queue.popleft()
                    if not waiter.done():
                        waiter.set_result(None)
                        return
        self.free += 1


class HeldSlot:
    """The slot an update is being handled in, and its place among the updates a crash would repeat (if they
    are counted): both may be lent out while it only waits."""

    def __init__(self, slots: Slots, unmarked: Slots | None = None) -> None:
        self.slots = slots
        self.unmarked = unmarked
        self.held = True

    def lend(self) -> None:
        self.held = False
        self.slots.release()
        if self.unmarked is not None:
            self.unmarked.release()

    def reclaim(self) -> None:
        """Its turn to send has come: it takes its slot and its place back at once, beyond their bounds if need
        be. Held back here, the send would go out later together with others, over Telegram's limit; those
        coming back are paced, so the bounds are exceeded by a few at most, and only for a moment."""
        if self.unmarked is not None:
            self.unmarked.take()
        self.slots.take()
        self.held = True

    def release(self) -> None:
        if self.held:
            self.held = False
            self.slots.release()


@contextlib.asynccontextmanager
async def slot_lent_out() -> AsyncIterator[None]:
    """While an update only waits for its turn to send (Telegram's overall pace), another may use its slot.

    A burst of button presses must all be answered within Telegram's 15 seconds even when their new screens
    queue behind the pace: they get slots, answer at once, and wait for the pace without blocking others.
    Waiting, an update has not sent the message it waits to send, so it does not count among the updates a
    crash would repeat either (see :attr:`ChatOrderedProcessor.unmarked`).
    """
    slot = _SLOT.get()
    if slot is None or not slot.held:
        yield
        return
    slot.lend()
    try:
        yield
    finally:
        slot.reclaim()


def chat_key(update: object) -> Hashable | None:
    """What must stay in order: the chat, else the user; None for updates that need no order."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return ("user", update.effective_user.id)
    return None


class ChatOrderedProcessor(BaseUpdateProcessor):
    """At most ``limit`` updates at once; within a chat each waits for the previous one to finish.

    ``on_done`` (set by whoever feeds updates in) hears about every update once its processing is over,
    whatever the outcome: that is when the update journal may mark it handled. ``unmarked``, if set (by the
    journal, which releases a place once an update's mark is committed), bounds the updates begun and not yet
    marked, i.e. what a crash would repeat; an update waiting for Telegram's pace lends its place out.
    """

    def __init__(self, limit: int) -> None:
        super().__init__(QUEUE_BOUND)
        self.limit = limit
        self.on_done: Callable[[object], None] | None = None
        self.unmarked: Slots | None = None
        self._slots = Slots(limit)
        self._last_of_chat: dict[Hashable, asyncio.Future[None]] = {}
        self._running = 0
        self._stopping = False
        self._waiting: set[asyncio.Task] = set()   # updates waiting for their chat's turn or a slot
        self._handling: set[asyncio.Task] = set()  # updates being handled

    @property
    def running(self) -> int:
        """Updates being handled right now (PTB's own count includes those waiting for their turn)."""
        return self._running

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        if self._stopping:
            _discard(coroutine)  # stopping: the update stays unhandled in the journal, for the next instance
            return
        key = chat_key(update)
        urgent = isinstance(update, Update) and update.callback_query is not None  # 15 s to answer a press
        previous, mine = None, None
        if key is not None:  # claim the chat's next place now, before the first await: arrival order
            previous = self._last_of_chat.get(key)
            mine = self._last_of_chat[key] = asyncio.get_running_loop().create_future()
        task = asyncio.current_task()
        try:
            self._waiting.add(task)
            try:
                if previous is not None:
                    await asyncio.wait([previous])  # the previous update's outcome is not ours to raise
                if self.unmarked is not None and isinstance(update, Update):
                    await self.unmarked.acquire(urgent)
                await self._slots.acquire(urgent)
            except asyncio.CancelledError:
                _discard(coroutine)  # shut down while waiting: the update stays unhandled in the journal
                raise
            finally:
                self._waiting.discard(task)
            self._handling.add(task)
            try:
                await self._run(update, coroutine)
            finally:
                self._handling.discard(task)
        finally:
            if mine is not None:
                mine.set_result(None)
                if self._last_of_chat.get(key) is mine:
                    del self._last_of_chat[key]

    async def _run(self, update: object, coroutine: Awaitable[Any]) -> None:
        self._running += 1
        slot = HeldSlot(self._slots, self.unmarked if isinstance(update, Update) else None)
        user = update.effective_user if isinstance(update, Update) else None
        markers = HANDLING_UPDATE.set(True), _SLOT.set(slot), ANSWERING.set(user.id if user else None)
        cut_off = False
        try:
            await coroutine
        except asyncio.CancelledError:
            cut_off = True  # stopped half-way: it counts as in flight and is handled again after a restart
            raise
        finally:
            HANDLING_UPDATE.reset(markers[0])
            _SLOT.reset(markers[1])
            ANSWERING.reset(markers[2])
            self._running -= 1
            slot.release()
            if self.on_done is not None and not cut_off:
                self.on_done(update)  # failures too: an update that always fails must not come back forever

    async def stop_taking(self, grace: float) -> None:
        """A clean stop: no update begins any more, those waiting for their turn are dropped (they stay
        unhandled in the journal, for whichever instance handles updates next), and those being handled get
        ``grace`` seconds to finish before they are cut off (and come back the same way). PTB's own stop would
        work through the whole backlog meanwhile, and a standby taking over would answer it a second time."""
        self._stopping = True
        for task in self._waiting:
            task.cancel()
        if self._handling:
            _, late = await asyncio.wait(self._handling, timeout=grace)
            for task in late:
                task.cancel()
        left = self._waiting | self._handling
        if left:
            await asyncio.wait(left)

    async def initialize(self) -> None:
        """Nothing to set up: slots and chat order live in memory."""

    async def shutdown(self) -> None:
        """Nothing to free; PTB waits for running updates before calling this."""


def _discard(coroutine: Awaitable[Any]) -> None:
    """Close a coroutine that will never run, so Python does not warn that it was never awaited."""
    close = getattr(coroutine, "close", None)
    if close is not None:
        close()
