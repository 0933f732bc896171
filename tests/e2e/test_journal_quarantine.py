"""An update in the journal that no longer parses (written before a Bot API change, say) must not stop the bot
at every start: it is quarantined with a log line naming it, and everything else is answered."""

import asyncio
import socket

import aiohttp
from sqlalchemy import select

from storage.models import ReceivedUpdate
from tests.e2e.test_resilience import SECRET, emulator, start_bot, stop, until  # noqa: F401 (fixture)
from tests.factories import add_linked_employees

UNREADABLE = {"update_id": 77, "message": {"message_id": 1, "date": 0, "chat": "a chat, in a form no longer known"}}


async def test_an_unreadable_journal_entry_is_quarantined_and_the_bot_goes_on(
        emulator, uow, database_url, tmp_path):  # noqa: F811
    """Deliberate bug caught: without the quarantine, ``Update.de_json`` raising in ``UpdateIntake.hand_over``
    ended every start with exit status 1 and the /menu below was never answered."""
    await add_linked_employees(uow, 1)
    async with uow:
        uow.session.add(ReceivedUpdate(update_id=77, payload=UNREADABLE, received_at=uow.clock()))
        await uow.commit()
    log = tmp_path / "bot.log"
    bot = await start_bot(emulator, database_url, log)
    try:
        await until(lambda: emulator.api.feed.polling, 30, "the bot to poll")
        (menu,) = await emulator.user(10_000).send("/menu")
        assert "Menu utama" in menu.text
        assert bot.returncode is None
    finally:
        assert await stop(bot) == 0
    assert "update 77 cannot be read and is quarantined" in log.read_text()
    async with uow:
        row = await uow.session.get(ReceivedUpdate, 77)
        assert row.quarantined_at is not None and row.handled_at is None
        waiting = await uow.session.scalars(select(ReceivedUpdate.update_id).where(
            ReceivedUpdate.handled_at.is_(None), ReceivedUpdate.quarantined_at.is_(None)))
        assert list(waiting) == []


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_a_secret_header_that_is_not_utf8_is_refused_with_403(emulator, uow, database_url, tmp_path):  # noqa: F811
    """Deliberate bug caught: ``str.encode()`` of the header's undecodable bytes raised, answering 500 with a
    traceback in the log."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    log = tmp_path / "bot.log"
    bot = await start_bot(emulator, database_url, log, "--webhook", url, "--listen", f"127.0.0.1:{port}")
    try:
        await until(lambda: emulator.api.webhook is not None, 30, "setWebhook")
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        body = b'{"update_id": 1}'
        writer.write(b"POST /telegram HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"X-Telegram-Bot-Api-Secret-Token: \xff\xfe" + SECRET.encode() + b"\r\n"
                     + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode() + body)
        await writer.drain()
        status_line = await reader.readline()
        writer.close()
        assert status_line.split()[1] == b"403"
        async with aiohttp.ClientSession() as http, http.get(f"http://127.0.0.1:{port}/healthz") as response:
            assert (await response.json())["quarantined_updates"] == 0
    finally:
        assert await stop(bot) == 0
    assert "Traceback" not in log.read_text()
