"""The one error handler: a handler that fails leaves a log line with the update, and the person gets an
apology in their language instead of silence."""

import logging

from telegram.ext import CommandHandler

from tests.factories import add_linked_employees


async def explode(update, context):
    raise RuntimeError("a bug in a handler")


async def test_a_failing_handler_is_logged_and_the_person_gets_an_apology(app, emulator, uow, caplog):
    """Deliberate bug caught: the apology sent only for callback queries (``update.callback_query`` tested
    instead of the chat type) left a typed command unanswered."""
    await add_linked_employees(uow, 1)
    app.add_handler(CommandHandler("rusak", explode), group=-1)
    user = emulator.user(10_000)
    with caplog.at_level(logging.ERROR, logger="bot.errors"):
        replies = await user.send("/rusak")
    (apology,) = [message for message in replies if "gangguan" in message.text]  # the unknown-command reply too
    assert apology.text.startswith("Maaf, terjadi gangguan")
    assert apology.button_texts == ["⬅️ Menu utama"]  # a way on, not a dead end
    (record,) = [record for record in caplog.records if record.name == "bot.errors"]
    assert "message from user 10000" in record.getMessage()
    assert isinstance(record.exc_info[1], RuntimeError)


async def test_the_apology_is_in_the_persons_language(app, emulator, uow):
    await add_linked_employees(uow, 1)
    async with uow:
        (await uow.accounts.get(10_000)).language = "en"
        await uow.commit()
    app.add_handler(CommandHandler("rusak", explode), group=-1)
    replies = await emulator.user(10_000).send("/rusak")
    assert any(message.text.startswith("Sorry, something went wrong") for message in replies)


async def test_the_apology_stays_out_of_group_chats(app, emulator, uow):
    app.add_handler(CommandHandler("rusak", explode), group=-1)
    group = emulator.group(-100_123)
    replies = await group.send(10_000, "/rusak", expect_reply=False)
    assert not [message for message in replies if "gangguan" in message.text]
