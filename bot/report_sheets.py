"""HR's reports as sheets with their file names, made once for the CLI (a file) and Telegram (a document); both
write them through :class:`storage.spreadsheet.Sheet`, the one formula-safe writer."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.appraisal_labels import period_label, predikat_label, rating_label, state_label
from bot.config import Settings
from bot.delivery import STATE_LABELS
from bot.i18n import Translator
from bot.policies import policies, reminder_sources
from storage.models import Appraisal, Objection
from storage.services import reminders, rotations
from storage.services.audit import audit_entries
from storage.services.days_off import year_calendar
from storage.services.objections import objections_report, open_objections
from storage.services.training_hours import jp_report
from storage.spreadsheet import Sheet
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class NamedSheet:
    """A report: the sheet (its rows a list, so they can be counted), the file name it goes out under and its
    name in the audit log (:mod:`storage.services.exports`)."""

    sheet: Sheet
    filename: str
    report: str

    @property
    def rows(self) -> list[Sequence[object]]:
        return self.sheet.rows


async def jp_sheet(uow: UnitOfWork, settings: Settings, _: Translator, year: int | None = None) -> NamedSheet:
    policy = policies(settings).training
    year = year or policy.year_of(uow.clock())
    report = await jp_report(uow, year, policy)
    rows = [[row.employee.nip, row.employee.name, row.employee.kind, row.employee.unit or "",
             row.progress.from_workshops, row.progress.from_elsewhere, row.progress.total, row.progress.planned,
             None if row.progress.is_ceiling else row.progress.goal,
             row.progress.goal if row.progress.is_ceiling else None, row.progress.shortfall] for row in report]
    return NamedSheet(Sheet([_("NIP"), _("Name"), _("Type"), _("Unit"), _("JP from workshops"),
                             _("JP from elsewhere"), _("JP total"), _("Registered, not yet attended"),
                             _("Minimum (PNS)"), _("Ceiling (PPPK)"), _("Shortfall")], rows,
                            _("JP {year}", year=str(year))), f"jp-{year}.xlsx", "jp_recap")


async def objections_sheet(uow: UnitOfWork, settings: Settings, _: Translator) -> NamedSheet:
    tz = settings.timezone
    objections = await objections_report(uow)

    def row(objection: Objection) -> list[object]:
        appraisal: Appraisal = objection.appraisal
        corrected = objection.corrected_appraisal
        return [objection.id, objection.filed_at.astimezone(tz), objection.employee.nip, objection.employee.name,
                period_label(_, appraisal.period), rating_label(_, appraisal.work_results),
                rating_label(_, appraisal.work_behaviour), predikat_label(_, appraisal.predikat),
                appraisal.rater_name or "",
                objection.addressee.name if objection.addressee else _("HR (Subbag Umum dan Kepegawaian)"),
                state_label(_, objection.state), objection.reasons, objection.rater_explanation or "",
                objection.decision_due_on, objection.decided_at.astimezone(tz) if objection.decided_at else None,
                objection.decided_by.name if objection.decided_by else "", objection.decision_reason or "",
                predikat_label(_, corrected.predikat) if corrected else ""]

    headers = [_("No."), _("Filed (WIB)"), _("NIP"), _("Name"), _("Period"), _("Work results"), _("Work behaviour"),
               _("Predikat Kinerja"), _("Rater"), _("Addressed to"), _("State"), _("Reasons"), _("Rater's explanation"),
               _("Decision due"), _("Decided (WIB)"), _("Decided by"), _("Reasons for the decision"),
               _("Corrected predikat")]
    return NamedSheet(Sheet(headers, [row(objection) for objection in objections], _("Objections")),
                      f"keberatan-{uow.clock().astimezone(tz):%Y%m%d}.xlsx", "objections")


async def open_objections_sheet(uow: UnitOfWork, settings: Settings, _: Translator) -> NamedSheet:
    """The undecided objections by age: who has had one on their desk for how long, and how late it is."""
    tz = settings.timezone
    rows = [[item.objection.id, item.objection.filed_at.astimezone(tz), item.age_days, item.objection.decision_due_on,
             item.days_overdue, item.objection.employee.nip, item.objection.employee.name,
             period_label(_, item.objection.appraisal.period),
             item.objection.addressee.name if item.objection.addressee else _("HR (Subbag Umum dan Kepegawaian)"),
             state_label(_, item.objection.state), _("yes") if item.objection.rater_explanation else _("no")]
            for item in await open_objections(uow, policies(settings).objections)]
    return NamedSheet(Sheet([_("No."), _("Filed (WIB)"), _("Age (days)"), _("Decision due"), _("Days overdue"),
                             _("NIP"), _("Name"), _("Period"), _("Addressed to"), _("State"), _("Rater explained")],
                            rows, _("Open objections")),
                      f"keberatan-terbuka-{uow.clock().astimezone(tz):%Y%m%d}.xlsx", "open_objections")


async def days_off_sheet(uow: UnitOfWork, settings: Settings, _: Translator, year: int | None = None) -> NamedSheet:
    """The year's holidays and cuti bersama on weekdays, with Kepegawaian's corrections and where each comes from."""
    year = year or uow.clock().astimezone(settings.timezone).year
    rows = [[entry.day, _("yes") if entry.day_off else _("no"), entry.name or "",
             _("Kepegawaian") if entry.by_kepegawaian else _("national calendar")]
            for entry in await year_calendar(uow, year)]
    return NamedSheet(Sheet([_("Date"), _("Day off"), _("Name"), _("Set by")], rows,
                            _("Days off {year}", year=str(year))), f"hari-libur-{year}.xlsx", "days_off")


async def rotations_sheet(uow: UnitOfWork, settings: Settings, _: Translator) -> NamedSheet:
    tz = settings.timezone
    rows = [[notice.employee.nip, notice.employee.name, notice.old_position, notice.old_unit, notice.new_position,
             notice.new_unit, notice.sk_number, notice.sk_date, notice.effective_date,
             notice.inauguration_at.astimezone(tz) if notice.inauguration_at else None, notice.inauguration_place,
             notice.acknowledged_at.astimezone(tz) if notice.acknowledged_at else None,
             _("yes") if notice.applied_at else _("no")] for notice in await rotations.all_notices(uow)]
    return NamedSheet(Sheet([_("NIP"), _("Name"), _("Old post"), _("Old unit"), _("New post"), _("New unit"),
                             _("SK number"), _("SK date"), _("TMT"), _("Inauguration (WIB)"), _("Place"),
                             _("Read (WIB)"), _("In effect")], rows, _("Rotations")), "rotasi.xlsx", "rotations")


async def long_in_post_sheet(uow: UnitOfWork, settings: Settings, _: Translator) -> NamedSheet:
    """Who is at or beyond the maximum time in post today (ROTATION_MAX_YEARS_IN_POST), with any SK already
    moving them."""
    today = uow.clock().astimezone(settings.timezone).date()
    rows = [[item.employee.nip, item.employee.name, item.employee.position, item.employee.unit, item.tenure.since,
             item.tenure.length.years, item.tenure.maximum_on, item.pending.sk_number if item.pending else None,
             item.pending.effective_date if item.pending else None]
            for item in await rotations.long_in_post(uow, today, policies(settings).career)]
    return NamedSheet(Sheet([_("NIP"), _("Name"), _("Post"), _("Unit"), _("In the post since"), _("Years in post"),
                             _("Maximum reached on"), _("Pending SK"), _("Its TMT")], rows,
                            _("Long in post")), "lama-menjabat.xlsx", "long_in_post")


async def reminders_sheet(uow: UnitOfWork, settings: Settings, _: Translator, *, upcoming: bool,
                          days: int | None = None) -> NamedSheet:
    """Reminders sent in the last ``days`` (30), or due in the next ``days`` (7) when ``upcoming``."""
    tz = settings.timezone
    labels = {category.key: _(category.label) for category in reminders.CATEGORIES}
    if upcoming:
        chosen = policies(settings)
        items = await reminders.upcoming(uow, reminder_sources(settings, chosen), chosen.quiet, days or 7)
        return NamedSheet(Sheet([_("When (WIB)"), _("Category"), _("Event"), _("Stage"), _("Recipients")],
                                [[item.deliver_at.astimezone(tz), labels[item.category], item.event_key, item.stage,
                                  item.recipients] for item in items], _("Upcoming reminders")),
                          "pengingat-mendatang.xlsx", "reminders_upcoming")
    today = uow.clock().astimezone(tz).date()
    since = datetime.combine(today - timedelta(days=days or 30), time(0), tz)
    items = await reminders.sent_log(uow, since)
    rows = [[item.deliver_at.astimezone(tz), labels[item.category], item.nip, item.name, item.event_key, item.stage,
             _reminder_state(item.state, _), item.sent_at.astimezone(tz) if item.sent_at else None] for item in items]
    return NamedSheet(Sheet([_("When (WIB)"), _("Category"), _("NIP"), _("Name"), _("Event"), _("Stage"),
                             _("Status"), _("Sent (WIB)")], rows, _("Reminders")), "pengingat.xlsx",
                      "reminders_sent")


def _reminder_state(state: str, _: Translator) -> str:
    if state == "digest":
        return _("in a digest")
    return _(STATE_LABELS[state]) if state in STATE_LABELS else state


async def audit_sheet(uow: UnitOfWork, settings: Settings, _: Translator, since: date | None = None) -> NamedSheet:
    tz = settings.timezone
    entries = await audit_entries(uow, datetime.combine(since, time(0), tz) if since else None)
    rows = [[entry.at.astimezone(tz), entry.actor, entry.action, entry.subject or "",
             json.dumps(entry.details, ensure_ascii=False) if entry.details else ""] for entry in entries]
    return NamedSheet(Sheet([_("Time (WIB)"), _("Actor"), _("Action"), _("Subject"), _("Details")], rows,
                            _("Audit log")), f"audit-{uow.clock().astimezone(tz):%Y%m%d}.xlsx", "audit_log")
