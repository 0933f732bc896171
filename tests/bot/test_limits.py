"""Pacing messages to Telegram's overall limit, replies first, and patience after a 429."""

import asyncio
import time
from datetime import timedelta

import pytest
from telegram.error import RetryAfter

from bot.telegram.limits import TelegramLimits, before_each_call
from bot.telegram.processing import HANDLING_UPDATE

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


async def call(limits: TelegramLimits, endpoint: str, result: object, chat_id: int = 1) -> object:
    async def request():
        return result

    return await limits.process_request(request, (), {}, endpoint, {"chat_id": chat_id}, None)


async def test_messages_are_spaced_button_answers_are_not():
    limits = TelegramLimits(per_second=20)
    started = time.monotonic()
    await asyncio.gather(*(call(limits, "answerCallbackQuery", True) for _ in range(10)))
    assert time.monotonic() - started < 0.05
    results = await asyncio.gather(*(call(limits, "sendMessage", index, chat_id=index) for index in range(10)))
    assert results == list(range(10)) and time.monotonic() - started > 9 / 20


async def test_a_waiting_reply_goes_before_background_messages():
    limits = TelegramLimits(per_second=10)
    order = []

    async def send(name: str, urgent: bool) -> None:
        HANDLING_UPDATE.set(urgent)
        order.append(await call(limits, "sendMessage", name))

    await call(limits, "sendMessage", "first")  # the next turn is 0.1 s away: everyone below queues
    await asyncio.gather(send("outbox 1", False), send("outbox 2", False), send("reply", True))
    assert order == ["reply", "outbox 1", "outbox 2"]


async def test_a_429_is_waited_out_and_tried_again():
    limits = TelegramLimits(per_second=0)
    attempts = []

    async def flaky():
        attempts.append(time.monotonic())
        if len(attempts) < 3:
            raise RetryAfter(timedelta(seconds=0.05))
        return "sent"

    assert await limits.process_request(flaky, (), {}, "sendMessage", {"chat_id": 1}, None) == "sent"
    assert len(attempts) == 3 and attempts[2] - attempts[0] >= 0.1


async def test_the_hook_runs_before_each_call_inside_its_block_only():
    """How a screen gives its database connection back while it waits for Telegram (handlers.screen)."""
    limits = TelegramLimits(per_second=0)
    calls = []

    async def hook():
        calls.append("hook")

    async with before_each_call(hook):
        await asyncio.gather(call(limits, "answerCallbackQuery", True), call(limits, "editMessageText", True))
    await call(limits, "sendMessage", True)
    assert calls == ["hook", "hook"]
