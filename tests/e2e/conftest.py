"""The real application, polling the Bot API emulator over loopback HTTP."""

from __future__ import annotations

import asyncio
import socket
from dataclasses import replace

import pytest

from bot import runner
from bot.application import build_application
from bot.emulator import BotApiEmulator, SentMessage, SimUser
from tests.e2e.way_on import check_reaction
from tests.factories import BUDI, PPPK, SITI, add_employee, link_user, make_hr

TOKEN = "123456:TEST-TOKEN-FOR-THE-EMULATOR-ONLY"

HR_USER = 500


@pytest.fixture
async def hr(uow, emulator):
    """Budi (Kepegawaian, linked as user 500), Siti (PNS) and Sri (PPPK), both not linked yet."""
    await add_employee(uow, BUDI, "Budi Santoso", unit="Subbag Umum dan Kepegawaian")
    await make_hr(uow, BUDI)
    await link_user(uow, BUDI, HR_USER)
    await add_employee(uow, SITI, "Siti Aminah", grade="III/b", position="Kasi Pemerintahan",
                       unit="Seksi Pemerintahan")
    await add_employee(uow, PPPK, "Sri Wahyuni", kind="PPPK", grade="IX", unit="Kelurahan Bagus Kuning")
    return emulator.user(HR_USER)


@pytest.fixture(params=["sqlite"])
def database_url(request, tmp_path) -> str:
    """Handlers are tested on SQLite; the storage tests cover PostgreSQL."""
    return f"sqlite+aiosqlite:///{tmp_path / 'e2e.db'}"


@pytest.fixture(autouse=True)
def every_reply_ends_with_a_way_on(monkeypatch):
    """Each reaction in a private chat is checked (tests/e2e/way_on.py); groups get a pointer, not a menu."""
    react = SimUser._react

    async def checked(self, update, wait):
        replies = await react(self, update, wait)
        check_reaction(replies)
        return replies

    monkeypatch.setattr(SimUser, "_react", checked)


@pytest.fixture
async def emulator():
    async with BotApiEmulator(token=TOKEN, bot_username="asn_karier_bot") as emulator:
        yield emulator


@pytest.fixture
async def app(emulator, engine, settings, clock):
    application = build_application(
        replace(settings, telegram_bot_token=TOKEN, telegram_api_base_url=emulator.base_url), engine, clock=clock)
    for name in ("outbox", "reminders"):  # tests send and plan at moments they choose (deliver_outbox)
        for job in application.job_queue.get_jobs_by_name(name):
            job.schedule_removal()
    async with application:
        await application.post_init(application)  # as run_polling does
        await application.start()
        await application.updater.start_polling(poll_interval=0, timeout=1)
        yield application
        await application.updater.stop()
        await application.stop()


@pytest.fixture(params=["polling", "webhook"])
async def production(request, emulator, settings, clock):
    """The application as ``asnbot run`` serves it, in this process: the lease, the update journal and intake,
    and long polling on its own thread or the webhook, with the outbox sender and jobs of the active instance.
    Yields the running application; stopping it at the end is the clean hand-over."""
    serving = runner.Serving()
    if request.param == "webhook":
        port = _free_port()
        serving = runner.Serving(webhook_url=f"http://127.0.0.1:{port}/telegram", port=port)
    application = runner.build_for_serving(
        replace(settings, telegram_bot_token=TOKEN, telegram_api_base_url=emulator.base_url,
                webhook_secret="secret-token-for-the-e2e-webhook"), clock=clock)
    stopping = asyncio.Event()
    running = asyncio.create_task(runner.run(application, serving, stopping))
    while not (emulator.api.feed.polling if request.param == "polling" else emulator.api.webhook):
        assert not running.done(), running.result()
        await asyncio.sleep(0.02)
    yield application
    stopping.set()
    assert await asyncio.wait_for(running, 30) == 0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def deliver_outbox(application, emulator) -> None:
    """Let the application's outbox sender send everything due, and Telegram settle. What it sent to each
    person is checked like a reaction: the last message in each private chat carries a way on."""
    before = len(emulator.sent)
    while await application.outbox_sender.drain():
        pass
    await emulator.wait_idle()
    pushed: dict[int, list[SentMessage]] = {}
    for message in emulator.sent[before:]:
        if message.chat_id > 0:
            pushed.setdefault(message.chat_id, []).append(message)
    for messages in pushed.values():
        check_reaction(messages)
