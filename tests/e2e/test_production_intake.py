"""The path every real update takes, in this process (so coverage sees it): the lease, the update journal, the
intake and long polling on its thread, or the webhook, as ``asnbot run`` serves them."""

import asyncio

import pytest
from sqlalchemy import select

from storage.models import ReceivedUpdate
from tests.factories import add_linked_employees

MENU = {"update_id": 900_001, "message": {
    "message_id": 1, "date": 0, "text": "/menu", "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
    "chat": {"id": 10_000, "type": "private"}, "from": {"id": 10_000, "is_bot": False, "first_name": "Pegawai"}}}


async def journal(uow) -> dict[int, ReceivedUpdate]:
    async with uow:
        return {row.update_id: row for row in await uow.session.scalars(select(ReceivedUpdate))}


@pytest.fixture
async def staff(uow):
    await add_linked_employees(uow, 1)


async def until_all_handled(uow, count: int) -> dict[int, ReceivedUpdate]:
    """The journal once ``count`` updates are in it, all marked handled (the marks are a group commit)."""
    for _ in range(250):
        rows = await journal(uow)
        if len(rows) == count and all(row.handled_at is not None for row in rows.values()):
            return rows
        await asyncio.sleep(0.02)
    raise AssertionError(f"not all handled: {rows}")


@pytest.fixture
async def backlog(staff, uow, emulator):
    """An update a previous run journalled but did not handle (it stopped, or died, first)."""
    emulator.user(10_000)  # the chat exists before the bot starts and answers it
    async with uow:
        uow.session.add(ReceivedUpdate(update_id=MENU["update_id"], payload=MENU, received_at=uow.clock()))
        await uow.commit()


async def test_every_update_is_journalled_answered_and_marked_handled(staff, production, emulator, uow):
    """Deliberate bug caught: ``UpdateIntake.done`` not wired as the processor's ``on_done`` (runner): every
    update stayed unhandled in the journal and would be answered again after a restart."""
    stranger = emulator.user(20_000)
    (welcome,) = await stranger.send("/start")
    assert "NIP" in welcome.text
    employee = emulator.user(10_000)
    (menu,) = await employee.send("/menu")
    assert "Menu utama" in menu.text
    (help_text,) = await employee.press("❓ Bantuan")
    assert "Cara memulai" in help_text.text
    await until_all_handled(uow, 3)


async def test_what_a_previous_run_left_unhandled_is_answered_first(backlog, production, emulator, uow):
    """Deliberate bug caught: ``UpdateIntake.replay`` not called at start-up left the journalled /menu
    unanswered for good."""
    await until_all_handled(uow, 1)
    await emulator.wait_idle(quiet=0.3)
    assert any("Menu utama" in message.text for message in emulator.user(10_000).messages)
