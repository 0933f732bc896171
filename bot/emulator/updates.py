"""The pending-update queue behind getUpdates.

Mirrors Telegram's contract: an update stays pending until a later getUpdates
call passes an ``offset`` above its id; long polls return as soon as something
arrives; a newer getUpdates call terminates an older one with 409 Conflict.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any, Literal

from .models import ApiError

__all__ = ["UpdateFeed"]

# Update types Telegram withholds unless they are listed in allowed_updates.
_OPT_IN_TYPES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_WakeReason = Literal["updates", "conflict", "closed", "timeout"]
Update = dict[str, Any]


def _update_type(update: Update) -> str:
    return next(key for key in update if key != "update_id")


class UpdateFeed:
    def __init__(self) -> None:
        self._pending: list[Update] = []
        self._next_id = 1
        self._allowed: frozenset[str] | None = None
        self._waiter: asyncio.Future[_WakeReason] | None = None
        self._closed = False
        self.confirmed = 0  # highest update_id confirmed through an offset
        self.fetched = 0  # highest update_id returned by getUpdates

    @property
    def pending_count(self) -> int:
        return len(self._pending)

    @property
    def polling(self) -> bool:
        """True while a long poll is waiting for updates."""
        return self._waiter is not None and not self._waiter.done()

    @property
    def all_fetched(self) -> bool:
        """True once every pending update has been returned by getUpdates at least once."""
        return all(update["update_id"] <= self.fetched for update in self._pending)

    def inject(self, update: Update) -> int:
        update_id = int(update.setdefault("update_id", self._next_id))
        self._next_id = max(self._next_id, update_id + 1)
        self._pending.append(update)
        self._wake("updates")
        return update_id

    def pending_updates(self) -> list[Update]:
        return list(self._pending)

    def delivered(self, update_id: int) -> None:
        """A webhook accepted the update: Telegram forgets it."""
        self._pending = [update for update in self._pending if update["update_id"] != update_id]
        self.fetched = max(self.fetched, update_id)
        self.confirmed = max(self.confirmed, update_id)

    def drop_pending(self) -> None:
        """deleteWebhook/setWebhook with drop_pending_updates=True."""
        if self._pending:
            self.confirmed = max(self.confirmed, self._pending[-1]["update_id"])
            self.fetched = max(self.fetched, self.confirmed)
        self._pending.clear()

    def close(self) -> None:
        """Release waiting and future long polls so the server can shut down promptly."""
        self._closed = True
        self._wake("closed")

    async def get_updates(
        self, offset: int | None, limit: int, timeout: float, allowed: Sequence[str] | None
    ) -> list[Update]:
        self._wake("conflict")
        if allowed is not None:
            self._allowed = frozenset(allowed) or None
        self._confirm(offset)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            batch = self._take(limit)
            remaining = deadline - loop.time()
            if batch or remaining <= 0 or self._closed:
                return batch
            reason = await self._wait(remaining)
            if reason == "conflict":
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; "
                    "make sure that only one bot instance is running",
                )
            if reason == "closed":
                return []

    def _confirm(self, offset: int | None) -> None:
        if offset is None or offset == 0:
            return
        if offset < 0:  # Telegram: keep only the last -offset updates
            dropped, self._pending = self._pending[:offset], self._pending[offset:]
            if dropped:
                self.confirmed = max(self.confirmed, dropped[-1]["update_id"])
            return
        self._pending = [u for u in self._pending if u["update_id"] >= offset]
        self.confirmed = max(self.confirmed, offset - 1)

    def _take(self, limit: int) -> list[Update]:
        """Return up to ``limit`` deliverable updates; silently drop filtered-out types."""
        allowed = self._allowed
        self._pending = [
            update
            for update in self._pending
            if (allowed is not None and _update_type(update) in allowed)
            or (allowed is None and _update_type(update) not in _OPT_IN_TYPES)
        ]
        batch = self._pending[:limit]
        if batch:
            self.fetched = max(self.fetched, batch[-1]["update_id"])
        return batch

    async def _wait(self, timeout: float) -> _WakeReason:
        waiter: asyncio.Future[_WakeReason] = asyncio.get_running_loop().create_future()
        self._waiter = waiter
        try:
            await asyncio.wait({waiter}, timeout=timeout)
        finally:
            if self._waiter is waiter:
                self._waiter = None
        return waiter.result() if waiter.done() else "timeout"

    def _wake(self, reason: _WakeReason) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(reason)
