"""Keeping every message the bot sends within Telegram's flood limits, so a busy minute loses no reply.

Telegram answers 429 when a bot sends more than about thirty messages a second overall (or about one a
second into one chat); an unhandled 429 is a reply the person never gets. This PTB rate limiter spaces
message-sending calls to stay under the overall limit and, should Telegram still say 429, waits as told
and tries again. Replies to someone who is waiting (calls made while handling an update) go before
background sends such as the outbox. Other calls, answering a button press above all, are never held back.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import time
import warnings
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

from bot.telegram.processing import HANDLING_UPDATE, slot_lent_out

log = logging.getLogger(__name__)

_BEFORE_EACH_CALL: contextvars.ContextVar[Callable[[], Awaitable[None]] | None] = contextvars.ContextVar(
    "before_each_bot_api_call", default=None)

MESSAGE_METHODS = frozenset({
    "sendMessage", "sendDocument", "sendPhoto", "sendAudio", "sendVideo", "sendAnimation", "sendVoice",
    "sendVideoNote", "sendMediaGroup", "sendLocation", "sendVenue", "sendContact", "sendPoll", "sendDice",
    "sendSticker", "copyMessage", "copyMessages", "forwardMessage", "forwardMessages", "editMessageText",
    "editMessageCaption", "editMessageMedia", "editMessageReplyMarkup",
})


@contextlib.asynccontextmanager
async def before_each_call(hook: Callable[[], Awaitable[None]]) -> AsyncIterator[None]:
    """Await ``hook`` before every Bot API call made inside this block (tasks it starts included), e.g. so
    that a screen gives its database connection back while it waits for Telegram. The screen decorator sets
    it (:func:`handlers.screen.screen`); transport only calls it and knows nothing of databases."""
    token = _BEFORE_EACH_CALL.set(hook)
    try:
        yield
    finally:
        _BEFORE_EACH_CALL.reset(token)


class Pace:
    """Evenly spaced turns at ``per_second`` overall; urgent callers are served first. 0 means unpaced."""

    def __init__(self, per_second: float, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.gap = 1.0 / per_second if per_second else 0.0
        self.monotonic = monotonic
        self.next_turn = 0.0
        self._urgent: deque[asyncio.Future[None]] = deque()
        self._normal: deque[asyncio.Future[None]] = deque()
        self._dispatcher: asyncio.Task | None = None

    async def turn(self, urgent: bool) -> None:
        now = self.monotonic()
        if not self._urgent and not self._normal and now >= self.next_turn:
            self.next_turn = now + self.gap
            return
        waiter = asyncio.get_running_loop().create_future()
        (self._urgent if urgent else self._normal).append(waiter)
        if self._dispatcher is None or self._dispatcher.done():
            self._dispatcher = asyncio.create_task(self._dispatch())
        await waiter

    def busy(self) -> bool:
        """Whether a turn asked for now would have to wait."""
        now = self.monotonic()
        return bool(self._urgent or self._normal) or now < self.next_turn

    async def _dispatch(self) -> None:
        while self._urgent or self._normal:
            wait = self.next_turn - self.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
                continue
            queue = self._urgent if self._urgent else self._normal
            waiter = queue.popleft()
            if not waiter.done():  # a caller that gave up (cancelled) does not use a turn
                waiter.set_result(None)
                self.next_turn = self.monotonic() + self.gap


class TelegramLimits(BaseRateLimiter[None]):
    """PTB rate limiter: overall pacing for messages, and patience when Telegram says 429.

    One chat is not paced ahead of time: its updates are handled one after the other, so a person cannot
    make the bot exceed a message a second for long, and a short burst (a reply and a file) is tolerated.
    """

    def __init__(self, per_second: float = 30.0, *, max_retries: int = 5,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.pace = Pace(per_second * 0.95, monotonic)  # a little headroom for clock and network jitter
        self.max_retries = max_retries

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to free."""

    async def process_request(self, callback: Callable[..., Coroutine[Any, Any, Any]], args: Any,
                              kwargs: dict[str, Any], endpoint: str, data: dict[str, Any],
                              rate_limit_args: None) -> Any:
        paced = endpoint in MESSAGE_METHODS
        urgent = HANDLING_UPDATE.get()
        hook = _BEFORE_EACH_CALL.get()
        if hook is not None:
            await hook()
        for attempt in range(self.max_retries + 1):
            if paced and self.pace.busy():
                async with slot_lent_out():
                    await self.pace.turn(urgent)
            elif paced:
                await self.pace.turn(urgent)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                if attempt == self.max_retries:
                    raise
                seconds = retry_seconds(error)
                log.warning("Telegram asked to wait %.0f s (%s); waiting, then trying again", seconds, endpoint)
                async with slot_lent_out():
                    await asyncio.sleep(seconds)
        raise AssertionError("unreachable")


def retry_seconds(error: RetryAfter) -> float:
    """``retry_after`` is an int or a timedelta depending on PTB's PTB_TIMEDELTA switch; accept both quietly."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
