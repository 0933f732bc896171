"""/nilai: the employee's appraisal result (latest, history, how the predikat is derived) and, for raters
and their superiors, "Penilaian Tim"."""

from __future__ import annotations

from html import escape

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, filters

from bot.appraisal_labels import (
    period_label,
    person_label,
    predikat_label,
    predikat_meaning,
    rating_label,
    state_label,
)
from bot.context import BotContext
from bot.i18n import Translator
from handlers.appraisal_common import policy
from handlers.common import Button, actor, keyboard, main_menu_button, number_in, pager, respond
from handlers.screen import screen
from storage import routes
from storage.models import Appraisal
from storage.nip import format_nip
from storage.ratings import MATRIX as PREDIKAT_MATRIX
from storage.ratings import Rating
from storage.services.appraisal_access import Relation
from storage.services.appraisals import (
    AppraisalCard,
    AppraisalHome,
    appraisal_card,
    appraisal_history,
    appraisal_home,
    team_overview,
)
from storage.uow import UnitOfWork


@screen(read_only=True)
async def show_home(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    home = await appraisal_home(uow, context.viewer.employee, policy(context))
    if home.latest is None:
        text = _("📊 <b>Performance appraisal</b>\nNo appraisal result has been published for you yet. HR publishes "
                 "the results after each period, and the bot tells you when yours is ready.")
        rows = []
    else:
        text, rows = card_text(_, home.latest), card_buttons(_, home.latest)
    await respond(update, text, keyboard([*rows, *_home_buttons(_, home)]))


@screen
async def show_appraisal(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    card = await appraisal_card(uow, context.viewer.employee, number_in(context), policy(context),
                                actor=actor(update))
    rows = card_buttons(_, card)
    if card.relation == Relation.SELF:
        rows.append([(_("🗂 All my results"), routes.APPRAISAL_HISTORY.data(0)), _back_home(_)])
    elif card.relation in (Relation.RATER, Relation.RATER_SUPERIOR):
        rows.append([(_("👥 Team appraisals"), routes.TEAM.data(0))])
    else:
        rows.append([(_("📥 Objections to decide"), routes.OBJECTION_INBOX.data(0))])
    rows.append([main_menu_button(_)])
    await respond(update, card_text(_, card), keyboard(rows))


@screen(read_only=True)
async def show_history(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    page = await appraisal_history(uow, context.viewer.employee, number_in(context))
    rows: list[list[Button]] = [[(_history_label(_, appraisal), routes.APPRAISAL.data(appraisal.id))]
                                for appraisal in page.items]
    rows += [pager(_, page, routes.APPRAISAL_HISTORY), [_back_home(_), main_menu_button(_)]]
    text = _("🗂 <b>Your appraisal results</b>\nChoose a period (page {page} of {pages}):",
             page=page.number + 1, pages=page.count) if page.total else _("You have no appraisal results yet.")
    await respond(update, text, keyboard(rows))


@screen(read_only=True)
async def show_matrix(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    lines = [_("📐 <b>How the Predikat Kinerja is derived</b>\n"
               "Your rater (pejabat penilai) gives two ratings: <b>work results</b> (Hasil Kerja) and <b>work "
               "behaviour</b> (Perilaku Kerja, the BerAKHLAK core values), each above, meeting or below "
               "expectations. The Predikat Kinerja follows from the pair by the matrix of PermenPANRB 6/2022; "
               "there is no numeric score.")]
    for results in Rating:
        lines.append("\n" + _("<b>Work results {rating}</b>", rating=rating_label(_, results)))
        lines += [_("• work behaviour {rating} → <b>{predikat}</b>", rating=rating_label(_, behaviour),
                    predikat=predikat_label(_, PREDIKAT_MATRIX[(results, behaviour)])) for behaviour in Rating]
    await respond(update, "\n".join(lines), keyboard([[_back_home(_), main_menu_button(_)]]))


@screen
async def show_team(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    team = await team_overview(uow, context.viewer.employee, number_in(context), actor=actor(update))
    back = [_back_home(_), main_menu_button(_)]
    if not team.page.total:
        await respond(update, _("👥 No one's latest appraisal result was rated by you or by someone who reports to "
                                "you."), keyboard([back]))
        return
    counts = " · ".join(_("{predikat}: {count}", predikat=predikat_label(_, predikat), count=count)
                        for predikat, count in team.counts.items())
    lines = [_("👥 <b>Team appraisals</b>\nLatest result of the {count} people rated by you or by someone who "
               "reports to you:", count=team.page.total), counts, ""]
    rows: list[list[Button]] = []
    for number, appraisal in enumerate(team.page.items, start=team.page.first_index + 1):
        lines.append(_("{number}. {name} · {period} · <b>{predikat}</b>", number=number,
                       name=escape(appraisal.employee.name), period=period_label(_, appraisal.period),
                       predikat=predikat_label(_, appraisal.predikat)))
        rows.append([(f"{number}. {appraisal.employee.name}", routes.APPRAISAL.data(appraisal.id))])
    lines.append("\n" + _("Page {page} of {pages}. Opening a result is recorded in the audit log.",
                          page=team.page.number + 1, pages=team.page.count))
    rows += [pager(_, team.page, routes.TEAM), back]
    await respond(update, "\n".join(lines), keyboard(rows))


def _back_home(_: Translator) -> Button:
    return _("⬅️ Back"), routes.APPRAISAL_HOME.data()


def card_text(_: Translator, card: AppraisalCard) -> str:
    appraisal = card.appraisal
    lines = [_("📊 <b>Performance appraisal · {period}</b>", period=period_label(_, appraisal.period))]
    if card.relation != Relation.SELF:
        lines.append(_("👤 {name} · NIP {nip}", name=escape(appraisal.employee.name),
                       nip=format_nip(appraisal.employee.nip)))
    lines += _version_lines(_, card)
    lines += [
        _("Work results (Hasil Kerja): <b>{rating}</b>", rating=rating_label(_, appraisal.work_results)),
        _("Work behaviour (Perilaku Kerja): <b>{rating}</b>", rating=rating_label(_, appraisal.work_behaviour)),
        _("Predikat Kinerja: <b>{predikat}</b>", predikat=predikat_label(_, appraisal.predikat)),
        _("<i>{meaning} It follows from the two ratings by the matrix of PermenPANRB 6/2022.</i>",
          meaning=predikat_meaning(_, appraisal.predikat)),
        _("Rater (pejabat penilai): {rater}", rater=escape(person_label(
            _, appraisal.rater_name, appraisal.rater_nip, appraisal.rater_position))),
        _("Published: {date}", date=appraisal.published_on),
        "",
        _("<b>Feedback (umpan balik)</b>"),
        f"<blockquote>{escape(appraisal.feedback)}</blockquote>" if appraisal.feedback
        else _("<i>No feedback was written.</i>"),
    ]
    objection_lines = _objection_lines(_, card)
    return "\n".join(lines + ([""] + objection_lines if objection_lines else []))


def card_buttons(_: Translator, card: AppraisalCard) -> list[list[Button]]:
    rows = []
    if card.can_object:
        rows.append([(_("✍️ File an objection (keberatan)"), routes.OBJECTION_NEW.data(card.appraisal.id))])
    if card.relation == Relation.SELF and card.objections:
        latest = card.objections[0]
        rows.append([(_("📨 Objection no. {number}", number=str(latest.id)), routes.OBJECTION.data(latest.id))])
    if card.previous_version_id:
        rows.append([(_("🕘 Previous version"), routes.APPRAISAL.data(card.previous_version_id))])
    if card.next_version_id:
        rows.append([(_("✏️ Corrected version"), routes.APPRAISAL.data(card.next_version_id))])
    return rows


def _home_buttons(_: Translator, home: AppraisalHome) -> list[list[Button]]:
    rows = []
    if home.results > 1:
        rows.append([(_("🗂 Earlier results"), routes.APPRAISAL_HISTORY.data(0))])
    rows.append([(_("📐 How the predikat is derived"), routes.APPRAISAL_MATRIX.data())])
    if home.own_objections:
        rows.append([(_("📨 My objections"), routes.OBJECTIONS_MINE.data(0))])
    if home.leads_team:
        rows.append([(_("👥 Team appraisals"), routes.TEAM.data(0))])
    if home.inbox:
        rows.append([(_("📥 Objections to decide ({count})", count=home.inbox), routes.OBJECTION_INBOX.data(0))])
    rows.append([main_menu_button(_)])
    return rows


def _version_lines(_: Translator, card: AppraisalCard) -> list[str]:
    appraisal = card.appraisal
    lines = []
    if card.correction is not None:
        lines.append(_("✏️ Corrected result (version {version}): changed when objection no. {number} was accepted "
                       "on {date}.", version=str(appraisal.version), number=str(card.correction.id),
                       date=card.correction.decided_at))
    if not appraisal.is_current:
        lines.append(_("🕘 <b>Earlier version</b>: replaced by a corrected result on {date}.",
                       date=appraisal.superseded_at))
    return lines


def _objection_lines(_: Translator, card: AppraisalCard) -> list[str]:
    """Where the objection stands: only the employee is told what they can still do."""
    lines = []
    if card.open_objection is not None:
        objection = card.open_objection
        lines.append(_("📨 Objection no. {number} is {state} (filed {date}).", number=str(objection.id),
                       state=state_label(_, objection.state), date=objection.filed_at))
    if card.relation != Relation.SELF or not card.appraisal.is_current or card.open_objection is not None:
        return lines
    window = card.window
    if not window.is_open:
        lines.append(_("The objection period for this result ended on {deadline}.", deadline=window.deadline))
    elif window.days_left == 0:
        lines.append(_("✍️ You can file an objection (keberatan) until today, {deadline}: today is the last day.",
                       deadline=window.deadline))
    else:
        lines.append(_.ngettext("✍️ You can file an objection (keberatan) until {deadline}: {count} day left.",
                                "✍️ You can file an objection (keberatan) until {deadline}: {count} days left.",
                                window.days_left, deadline=window.deadline))
    return lines


def _history_label(_: Translator, appraisal: Appraisal) -> str:
    period, predikat = period_label(_, appraisal.period), predikat_label(_, appraisal.predikat)
    if appraisal.is_current:
        return _("{period} · {predikat}", period=period, predikat=predikat)
    return _("{period} · {predikat} (version {version}, replaced)", period=period, predikat=predikat,
             version=str(appraisal.version))


def register(application: Application) -> None:
    private = filters.ChatType.PRIVATE
    application.add_handler(CommandHandler(["nilai", "appraisal"], show_home, filters=private))
    application.add_handler(CallbackQueryHandler(show_home, pattern=routes.APPRAISAL_HOME.pattern))
    application.add_handler(CallbackQueryHandler(show_appraisal, pattern=routes.APPRAISAL.pattern))
    application.add_handler(CallbackQueryHandler(show_history, pattern=routes.APPRAISAL_HISTORY.pattern))
    application.add_handler(CallbackQueryHandler(show_matrix, pattern=routes.APPRAISAL_MATRIX.pattern))
    application.add_handler(CallbackQueryHandler(show_team, pattern=routes.TEAM.pattern))
