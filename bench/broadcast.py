"""Benchmark: one announcement to a few thousand people through the outbox sender, against the Bot API
emulator with Telegram's rate limits and a simulated round trip. Prints throughput, 429s, losses, duplicates.
For comparison, a stock PTB bot (default HTTPXRequest) then sends the same text to everyone, 32 at once as
the echo bot's best setting, without pacing: what Telegram's limits do to it is the point.

    .venv/bin/python bench/broadcast.py --recipients 2000 --rate 28 --latency 0.1
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from telegram import Bot
from telegram.ext import ExtBot
from telegram.error import TelegramError
from telegram.request import HTTPXRequest

from bot.emulator import BotApiEmulator, RateLimits
from bot.i18n import I18n
from bot.outbox_sender import OutboxSender, SendLimits
from bot.telegram.limits import HEADROOM, TelegramLimits
from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade
from storage.models import Employee, OutboxMessage, TelegramAccount
from storage.services import broadcasts
from storage.services.audience import Audience
from storage.uow import UnitOfWork

TOKEN = "123456:BENCHMARK-TOKEN-FOR-THE-EMULATOR"


def now() -> datetime:
    return datetime.now(UTC)


async def seed(uow: UnitOfWork, count: int) -> None:
    async with uow:
        stamp = now()
        people = [Employee(nip=f"19800101200501{1 + i // 1000}{i % 1000:03d}", name=f"Pegawai {i}", kind="PNS",
                           active=True, created_at=stamp, updated_at=stamp, roles=[]) for i in range(count)]
        uow.session.add_all(people)
        await uow.session.flush()
        uow.session.add_all(TelegramAccount(telegram_user_id=100_000 + i, chat_id=100_000 + i, employee_id=p.id,
                                            linked_at=stamp, created_at=stamp) for i, p in enumerate(people))
        await uow.commit()


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(f"sqlite+aiosqlite:///{folder}/bench.db")
        await upgrade(engine)
        uow = UnitOfWork(create_session_factory(engine), now)
        await seed(uow, args.recipients)
        async with BotApiEmulator(token=TOKEN, rate_limits=RateLimits(), latency=args.latency) as emulator:
            for index in range(args.recipients):
                emulator.user(100_000 + index)
            started = time.perf_counter()
            async with uow:
                await broadcasts.publish(uow, author=None, parts=["<b>Pengumuman</b>: apel pagi pukul 07.30."],
                                         audience=Audience(), ask_acknowledgement=True, actor="bench")
            queued = time.perf_counter() - started
            async with ExtBot(TOKEN, base_url=emulator.base_url, request=HTTPXRequest(connection_pool_size=64),
                              rate_limiter=TelegramLimits(args.rate)) as bot:  # the bot's one pacer, as in the app
                sender = OutboxSender(bot, create_session_factory(engine), I18n(ZoneInfo("Asia/Jakarta"), "id"),
                                      now, SendLimits(per_second=args.rate))
                started = time.perf_counter()
                while await sender.drain():
                    pass
                elapsed = time.perf_counter() - started
            delivered = Counter(message.chat_id for message in emulator.sent)
            rejected = sum(1 for call in emulator.calls if call.outcome == 429)
            sent = len(emulator.sent)
            async with uow:
                states = Counter(await uow.session.scalars(select(OutboxMessage.state)))
            await asyncio.sleep(2)  # let the limits refill
            stock = await stock_broadcast(emulator, args.recipients)
        await engine.dispose()
    rate = sent / elapsed
    print(f"recipients            {args.recipients}")
    print(f"queueing (1 commit)   {queued:.2f} s")
    print(f"sending               {elapsed:.1f} s  ({args.latency * 1000:.0f} ms round trip)")
    paced = args.rate * HEADROOM
    print(f"throughput            {rate:.1f} messages/s = {100 * rate / paced:.0f}% of the {paced:.1f}/s the pacer "
          f"allows itself ({100 * HEADROOM:.0f}% of the configured {args.rate:g}/s; Telegram allows ~30/s)")
    print(f"429 answers           {rejected}")
    print(f"lost                  {args.recipients - len(delivered)}")
    print(f"duplicates            {sum(count - 1 for count in delivered.values())}")
    print(f"outbox states         {dict(states)}")
    stock_delivered, stock_seconds, stock_rejected = stock
    print(f"stock PTB, 32 at once {stock_delivered} of {args.recipients} delivered in {stock_seconds:.1f} s, "
          f"{stock_rejected} refused with 429 and lost")
    print(f"ratio                 {len(delivered) / max(stock_delivered, 1):.2f}x the people reached")


async def stock_broadcast(emulator: BotApiEmulator, recipients: int) -> tuple[int, float, int]:
    """What a minimal PTB bot does: send to everyone concurrently, no pacing, no retry."""
    sent_before, calls_before = len(emulator.sent), len(emulator.calls)
    slots = asyncio.Semaphore(32)

    async def send(bot: Bot, chat_id: int) -> None:
        async with slots:
            with contextlib.suppress(TelegramError):
                await bot.send_message(chat_id, "<b>Pengumuman</b>: apel pagi pukul 07.30.", parse_mode="HTML")

    async with Bot(TOKEN, base_url=emulator.base_url) as bot:
        started = time.perf_counter()
        await asyncio.gather(*(send(bot, 100_000 + index) for index in range(recipients)))
        elapsed = time.perf_counter() - started
    rejected = sum(1 for call in emulator.calls[calls_before:] if call.outcome == 429)
    return len(emulator.sent) - sent_before, elapsed, rejected


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--recipients", type=int, default=2000)
    parser.add_argument("--rate", type=float, default=28.0, help="the bot's pace (TELEGRAM_MESSAGES_PER_SECOND)")
    parser.add_argument("--latency", type=float, default=0.1, help="simulated Telegram round trip in seconds")
    asyncio.run(main(parser.parse_args()))
