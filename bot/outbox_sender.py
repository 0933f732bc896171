"""The one sender that drains the outbox within Telegram's limits.

Each message is claimed (pending → sending, a conditional UPDATE) right before it goes out and recorded
as sent right after Telegram accepts it, each in its own transaction: a message cancelled after its batch
was loaded is never sent, and a crash can only repeat the messages that were in flight (claimed) at that
moment, and loses none. Telegram's overall limit is kept by the bot's rate limiter
(:class:`bot.telegram.limits.TelegramLimits`), the one pacer for replies and the outbox alike, which holds every
send back after a 429 (the sender's own ``per_second`` only spares the database). A 429 that outlasts the
limiter's retries puts the message back as pending; a 403 marks the recipient blocked; a 400 fails the message
with Telegram's reason; network errors are retried with backoff.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter

from bot.i18n import I18n
from bot.telegram.limits import TokenBucket, retry_seconds
from bot.telegram.processing import ANSWERING
from storage.models import OutboxState
from storage.services.outbox import (
    Delivery,
    OutboxButton,
    claim,
    due_deliveries,
    queue_reply,
    record_retry,
    record_sent,
    record_undeliverable,
    requeue_interrupted,
)
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SendLimits:
    """Telegram allows one message a second per private chat (its overall limit is the bot's rate limiter's).

    ``per_second`` is not Telegram's limit but the database's: every send is two short write transactions
    (claim, outcome), and unpaced (``TELEGRAM_MESSAGES_PER_SECOND=0``) a broadcast would otherwise take
    SQLite's one writer from everything else, the lease renewal included.
    """

    per_second: float = 28.0
    per_chat_interval: float = 1.0
    max_in_flight: int = 32
    batch: int = 200
    max_attempts: int = 8
    max_backoff: timedelta = timedelta(minutes=10)


class OutboxSender:
    def __init__(self, bot: Bot, session_factory: async_sessionmaker[AsyncSession], i18n: I18n,
                 clock: Callable[[], datetime], limits: SendLimits = SendLimits(),
                 may_send: Callable[[], bool] = lambda: True) -> None:
        self.bot = bot
        self.may_send = may_send  # False once this instance is no longer the active one: not one more message
        self.stopped = False
        self.session_factory = session_factory
        self.i18n = i18n
        self.clock = clock
        self.limits = limits
        self.starts = TokenBucket(limits.per_second, 1, time.monotonic())  # sends started, for the database
        self.last_sent_to: dict[int, float] = {}  # chat id -> monotonic time of the last send
        self.in_flight: set[int] = set()          # chat ids with a send under way
        self.draining = asyncio.Lock()             # one drain at a time, or two could pick the same message
        self.requeued = False                      # claims left by an earlier sender are released once, first

    def unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(self.session_factory, self.clock)

    async def drain(self, max_seconds: float = 10.0) -> bool:
        """Send what is due for up to ``max_seconds``; return whether due messages remain.

        The time slice keeps a shutdown from waiting for a whole broadcast: the job simply runs again.
        """
        async with self.draining:
            if not self.requeued:
                async with self.unit_of_work() as uow:
                    await requeue_interrupted(uow)
                self.requeued = True
            return await self._drain(max_seconds)

    async def take_over_reply(self, endpoint: str, data: dict[str, Any]) -> dict[str, Any] | None:
        """The rate limiter's ``when_retries_run_out``: a reply Telegram kept refusing (429) is queued here, to
        go out when Telegram lets the bot send again, rather than lost. Returns the answer the replying screen
        sees (a message without an id: it is not sent yet), or None when the chat is neither a linked employee's
        nor that of the person whose update is being answered (see :func:`queue_reply`)."""
        chat_id, text = data.get("chat_id"), data.get("text")
        if not isinstance(chat_id, int) or not isinstance(text, str):
            return None
        async with self.unit_of_work() as uow:
            if not await queue_reply(uow, chat_id, text, _buttons(data.get("reply_markup")),
                                     answering=ANSWERING.get()):
                return None
        return {"message_id": 0, "date": int(self.clock().timestamp()), "chat": {"id": chat_id, "type": "private"},
                "text": text}

    def stop(self) -> None:
        """Claim nothing more (a clean stop); messages already sent to Telegram still get their outcome."""
        self.stopped = True

    async def finish(self, grace: float) -> None:
        """Wait up to ``grace`` seconds for the sends in flight; a send cut off stays claimed, and the next
        sender sends it again (it may arrive twice: only these can)."""
        try:
            async with asyncio.timeout(grace), self.draining:
                pass
        except TimeoutError:
            log.warning("outbox sends still in flight after %.0f s; the next sender repeats them", grace)

    def _sending(self) -> bool:
        return not self.stopped and self.may_send()

    async def _drain(self, max_seconds: float) -> bool:
        deadline = time.monotonic() + max_seconds
        slots = asyncio.Semaphore(self.limits.max_in_flight)
        tasks: set[asyncio.Task] = set()
        try:
            while time.monotonic() < deadline:
                if not self._sending():
                    return False
                resting = self._resting_chats()
                async with self.unit_of_work() as uow:
                    batch = await due_deliveries(uow, self.limits.batch, resting)
                if not batch:
                    if not tasks and not resting:  # the same set the query skipped: nothing due was left out
                        return False
                    await asyncio.sleep(0.05)  # wait for in-flight sends or resting chats
                    continue
                for delivery in batch:
                    if time.monotonic() >= deadline or not self._sending():
                        break
                    if delivery.chat_id in self._resting_chats():
                        continue  # a second message for the same chat: next round, in order
                    if delivery.chat_id is None or delivery.blocked or delivery.expired(self.clock()):
                        await self._deliver(delivery)  # decided without Telegram: no pacing needed
                        continue
                    while wait := self.starts.take(time.monotonic()):
                        await asyncio.sleep(wait)
                    await slots.acquire()
                    self.in_flight.add(delivery.chat_id)
                    task = asyncio.create_task(self._deliver(delivery))
                    tasks.add(task)
                    task.add_done_callback(lambda done, chat=delivery.chat_id: self._finished(done, chat, slots, tasks))
            return True
        finally:
            if tasks:
                await asyncio.gather(*tasks, return_exceptions=True)

    def _resting_chats(self) -> set[int]:
        now = time.monotonic()
        resting = {chat for chat, at in self.last_sent_to.items() if now - at < self.limits.per_chat_interval}
        for chat in set(self.last_sent_to) - resting:
            del self.last_sent_to[chat]
        return resting | self.in_flight

    def _finished(self, task: asyncio.Task, chat_id: int, slots: asyncio.Semaphore, tasks: set) -> None:
        slots.release()
        tasks.discard(task)
        self.in_flight.discard(chat_id)
        self.last_sent_to[chat_id] = time.monotonic()
        if not task.cancelled() and task.exception() is not None:
            log.error("outbox delivery crashed", exc_info=task.exception())

    async def _deliver(self, delivery: Delivery) -> None:
        if not self._sending():
            return  # stopped, or the lease is lost, while this one waited for its turn
        async with self.unit_of_work() as uow:
            if not await claim(uow, delivery):
                return  # cancelled (or taken) since the batch was loaded: never sent
        if delivery.expired(self.clock()):
            return await self._record(record_undeliverable, delivery, OutboxState.EXPIRED, count_attempt=False)
        if delivery.chat_id is None:
            return await self._record(record_undeliverable, delivery, OutboxState.UNLINKED, count_attempt=False)
        if delivery.blocked:
            return await self._record(record_undeliverable, delivery, OutboxState.BLOCKED, count_attempt=False)
        try:
            message = await self._send(delivery)
        except RetryAfter as error:
            seconds = retry_seconds(error)
            log.warning("Telegram asked to slow down for %.0f s", seconds)
            # due again at once: the bot's rate limiter holds every send back for retry_after
            await self._record(record_retry, delivery, None, self.clock(), count_attempt=False)
        except Forbidden as error:
            await self._record(record_undeliverable, delivery, OutboxState.BLOCKED, error.message)
        except BadRequest as error:
            await self._record(record_undeliverable, delivery, OutboxState.FAILED, error.message)
        except NetworkError as error:  # includes TimedOut
            await self._retry_later(delivery, error)
        else:
            file_id = message.document.file_id if message.document else None
            await self._record(record_sent, delivery, message.message_id, file_id)

    async def _send(self, delivery: Delivery) -> Message:
        _ = self.i18n.translator(delivery.language)
        text = _.html(delivery.template, now=self.clock(), **delivery.params) if delivery.template else delivery.text
        markup = InlineKeyboardMarkup([[InlineKeyboardButton(_(button["label"]), callback_data=button.get(
            "callback_data"), url=button.get("url")) for button in row] for row in delivery.buttons]) \
            if delivery.buttons else None
        if delivery.attachment is None:
            return await self.bot.send_message(delivery.chat_id, text, parse_mode=ParseMode.HTML, reply_markup=markup)
        attachment = delivery.attachment
        document = attachment.telegram_file_id or InputFile(attachment.content, filename=attachment.filename)
        return await self.bot.send_document(delivery.chat_id, document, caption=text, parse_mode=ParseMode.HTML,
                                            reply_markup=markup)

    async def _retry_later(self, delivery: Delivery, error: NetworkError) -> None:
        if delivery.attempts + 1 >= self.limits.max_attempts:
            return await self._record(record_undeliverable, delivery, OutboxState.FAILED, str(error))
        backoff = min(timedelta(seconds=2 ** (delivery.attempts + 1)), self.limits.max_backoff)
        await self._record(record_retry, delivery, str(error), self.clock() + backoff)

    async def _record(self, recorder, delivery: Delivery, *args, **kwargs) -> None:
        async with self.unit_of_work() as uow:
            await recorder(uow, delivery, *args, **kwargs)


def _buttons(markup: InlineKeyboardMarkup | dict[str, Any] | None) -> list[list[OutboxButton]] | None:
    """A reply's inline keyboard (PTB's object or its JSON form) as outbox buttons."""
    if markup is None:
        return None
    rows = (markup.to_dict() if isinstance(markup, InlineKeyboardMarkup) else markup).get("inline_keyboard", [])
    return [[OutboxButton(button["text"], button.get("callback_data"), button.get("url")) for button in row]
            for row in rows] or None

