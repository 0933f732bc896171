"""Simulated chats: the per-chat state Telegram keeps, and the people acting in them.

A test talks to the bot through these objects the way a person would (send a
message, press a button) and gets back what the bot did in that chat.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.telegram.html import utf16_len

from .models import CallbackAnswer, SentMessage, unix_time

if TYPE_CHECKING:
    from .server import BotApiEmulator

__all__ = ["SimChat", "SimGroup", "SimUser"]

_COMMAND_RE = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@([A-Za-z0-9_]{3,32}))?")
DEFAULT_TIMEOUT = 5.0
DEFAULT_QUIET = 0.05


@dataclass(frozen=True)
class _Wait:
    timeout: float
    quiet: float
    expect_reply: bool


def _text_fields(text: str) -> dict[str, Any]:
    """``text`` plus the bot_command entity Telegram adds to a leading command."""
    fields: dict[str, Any] = {"text": text}
    match = _COMMAND_RE.match(text)
    if match:
        fields["entities"] = [
            {"type": "bot_command", "offset": 0, "length": utf16_len(match.group())}
        ]
    return fields


def _present(fields: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in fields.items() if value is not None}


class SimChat(ABC):
    """One chat's message history (user and bot messages share the id counter)."""

    def __init__(self, emulator: BotApiEmulator, chat_id: int) -> None:
        self._emu = emulator
        self.id = chat_id
        self._last_message_id = 0
        self._bot_messages: dict[int, SentMessage] = {}
        self._user_messages: dict[int, dict[str, Any]] = {}

    @abstractmethod
    def chat_dict(self) -> dict[str, Any]:
        """The Telegram ``Chat`` object."""

    @property
    def messages(self) -> list[SentMessage]:
        """Bot messages in this chat, oldest first, at their current (edited) state."""
        return list(self._bot_messages.values())

    @property
    def last(self) -> SentMessage:
        if not self._bot_messages:
            raise AssertionError(f"the bot has sent nothing to chat {self.id}")
        return self.messages[-1]

    # -- state the Bot API methods operate on ---------------------------------

    def next_message_id(self) -> int:
        self._last_message_id += 1
        return self._last_message_id

    def add_bot_message(self, message: SentMessage) -> None:
        self._bot_messages[message.message_id] = message

    def bot_message(self, message_id: int) -> SentMessage | None:
        return self._bot_messages.get(message_id)

    def has_message(self, message_id: int) -> bool:
        return message_id in self._bot_messages or message_id in self._user_messages

    def delete_message(self, message_id: int) -> SentMessage | None:
        """Forget a message; return it if it was the bot's (it stays in ``emu.sent``)."""
        self._user_messages.pop(message_id, None)
        message = self._bot_messages.pop(message_id, None)
        if message is not None:
            message.deleted = True
        return message

    # -- acting in the chat -----------------------------------------------------

    def _new_message(self, sender: SimUser, fields: dict[str, Any]) -> dict[str, Any]:
        message = {
            "message_id": self.next_message_id(),
            "date": unix_time(),
            "chat": self.chat_dict(),
            "from": sender.user_dict(),
            **fields,
        }
        self._user_messages[message["message_id"]] = message
        return message

    def remember(self, message: dict[str, Any]) -> dict[str, Any]:
        """Adopt a user message built elsewhere (e.g. by a property test): next message id, kept for replies."""
        message["message_id"] = self.next_message_id()
        self._user_messages[message["message_id"]] = message
        return message

    async def _react(self, update: dict[str, Any], wait: _Wait) -> list[SentMessage]:
        since = len(self._emu.events)
        self._emu.inject(update)
        return await self._emu.wait_reaction(
            self.id, since, timeout=wait.timeout, quiet=wait.quiet, expect_reply=wait.expect_reply
        )

    async def _press_button(
        self, sender: SimUser, button_text: str, wait: _Wait
    ) -> list[SentMessage]:
        available: list[str] = []
        for message in reversed(self.messages):
            for row in (message.reply_markup or {}).get("inline_keyboard", []):
                for button in row:
                    if button["text"] != button_text:
                        available.append(button["text"])
                    elif "callback_data" in button:
                        return await self._press(sender, button["callback_data"], message, wait)
                    else:
                        raise AssertionError(
                            f"button {button_text!r} has no callback_data: {button}"
                        )
        raise AssertionError(f"no button {button_text!r} in chat {self.id}; available: {available}")

    async def _press_data(
        self, sender: SimUser, data: str, message_id: int | None, wait: _Wait
    ) -> list[SentMessage]:
        message = self.last if message_id is None else self.bot_message(message_id)
        if message is None:
            raise AssertionError(f"no bot message {message_id} in chat {self.id}")
        return await self._press(sender, data, message, wait)

    async def _press(
        self, sender: SimUser, data: str, message: SentMessage, wait: _Wait
    ) -> list[SentMessage]:
        query = {
            "from": sender.user_dict(),
            "chat_instance": str(self.id),
            "data": data,
            "message": message.to_dict(self.chat_dict(), self._emu.api.bot_user),
        }
        return await self._react({"callback_query": query}, wait)


