"""Value objects the emulator records and hands to tests."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

Button = tuple[str, str | None]  # (text, callback_data or url)
EventKind = Literal["message", "document", "photo", "edit", "delete", "callback_answer", "chat_action"]


class ApiError(Exception):
    """A Bot API failure, rendered as Telegram's ``{"ok": false, ...}`` body."""

    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(reason: str) -> ApiError:
    return ApiError(400, f"Bad Request: {reason}")


def unix_time() -> int:
    """Telegram's ``date`` fields: whole seconds since the epoch."""
    return int(time.time())


@dataclass(frozen=True)
class StoredFile:
    """A file known to the emulator, uploaded by the bot or by a simulated user."""

    file_id: str
    file_unique_id: str
    filename: str
    content: bytes
    mime_type: str | None

    @property
    def file_path(self) -> str:
        return f"documents/{self.file_id}"

    def to_dict(self) -> dict[str, Any]:
        data = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_name": self.filename,
            "file_size": len(self.content),
        }
        return data | ({"mime_type": self.mime_type} if self.mime_type else {})


@dataclass
class SentMessage:
    """A message the bot sent, kept at its current state (edits are applied in place).

    ``text``/``caption`` are what the user sees; ``html`` is the raw text (or caption)
    as sent; ``entities`` belong to the text, or to the caption for documents.
    """

    message_id: int
    chat_id: int
    date: int
    text: str | None = None
    html: str | None = None
    parse_mode: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    reply_markup: dict[str, Any] | None = None
    buttons: list[list[Button]] = field(default_factory=list)
    document: StoredFile | None = None
    photo: StoredFile | None = None
    photo_size: tuple[int, int] | None = None  # width, height
    caption: str | None = None
    edits: int = 0
    edit_date: int | None = None
    deleted: bool = False

    @property
    def button_texts(self) -> list[str]:
        return [text for row in self.buttons for text, _ in row]

    def to_dict(self, chat: dict[str, Any], sender: dict[str, Any]) -> dict[str, Any]:
        """The Telegram ``Message`` object for this message."""
        data: dict[str, Any] = {
            "message_id": self.message_id,
            "date": self.date,
            "chat": chat,
            "from": sender,
        }
        if self.edit_date is not None:
            data["edit_date"] = self.edit_date
        entities_key = "entities"
        if self.document is not None or self.photo is not None:
            if self.document is not None:
                data["document"] = self.document.to_dict()
            else:
                data["photo"] = [self._photo_size()]
            entities_key = "caption_entities"
            if self.caption:
                data["caption"] = self.caption
        else:
            data["text"] = self.text
        if self.entities:
            data[entities_key] = self.entities
        if self.reply_markup and "inline_keyboard" in self.reply_markup:
            data["reply_markup"] = self.reply_markup  # Telegram echoes inline keyboards only
        return data

    def _photo_size(self) -> dict[str, Any]:
        """One ``PhotoSize`` (Telegram sends several scaled copies; the original is enough here)."""
        width, height = self.photo_size
        return {"file_id": self.photo.file_id, "file_unique_id": self.photo.file_unique_id, "width": width,
                "height": height, "file_size": len(self.photo.content)}


@dataclass(frozen=True)
class CallbackAnswer:
    """What the bot passed to answerCallbackQuery for one of the user's presses."""

    query_id: str
    text: str | None
    show_alert: bool
    url: str | None


@dataclass(frozen=True)
class BotEvent:
    """One visible bot action, in the order the emulator performed them."""

    kind: EventKind
    chat_id: int
    message: SentMessage | None = None
    answer: CallbackAnswer | None = None
    action: str | None = None  # for chat_action, e.g. "typing"
    at: float = field(default_factory=time.monotonic)  # when Telegram performed it (latency benchmarks)


class ApiCall(NamedTuple):
    """One request received: outcome is "ok" or the HTTP error code."""

    method: str
    params: dict[str, Any]
    outcome: str | int
