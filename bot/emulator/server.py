"""The emulator's public face: a loopback HTTP server speaking the Bot API.

The real PTB ``Application`` talks to it over HTTP exactly as it would talk to
api.telegram.org, so tests exercise the bot's real request/response handling.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Iterator
from typing import Any

import aiohttp
from aiohttp import web

from .api import BotApi
from .chats import DEFAULT_QUIET, DEFAULT_TIMEOUT, SimGroup, SimUser
from .limits import RateLimits
from .models import ApiCall, ApiError, BotEvent, SentMessage
from .params import read_params

__all__ = ["BotApiEmulator"]

_TICK = 0.005  # polling granularity of the wait helpers
_MAX_UPLOAD = 64 * 1024 * 1024
_REACTIONS = frozenset({"message", "document", "photo", "edit", "delete", "callback_answer"})
_MESSAGE_EVENTS = frozenset({"message", "document", "photo", "edit"})
_SUPERGROUP_ID_BELOW = -1_000_000_000_000  # supergroup ids look like -100xxxxxxxxxx
_WEBHOOK_RETRY = 1.0  # seconds before Telegram tries a refused webhook delivery again


class BotApiEmulator:
    """In-process Telegram Bot API on 127.0.0.1 with simulated users and groups."""

    def __init__(
        self,
        token: str = "123:TEST",
        bot_username: str = "asn_karier_bot",
        bot_id: int = 123,
        rate_limits: RateLimits | None = None,
        latency: float = 0.0,
    ) -> None:
        self.token = token
        self.bot_username = bot_username
        self.bot_id = bot_id
        self.latency = latency
        self.api = BotApi(bot_id=bot_id, bot_username=bot_username, rate_limits=rate_limits)
        self.calls: list[ApiCall] = []
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._inflight = 0
        self._last_activity = time.monotonic()
        self._client: aiohttp.ClientSession | None = None
        self._pushes: dict[int, asyncio.Task] = {}  # update id -> its webhook delivery
        self._push_slots: tuple[tuple[str, int], asyncio.Semaphore] | None = None

    # -- lifecycle ------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application(client_max_size=_MAX_UPLOAD)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        # handler_cancellation: a request whose client went away (e.g. the long poll
        # PTB cancels on shutdown) is dropped instead of lingering and being answered.
        self._runner = web.AppRunner(
            app, access_log=None, shutdown_timeout=1.0, handler_cancellation=True
        )
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self._port = self._runner.addresses[0][1]
        self._client = aiohttp.ClientSession()

    async def stop(self) -> None:
        self.api.feed.close()
        for push in self._pushes.values():
            push.cancel()
        if self._client is not None:
            await self._client.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> BotApiEmulator:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """For ``ApplicationBuilder().base_url``; PTB appends the token."""
        return f"{self._origin()}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self._origin()}/file/bot"

    def _origin(self) -> str:
        if self._port is None:
            raise RuntimeError("BotApiEmulator is not started")
        return f"http://127.0.0.1:{self._port}"

    # -- what the bot did ----------------------------------------------------------

    @property
    def sent(self) -> list[SentMessage]:
        """Every message/document the bot sent, all chats, in send order."""
        return self.api.sent

    @property
    def events(self) -> list[BotEvent]:
        """Every visible bot action, in order."""
        return self.api.events

    @property
    def commands(self) -> dict[tuple[str, str], list[dict[str, str]]]:
        """setMyCommands state keyed by (scope type, language code; "" for none)."""
        return self.api.commands

    @property
    def updates_confirmed(self) -> int:
        return self.api.feed.confirmed

    def subscribe(self) -> asyncio.Queue[BotEvent]:
        queue: asyncio.Queue[BotEvent] = asyncio.Queue()
        self.api.subscribers.append(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[BotEvent]) -> None:
        self.api.subscribers.remove(queue)

    # -- the simulated world ---------------------------------------------------------

    def user(
        self,
        user_id: int,
        first_name: str = "Siti",
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "id",
    ) -> SimUser:
        """Get or create a user who has a private chat with the bot (chat id == user id)."""
        user = self.member(user_id, first_name, last_name, username, language_code)
        user.has_private_chat = True
        return user

    def member(
        self,
        user_id: int,
        first_name: str = "Siti",
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "id",
    ) -> SimUser:
        """Get or create a user known from groups only: the bot can't message them first."""
        if user_id <= 0:
            raise ValueError("user ids are positive")
        if user_id not in self.api.users:
            user = SimUser(
                self,
                user_id,
                first_name=first_name,
                last_name=last_name,
                username=username,
                language_code=language_code,
            )
            self.api.users[user_id] = user
            self.api.chats[user_id] = user
        return self.api.users[user_id]

    def group(
        self,
        chat_id: int,
        title: str = "Grup Kantor",
        *,
        chat_type: str | None = None,
        privacy_mode: bool = True,
    ) -> SimGroup:
        """Get or create a group; ``chat_type`` defaults from the id's shape."""
        if chat_id >= 0:
            raise ValueError("group chat ids are negative")
        existing = self.api.chats.get(chat_id)
        if isinstance(existing, SimGroup):
            return existing
        if chat_type is None:
            chat_type = "supergroup" if chat_id < _SUPERGROUP_ID_BELOW else "group"
        group = SimGroup(self, chat_id, title=title, chat_type=chat_type, privacy_mode=privacy_mode)
        self.api.chats[chat_id] = group
        return group

    def block(self, chat_id: int) -> None:
        """The user blocks the bot (or, for a group, removes it): sending gets 403."""
        self.api.blocked.add(chat_id)

    def unblock(self, chat_id: int) -> None:
        self.api.blocked.discard(chat_id)

    def inject(self, update: dict[str, Any]) -> int:
        """Queue a raw update for getUpdates, or push it to the webhook when one is set; fills in a missing
        update_id/callback query id."""
        update_id = self.api.inject(update)
        self._push_pending()
        return update_id

    # -- webhook delivery ----------------------------------------------------------------

    def _push_pending(self) -> None:
        """Like Telegram: POST each pending update to the webhook (with its secret token), at most
        ``max_connections`` at once; retry what is not answered 2xx. The round trip is charged once, on
        the bot's requests (as for a long poll's answer), so update-to-reply takes one round trip per
        Bot API call, as half a trip in and half out do in reality."""
        if self.api.webhook is None or self._client is None:
            return
        for update in self.api.feed.pending_updates():
            if update["update_id"] not in self._pushes:
                task = asyncio.create_task(self._push(update))
                self._pushes[update["update_id"]] = task
                task.add_done_callback(lambda _, key=update["update_id"]: self._pushes.pop(key, None))

    async def _push(self, update: dict[str, Any]) -> None:
        while (webhook := self.api.webhook) is not None:
            secret = webhook.get("secret_token")
            headers = {"X-Telegram-Bot-Api-Secret-Token": str(secret)} if secret else {}
            with self._busy(), contextlib.suppress(aiohttp.ClientError):
                async with self._webhook_slots(webhook), self._client.post(
                        str(webhook["url"]), json=update, headers=headers) as response:
                    if 200 <= response.status < 300:
                        self.api.feed.delivered(update["update_id"])
                        return
            await asyncio.sleep(_WEBHOOK_RETRY)

    def _webhook_slots(self, webhook: dict[str, Any]) -> asyncio.Semaphore:
        key = (str(webhook["url"]), int(webhook.get("max_connections") or 40))
        if self._push_slots is None or self._push_slots[0] != key:
            self._push_slots = (key, asyncio.Semaphore(key[1]))
        return self._push_slots[1]

    # -- waiting -------------------------------------------------------------------

    async def wait_idle(self, quiet: float = DEFAULT_QUIET, timeout: float = 10.0) -> None:
        """Return once all updates were fetched and no API call happened for ``quiet`` s."""
        if not await _until(lambda: self._idle(quiet), timeout):
            raise TimeoutError(
                f"emulator not idle after {timeout}s: all updates fetched="
                f"{self.api.feed.all_fetched}, requests in flight={self._inflight}"
            )

    async def wait_reaction(
        self,
        chat_id: int,
        since: int,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        quiet: float = DEFAULT_QUIET,
        expect_reply: bool = True,
    ) -> list[SentMessage]:
        """Wait for the bot to act in ``chat_id`` after ``events[since]``, then for quiet.

        Returns the chat's messages sent or edited since then, at their current
        state; [] if the bot did nothing there within ``timeout``.
        """
        if expect_reply and not await _until(lambda: self._reacted(chat_id, since), timeout):
            return []
        with contextlib.suppress(TimeoutError):
            await self.wait_idle(quiet, timeout)
        touched = {
            id(event.message): event.message
            for event in self.events[since:]
            if event.chat_id == chat_id and event.kind in _MESSAGE_EVENTS and event.message
        }
        return [message for message in touched.values() if not message.deleted]

    def _reacted(self, chat_id: int, since: int) -> bool:
        return any(e.chat_id == chat_id and e.kind in _REACTIONS for e in self.events[since:])

    def _idle(self, quiet: float) -> bool:
        return (
            self.api.feed.all_fetched
            and self._inflight == 0
            and time.monotonic() - self._last_activity >= quiet
        )

    @contextlib.contextmanager
    def _busy(self) -> Iterator[None]:
        """Mark a request as in flight: the bot is still doing something."""
        self._inflight += 1
        self._last_activity = time.monotonic()
        try:
            yield
        finally:
            self._inflight -= 1
            self._last_activity = time.monotonic()

    # -- HTTP ----------------------------------------------------------------------

    async def _handle_api(self, request: web.Request) -> web.Response:
        raw_method = request.match_info["method"]
        name = self.api.canonical_name(raw_method)
        params: dict[str, Any] = {}
        # An idle long poll is not activity; only polls that deliver updates are.
        busy = self._busy() if name != "getUpdates" else contextlib.nullcontext()
        with busy:
            try:
                await asyncio.sleep(self.latency)
                params = await read_params(request)
                result = await self._dispatch(request.match_info["token"], name, params)
            except ApiError as error:
                self.calls.append(ApiCall(name or raw_method, params, error.code))
                return web.json_response(error.body(), status=error.code)
        if result and name == "getUpdates":
            self._last_activity = time.monotonic()
        if name == "setWebhook":
            self._push_pending()
        self.calls.append(ApiCall(name or raw_method, params, "ok"))
        return web.json_response({"ok": True, "result": result})

    async def _dispatch(self, token: str, name: str | None, params: dict[str, Any]) -> Any:
        if token != self.token:
            raise ApiError(401, "Unauthorized")
        if name is None:
            raise ApiError(404, "Not Found")
        return await self.api.call(name, params)

    async def _handle_file(self, request: web.Request) -> web.Response:
        with self._busy():
            await asyncio.sleep(self.latency)
            stored = self.api.file_by_path(request.match_info["path"])
            if request.match_info["token"] != self.token or stored is None:
                wrong_token = request.match_info["token"] != self.token
                error = ApiError(401, "Unauthorized") if wrong_token else ApiError(404, "Not Found")
                return web.json_response(error.body(), status=error.code)
            mime_type = stored.mime_type or "application/octet-stream"
            return web.Response(body=stored.content, content_type=mime_type)


async def _until(condition: Callable[[], bool], timeout: float) -> bool:
    """Poll ``condition`` until true (True) or ``timeout`` elapses (False)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() >= deadline:
            return False
        await asyncio.sleep(_TICK)
    return True
