"""Every message ends with a way on: the check the whole e2e suite runs on each reply in a private chat.

The last message of every reaction (the bot's answer to one text, command, document or press) must carry at
least one button, unless it is a text prompt listed in :data:`TEXT_PROMPTS`: a question answered by typing,
where a button would only distract. Today every prompt also offers "✖️ Batal", so the list is empty; a
prompt that truly needs none is added here by its words, on purpose. A message split into parts has its
buttons under the last part, so only the last is checked.
"""

from __future__ import annotations

from bot.emulator import SentMessage

TEXT_PROMPTS: frozenset[str] = frozenset()


def ends_with_a_way_on(message: SentMessage) -> bool:
    """True if the person can go on from this message: a button, or a listed question to answer by typing."""
    return bool(message.button_texts) or (message.text or message.caption or "") in TEXT_PROMPTS


def check_reaction(replies: list[SentMessage]) -> None:
    if replies and not ends_with_a_way_on(replies[-1]):
        last = replies[-1]
        raise AssertionError(f"the bot left the person without a button: {(last.text or last.caption)!r}"
                             + (f" (file {last.document.filename})" if last.document else ""))
