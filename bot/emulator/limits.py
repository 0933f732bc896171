"""Flood limits in the shape Telegram applies them to sending methods.

Telegram answers 429 with ``retry_after`` when a bot sends faster than about one
message per second per chat (tolerating short bursts), 30 per second overall and
20 per minute into one group. Token buckets model exactly that tolerance.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["RateLimiter", "RateLimits"]


@dataclass(frozen=True)
class RateLimits:
    global_per_second: float = 30.0
    per_chat_per_second: float = 1.0
    per_chat_burst: int = 3
    group_per_minute: int = 20


class _Bucket:
    def __init__(self, capacity: float, rate: float, now: float) -> None:
        self.capacity = max(1.0, capacity)  # below one token nothing could ever be sent
        self.rate = rate  # tokens per second
        self.tokens = self.capacity
        self.stamp = now

    def wait_time(self, now: float) -> float:
        """Seconds until one token is available (0 if one is available now)."""
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate


class RateLimiter:
    def __init__(self, limits: RateLimits, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self._clock = clock
        self._global = _Bucket(limits.global_per_second, limits.global_per_second, clock())
        self._chats: dict[int, _Bucket] = {}
        self._groups: dict[int, _Bucket] = {}

    def acquire(self, chat_id: int) -> int | None:
        """Take a send slot for ``chat_id``; return None, or retry_after seconds if over limit.

        Nothing is consumed when refused, like Telegram (a refused request is not performed).
        """
        now = self._clock()
        limits = self.limits
        buckets = [
            self._global,
            _lookup(self._chats, chat_id, limits.per_chat_burst, limits.per_chat_per_second, now),
        ]
        if chat_id < 0:
            per_minute = limits.group_per_minute
            buckets.append(_lookup(self._groups, chat_id, per_minute, per_minute / 60, now))
        wait = max(bucket.wait_time(now) for bucket in buckets)
        if wait > 0:
            return max(1, math.ceil(wait))
        for bucket in buckets:
            bucket.tokens -= 1
        return None


def _lookup(
    table: dict[int, _Bucket], chat_id: int, capacity: float, rate: float, now: float
) -> _Bucket:
    if chat_id not in table:
        table[chat_id] = _Bucket(capacity, rate, now)
    return table[chat_id]
