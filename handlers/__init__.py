"""Telegram-facing handlers, one module per feature; :func:`register` wires them in order."""

from __future__ import annotations

from telegram.ext import Application

from handlers import (
    announcements,
    appraisals,
    broadcasts,
    career,
    fallback,
    hr_employees,
    linking,
    menu,
    my_training,
    objections,
    rotations,
    settings,
    workshops,
    workshops_hr,
)


def register(application: Application) -> None:
    fallback.register_guards(application)
    linking.register(application)
    menu.register(application)
    settings.register(application)
    appraisals.register(application)
    objections.register(application)
    workshops.register(application)
    my_training.register(application)
    career.register(application)
    workshops_hr.register(application)
    announcements.register(application)
    broadcasts.register(application)
    rotations.register(application)
    hr_employees.register(application)
    fallback.register(application)
