"""Dependency injection the PTB way: the application carries settings, database and translations,
and every callback gets them through :class:`BotContext`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram.ext import Application, CallbackContext, ExtBot

from bot.config import Settings
from bot.i18n import I18n, Translator
from bot.leadership import Leadership, SoleInstance
from bot.outbox_sender import OutboxSender, SendLimits
from bot.policies import Policies, policies
from storage.services.accounts import Viewer
from storage.uow import UnitOfWork


def utc_now() -> datetime:
    return datetime.now(UTC)


class AsnBotApplication(Application):
    """PTB application with the services every handler needs; built by :func:`bot.application.build`."""

    def __init__(self, *, settings: Settings, session_factory: async_sessionmaker[AsyncSession],
                 reading_session_factory: async_sessionmaker[AsyncSession], i18n: I18n,
                 clock: Callable[[], datetime] = utc_now, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.settings = settings
        self.session_factory = session_factory
        self.reading_session_factory = reading_session_factory
        self.i18n = i18n
        self.clock = clock
        self.outbox_sender = OutboxSender(self.bot, session_factory, i18n, clock,
                                          SendLimits(per_second=settings.outbox_per_second),
                                          may_send=lambda: self.leadership.is_active)
        self.policies: Policies = policies(settings)
        self.leadership: Leadership | SoleInstance = SoleInstance()  # `asnbot run` contends for it


class BotContext(CallbackContext[ExtBot, dict, dict, dict]):
    """Per-callback context; ``viewer`` and ``_`` are filled in by :func:`handlers.common.handler`."""

    application: AsnBotApplication
    viewer: Viewer
    _: Translator

    def unit_of_work(self, *, read_only: bool = False) -> UnitOfWork:
        """The request's unit of work; ``read_only`` for screens that only show data (see
        :class:`storage.db.ReadingSession`): faster, and a write through it raises."""
        application = self.application
        factory = application.reading_session_factory if read_only else application.session_factory
        return UnitOfWork(factory, application.clock)

    @property
    def settings(self) -> Settings:
        return self.application.settings

    @property
    def i18n(self) -> I18n:
        return self.application.i18n
