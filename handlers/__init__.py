"""Telegram-facing handlers, one module per feature; :func:`register` wires them in order."""

from __future__ import annotations

from telegram.ext import Application

from handlers import (
    announcements,
    appraisals,
    aspirations,
    broadcasts,
    career,
    career_planning,
    corrections,
    days_off,
    fallback,
    hr_employees,
    hr_reports,
    hr_uploads,
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
    aspirations.register(application)
    corrections.register(application)
    career_planning.register(application)
    hr_uploads.register(application)
    hr_reports.register(application)
    days_off.register(application)
    fallback.register(application)
