"""The journal of updates received from Telegram: nothing fetched is lost when the process dies.

An update is written here before Telegram is told it arrived (the next getUpdates offset, or the 200
answer to a webhook request) and marked handled once the bot has dealt with it. At start-up whatever
is still unhandled is handled again: only the updates that were being handled at the moment of the
crash can be answered twice.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import timedelta
from typing import Any

from storage.uow import UnitOfWork

KEEP_HANDLED = timedelta(days=2)  # Telegram re-sends an unconfirmed update for up to a day


async def record(uow: UnitOfWork, payloads: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Write ``payloads`` durably (committed) and return those not received before, in their order."""
    if not payloads:
        return []
    new = await uow.updates.add_new(payloads, uow.clock())
    await uow.commit()
    return [payload for payload in payloads if payload["update_id"] in new]


async def mark_handled(uow: UnitOfWork, update_ids: Collection[int]) -> None:
    if update_ids:
        await uow.updates.mark_handled(update_ids, uow.clock())
        await uow.commit()


async def quarantine(uow: UnitOfWork, update_ids: Collection[int]) -> None:
    """Set aside updates that can no longer be read, so that they stop every start from getting further."""
    if update_ids:
        await uow.updates.quarantine(update_ids, uow.clock())
        await uow.commit()


async def unhandled(uow: UnitOfWork) -> list[dict[str, Any]]:
    """Updates received but not handled (the process stopped meanwhile), oldest first."""
    return await uow.updates.unhandled()


async def purge(uow: UnitOfWork) -> int:
    """Forget handled updates once Telegram can no longer send them again."""
    removed = await uow.updates.purge_handled_before(uow.clock() - KEEP_HANDLED)
    await uow.commit()
    return removed
