"""The Bot API methods and the server-side state they act on.

Only the methods the bot uses are implemented; each enforces the Telegram rules
that decide whether a request succeeds, so the bot meets the same errors here
as in production.
"""

from __future__ import annotations

import asyncio
import itertools
import mimetypes
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from .chats import SimChat, SimUser
from .images import image_size
from .limits import RateLimiter, RateLimits
from .models import (
    ApiError,
    BotEvent,
    CallbackAnswer,
    EventKind,
    SentMessage,
    StoredFile,
    bad_request,
    unix_time,
)
from .params import UploadedFile
from .updates import UpdateFeed
from .validation import parse_reply_markup, render_text

__all__ = ["BotApi"]

Params = dict[str, Any]
CALLBACK_QUERY_TTL = 15.0  # seconds Telegram waits for answerCallbackQuery
CALLBACK_ANSWER_LIMIT = 200
GET_FILE_LIMIT = 20 * 1024 * 1024
PHOTO_LIMIT = 10 * 1024 * 1024  # sendPhoto takes photos up to 10 MB
_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_COMMAND_NAME_RE = re.compile(r"[a-z0-9_]{1,32}")


@dataclass
class _CallbackQuery:
    user_id: int
    chat_id: int
    created: float
    answered: bool = False


def _int_param(params: Params, name: str, missing: str) -> int:
    value = params.get(name)
    if value is None or value == "":
        raise bad_request(missing)
    try:
        return int(value)
    except (TypeError, ValueError):
        raise bad_request(f"invalid {name} specified") from None


