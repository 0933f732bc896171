"""Kepegawaian's "📊 Reports": every report the CLI makes, sent as XLSX, and a weekly summary with a chart.
The sheets are made by :mod:`bot.report_sheets` (the CLI's too) and written by the one writer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler

from bot.context import BotContext
from bot.report_sheets import (
    NamedSheet,
    audit_sheet,
    days_off_sheet,
    jp_sheet,
    long_in_post_sheet,
    objections_sheet,
    open_objections_sheet,
    reminders_sheet,
    rotations_sheet,
)
from bot.summary_chart import jp_chart_png
from handlers.common import keyboard, main_menu_button, respond, send_sheet
from handlers.screen import HR, screen
from storage import routes
from storage.problems import N_, Problem
from storage.services import broadcasts
from storage.services.hr_summary import hr_summary
from storage.uow import UnitOfWork

AUDIT_DAYS = 30  # the audit log on Telegram covers this long; the CLI gives all of it
RECENT_BROADCASTS = 10


@dataclass(frozen=True)
class Report:
    key: str  # in the button's callback data
    label: str  # msgid
    make: Callable[[UnitOfWork, BotContext], Awaitable[NamedSheet]]


def _audit_since(context: BotContext) -> date:
    return context.application.clock().astimezone(context.settings.timezone).date() - timedelta(days=AUDIT_DAYS)


REPORTS = (
    Report("jp", N_("📈 JP recap"), lambda uow, context: jp_sheet(uow, context.settings, context._)),
    Report("objections", N_("⚖️ Objections"), lambda uow, context: objections_sheet(
        uow, context.settings, context._)),
    Report("open_objections", N_("⏳ Open objections by age"), lambda uow, context: open_objections_sheet(
        uow, context.settings, context._)),
    Report("rotations", N_("🔄 Rotations and confirmations"),
           lambda uow, context: rotations_sheet(uow, context.settings, context._)),
    Report("long_in_post", N_("⏱ Long in post (at or beyond the maximum)"),
           lambda uow, context: long_in_post_sheet(uow, context.settings, context._)),
    Report("reminders", N_("🔔 Reminders sent (30 days)"), lambda uow, context: reminders_sheet(
        uow, context.settings, context._, upcoming=False)),
    Report("upcoming", N_("⏰ Reminders coming (7 days)"), lambda uow, context: reminders_sheet(
        uow, context.settings, context._, upcoming=True)),
    Report("days_off", N_("📅 Days off this year"), lambda uow, context: days_off_sheet(
        uow, context.settings, context._)),
    Report("audit", N_("🧾 Audit log (30 days)"), lambda uow, context: audit_sheet(
        uow, context.settings, context._, _audit_since(context))),
)


def _reports_button(_) -> tuple[str, str]:
    return _("📊 Reports"), routes.HR_REPORTS.data()


@screen(who=HR, read_only=True)
async def reports_home(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    rows = [[(_("📋 Summary this week"), routes.HR_SUMMARY.data())]]
    rows += [[(_(report.label), routes.HR_REPORT.data(report.key))] for report in REPORTS]
    rows += [[(_("🎓 Enrolments per workshop"), routes.HR_WORKSHOPS.data(0))],
             [(_("📣 Announcements"), routes.HR_BROADCASTS.data())],
             [(_("🔑 Activation codes for the unlinked"), routes.HR_CODES.data())],
             [main_menu_button(_)]]
    await respond(update, _("<b>📊 Reports</b>\nEach comes as an XLSX file."), keyboard(rows))


@screen(who=HR)
async def send_report(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    (key,) = routes.HR_REPORT.parse(update.callback_query.data)
    report = next((report for report in REPORTS if report.key == key), None)
    if report is None:
        raise Problem(N_("This report is no longer offered; open 📊 Reports again."))
    made = await report.make(uow, context)
    await send_sheet(update, uow, made.sheet, filename=made.filename, report=made.report,
                     caption=_.ngettext("{title}: {count} row.", "{title}: {count} rows.", len(made.rows),
                                        title=made.sheet.title),
                     markup=keyboard([[_reports_button(_)], [main_menu_button(_)]]))


@screen(who=HR, read_only=True)
async def send_summary(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    summary = await hr_summary(uow, context.application.policies.training)
    if summary.units:
        chart = jp_chart_png(summary.units, title=_("PNS who reached the JP minimum in {year}", year=str(summary.year)),
                             axis=_("Share of the unit's PNS (%)"))
        await update.effective_message.reply_photo(chart)
    oldest = (_("the oldest filed {when}", when=summary.oldest_objection_filed)
              if summary.oldest_objection_filed else _("none waiting"))
    text = "\n".join([
        _("<b>📋 Summary</b>"),
        _("• {count} PNS below the JP minimum for {year}", count=summary.jp_short, year=str(summary.year)),
        _.ngettext("• {count} open objection; {oldest}", "• {count} open objections; {oldest}",
                   summary.open_objections, oldest=escape(oldest)),
        _.ngettext("• {count} rotation notice not yet confirmed", "• {count} rotation notices not yet confirmed",
                   summary.unacknowledged_rotations),
        _.ngettext("• {count} employee not linked to Telegram", "• {count} employees not linked to Telegram",
                   summary.unlinked_employees)])
    await update.callback_query.answer()
    await update.effective_message.reply_html(text, reply_markup=keyboard([
        [(_("📈 JP recap"), routes.HR_REPORT.data("jp")), (_("⚖️ Objections"), routes.HR_REPORT.data("objections"))],
        [(_("🔑 Activation codes for the unlinked"), routes.HR_CODES.data())],
        [_reports_button(_), main_menu_button(_)]]))


@screen(who=HR, read_only=True)
async def recent_broadcasts(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    recent = await broadcasts.recent(uow, RECENT_BROADCASTS)
    tz = context.settings.timezone
    rows = [[(_("#{id} · {when}", id=str(item.id), when=item.send_at.astimezone(tz).date()),
              routes.BROADCAST_REPORT.data(item.id))] for item in recent]
    text = _("<b>📣 Announcements</b>\nOpen one for its delivery report and XLSX.") if recent else _(
        "No announcements have been sent yet.")
    await respond(update, text, keyboard(rows + [[_reports_button(_), main_menu_button(_)]]))


def register(application: Application) -> None:
    application.add_handler(CallbackQueryHandler(reports_home, pattern=routes.HR_REPORTS.pattern))
    application.add_handler(CallbackQueryHandler(send_report, pattern=routes.HR_REPORT.pattern))
    application.add_handler(CallbackQueryHandler(send_summary, pattern=routes.HR_SUMMARY.pattern))
    application.add_handler(CallbackQueryHandler(recent_broadcasts, pattern=routes.HR_BROADCASTS.pattern))