class SimUser(SimChat):
    """A Telegram user and their private chat with the bot (chat id == user id)."""

    def __init__(
        self,
        emulator: BotApiEmulator,
        user_id: int,
        *,
        first_name: str,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = None,
    ) -> None:
        super().__init__(emulator, user_id)
        self.first_name = first_name
        self.last_name = last_name
        self.username = username
        self.language_code = language_code
        self.has_private_chat = False  # False: bot can't initiate a conversation (403)
        self.callback_answers: list[CallbackAnswer] = []

    def user_dict(self) -> dict[str, Any]:
        """The Telegram ``User`` object."""
        return _present(
            {
                "id": self.id,
                "is_bot": False,
                "first_name": self.first_name,
                "last_name": self.last_name,
                "username": self.username,
                "language_code": self.language_code,
            }
        )

    def chat_dict(self) -> dict[str, Any]:
        return _present(
            {
                "id": self.id,
                "type": "private",
                "first_name": self.first_name,
                "last_name": self.last_name,
                "username": self.username,
            }
        )

    async def send(
        self,
        text: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        quiet: float = DEFAULT_QUIET,
        expect_reply: bool = True,
    ) -> list[SentMessage]:
        """Send a text message in the private chat; return the bot's new/edited messages there."""
        update = {"message": self._new_message(self, _text_fields(text))}
        return await self._react(update, _Wait(timeout, quiet, expect_reply))

    async def press(
        self,
        button_text: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        quiet: float = DEFAULT_QUIET,
        expect_reply: bool = True,
    ) -> list[SentMessage]:
        """Press the inline button with this text on the newest bot message that has one."""
        return await self._press_button(self, button_text, _Wait(timeout, quiet, expect_reply))

    async def press_data(
        self,
        data: str,
        message_id: int | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        quiet: float = DEFAULT_QUIET,
        expect_reply: bool = True,
    ) -> list[SentMessage]:
        """Send a callback query with arbitrary data, as a modified client could."""
        wait = _Wait(timeout, quiet, expect_reply)
        return await self._press_data(self, data, message_id, wait)

    async def send_document(
        self,
        filename: str,
        content: bytes,
        caption: str | None = None,
        *,
        mime_type: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        quiet: float = DEFAULT_QUIET,
        expect_reply: bool = True,
    ) -> list[SentMessage]:
        """Upload a document; the bot can fetch it through getFile and the file URL."""
        stored = self._emu.api.store_file(filename, content, mime_type)
        fields: dict[str, Any] = {"document": stored.to_dict()}
        if caption:
            fields["caption"] = caption
        update = {"message": self._new_message(self, fields)}
        return await self._react(update, _Wait(timeout, quiet, expect_reply))

    async def edit(
        self,
        message_id: int,
        new_text: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        quiet: float = DEFAULT_QUIET,
        expect_reply: bool = True,
    ) -> list[SentMessage]:
        """Edit one of the user's own text messages (an ``edited_message`` update)."""
        original = self._user_messages.get(message_id)
        if original is None or original["from"]["id"] != self.id or "text" not in original:
            raise AssertionError(f"user {self.id} has no text message {message_id} to edit")
        edited = {key: value for key, value in original.items() if key != "entities"}
        edited |= _text_fields(new_text) | {"edit_date": unix_time()}
        self._user_messages[message_id] = edited
        return await self._react({"edited_message": edited}, _Wait(timeout, quiet, expect_reply))


class SimGroup(SimChat):
    """A group chat; members are SimUsers identified by id.

    With ``privacy_mode`` (Telegram's default for bots) the bot only receives
    commands and messages mentioning it, so plain chatter produces no update.
    """

    def __init__(
        self,
        emulator: BotApiEmulator,
        chat_id: int,
        *,
        title: str,
        chat_type: str,
        privacy_mode: bool,
    ) -> None:
        super().__init__(emulator, chat_id)
        self.title = title
        self.chat_type = chat_type
        self.privacy_mode = privacy_mode

    def chat_dict(self) -> dict[str, Any]:
        return {"id": self.id, "type": self.chat_type, "title": self.title}

    async def send(
        self,
        from_user_id: int,
        text: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        quiet: float = DEFAULT_QUIET,
        expect_reply: bool = True,
    ) -> list[SentMessage]:
        """Post a text message as member ``from_user_id``; return the bot's reaction here."""
        message = self._new_message(self._emu.member(from_user_id), _text_fields(text))
        if not self._bot_sees(text):
            return []
        return await self._react({"message": message}, _Wait(timeout, quiet, expect_reply))

    async def press(
        self,
        from_user_id: int,
        button_text: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        quiet: float = DEFAULT_QUIET,
        expect_reply: bool = True,
    ) -> list[SentMessage]:
        wait = _Wait(timeout, quiet, expect_reply)
        return await self._press_button(self._emu.member(from_user_id), button_text, wait)

    async def press_data(
        self,
        from_user_id: int,
        data: str,
        message_id: int | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        quiet: float = DEFAULT_QUIET,
        expect_reply: bool = True,
    ) -> list[SentMessage]:
        wait = _Wait(timeout, quiet, expect_reply)
        return await self._press_data(self._emu.member(from_user_id), data, message_id, wait)

    def _bot_sees(self, text: str) -> bool:
        if not self.privacy_mode:
            return True
        mention = f"@{self._emu.bot_username}".lower()
        match = _COMMAND_RE.match(text)
        if match:
            return match.group(1) is None or match.group(1).lower() == mention[1:]
        return mention in text.lower()
