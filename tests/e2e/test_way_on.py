"""The check behind every e2e reply (tests/e2e/way_on.py) fails where it should."""

import pytest

from bot.emulator import SentMessage, SimUser
from tests.e2e.way_on import check_reaction


def message(text: str, buttons=()) -> SentMessage:
    return SentMessage(message_id=1, chat_id=42, date=0, text=text, buttons=[[(label, "x")] for label in buttons])


def test_a_reply_without_a_button_fails_and_only_the_last_part_needs_one():
    with pytest.raises(AssertionError, match="without a button"):
        check_reaction([message("Selesai.")])
    check_reaction([message("Bagian 1"), message("Bagian 2", ["⬅️ Menu utama"])])
    check_reaction([])  # no reply at all is what expect_reply=False tests ask for


async def test_the_suite_checks_every_private_reply(emulator):
    assert SimUser._react.__name__ == "checked"  # the autouse fixture is in place for every e2e test
