"""Conversations lapse after a silence, never while a step of theirs is under way."""

import asyncio
from types import SimpleNamespace

from telegram import Update
from telegram.ext import MessageHandler, filters

from handlers.screen import conversation
from tests.conftest import FakeClock

STEP = 1


def message(update_id: int, chat_id: int, text: str) -> Update:
    return Update.de_json({"update_id": update_id, "message": {
        "message_id": update_id, "date": 0, "text": text, "chat": {"id": chat_id, "type": "private"}, "from": {"id": chat_id, "is_bot": False, "first_name": "A"}}},
        None)


async def test_a_step_under_way_survives_a_sweep_run_by_another_chat():
    clock = FakeClock()
    application = SimpleNamespace(clock=clock, bot=None, job_queue=None)
    answered = asyncio.Event()

    async def begin(update, context):
        return STEP

    async def slow_answer(update, context):
        await answered.wait()  # e.g. waiting for Telegram's pace on launch day
        return None  # stays in the same step

    handler = conversation("test", entry_points=[MessageHandler(filters.Regex("^start$"), begin)],
                           states={STEP: [MessageHandler(filters.TEXT, slow_answer)]}, fallbacks=[], minutes=30)

    async def handle(update: Update) -> None:
        await handler.handle_update(update, application, handler.check_update(update),
                                     SimpleNamespace(update=lambda matches: None))  # where PTB puts regex matches

    await handle(message(1, 10, "start"))
    clock.advance(minutes=29)
    step = asyncio.create_task(handle(message(2, 10, "my answer")))  # in time, and slow to finish
    await asyncio.sleep(0)
    clock.advance(minutes=2)  # 31 minutes after the entry, 2 after the answer began
    await handle(message(3, 20, "start"))  # another chat: its step ends with the sweep
    answered.set()
    await step
    state, *_ = handler.check_update(message(4, 10, "next answer"))
    assert state == STEP
    clock.advance(minutes=30)
    assert handler.check_update(message(5, 10, "too late")) is None  # the silence since: over, and not an entry
