"""The one pacer: a token bucket under Telegram's overall limit, replies first, everyone patient after a 429,
and a reply that still meets 429 handed on instead of lost. Clocks are injected: nothing here waits for time."""

import asyncio
from datetime import timedelta

import pytest
from telegram.error import RetryAfter

from bot.telegram.limits import TelegramLimits, TokenBucket, before_each_call
from bot.telegram.processing import HANDLING_UPDATE

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def call(limits: TelegramLimits, endpoint: str, result: object, chat_id: int = 1) -> object:
    async def request():
        return result

    return await limits.process_request(request, (), {}, endpoint, {"chat_id": chat_id}, None)


def test_a_burst_goes_at_once_then_the_steady_rate():
    """Bug caught: a bucket refilled without its cap (idle minutes saved up as a burst Telegram refuses)."""
    bucket = TokenBucket(rate=10, burst=3, now=0.0)
    assert [bucket.take(0.0) for _ in range(3)] == [0, 0, 0]
    assert bucket.take(0.0) == pytest.approx(0.1)  # the fourth waits one steady step, taking nothing
    assert bucket.take(0.1) == 0 and bucket.take(0.1) == pytest.approx(0.1)
    assert [bucket.take(600.0) for _ in range(3)] == [0, 0, 0]  # ten idle minutes: still only the burst
    assert bucket.take(600.0) > 0


def test_after_a_429_nothing_goes_until_retry_after_and_the_burst_is_spent():
    """Bug caught: a pause that leaves the saved-up burst, so the moment it ends a volley meets 429 again."""
    bucket = TokenBucket(rate=10, burst=5, now=0.0)
    bucket.pause(0.0, 2.0)
    assert bucket.wait(1.5) == pytest.approx(0.5)
    assert bucket.take(2.0) == 0
    assert bucket.take(2.0) == pytest.approx(0.1)


def test_unpaced_sends_everything_but_still_waits_out_a_429():
    """``TELEGRAM_MESSAGES_PER_SECOND=0`` (raised limits). Bug caught: rate 0 also ignoring pauses, so without
    pacing every 429 was retried into another 429."""
    bucket = TokenBucket(rate=0, burst=8, now=0.0)
    assert all(bucket.take(0.0) == 0 for _ in range(1000))
    bucket.pause(0.0, 3.0)
    assert bucket.wait(1.0) == pytest.approx(2.0) and bucket.take(3.0) == 0


async def test_a_batch_of_replies_is_not_held_back_and_button_answers_never_are():
    """The fix for replies queueing 1/30 s apart below the limit. Bug caught: a bucket of one token (the old
    even spacing), which makes the second reply of a batch wait."""
    clock = Clock()
    limits = TelegramLimits(per_second=30, burst=8, monotonic=clock)
    for index in range(8):  # one long poll's batch of replies
        assert not limits.pace.busy(), f"reply {index + 1} of the batch would wait"
        assert await call(limits, "sendMessage", index, chat_id=index) == index
    assert limits.pace.busy()  # the burst is spent: the ninth would wait
    await asyncio.gather(*(call(limits, "answerCallbackQuery", True) for _ in range(10)))  # not paced, no wait
    clock.now += 1 / (30 * 0.95)
    assert not limits.pace.busy()


async def test_a_waiting_reply_goes_before_background_messages():
    """Bug caught: one queue in arrival order, so the outbox's backlog delays the person who is waiting."""
    clock = Clock()
    limits = TelegramLimits(per_second=1000, burst=1, monotonic=clock)
    order = []

    async def send(name: str, urgent: bool) -> None:
        HANDLING_UPDATE.set(urgent)
        order.append(await call(limits, "sendMessage", name))

    await call(limits, "sendMessage", "first")  # the bucket is empty now: everyone below queues
    sends = asyncio.gather(send("outbox 1", False), send("outbox 2", False), send("reply", True))
    await asyncio.sleep(0)  # all three are queued now
    while not sends.done():  # time passes only here, a token at a time
        clock.now += 1
        await asyncio.sleep(0.001)
    assert order == ["reply", "outbox 1", "outbox 2"]


async def test_a_429_holds_everyone_back_and_is_tried_again():
    """Bug caught: only the refused call waiting (as before), so the others kept meeting 429."""
    limits = TelegramLimits(per_second=0)
    attempts = []

    async def flaky():
        attempts.append(limits.pace.busy())
        if len(attempts) < 3:
            raise RetryAfter(timedelta(seconds=0.02))
        return "sent"

    assert await limits.process_request(flaky, (), {}, "sendMessage", {"chat_id": 1}, None) == "sent"
    assert attempts == [False, False, False]  # each retry came after the pause
    with pytest.raises(RetryAfter, match="Flood control exceeded"):
        await limits.process_request(_refused, (), {}, "answerCallbackQuery", {"chat_id": 1}, None)
    assert limits.pace.busy()  # Telegram's pause now holds every message back


async def _refused():
    raise RetryAfter(timedelta(seconds=0.01))


async def test_a_reply_still_refused_after_its_retries_is_handed_on_not_lost():
    """Bug caught: the last 429 raised to the screen (the reply was dropped and the update marked handled)."""
    handed = []

    async def take_over(endpoint, data):
        handed.append((endpoint, data["chat_id"], data["text"]))
        return {"message_id": 0}

    limits = TelegramLimits(per_second=0, max_retries=1, when_retries_run_out=take_over)
    HANDLING_UPDATE.set(True)
    answer = await limits.process_request(_refused, (), {}, "sendMessage", {"chat_id": 7, "text": "Halo"}, None)
    assert answer == {"message_id": 0} and handed == [("sendMessage", 7, "Halo")]
    HANDLING_UPDATE.set(False)  # the outbox's own sends keep their 429: the outbox retries them itself
    with pytest.raises(RetryAfter, match="Flood control exceeded"):
        await limits.process_request(_refused, (), {}, "sendMessage", {"chat_id": 7, "text": "Halo"}, None)
    assert len(handed) == 1


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
