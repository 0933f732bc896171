"""The outbox sender against the emulator with Telegram's limits switched on."""

import asyncio
from collections import Counter

import pytest
from sqlalchemy import func, select
from telegram.ext import ExtBot
from telegram.request import HTTPXRequest

from bot.emulator import BotApiEmulator, RateLimits
from bot.i18n import I18n
from bot.outbox_sender import OutboxSender, SendLimits
from bot.telegram.limits import TelegramLimits
from storage.db import create_session_factory
from storage.models import OutboxMessage, OutboxState
from storage.services import broadcasts
from storage.services.audience import Audience
from storage.services.outbox import OutboxButton, enqueue, queue_reply
from tests.e2e.conftest import TOKEN
from tests.factories import add_linked_employees

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


@pytest.fixture
async def limited_emulator():
    async with BotApiEmulator(token=TOKEN, rate_limits=RateLimits()) as emulator:  # Telegram's limits
        yield emulator


def paced_bot(emulator, per_second):
    """A bot paced as the application's is: its rate limiter is the one pacer, the outbox's too."""
    return ExtBot(TOKEN, base_url=emulator.base_url, request=HTTPXRequest(connection_pool_size=64),
                  rate_limiter=TelegramLimits(per_second))


@pytest.fixture
async def bot(limited_emulator):
    async with paced_bot(limited_emulator, 30) as bot:
        yield bot


@pytest.fixture
async def strict_emulator():
    """Telegram's limits with 10 messages/s overall: an unpaced sender outruns it even on a busy machine."""
    async with BotApiEmulator(token=TOKEN, rate_limits=RateLimits(global_per_second=10)) as emulator:
        yield emulator


@pytest.fixture
async def fast_bot(strict_emulator):
    async with paced_bot(strict_emulator, 0) as bot:  # unpaced: faster than Telegram allows
        yield bot


def sender(bot, engine, clock, settings):
    return OutboxSender(bot, create_session_factory(engine), I18n(settings.timezone, "id"), clock,
                        SendLimits(per_second=1000))  # only the bot's pacer (or none) stands between it and Telegram


async def linked_users(uow, emulator, count):
    """Employees linked to Telegram users who have opened a chat with the bot."""
    employees = await add_linked_employees(uow, count)
    for index in range(count):
        emulator.user(10_000 + index, first_name=f"Pegawai {index}")
    return employees


async def queue_for(uow, employees, label="Pengumuman"):
    async with uow:
        for employee in employees:
            await enqueue(uow, employee_id=employee.id, kind="broadcast", reference="broadcast:1",
                          dedupe_key=f"broadcast:1:{employee.id}", text=f"<b>{label}</b> untuk {employee.name}",
                          buttons=[[OutboxButton("❓ Help", callback_data="menu:help")]])
        await uow.commit()


async def states(uow) -> Counter:
    async with uow:
        rows = await uow.session.execute(select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state))
        return Counter(dict(rows.all()))


async def drain_all(outbox_sender):
    while await outbox_sender.drain(max_seconds=5):
        pass


async def test_300_recipients_some_blocked_each_get_exactly_one_copy(strict_emulator, fast_bot, engine, uow, clock,
                                                                      settings):
    employees = await linked_users(uow, strict_emulator, 300)
    blocked = {10_000 + index for index in range(0, 300, 25)}  # 12 people blocked the bot
    for user_id in blocked:
        strict_emulator.block(user_id)
    await queue_for(uow, employees)
    await drain_all(sender(fast_bot, engine, clock, settings))

    delivered = Counter(message.chat_id for message in strict_emulator.sent)
    assert set(delivered) == {10_000 + index for index in range(300)} - blocked
    assert set(delivered.values()) == {1}
    assert await states(uow) == Counter({OutboxState.SENT: 288, OutboxState.BLOCKED: 12})
    assert any(call.outcome == 429 for call in strict_emulator.calls), "the test should provoke 429s"
    async with uow:
        account = await uow.accounts.get(10_000)
        assert account.blocked_at is not None
    first = strict_emulator.sent[0]
    assert first.text.startswith("Pengumuman untuk") and first.button_texts == ["❓ Bantuan"]


async def test_a_killed_sender_loses_nothing_and_repeats_only_what_was_in_flight(limited_emulator, bot, engine, uow,
                                                                                  clock, settings):
    employees = await linked_users(uow, limited_emulator, 120)
    await queue_for(uow, employees)
    first = sender(bot, engine, clock, settings)
    task = asyncio.create_task(drain_all(first))
    while len(limited_emulator.sent) < 40:
        await asyncio.sleep(0.01)
    task.cancel()  # as if the process died mid-broadcast
    with pytest.raises(asyncio.CancelledError):
        await task
    assert (await states(uow))[OutboxState.PENDING] > 0

    await drain_all(sender(bot, engine, clock, settings))  # after the restart
    delivered = Counter(message.chat_id for message in limited_emulator.sent)
    assert set(delivered) == {10_000 + index for index in range(120)}
    assert sum(delivered.values()) - 120 <= SendLimits().max_in_flight  # only in-flight ones may repeat
    assert await states(uow) == Counter({OutboxState.SENT: 120})