class BotApi:
    """Bot API methods over the emulated Telegram state; failures raise ApiError."""

    def __init__(self, *, bot_id: int, bot_username: str, rate_limits: RateLimits | None) -> None:
        self.bot_user: dict[str, Any] = {
            "id": bot_id,
            "is_bot": True,
            "first_name": bot_username,
            "username": bot_username,
        }
        self.feed = UpdateFeed()
        self.chats: dict[int, SimChat] = {}
        self.users: dict[int, SimUser] = {}
        self.blocked: set[int] = set()
        self.files: dict[str, StoredFile] = {}
        self.commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self.webhook: dict[str, Any] | None = None
        self.sent: list[SentMessage] = []
        self.events: list[BotEvent] = []
        self.subscribers: list[asyncio.Queue[BotEvent]] = []
        self._queries: dict[str, _CallbackQuery] = {}
        self._ids = itertools.count(1)
        self._limiter = RateLimiter(rate_limits) if rate_limits else None
        self._methods: dict[str, Callable[[Params], Awaitable[Any]]] = {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "sendDocument": self._send_document,
            "sendPhoto": self._send_photo,
            "sendChatAction": self._send_chat_action,
            "getChat": self._get_chat,
            "getFile": self._get_file,
            "close": self._ok,
            "logOut": self._ok,
        }
        self._canonical = {name.lower(): name for name in self._methods}

    def canonical_name(self, method: str) -> str | None:
        """Telegram matches method names case-insensitively."""
        return self._canonical.get(method.lower())

    async def call(self, method: str, params: Params) -> Any:
        return await self._methods[method](params)

    # -- entry points for the emulator and simulated users ----------------------

    def inject(self, update: dict[str, Any]) -> int:
        """Queue an update; a callback query in it becomes answerable (for 15 s)."""
        query = update.get("callback_query")
        if isinstance(query, dict):
            query_id = str(query.setdefault("id", str(next(self._ids))))
            user_id = int(query.get("from", {}).get("id", 0))
            chat_id = int(query.get("message", {}).get("chat", {}).get("id", user_id))
            self._queries[query_id] = _CallbackQuery(user_id, chat_id, time.monotonic())
        return self.feed.inject(update)

    def store_file(self, filename: str, content: bytes, mime_type: str | None) -> StoredFile:
        number = next(self._ids)
        mime_type = mime_type or mimetypes.guess_type(filename)[0]
        stored = StoredFile(f"BQAC-file-{number}", f"AgAD{number}", filename, content, mime_type)
        self.files[stored.file_id] = stored
        return stored

    def file_by_path(self, file_path: str) -> StoredFile | None:
        return self.files.get(file_path.removeprefix("documents/"))

    # -- shared checks ------------------------------------------------------------

    def _chat(self, params: Params, *, sending: bool = True) -> SimChat:
        """Resolve chat_id; for sending, apply Telegram's 403s (blocked, never started)."""
        chat_id = params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise bad_request("chat_id is empty")
        try:
            chat = self.chats.get(int(chat_id))
        except (TypeError, ValueError):
            chat = None  # e.g. "@username": public usernames are not simulated
        if chat is None:
            raise bad_request("chat not found")
        if sending and chat.id in self.blocked:
            reason = (
                "bot was blocked by the user"
                if chat.id > 0
                else "bot was kicked from the group chat"
            )
            raise ApiError(403, f"Forbidden: {reason}")
        if sending and isinstance(chat, SimUser) and not chat.has_private_chat:
            raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        return chat

    def _throttle(self, chat_id: int) -> None:
        retry_after = self._limiter.acquire(chat_id) if self._limiter else None
        if retry_after is not None:
            raise ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after)

    @staticmethod
    def _check_reply_target(chat: SimChat, params: Params) -> None:
        reply = params.get("reply_parameters")
        if reply is None and params.get("reply_to_message_id") is not None:
            reply = {"message_id": params["reply_to_message_id"]}
        if reply is None:
            return
        if not isinstance(reply, dict):
            raise bad_request("can't parse reply parameters JSON object")
        if reply.get("chat_id") not in (None, chat.id):
            return  # replies into other chats are not simulated
        allow = reply.get("allow_sending_without_reply", params.get("allow_sending_without_reply"))
        message_id = reply.get("message_id")
        if not (isinstance(message_id, int) and chat.has_message(message_id)) and not allow:
            raise bad_request("message to be replied not found")

    def _editable(self, params: Params) -> tuple[SimChat, SentMessage]:
        if params.get("inline_message_id"):
            raise bad_request("inline messages are not simulated by the emulator")
        chat = self._chat(params)
        message_id = _int_param(params, "message_id", "message identifier is not specified")
        message = chat.bot_message(message_id)
        if message is None:
            known = chat.has_message(message_id)
            raise bad_request("message can't be edited" if known else "message to edit not found")
        return chat, message

    def _emit(self, event: BotEvent) -> None:
        self.events.append(event)
        for queue in self.subscribers:
            queue.put_nowait(event)

    def _deliver(self, chat: SimChat, message: SentMessage, kind: EventKind) -> dict[str, Any]:
        chat.add_bot_message(message)
        self.sent.append(message)
        self._emit(BotEvent(kind, chat.id, message=message))
        return message.to_dict(chat.chat_dict(), self.bot_user)

    def _edited(self, chat: SimChat, message: SentMessage) -> dict[str, Any]:
        message.edits += 1
        message.edit_date = unix_time()
        self._emit(BotEvent("edit", chat.id, message=message))
        return message.to_dict(chat.chat_dict(), self.bot_user)

    # -- methods ------------------------------------------------------------------

    async def _ok(self, params: Params) -> bool:
        return True

    async def _get_me(self, params: Params) -> dict[str, Any]:
        return self.bot_user | {
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _get_updates(self, params: Params) -> list[dict[str, Any]]:
        if self.webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = params.get("offset")
        limit = min(100, max(1, int(params.get("limit") or 100)))
        timeout = max(0.0, float(params.get("timeout") or 0))
        allowed = params.get("allowed_updates")
        return await self.feed.get_updates(
            None if offset is None else int(offset), limit, timeout, allowed
        )

    async def _set_webhook(self, params: Params) -> bool:
        if params.get("drop_pending_updates"):
            self.feed.drop_pending()
        url = params.get("url") or ""
        self.webhook = {k: v for k, v in params.items() if k != "certificate"} if url else None
        return True

    async def _delete_webhook(self, params: Params) -> bool:
        if params.get("drop_pending_updates"):
            self.feed.drop_pending()
        self.webhook = None
        return True

    async def _get_webhook_info(self, params: Params) -> dict[str, Any]:
        webhook = self.webhook or {}
        info = {
            "url": webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": self.feed.pending_count,
        }
        return info | (
            {"allowed_updates": webhook["allowed_updates"]} if "allowed_updates" in webhook else {}
        )

    @staticmethod
    def _commands_key(params: Params) -> tuple[str, str]:
        scope = params.get("scope")
        scope_type = scope.get("type", "default") if isinstance(scope, dict) else "default"
        return scope_type, params.get("language_code") or ""

    async def _set_my_commands(self, params: Params) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise bad_request("can't parse commands JSON object")
        cleaned = []
        for command in commands:
            name = command.get("command") if isinstance(command, dict) else None
            description = command.get("description") if isinstance(command, dict) else None
            if not isinstance(name, str) or not _COMMAND_NAME_RE.fullmatch(name):
                raise bad_request("BOT_COMMAND_INVALID")
            if not isinstance(description, str) or not 1 <= len(description) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
            cleaned.append({"command": name, "description": description})
        key = self._commands_key(params)
        if cleaned:
            self.commands[key] = cleaned
        else:
            self.commands.pop(key, None)
        return True

    async def _get_my_commands(self, params: Params) -> list[dict[str, str]]:
        return self.commands.get(self._commands_key(params), [])

    async def _delete_my_commands(self, params: Params) -> bool:
        self.commands.pop(self._commands_key(params), None)
        return True

    async def _send_message(self, params: Params) -> dict[str, Any]:
        chat = self._chat(params)
        parse_mode = params.get("parse_mode")
        text, entities = render_text(
            params.get("text"), parse_mode, params.get("entities"), kind="text"
        )
        markup, buttons = parse_reply_markup(params.get("reply_markup"))
        self._check_reply_target(chat, params)
        self._throttle(chat.id)
        message = SentMessage(
            message_id=chat.next_message_id(),
            chat_id=chat.id,
            date=unix_time(),
            text=text,
            html=params.get("text") if parse_mode else None,
            parse_mode=parse_mode,
            entities=entities,
            reply_markup=markup,
            buttons=buttons,
        )
        return self._deliver(chat, message, "message")

    async def _edit_message_text(self, params: Params) -> dict[str, Any]:
        chat, message = self._editable(params)
        if message.document is not None or message.photo is not None:
            raise bad_request("there is no text in the message to edit")
        parse_mode = params.get("parse_mode")
        text, entities = render_text(
            params.get("text"), parse_mode, params.get("entities"), kind="text"
        )
        # Omitting reply_markup removes the inline keyboard, as in Telegram.
        markup, buttons = parse_reply_markup(params.get("reply_markup"), inline_only=True)
        if (text, entities, markup) == (message.text, message.entities, message.reply_markup):
            raise bad_request(_NOT_MODIFIED)
        self._throttle(chat.id)
        message.text, message.entities, message.parse_mode = text, entities, parse_mode
        message.html = params.get("text") if parse_mode else None
        message.reply_markup, message.buttons = markup, buttons
        return self._edited(chat, message)

    async def _edit_message_reply_markup(self, params: Params) -> dict[str, Any]:
        chat, message = self._editable(params)
        markup, buttons = parse_reply_markup(params.get("reply_markup"), inline_only=True)
        if markup == message.reply_markup:
            raise bad_request(_NOT_MODIFIED)
        self._throttle(chat.id)
        message.reply_markup, message.buttons = markup, buttons
        return self._edited(chat, message)

    async def _delete_message(self, params: Params) -> bool:
        chat = self._chat(params)
        message_id = _int_param(params, "message_id", "message identifier is not specified")
        if not chat.has_message(message_id):
            raise bad_request("message to delete not found")
        self._emit(BotEvent("delete", chat.id, message=chat.delete_message(message_id)))
        return True

    async def _answer_callback_query(self, params: Params) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        query = self._queries.get(query_id)
        if query is None or query.answered or time.monotonic() - query.created > CALLBACK_QUERY_TTL:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        text = params.get("text")
        if text is not None and len(str(text)) > CALLBACK_ANSWER_LIMIT:
            raise bad_request("MESSAGE_TOO_LONG")
        query.answered = True
        answer = CallbackAnswer(query_id, text, bool(params.get("show_alert")), params.get("url"))
        if query.user_id in self.users:
            self.users[query.user_id].callback_answers.append(answer)
        self._emit(BotEvent("callback_answer", query.chat_id, answer=answer))
        return True

    async def _send_document(self, params: Params) -> dict[str, Any]:
        return await self._send_file(params, "document", lambda stored: {"document": stored})

    async def _send_photo(self, params: Params) -> dict[str, Any]:
        """A photo as Telegram takes it: PNG or JPEG, up to 10 MB, width + height at most 10000, sides at most
        20:1; anything else is refused as Telegram refuses it."""
        return await self._send_file(params, "photo", _photo_fields, limit=PHOTO_LIMIT)

    async def _send_file(self, params: Params, kind: EventKind,
                         fields: Callable[[StoredFile], dict[str, Any]], limit: int | None = None) -> dict[str, Any]:
        """sendDocument and sendPhoto: a file (upload or known file_id) with a caption; ``fields`` checks the
        stored file and gives the message fields that carry it."""
        chat = self._chat(params)
        parse_mode = params.get("parse_mode")
        caption, entities = render_text(
            params.get("caption"), parse_mode, params.get("caption_entities"), kind="caption"
        )
        markup, buttons = parse_reply_markup(params.get("reply_markup"))
        upload = self._document_param(params.get(kind), name=kind)
        self._check_reply_target(chat, params)
        if isinstance(upload, UploadedFile):
            if limit is not None and len(upload.content) > limit:
                raise bad_request("PHOTO_SAVE_FILE_INVALID")
            upload = self.store_file(upload.filename, upload.content, upload.mime_type)
        carried = fields(upload)
        self._throttle(chat.id)
        message = SentMessage(
            message_id=chat.next_message_id(),
            chat_id=chat.id,
            date=unix_time(),
            html=params.get("caption") if parse_mode else None,
            parse_mode=parse_mode,
            entities=entities,
            reply_markup=markup,
            buttons=buttons,
            caption=caption or None,
            **carried,
        )
        return self._deliver(chat, message, kind)

    def _document_param(self, value: Any, name: str = "document") -> StoredFile | UploadedFile:
        """An upload, or a file_id of a known file (re-sending)."""
        if isinstance(value, UploadedFile):
            if not value.content:
                raise bad_request("file must be non-empty")
            return value
        if isinstance(value, str) and value in self.files:
            return self.files[value]
        if value is None:
            raise bad_request(f"there is no {name} in the request")
        raise bad_request("wrong file identifier/HTTP URL specified")

    async def _send_chat_action(self, params: Params) -> bool:
        chat = self._chat(params)
        action = params.get("action")
        if action not in _CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        self._emit(BotEvent("chat_action", chat.id, action=action))
        return True

    async def _get_chat(self, params: Params) -> dict[str, Any]:
        chat = self._chat(params, sending=False)
        gift_types = dict.fromkeys(
            (
                "unlimited_gifts",
                "limited_gifts",
                "unique_gifts",
                "premium_subscription",
                "gifts_from_channels",
            ),
            False,
        )
        return chat.chat_dict() | {
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": gift_types,
        }

    async def _get_file(self, params: Params) -> dict[str, Any]:
        stored = self.files.get(str(params.get("file_id") or ""))
        if stored is None:
            raise bad_request("invalid file_id")
        if len(stored.content) > GET_FILE_LIMIT:
            raise bad_request("file is too big")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
            "file_path": stored.file_path,
        }


def _photo_fields(stored: StoredFile) -> dict[str, Any]:
    size = image_size(stored.content)
    if size is None:
        raise bad_request("IMAGE_PROCESS_FAILED")
    if sum(size) > 10_000 or max(size) > 20 * min(size):
        raise bad_request("PHOTO_INVALID_DIMENSIONS")
    return {"photo": stored, "photo_size": size}
