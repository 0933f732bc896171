"""The bot's own small web server: Telegram's webhook, and ``/healthz`` for operators and load balancers.

A webhook request is answered 200 only after its update is in the journal, so an update Telegram
considers delivered survives a crash; anything else (database away) gets a 500 and Telegram sends it
again later. Requests without the secret token given to ``setWebhook`` get 403.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from aiohttp import web
from telegram import Update

from bot.telegram.intake import ALLOWED_UPDATES, UpdateIntake
from storage.services.health import health
from storage.uow import UnitOfWork

if TYPE_CHECKING:  # the application is handed in; transport does not import the layers above it
    from bot.context import AsnBotApplication

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
HEALTH_PATH = "/healthz"
HEALTH_TIMEOUT = 3.0


class BotWebServer:
    """Serves ``/healthz`` always, and the webhook at the path of ``webhook_url`` when one is given."""

    def __init__(self, application: AsnBotApplication, intake: UpdateIntake, host: str, port: int, *,
                 webhook_url: str | None = None, secret: str | None = None) -> None:
        if webhook_url and not secret:
            raise ValueError("a webhook needs a secret token")
        self.application = application
        self.intake = intake
        self.host = host
        self.port = port
        self.webhook_url = webhook_url
        self.secret = secret
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application(client_max_size=1024 * 1024)
        app.router.add_get(HEALTH_PATH, self._health)
        if self.webhook_url:
            app.router.add_post(urlsplit(self.webhook_url).path or "/", self._receive)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=5.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, self.port).start()
        if self.webhook_url:
            connections = min(100, self.application.settings.concurrent_updates)  # Telegram allows 1 to 100
            await self.application.bot.set_webhook(self.webhook_url, secret_token=self.secret,
                                                   allowed_updates=ALLOWED_UPDATES, max_connections=connections)
        log.info("listening on %s:%s%s", self.host, self.port,
                 f" for the webhook {self.webhook_url}" if self.webhook_url else " (health only)")

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _receive(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode("utf-8", "surrogateescape")  # any bytes at all
        if not hmac.compare_digest(given, self.secret.encode()):
            return web.Response(status=403, text="wrong or missing secret token")
        try:
            payload = await request.json()
        except (ValueError, UnicodeDecodeError):
            return web.Response(status=400, text="not JSON")
        if not isinstance(payload, dict) or not isinstance(payload.get("update_id"), int):
            return web.Response(status=400, text="not a Telegram update")
        try:
            update = Update.de_json(payload, self.application.bot)
        except Exception:  # a malformed update would fail the same way on every retry: refuse it for good
            log.warning("refusing a malformed update %s", payload.get("update_id"), exc_info=True)
            return web.Response(status=400, text="malformed update")
        await self.intake.admit([payload], [update])  # failure: 500, and Telegram tries again later
        return web.Response()

    async def _health(self, request: web.Request) -> web.Response:
        leadership = self.application.leadership
        body: dict[str, object] = {"active": leadership.is_active}
        try:
            async with asyncio.timeout(HEALTH_TIMEOUT), UnitOfWork(self.application.session_factory,
                                                                    self.application.clock) as uow:
                state = await health(uow)
        except Exception as error:
            log.warning("health check: database unreachable: %r", error)
            return web.json_response({**body, "database": "unreachable"}, status=503)
        body.update(database="reachable", outbox_backlog=state.outbox_backlog,
                    unhandled_updates=state.unhandled_updates, quarantined_updates=state.quarantined_updates,
                    last_update_at=_iso(state.last_update_at))
        return web.json_response(body)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
