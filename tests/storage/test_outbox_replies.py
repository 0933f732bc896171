"""Replies Telegram kept refusing (429) wait in the outbox for whoever they answer (issue 18): a linked employee's
as their message, anyone else's (a stranger pressing Start on launch day, someone mid-linking) as a message to
the private chat they wrote in, and never to anyone else's chat."""

from sqlalchemy import select

from storage import routes
from storage.models import OutboxMessage, OutboxState
from storage.services.accounts import Viewer, mark_blocked, set_language
from storage.services.outbox import OutboxButton, claim, due_deliveries, queue_reply, record_sent
from tests.factories import BUDI, add_employee, link_user

STRANGER = 777
BUDI_USER = 500
WELCOME = "Selamat datang di <b>ASN Karier Plaju</b>, Tamu!"
CANCEL = [[OutboxButton("✖️ Batal", callback_data=routes.LINK_CANCEL.data())]]


async def stored(uow) -> list[OutboxMessage]:
    async with uow:
        return list(await uow.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


async def linked_budi(uow) -> int:
    employee = await add_employee(uow, BUDI)
    await link_user(uow, BUDI, BUDI_USER)
    return employee.id


async def test_a_strangers_refused_reply_is_queued_for_their_chat_with_its_buttons(uow):
    """Bug caught: the old ``account is None or account.employee_id is None → return False``: the welcome of a
    stranger pressing Start was not queued, and they never heard back."""
    async with uow:
        assert await queue_reply(uow, STRANGER, WELCOME, CANCEL, answering=STRANGER)
    (message,) = await stored(uow)
    assert (message.employee_id, message.chat_id, message.kind) == (None, STRANGER, "reply")
    assert (message.state, message.text) == (OutboxState.PENDING, WELCOME)
    assert message.buttons == [[{"label": "✖️ Batal", "callback_data": routes.LINK_CANCEL.data()}]]


async def test_no_reply_is_queued_for_a_chat_that_is_not_the_answered_persons_own(uow):
    """Personal data only in private chats. Bug caught: queueing any chat without an employee (the ``chat_id ==
    answering`` test dropped): a group's reply, another person's chat and a send outside an update were stored."""
    async with uow:
        group = await queue_reply(uow, -100_123, WELCOME, None, answering=STRANGER)
        someone_else = await queue_reply(uow, STRANGER + 1, WELCOME, None, answering=STRANGER)
        no_update = await queue_reply(uow, STRANGER, WELCOME, None, answering=None)
    assert (group, someone_else, no_update) == (False, False, False)
    assert await stored(uow) == []


async def test_a_linked_employees_reply_stays_addressed_to_the_employee(uow):
    """Bug caught: addressing every deferred reply to its chat: an employee's reply lost its employee, so it would
    neither follow their account nor go with their record."""
    budi = await linked_budi(uow)
    async with uow:
        assert await queue_reply(uow, BUDI_USER, "Menu utama", None, answering=BUDI_USER)
    (message,) = await stored(uow)
    assert (message.employee_id, message.chat_id, message.kind) == (budi, None, "reply")


async def test_a_strangers_reply_is_delivered_to_their_chat_and_an_employees_to_their_account(uow):
    """Bug caught: ``due`` taking the chat from the employee's account only: the stranger's delivery had no chat,
    and the sender recorded the welcome as "unlinked" instead of sending it."""
    budi = await linked_budi(uow)
    async with uow:
        await queue_reply(uow, STRANGER, WELCOME, CANCEL, answering=STRANGER)
        await queue_reply(uow, BUDI_USER, "Menu utama", None, answering=BUDI_USER)
    async with uow:
        stranger, employee = await due_deliveries(uow, 10)
    assert (stranger.employee_id, stranger.chat_id, stranger.telegram_user_id) == (None, STRANGER, None)
    assert (stranger.language, stranger.blocked) == (None, False)
    assert (employee.employee_id, employee.chat_id, employee.telegram_user_id) == (budi, BUDI_USER, BUDI_USER)

    async with uow:
        assert await claim(uow, stranger)
        await record_sent(uow, stranger, 42, None)
    sent, _ = await stored(uow)
    assert (sent.state, sent.chat_id, sent.telegram_message_id) == (OutboxState.SENT, STRANGER, 42)


async def test_a_stranger_with_an_account_is_reached_in_its_language_and_not_while_blocked(uow):
    """Bug caught: the account of a message addressed to a chat not looked up: buttons of someone who chose
    English were rendered in Indonesian, and a stranger who had blocked the bot was sent to all the same."""
    async with uow:
        await set_language(uow, Viewer(STRANGER, None), STRANGER, "en")
    async with uow:
        await mark_blocked(uow, STRANGER)
    async with uow:
        await queue_reply(uow, STRANGER, WELCOME, CANCEL, answering=STRANGER)
    async with uow:
        (delivery,) = await due_deliveries(uow, 10)
    assert (delivery.chat_id, delivery.telegram_user_id, delivery.language, delivery.blocked) == (
        STRANGER, STRANGER, "en", True)


async def test_a_chat_just_sent_to_waits_whoever_its_messages_are_addressed_to(uow):
    """One message a second per chat, in order: a stranger's deferred welcome and, once they linked, their first
    employee message share the chat. Bug caught: leaving out resting recipients by employee id: the employee
    message was due while the welcome to the same chat was still being sent."""
    async with uow:
        await queue_reply(uow, BUDI_USER, WELCOME, CANCEL, answering=BUDI_USER)  # not linked yet
    await linked_budi(uow)
    async with uow:
        await queue_reply(uow, BUDI_USER, "Menu utama", None, answering=BUDI_USER)
        await queue_reply(uow, STRANGER, WELCOME, CANCEL, answering=STRANGER)
    async with uow:
        assert [delivery.chat_id for delivery in await due_deliveries(uow, 10)] == [BUDI_USER, BUDI_USER, STRANGER]
        assert [delivery.chat_id for delivery in await due_deliveries(uow, 10, {BUDI_USER})] == [STRANGER]
        assert [delivery.chat_id for delivery in await due_deliveries(uow, 10, {STRANGER})] == [BUDI_USER] * 2
