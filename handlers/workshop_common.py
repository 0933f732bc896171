"""What the employee and HR workshop screens share: how a workshop reads (every data value escaped), and the
"back" buttons offered when a press is refused."""

from __future__ import annotations

from html import escape

from bot.context import BotContext
from bot.i18n import Translator
from handlers.common import Button, number_in
from storage import routes
from storage.models import Enrolment, EnrolmentState, Workshop, WorkshopKind, WorkshopMode, WorkshopStatus
from storage.problems import N_
from storage.services.workshop_audience import audience_text

KINDS = {WorkshopKind.TEKNIS: N_("Technical"), WorkshopKind.MANAJERIAL: N_("Managerial"),
         WorkshopKind.SOSIAL_KULTURAL: N_("Socio-cultural"), WorkshopKind.FUNGSIONAL: N_("Functional")}
MODES = {WorkshopMode.LURING: N_("In person"), WorkshopMode.DARING: N_("Online"),
         WorkshopMode.BLENDED: N_("Blended")}
STATES = {EnrolmentState.REGISTERED: N_("Registered"), EnrolmentState.CANCELLED: N_("Cancelled"),
          EnrolmentState.ATTENDED: N_("Attended"), EnrolmentState.ABSENT: N_("Absent")}
STATUSES = {WorkshopStatus.OPEN: N_("Registration open"), WorkshopStatus.CLOSED: N_("Registration closed"),
            WorkshopStatus.CANCELLED: N_("Cancelled")}
TITLE_IN_BUTTON = 40  # characters of a title that fit on a button


def state_label(_: Translator, enrolment: Enrolment) -> str:
    if enrolment.state == EnrolmentState.WAITLISTED:
        return _("On the waitlist, number {position}", position=enrolment.waitlist_position)
    return _(STATES[enrolment.state])


def heading(workshop: Workshop) -> str:
    return f"<b>{escape(workshop.title)}</b> ({escape(workshop.code)})"


def seats_text(_: Translator, workshop: Workshop, waitlisted: int) -> str:
    if workshop.seats_left == 0 or waitlisted:
        return _("💺 Full · {waiting} on the waitlist", waiting=waitlisted)
    return _.ngettext("💺 {left} of {capacity} seat left", "💺 {left} of {capacity} seats left", workshop.capacity,
                      left=workshop.seats_left, capacity=workshop.capacity)


def jp_text(_: Translator, workshop: Workshop) -> str:
    """``8 JP``; an event that is not a training shows that instead of a JP count."""
    if workshop.non_training:
        return _("not a training, no JP")
    return f"{_.number(workshop.jp)} JP"


def summary_lines(_: Translator, workshop: Workshop, indent: str = "   ") -> str:
    """Two lines for a list: when, how and the JP; then the end and the registration deadline, which people
    need before they open the workshop."""
    return (_("📅 {starts_at} · {mode} · {jp}", starts_at=workshop.starts_at, mode=_(MODES[workshop.mode]),
              jp=jp_text(_, workshop)) + "\n" + indent
            + _("🏁 Ends {ends_at} · ⏳ register by {deadline}", ends_at=workshop.ends_at,
                deadline=workshop.registration_deadline))


def detail_text(_: Translator, workshop: Workshop, waitlisted: int) -> str:
    lines = [heading(workshop)]
    if workshop.description:
        lines.append(escape(workshop.description))
    lines.append("")
    lines.append(_("Kind: {kind} · Mode: {mode}", kind=_(KINDS[workshop.kind]), mode=_(MODES[workshop.mode])))
    lines.append(f"📍 {escape(workshop.location)}")
    if workshop.organiser:
        lines.append(_("🏢 Organiser: {organiser}", organiser=escape(workshop.organiser)))
    lines.append(_("🕘 Starts: {starts_at}", starts_at=workshop.starts_at))
    lines.append(_("🏁 Ends: {ends_at}", ends_at=workshop.ends_at))
    lines.append(_("⏳ Registration until: {deadline}", deadline=workshop.registration_deadline))
    lines.append(seats_text(_, workshop, waitlisted))
    lines.append(f"🎓 {jp_text(_, workshop)}")
    audience = audience_text(workshop)
    if audience:
        lines.append(_("👥 Only for: {audience}", audience=escape(audience)))
    if workshop.status != WorkshopStatus.OPEN:
        lines.append(f"⚠️ {_(STATUSES[workshop.status])}")
    return "\n".join(lines)


def title_button(prefix: str, workshop: Workshop, callback_data: str) -> Button:
    """A button named after the workshop, e.g. ``3. Manajemen Waktu``, shortened to fit."""
    title = workshop.title if len(workshop.title) <= TITLE_IN_BUTTON else workshop.title[:TITLE_IN_BUTTON - 1] + "…"
    return f"{prefix} {title}", callback_data


def back_to_workshop(_: Translator, context: BotContext) -> Button:
    return _("⬅️ Back to the workshop"), routes.WORKSHOP.data(number_in(context))


def back_to_hr_workshop(_: Translator, context: BotContext) -> Button:
    return _("⬅️ Back to the workshop"), routes.HR_WORKSHOP.data(number_in(context))


def back_to_hr_list(_: Translator, context: BotContext) -> Button:
    return _("⬅️ Back to the list"), routes.HR_WORKSHOPS.data(0)
