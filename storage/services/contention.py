"""Running a short write transaction that may lose a race for a lock, with bounded retries.

SQLite answers "database is locked" when its busy timeout runs out; PostgreSQL may abort a transaction
with a serialization failure or a deadlock. Both mean "try again", so the change is redone from the
start a few times before giving up. Any other failure, and any :class:`Problem`, rolls back at once, so
no lock outlives the attempt (the caller may go on to send Telegram messages).
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from typing import TypeVar

from storage.db import is_contention
from storage.uow import UnitOfWork

T = TypeVar("T")
ATTEMPTS = 5


async def with_retries(uow: UnitOfWork, attempt: Callable[[], Awaitable[T]], attempts: int = ATTEMPTS) -> T:
    """Run ``attempt`` (which commits) until it succeeds, at most ``attempts`` times.

    A rollback expires every object the session loaded, so ``attempt`` must load what it needs itself.
    """
    for number in range(1, attempts):
        try:
            return await _rolled_back_on_failure(uow, attempt)
        except Exception as error:
            if not is_contention(error):
                raise
        await asyncio.sleep(random.uniform(0, 0.02 * 2 ** number))  # spread the competitors out
    return await _rolled_back_on_failure(uow, attempt)


async def _rolled_back_on_failure(uow: UnitOfWork, attempt: Callable[[], Awaitable[T]]) -> T:
    try:
        return await attempt()
    except BaseException:
        await uow.rollback()
        raise
