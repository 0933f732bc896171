"""No reply is lost to Telegram's 429 (issue 18): with pacing off (``TELEGRAM_MESSAGES_PER_SECOND=0``, offered
for raised limits) against a Telegram that still enforces its overall limit, a reply that meets 429 after all its
retries goes out through the outbox, and the person hears back: a linked employee, or a stranger nobody has
linked yet."""

import logging
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from bot.emulator import BotApiEmulator, RateLimits
from storage.models import OutboxMessage
from tests.e2e.conftest import TOKEN, deliver_outbox
from tests.factories import add_linked_employees

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

PEOPLE = 40


@pytest.fixture
async def emulator():
    """Telegram's limits, the overall one lowered to 5 messages/s so that a small burst outlasts the retries."""
    async with BotApiEmulator(token=TOKEN, bot_username="asn_karier_bot",
                              rate_limits=RateLimits(global_per_second=5)) as emulator:
        yield emulator


@pytest.fixture
def settings(settings):
    return replace(settings, telegram_per_second=0)


async def test_replies_refused_beyond_their_retries_reach_everyone_through_the_outbox(emulator, app, uow, caplog):
    """Bug caught: the application not handing refused replies to the outbox (no ``when_retries_run_out``): the
    last 429 reached the screen, the update was marked handled, and nothing was queued for those people."""
    await add_linked_employees(uow, PEOPLE)
    for index in range(PEOPLE):
        user = emulator.user(10_000 + index, first_name=f"Pegawai {index}")
        emulator.inject({"message": user._new_message(user, {
            "text": "/menu", "entities": [{"type": "bot_command", "offset": 0, "length": 5}]})})
    with caplog.at_level(logging.WARNING, logger="bot.telegram.limits"):
        await emulator.wait_idle(quiet=3, timeout=120)  # Telegram's pauses are a second or more
    async with uow:
        deferred = await uow.session.scalar(select(func.count()).where(OutboxMessage.kind == "reply"))
    assert deferred > 0, "the test should make replies outlast their retries"
    assert "goes out through the outbox" in caplog.text

    await deliver_outbox(app, emulator)
    menus = [message.chat_id for message in emulator.sent if "Menu utama" in (message.text or "")]
    assert sorted(menus) == [10_000 + index for index in range(PEOPLE)]  # everyone, once
    assert any(call.outcome == 429 for call in emulator.calls)


async def test_strangers_pressing_start_at_once_each_get_one_welcome_through_the_outbox(emulator, app, uow, caplog):
    """Launch day: nobody is linked yet, and everyone presses Start. Bug caught: the old ``account is None or
    account.employee_id is None → return False`` in ``queue_reply``: welcomes refused beyond their retries were
    dropped (the outbox reached employees only), and those strangers never heard back."""
    for index in range(PEOPLE):
        user = emulator.user(20_000 + index, first_name=f"Tamu {index}")
        emulator.inject({"message": user._new_message(user, {
            "text": "/start", "entities": [{"type": "bot_command", "offset": 0, "length": 6}]})})
    with caplog.at_level(logging.WARNING, logger="bot.telegram.limits"):
        await emulator.wait_idle(quiet=3, timeout=120)
    async with uow:
        deferred = await uow.session.scalar(select(func.count()).where(OutboxMessage.employee_id.is_(None)))
    assert deferred > 0, "the test should make welcomes outlast their retries"
    assert "goes out through the outbox" in caplog.text

    await deliver_outbox(app, emulator)
    welcomed = [message.chat_id for message in emulator.sent if "Selamat datang" in (message.text or "")]
    assert sorted(welcomed) == [20_000 + index for index in range(PEOPLE)]  # every stranger, once
