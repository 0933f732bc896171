"""The bot token never leaves the process: ``asnbot run`` as a real process while Telegram is unreachable
(connecting times out, and aiohttp quotes the whole URL, token included), then every output is searched."""

import asyncio
import io
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
from openpyxl import load_workbook
from sqlalchemy import select

from bot.emulator import BotApiEmulator
from storage.models import OutboxMessage, OutboxState
from storage.models.base import Base
from storage.redaction import MASK
from storage.services import broadcasts
from storage.services.audience import Audience
from tests.e2e.outage import Outage
from tests.e2e.test_resilience import free_port, stop, until
from tests.factories import add_linked_employees

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456:FAKE-TEST-TOKEN-not-a-real-bot-secret"  # fake; shaped like a token so the scrubber must catch it
SECRET = TOKEN.split(":")[1]


def bot_environment(base_url: str, database_url: str) -> dict[str, str]:
    return {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": base_url,
            "DATABASE_URL": database_url, "BOT_LEASE_SECONDS": "2", "TELEGRAM_MESSAGES_PER_SECOND": "0"}


async def asnbot(environment: dict[str, str], output: Path, *args: str) -> asyncio.subprocess.Process:
    """``asnbot ARGS`` with stdout and stderr in ``output``.out and ``output``.err."""
    with output.with_suffix(".out").open("ab") as out, output.with_suffix(".err").open("ab") as err:
        return await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", *args, cwd=ROOT, env=environment,
                                                    stdout=out, stderr=err)


async def announcement(uow, broadcast_id: int) -> OutboxMessage:
    async with uow:
        return await uow.session.scalar(select(OutboxMessage).where(
            OutboxMessage.reference == broadcasts.reference(broadcast_id)))


async def everything_stored(uow) -> str:
    """Every column of every row of every table, as text."""
    async with uow:
        rows = [row for table in Base.metadata.sorted_tables for row in await uow.session.execute(table.select())]
    return "\n".join(repr(tuple(row)) for row in rows)


def spreadsheet_text(path: Path) -> str:
    workbook = load_workbook(io.BytesIO(path.read_bytes()))
    return "\n".join(repr(row) for sheet in workbook for row in sheet.iter_rows(values_only=True))


async def test_the_token_reaches_no_log_database_report_or_health(uow, database_url, tmp_path):
    await add_linked_employees(uow, 1)
    async with BotApiEmulator(token=TOKEN) as emulator, Outage(urlsplit(emulator.base_url).port) as network:
        recipient = emulator.user(10_000)
        environment = bot_environment(network.base_url, database_url)
        health_port = free_port()
        bot = await asnbot(environment, tmp_path / "bot", "run", "--listen", f"127.0.0.1:{health_port}")
        try:
            await until(lambda: emulator.api.feed.polling, 30, "the bot to poll")
            network.cut()
            async with uow:
                broadcast = await broadcasts.publish(uow, author=None, parts=["Apel pagi besok pukul 07.30"],
                                                     audience=Audience(), ask_acknowledgement=False, actor="test")
            starting = await asnbot(environment, tmp_path / "starting", "run")  # meets the outage at getMe

            for _ in range(200):
                failing = await announcement(uow, broadcast.id)
                if failing.last_error:
                    break
                await asyncio.sleep(0.1)
            assert failing.state == OutboxState.PENDING and "Connection timeout" in failing.last_error
            assert MASK in failing.last_error  # the URL was quoted, its token masked
            assert await asyncio.wait_for(starting.wait(), 20) == 1

            async with aiohttp.ClientSession() as http, http.get(f"http://127.0.0.1:{health_port}/healthz") as health:
                health_text = await health.text()
            report = tmp_path / "pengumuman.xlsx"
            reporting = await asnbot(environment, tmp_path / "report", "report", "broadcast", str(broadcast.id),
                                     "--out", str(report))
            assert await asyncio.wait_for(reporting.wait(), 30) == 0
            stored_while_failing = await everything_stored(uow)

            network.restore()
            for _ in range(200):
                sent = await announcement(uow, broadcast.id)
                if sent.state == OutboxState.SENT:
                    break
                await asyncio.sleep(0.1)
            assert sent.state == OutboxState.SENT and sent.last_error is None  # cleared by the success
        finally:
            assert await stop(bot) == 0

    outputs = {path.name: path.read_text(errors="replace") for path in tmp_path.glob("*.out")}
    outputs |= {path.name: path.read_text(errors="replace") for path in tmp_path.glob("*.err")}
    assert "Connection timeout" in outputs["starting.err"]  # the start-up traceback quoting the URL
    assert "Connection timeout" in stored_while_failing and "Connection timeout" in spreadsheet_text(report)
    outputs |= {"health": health_text, "database while failing": stored_while_failing,
                "database at the end": await everything_stored(uow), "report": spreadsheet_text(report)}
    assert len(outputs) == 10
    assert any("Apel pagi" in message.text for message in recipient.messages)
    for name, text in outputs.items():
        assert SECRET not in text, f"the token leaked into {name}"
