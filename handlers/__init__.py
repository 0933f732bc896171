"""Telegram-facing handlers, one module per feature; :func:`register` wires them in order."""

from __future__ import annotations

from telegram.ext import Application

from handlers import fallback, linking, menu, my_training, settings, workshops, workshops_hr


def register(application: Application) -> None:
    fallback.register_guards(application)
    linking.register(application)
    menu.register(application)
    settings.register(application)
    workshops.register(application)
    my_training.register(application)
    workshops_hr.register(application)
    fallback.register(application)