async def test_unlinked_and_failed_messages_are_recorded(limited_emulator, bot, engine, uow, clock, settings):
    (linked, unlinked) = await linked_users(uow, limited_emulator, 2)
    async with uow:
        (await uow.accounts.get(10_001)).employee_id = None
        await enqueue(uow, employee_id=linked.id, kind="test", dedupe_key="bad-html", text="<b>unclosed")
        await enqueue(uow, employee_id=unlinked.id, kind="test", dedupe_key="nobody", text="hello")
        await uow.commit()
    await drain_all(sender(bot, engine, clock, settings))
    async with uow:
        rows = {row.dedupe_key: row for row in await uow.session.scalars(select(OutboxMessage))}
    assert rows["bad-html"].state == OutboxState.FAILED and "parse entities" in rows["bad-html"].last_error
    assert rows["nobody"].state == OutboxState.UNLINKED


async def test_replies_to_strangers_reach_their_chats_in_order_and_blocked_or_gone_chats_are_recorded(
        limited_emulator, bot, engine, uow, clock, settings):
    """A reply deferred for someone nobody has linked goes to their chat as an employee's message goes to theirs:
    one a second, in order, and a 403 or a chat that is gone is recorded as for employees. Bug caught: the rest
    recorded under the employee id while looked up by chat (a stranger's key None): the four replies to one chat
    went at once, and Telegram refused those beyond its burst of three with 429."""
    replies = [f"Balasan {number}" for number in range(1, 5)]
    for user_id in (20_000, 20_001):
        limited_emulator.user(user_id)
    limited_emulator.block(20_001)
    async with uow:
        for chat_id, text in [(20_000, text) for text in replies] + [(20_001, "Halo"), (20_002, "Halo")]:
            assert await queue_reply(uow, chat_id, text, None, answering=chat_id)  # 20_002: the chat is gone
    await drain_all(sender(bot, engine, clock, settings))

    assert [(message.chat_id, message.text) for message in limited_emulator.sent] == [
        (20_000, text) for text in replies]
    assert not any(call.outcome == 429 for call in limited_emulator.calls)
    async with uow:
        rows = list(await uow.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
    assert [(row.chat_id, row.state) for row in rows] == [(20_000, OutboxState.SENT)] * 4 + [
        (20_001, OutboxState.BLOCKED), (20_002, OutboxState.FAILED)]
    assert rows[-1].last_error == "Chat not found"


async def test_messages_wait_for_their_time_and_are_rendered_in_the_recipients_language(
        limited_emulator, bot, engine, uow, clock, settings):
    (employee,) = await linked_users(uow, limited_emulator, 1)
    async with uow:
        (await uow.accounts.get(10_000)).language = "en"
        await enqueue(uow, employee_id=employee.id, kind="test", dedupe_key="later",
                      template="Language changed to {language}.", params={"language": "English"},
                      not_before=clock() + __import__("datetime").timedelta(hours=1))
        await uow.commit()
    outbox_sender = sender(bot, engine, clock, settings)
    await drain_all(outbox_sender)
    assert limited_emulator.sent == []
    clock.advance(hours=1)
    await drain_all(outbox_sender)
    assert [message.text for message in limited_emulator.sent] == ["Language changed to English."]


async def test_cancelling_a_broadcast_mid_way_stops_it_and_says_how_many_were_not_sent(limited_emulator, bot, engine,
                                                                                       uow, clock, settings):
    """The sender has the whole broadcast loaded when HR cancels: each message is claimed right before it goes
    out, so nothing withdrawn is sent, and what HR is told was withdrawn is exactly what was not sent."""
    await linked_users(uow, limited_emulator, 40)
    async with uow:
        broadcast = await broadcasts.publish(uow, author=None, parts=["Apel pagi dibatalkan."],
                                             audience=Audience(), ask_acknowledgement=False, actor="test")
    draining = asyncio.create_task(drain_all(sender(bot, engine, clock, settings)))
    while len(limited_emulator.sent) < 5:
        await asyncio.sleep(0.01)
    async with uow:
        withdrawn = await broadcasts.cancel(uow, broadcast.id, "test")
    await draining

    assert withdrawn > 0
    assert len(limited_emulator.sent) + withdrawn == 40
    assert await states(uow) == Counter({OutboxState.SENT: 40 - withdrawn, OutboxState.CANCELLED: withdrawn})


async def test_an_instance_that_lost_the_lease_sends_nothing_more(limited_emulator, bot, engine, uow, clock,
                                                                    settings):
    employees = await linked_users(uow, limited_emulator, 60)
    await queue_for(uow, employees)
    active = True
    outbox_sender = OutboxSender(bot, create_session_factory(engine), I18n(settings.timezone, "id"), clock,
                                 SendLimits(), may_send=lambda: active)
    draining = asyncio.create_task(drain_all(outbox_sender))
    while len(limited_emulator.sent) < 5:
        await asyncio.sleep(0.01)
    active = False
    sent_when_lost = len(limited_emulator.sent)
    await draining
    await limited_emulator.wait_idle()

    in_flight = len(limited_emulator.sent) - sent_when_lost
    assert in_flight <= SendLimits().max_in_flight  # only those already claimed when the lease was lost
    assert await states(uow) == Counter({OutboxState.SENT: len(limited_emulator.sent),
                                         OutboxState.PENDING: 60 - len(limited_emulator.sent)})
