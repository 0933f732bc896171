"""Telegram-facing handlers, one module per feature; :func:`register` wires them in order."""

from __future__ import annotations

from telegram.ext import Application

from handlers import appraisals, fallback, linking, menu, objections, settings


def register(application: Application) -> None:
    fallback.register_guards(application)
    linking.register(application)
    menu.register(application)
    settings.register(application)
    appraisals.register(application)
    objections.register(application)
    fallback.register(application)
