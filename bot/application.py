"""Building the PTB application: handlers, error handler, jobs, commands menu and defaults."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import BotCommand
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, ContextTypes, Defaults

import handlers
from bot import jobs
from bot.config import Settings
from bot.context import AsnBotApplication, BotContext, utc_now
from bot.errors import on_error
from bot.i18n import LANGUAGE_NAMES, I18n
from bot.outbox_sender import SendLimits
from bot.telegram.http import AiohttpRequest
from bot.telegram.limits import TelegramLimits
from bot.telegram.processing import ChatOrderedProcessor
from bot.telegram.send import NO_LINK_PREVIEW
from handlers.commands import menu_commands
from storage.db import create_reading_session_factory, create_session_factory


def build_application(settings: Settings, engine: AsyncEngine, *, reading_engine: AsyncEngine | None = None,
                      clock: Callable[[], datetime] = utc_now) -> AsnBotApplication:
    """The whole bot over ``engine``, with read-only requests on ``reading_engine`` (AUTOCOMMIT; by default
    ``engine``'s pool switched to it per request); the engines are disposed when the application shuts down."""
    i18n = I18n(settings.timezone, settings.default_locale)
    reading_engine = reading_engine or engine.execution_options(isolation_level="AUTOCOMMIT")

    async def dispose_engine(_: Application) -> None:
        await engine.dispose()
        await reading_engine.dispose()

    application = (
        ApplicationBuilder()
        .token(settings.require_token())
        .base_url(settings.telegram_api_base_url)
        .base_file_url(_file_url(settings.telegram_api_base_url))
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.timezone,
                           link_preview_options=NO_LINK_PREVIEW))
        .request(AiohttpRequest(settings.concurrent_updates + SendLimits.max_in_flight + 8))
        .get_updates_request(AiohttpRequest(1, read_timeout=10))  # PTB adds the long poll's own timeout
        .rate_limiter(limits := TelegramLimits(settings.telegram_per_second))
        .concurrent_updates(ChatOrderedProcessor(settings.concurrent_updates))
        .context_types(ContextTypes(context=BotContext))
        .application_class(AsnBotApplication,
                           kwargs={"settings": settings, "session_factory": create_session_factory(engine),
                                   "reading_session_factory": create_reading_session_factory(reading_engine),
                                   "i18n": i18n, "clock": clock})
        .post_init(_publish_commands)
        .post_shutdown(dispose_engine)
        .build()
    )
    limits.when_retries_run_out = application.outbox_sender.take_over_reply  # a reply is queued, not lost
    handlers.register(application)
    application.add_error_handler(on_error)
    jobs.register(application)
    return application


def _file_url(base_url: str) -> str:
    """``https://host/bot`` → ``https://host/file/bot``, as Telegram and self-hosted servers lay it out."""
    head, _, tail = base_url.rstrip("/").rpartition("/")
    return f"{head}/file/{tail}"


async def _publish_commands(application: Application) -> None:
    """The command list Telegram shows beside the text field, in each language (see :mod:`handlers.commands`)."""
    default = application.settings.default_locale
    for language in (None, *LANGUAGE_NAMES):
        _ = application.i18n.translator(language or default)
        commands = [BotCommand(command.name, _(command.description)) for command in menu_commands()]
        await application.bot.set_my_commands(commands, language_code=language)
