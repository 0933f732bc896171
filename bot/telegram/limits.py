"""Keeping every message the bot sends within Telegram's flood limits, so a busy minute loses no reply.

Telegram answers 429 when a bot sends more than about thirty messages a second overall (or about one a
second into one chat); an unhandled 429 is a reply the person never gets. This PTB rate limiter is the
one pacer of the process: message-sending calls, replies and the outbox's sends alike, spend one token
bucket kept under the overall limit and, should Telegram still say 429, everyone waits as told and the call
is tried again. Replies to someone who is waiting (calls made while handling an update) go before background
sends such as the outbox. Other calls, answering a button press above all, are never held back. A reply
that still meets 429 after its retries is handed to ``when_retries_run_out`` (the application queues it
in the durable outbox) instead of being lost.
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


_ROUNDING = 1e-9  # a token refilled over exactly the time asked for is a whole one, float sums aside


class TokenBucket:
    """Telegram's overall budget as tokens: up to ``burst`` messages go at once, then ``rate`` a second.

    Long polling hands over several updates at once; their replies spend the burst instead of queueing
    1/rate apart. The burst is a few messages, not a second's worth: Telegram's window is not documented.
    After a 429 nothing goes until ``retry_after`` has passed, for everyone, and the burst is spent.
    Arithmetic on the times it is given, so it is tested without waiting. ``rate`` 0: no pacing (pauses
    after a 429 still hold).
    """

    def __init__(self, rate: float, burst: int, now: float) -> None:
        self.rate = rate
        self.capacity = float(max(1, burst))
        self.tokens = self.capacity
        self.stamp = now
        self.paused_until = float("-inf")

    def wait(self, now: float) -> float:
        """Seconds until a token is there (0: one is there now); takes nothing."""
        if now < self.paused_until:
            return self.paused_until - now
        if not self.rate:
            return 0.0
        if now > self.stamp:
            self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
            self.stamp = now
        return 0.0 if self.tokens >= 1 - _ROUNDING else (1 - self.tokens) / self.rate

    def take(self, now: float) -> float:
        """Take a token and return 0, or return the seconds until one is there and take nothing."""
        wait = self.wait(now)
        if wait == 0 and self.rate:
            self.tokens = max(0.0, self.tokens - 1)
        return wait

    def pause(self, now: float, seconds: float) -> None:
        """Telegram said 429: nothing before ``now + seconds``; then one message, then the steady rate."""
        self.paused_until = max(self.paused_until, now + seconds)
        self.tokens = min(self.tokens, 1.0)
        self.stamp = max(self.stamp, self.paused_until)


class Pace:
    """Turns from one :class:`TokenBucket`; callers that must wait are served urgent first, each group in
    arrival order. The one pacer of the process: replies and the outbox take their turns here."""

    def __init__(self, bucket: TokenBucket, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.bucket = bucket
        self.monotonic = monotonic
        self._urgent: deque[asyncio.Future[None]] = deque()
        self._normal: deque[asyncio.Future[None]] = deque()
        self._dispatcher: asyncio.Task | None = None

    async def turn(self, urgent: bool) -> None:
        if not self._urgent and not self._normal and self.bucket.take(self.monotonic()) == 0:
            return
        waiter = asyncio.get_running_loop().create_future()
        (self._urgent if urgent else self._normal).append(waiter)
        if self._dispatcher is None or self._dispatcher.done():
            self._dispatcher = asyncio.create_task(self._dispatch())
        await waiter

    def busy(self) -> bool:
        """Whether a turn asked for now would have to wait."""
        return bool(self._urgent or self._normal) or self.bucket.wait(self.monotonic()) > 0

    def pause(self, seconds: float) -> None:
        """Hold every turn back for ``seconds`` (Telegram's ``retry_after``)."""
        self.bucket.pause(self.monotonic(), seconds)

    async def _dispatch(self) -> None:
        while self._urgent or self._normal:
            wait = self.bucket.wait(self.monotonic())
            if wait > 0:
                await asyncio.sleep(wait)
                continue
            queue = self._urgent if self._urgent else self._normal
            waiter = queue.popleft()
            if not waiter.done():  # a caller that gave up (cancelled) does not use a turn
                self.bucket.take(self.monotonic())
                waiter.set_result(None)


GaveUp = Callable[[str, dict[str, Any]], Awaitable[dict[str, Any] | None]]
"""Given a reply's endpoint and parameters once Telegram's 429s outlasted the retries: sends it some other
way and returns Telegram's answer as the caller will see it, or None when it cannot (then the 429 is raised)."""

HEADROOM = 0.95  # the pace kept below the configured rate, for clock and network jitter

DEFERRABLE = frozenset({"sendMessage", "editMessageText"})  # replies that are text and buttons only


class TelegramLimits(BaseRateLimiter[None]):
    """PTB rate limiter: overall pacing for messages, and patience when Telegram says 429.

    One chat is not paced ahead of time: its updates are handled one after the other, so a person cannot
    make the bot exceed a message a second for long, and a short burst (a reply and a file) is tolerated.
    ``burst`` is how many messages may go at once before the steady pace (a batch of one long poll's replies).
    """

    def __init__(self, per_second: float = 30.0, *, burst: int = 8, max_retries: int = 5,
                 monotonic: Callable[[], float] = time.monotonic, when_retries_run_out: GaveUp | None = None) -> None:
        self.pace = Pace(TokenBucket(per_second * HEADROOM, burst, monotonic()), monotonic)
        self.max_retries = max_retries
        self.when_retries_run_out = when_retries_run_out

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
            if paced or attempt:  # a retry waits out the pause after a 429 like everyone else
                if self.pace.busy():
                    async with slot_lent_out():
                        await self.pace.turn(urgent)
                else:
                    await self.pace.turn(urgent)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                seconds = retry_seconds(error)
                self.pace.pause(seconds)
                if attempt == self.max_retries:
                    return await self._gave_up(endpoint, data, urgent, error)
                log.warning("Telegram asked to wait %.0f s (%s); everyone waits, then it is tried again",
                            seconds, endpoint)
        raise AssertionError("unreachable")

    async def _gave_up(self, endpoint: str, data: dict[str, Any], urgent: bool, error: RetryAfter) -> Any:
        """A reply is sent some other way (the outbox) rather than lost; other calls raise the 429."""
        if not urgent or endpoint not in DEFERRABLE or self.when_retries_run_out is None:
            raise error
        try:
            answer = await self.when_retries_run_out(endpoint, data)
        except Exception:
            log.exception("could not queue the reply to chat %s after Telegram's 429s", data.get("chat_id"))
            raise error from None
        if answer is None:
            raise error
        log.warning("Telegram still said 429 after %d tries: the reply to chat %s goes out through the outbox",
                    self.max_retries + 1, data.get("chat_id"))
        return answer


def retry_seconds(error: RetryAfter) -> float:
    """``retry_after`` is an int or a timedelta depending on PTB's PTB_TIMEDELTA switch; accept both quietly."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
