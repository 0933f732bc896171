"""The state of a running bot at a glance, for operators and load balancers (``/healthz``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.uow import UnitOfWork


@dataclass(frozen=True)
class Health:
    last_update_at: datetime | None  # when the newest update arrived from Telegram
    unhandled_updates: int           # received but not handled yet
    outbox_backlog: int              # messages due but not sent yet
    quarantined_updates: int         # received but unreadable (see bot.telegram.intake): worth a look


async def health(uow: UnitOfWork) -> Health:
    return Health(await uow.updates.last_received_at(), await uow.updates.count_unhandled(),
                  await uow.outbox.count_due(uow.clock()), await uow.updates.count_quarantined())
