"""/keberatan: filing an objection to an appraisal result (with reasons and, optionally, a photo or PDF as
evidence) and following it; for the rater, explaining the result; for the rater's superior and Kepegawaian,
deciding it: mark as being processed, accept with corrected ratings or reject, giving reasons either way."""

from __future__ import annotations

from html import escape

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ConversationHandler, MessageHandler, filters

from bot.appraisal_labels import period_label, person_label, predikat_label, rating_label, state_label
from bot.context import BotContext
from bot.i18n import Translator
from handlers.appraisal_common import policy, result_line
from handlers.common import Button, Keyboard, actor, keyboard, main_menu_button, number_in, pager, respond
from handlers.screen import ask_again, conversation, pending_draft, refuse, screen
from storage import routes
from storage.models import Employee, Objection, ObjectionState
from storage.nip import format_nip
from storage.problems import N_, Problem
from storage.ratings import Rating
from storage.rendered import days
from storage.services.objections import (
    MAX_TEXT,
    MIN_TEXT,
    Evidence,
    EvidenceKind,
    ObjectionDraft,
    TextProblem,
    accept_objection,
    check_rejection,
    draft_objection,
    explain_objection,
    file_objection,
    objectable,
    objection_detail,
    objection_inbox,
    objection_to_decide,
    own_objections,
    preview_acceptance,
    reject_objection,
    start_processing,
)
from storage.uow import UnitOfWork

OBJECTING, REJECTING, ACCEPTING, EXPLAINING = range(4)
LETTERS = {"a": Rating.ABOVE, "m": Rating.MEETS, "b": Rating.BELOW}  # ratings in button data
LETTER_OF = {rating: letter for letter, rating in LETTERS.items()}
STARTED_OVER = N_("That step has expired. Please start again from the objection or the result.")


# -- the employee: list, choose, write, confirm -------------------------------------------------------------

@screen
async def show_own(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    page = await own_objections(uow, context.viewer.employee, number_in(context) if context.matches else 0)
    if page.total:
        lines = [_("📨 <b>Your objections (keberatan)</b>")]
        lines += [_list_entry(_, objection) for objection in page.items]
    else:
        lines = [_("📨 You have not filed any objection (keberatan). You can object to an appraisal result within "
                   "{days} after receiving it.", days=days(context.settings.objection_window_days))]
    rows: list[list[Button]] = [[(_("📨 No. {number}", number=str(objection.id)), routes.OBJECTION.data(objection.id))]
                                for objection in page.items]
    rows.append(pager(_, page, routes.OBJECTIONS_MINE))
    if await objectable(uow, context.viewer.employee, policy(context)):  # only a button that can lead somewhere
        rows.append([(_("✍️ File a new objection"), routes.OBJECTION_PICK.data())])
    rows.append([(_("📊 My appraisal result"), routes.APPRAISAL_HOME.data()), main_menu_button(_)])
    await respond(update, "\n\n".join(lines), keyboard(rows))


@screen
async def choose_appraisal(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    candidates = await objectable(uow, context.viewer.employee, policy(context))
    back = [(_("⬅️ Back"), routes.OBJECTIONS_MINE.data(0)), main_menu_button(_)]
    if not candidates:
        await respond(update, _("None of your appraisal results is open for an objection now. An objection must be "
                                "filed within {days} after the result is received, and a result can have only "
                                "one undecided objection.", days=days(context.settings.objection_window_days)),
                      keyboard([back]))
        return
    rows = [[(_("{period} · {predikat}", period=period_label(_, appraisal.period),
                predikat=predikat_label(_, appraisal.predikat)), routes.OBJECTION_NEW.data(appraisal.id))]
            for appraisal in candidates]
    await respond(update, _("✍️ Which result do you object to?"), keyboard([*rows, back]))


@screen
async def start_objection(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    draft = await draft_objection(uow, context.viewer.employee, number_in(context), policy(context),
                                  actor=actor(update))
    context.user_data["objection"] = {"appraisal_id": draft.appraisal.id}
    await respond(update, "\n".join([
        _("✍️ <b>Objection (keberatan) to your result for {period}</b>",
          period=period_label(_, draft.appraisal.period)),
        _("Current result: {result}", result=result_line(_, draft.appraisal)),
        _addressee_line(_, draft.addressee),
        _("You can file it until {deadline}.", deadline=draft.window.deadline),
        "",
        _("Write your reasons in one message: what you disagree with and why, with facts where you can "
          "({minimum} to {maximum} characters). Send /batal to stop.", minimum=MIN_TEXT, maximum=MAX_TEXT),
        _("You may also send a photo or a PDF as evidence."),
    ]), keyboard([[_cancel(_)]]))
    return OBJECTING


@screen
async def reasons_typed(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    pending = pending_draft(context, "objection", STARTED_OVER)
    try:
        draft = await draft_objection(uow, context.viewer.employee, pending["appraisal_id"], policy(context),
                                      actor=actor(update), reasons=update.message.text)
    except TextProblem as problem:
        return await _ask_again(update, _, problem, OBJECTING)
    pending["reasons"] = draft.reasons
    await respond(update, _draft_summary(_, draft, pending.get("evidence")), _draft_keyboard(_))
    return OBJECTING


@screen
async def evidence_sent(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    """A photo or a PDF while filing: kept with the draft (a second one replaces the first)."""
    _ = context._
    pending = pending_draft(context, "objection", STARTED_OVER)
    message = update.message
    try:
        if message.photo:
            evidence = Evidence.checked(message.photo[-1].file_id, EvidenceKind.PHOTO)
        else:
            evidence = Evidence.checked(message.document.file_id, EvidenceKind.DOCUMENT, message.document.file_name,
                                        message.document.mime_type)
    except TextProblem as problem:
        await respond(update, escape(_.problem(problem)), keyboard([[_cancel(_)]]))
        return OBJECTING
    pending["evidence"] = {"file_id": evidence.file_id, "kind": evidence.kind.value, "name": evidence.name}
    if "reasons" not in pending:
        await respond(update, _("📎 Evidence kept. Now write your reasons in one message."), keyboard([[_cancel(_)]]))
        return OBJECTING
    draft = await draft_objection(uow, context.viewer.employee, pending["appraisal_id"], policy(context),
                                  actor=actor(update), reasons=pending["reasons"])
    await respond(update, _draft_summary(_, draft, pending["evidence"]), _draft_keyboard(_))
    return OBJECTING


@screen
async def submit_objection(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    pending = await _pending_with(update, context, "objection", "reasons", N_("Please write your reasons first."))
    if pending is None:
        return OBJECTING
    evidence = pending.get("evidence")
    objection = await file_objection(uow, context.viewer.employee, pending["appraisal_id"], pending["reasons"],
                                     policy(context), actor=actor(update),
                                     evidence=Evidence(evidence["file_id"], EvidenceKind(evidence["kind"]),
                                                       evidence["name"]) if evidence else None)
    context.user_data.pop("objection", None)
    await respond(update, _("✅ Your objection no. {number} was submitted on {date} to {addressee}; its state is "
                            "now: {state}. The bot will tell you when it is processed.",
                            number=str(objection.id), date=objection.filed_at,
                            addressee=_addressee_name(_, objection.addressee), state=state_label(_, objection.state)),
                  keyboard([[(_("📨 My objections"), routes.OBJECTIONS_MINE.data(0))], [main_menu_button(_)]]))
    return ConversationHandler.END


# -- one objection, for its employee and its deciders ---------------------------------------------------------

@screen
async def show_objection(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    detail = await objection_detail(uow, context.viewer.employee, number_in(context), actor=actor(update))
    await _objection_screen(update, context, detail.objection, decidable=detail.decidable,
                            explainable=detail.explainable)


@screen
async def send_evidence(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    """The evidence file, sent again by its Telegram file id to whoever may see the objection."""
    _ = context._
    objection = (await objection_detail(uow, context.viewer.employee, number_in(context),
                                        actor=actor(update))).objection
    if objection.evidence_file_id is None:
        raise Problem(N_("This objection has no evidence attached."))
    caption = _("📎 Evidence for objection no. {number}", number=str(objection.id))
    back = keyboard([[(_("📨 Open objection"), routes.OBJECTION.data(objection.id))]])
    if update.callback_query:
        await update.callback_query.answer()
    bot, chat = update.get_bot(), update.effective_chat.id
    if objection.evidence_kind == EvidenceKind.PHOTO:
        await bot.send_photo(chat, objection.evidence_file_id, caption=caption, reply_markup=back)
    else:
        await bot.send_document(chat, objection.evidence_file_id, caption=caption, reply_markup=back)


# -- the rater: an explanation for the superior ---------------------------------------------------------------

@screen
async def start_explanation(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    detail = await objection_detail(uow, context.viewer.employee, number_in(context), actor=actor(update))
    if not detail.explainable:
        raise Problem(N_("Only the rater explains an objection, and only until it is decided."))
    context.user_data["explanation"] = {"objection_id": detail.objection.id}
    await respond(update, "\n".join([
        _decision_header(_, detail.objection, _("📝 Explanation for objection no. {number}",
                                               number=str(detail.objection.id))),
        "", _("<b>Reasons</b>"), f"<blockquote>{escape(detail.objection.reasons)}</blockquote>", "",
        _("Write your explanation of the result in one message ({minimum} to {maximum} characters); the superior "
          "reads it before deciding. Send /batal to stop.", minimum=MIN_TEXT, maximum=MAX_TEXT)]),
        keyboard([[_cancel(_)]]))
    return EXPLAINING


@screen
async def explanation_typed(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    pending = pending_draft(context, "explanation", STARTED_OVER)
    try:
        objection = await explain_objection(uow, context.viewer.employee, pending["objection_id"],
                                            update.message.text, actor=actor(update))
    except TextProblem as problem:
        return await _ask_again(update, _, problem, EXPLAINING)
    context.user_data.pop("explanation", None)
    await respond(update, _("✅ Your explanation was sent to {decider}.",
                            decider=_addressee_name(_, objection.addressee)),
                  keyboard([[(_("📨 Open objection"), routes.OBJECTION.data(objection.id))], [main_menu_button(_)]]))
    return ConversationHandler.END


@screen
async def show_inbox(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    page = await objection_inbox(uow, context.viewer.employee, number_in(context))
    if page.total:
        lines = [_("📥 <b>Objections to decide</b> ({count})", count=page.total)]
        lines += [_list_entry(_, objection, with_name=True) for objection in page.items]
    else:
        lines = [_("📥 No objection is waiting for your decision.")]
    rows: list[list[Button]] = [[(_("📨 No. {number} · {name}", number=str(objection.id), name=objection.employee.name),
                                  routes.OBJECTION.data(objection.id))] for objection in page.items]
    rows += [pager(_, page, routes.OBJECTION_INBOX), [main_menu_button(_)]]
    await respond(update, "\n\n".join(lines), keyboard(rows))


@screen
async def mark_processing(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    objection = await start_processing(uow, context.viewer.employee, number_in(context), actor=actor(update))
    await _objection_screen(update, context, objection, decidable=True, note=context._(
        "🔄 Marked as being processed; {name} has been told.", name=escape(objection.employee.name)))


# -- accepting: two ratings, a summary, a confirmation --------------------------------------------------------

@screen
async def accept_step(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    objection_id, letters = number_in(context), context.match.group(2) or ""
    if len(letters) == 2:
        await _acceptance_summary(update, context, uow, objection_id, letters)
        return
    objection = await objection_to_decide(uow, context.viewer.employee, objection_id, actor=actor(update))
    prompt = (_("Step 1 of 2: choose the corrected <b>work results</b> (Hasil Kerja).") if not letters else
              _("Step 2 of 2: choose the corrected <b>work behaviour</b> (Perilaku Kerja)."))
    rows = [[(rating_label(_, rating), routes.OBJECTION_ACCEPT.data(objection_id, letters + LETTER_OF[rating]))]
            for rating in Rating]
    rows.append([(_("⬅️ Back"), routes.OBJECTION.data(objection_id))])
    await respond(update, "\n".join([_decision_header(_, objection, _("✅ Accept objection no. {number}",
                                                                      number=str(objection.id))), "", prompt]),
                  keyboard(rows))


async def _acceptance_summary(update: Update, context: BotContext, uow: UnitOfWork, objection_id: int,
                              letters: str) -> None:
    _ = context._
    acceptance = await preview_acceptance(uow, context.viewer.employee, objection_id, LETTERS[letters[0]],
                                          LETTERS[letters[1]], actor=actor(update))
    old = acceptance.objection.appraisal
    changes = [
        _("Work results: {old} → <b>{new}</b>", old=rating_label(_, old.work_results),
          new=rating_label(_, acceptance.work_results)),
        _("Work behaviour: {old} → <b>{new}</b>", old=rating_label(_, old.work_behaviour),
          new=rating_label(_, acceptance.work_behaviour)),
        _("Predikat Kinerja: {old} → <b>{new}</b>", old=predikat_label(_, old.predikat),
          new=predikat_label(_, acceptance.predikat)),
    ]
    text = "\n".join([_decision_header(_, acceptance.objection, _("✅ Accept objection no. {number}?",
                                                                  number=str(objection_id))), "", *changes, "",
                      _("A corrected version of the result is created; the current one stays in the history. "
                        "{name} will be told.", name=escape(acceptance.objection.employee.name))])
    await respond(update, text, keyboard([
        [(_("✍️ Write the reasons"), routes.OBJECTION_CONFIRM_ACCEPT.data(objection_id, letters))],
        [(_("⬅️ Choose again"), routes.OBJECTION_ACCEPT.data(objection_id)),
         (_("✖️ Cancel"), routes.OBJECTION.data(objection_id))]]))


@screen
async def start_acceptance_reasons(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    """Accepting records reasons, as rejecting does: ask for them after the ratings were chosen."""
    _ = context._
    letters = context.match.group(2)
    acceptance = await preview_acceptance(uow, context.viewer.employee, number_in(context), LETTERS[letters[0]],
                                          LETTERS[letters[1]], actor=actor(update))
    context.user_data["acceptance"] = {"objection_id": acceptance.objection.id, "letters": letters}
    await respond(update, "\n".join([
        _decision_header(_, acceptance.objection, _("✅ Accept objection no. {number}",
                                                    number=str(acceptance.objection.id))), "",
        _("Write the reasons for accepting in one message ({minimum} to {maximum} characters); {name} will read "
          "them. Send /batal to stop.", minimum=MIN_TEXT, maximum=MAX_TEXT,
          name=escape(acceptance.objection.employee.name))]), keyboard([[_cancel(_)]]))
    return ACCEPTING


@screen
async def acceptance_typed(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    pending = pending_draft(context, "acceptance", STARTED_OVER)
    letters = pending["letters"]
    try:
        acceptance = await preview_acceptance(uow, context.viewer.employee, pending["objection_id"],
                                              LETTERS[letters[0]], LETTERS[letters[1]], actor=actor(update),
                                              reason=update.message.text)
    except TextProblem as problem:
        return await _ask_again(update, _, problem, ACCEPTING)
    pending["reason"] = acceptance.reason
    old = acceptance.objection.appraisal
    change = _("Predikat Kinerja: {old} → <b>{new}</b>", old=predikat_label(_, old.predikat),
               new=predikat_label(_, acceptance.predikat))
    await _decision_summary(update, _, acceptance.objection, _("✅ Accept objection no. {number}?",
                                                               number=str(acceptance.objection.id)),
                            acceptance.reason, (_("✅ Accept and correct"), routes.OBJECTION_CONFIRM_ACCEPTANCE.data()),
                            change)
    return ACCEPTING


@screen
async def confirm_acceptance(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    pending = await _pending_with(update, context, "acceptance", "reason", N_("Please write the reason first."))
    if pending is None:
        return ACCEPTING
    letters = pending["letters"]
    corrected = await accept_objection(uow, context.viewer.employee, pending["objection_id"], LETTERS[letters[0]],
                                       LETTERS[letters[1]], pending["reason"], actor=actor(update))
    context.user_data.pop("acceptance", None)
    await respond(update, _("✅ Objection accepted. The corrected result (version {version}) now applies: {result}\n"
                            "{name} has been told.", version=str(corrected.version), result=result_line(_, corrected),
                            name=escape(corrected.employee.name)),
                  keyboard([[(_("📊 View corrected result"), routes.APPRAISAL.data(corrected.id))],
                            [(_("📥 Objections to decide"), routes.OBJECTION_INBOX.data(0)), main_menu_button(_)]]))
    return ConversationHandler.END


# -- rejecting: a typed reason, a summary, a confirmation -----------------------------------------------------

@screen
async def start_rejection(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    objection = await objection_to_decide(uow, context.viewer.employee, number_in(context), actor=actor(update))
    context.user_data["rejection"] = {"objection_id": objection.id}
    await respond(update, "\n".join([
        _decision_header(_, objection, _("❌ Reject objection no. {number}", number=str(objection.id))), "",
        _("Write the reason for the rejection in one message ({minimum} to {maximum} characters); {name} will read "
          "it. Send /batal to stop.", minimum=MIN_TEXT, maximum=MAX_TEXT, name=escape(objection.employee.name))]),
        keyboard([[_cancel(_)]]))
    return REJECTING


@screen
async def rejection_typed(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    pending = pending_draft(context, "rejection", STARTED_OVER)
    try:
        objection, reason = await check_rejection(uow, context.viewer.employee, pending["objection_id"],
                                                  update.message.text, actor=actor(update))
    except TextProblem as problem:
        return await _ask_again(update, _, problem, REJECTING)
    pending["reason"] = reason
    await _decision_summary(update, _, objection, _("❌ Reject objection no. {number}?", number=str(objection.id)),
                            reason, (_("❌ Reject objection"), routes.OBJECTION_CONFIRM_REJECT.data()))
    return REJECTING


@screen
async def confirm_rejection(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    pending = await _pending_with(update, context, "rejection", "reason", N_("Please write the reason first."))
    if pending is None:
        return REJECTING
    objection = await reject_objection(uow, context.viewer.employee, pending["objection_id"], pending["reason"],
                                       actor=actor(update))
    context.user_data.pop("rejection", None)
    await respond(update, _("❌ Objection no. {number} rejected. {name} has been told, with your reason.",
                            number=str(objection.id), name=escape(objection.employee.name)),
                  keyboard([[(_("📥 Objections to decide"), routes.OBJECTION_INBOX.data(0)), main_menu_button(_)]]))
    return ConversationHandler.END


# -- shared by both conversations -----------------------------------------------------------------------------

@screen
async def rewrite(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    """Keeps the conversation where it is (returns None); the old text is dropped, so only a new one can be sent."""
    _ = context._
    context.user_data.get("objection", {}).pop("reasons", None)
    for key in ("rejection", "acceptance"):
        context.user_data.get(key, {}).pop("reason", None)
    await respond(update, _("✏️ Write the text again in one message, or /batal to stop."),
                  keyboard([[_cancel(_)]]))


@screen
async def cancel(update: Update, context: BotContext, uow: UnitOfWork) -> int:
    _ = context._
    for key in ("objection", "rejection", "acceptance", "explanation"):
        context.user_data.pop(key, None)
    await respond(update, _("Cancelled; nothing was sent."), keyboard([[main_menu_button(_)]]))
    return ConversationHandler.END


@screen
async def expected_text(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    """A sticker, photo or file while the bot waits for typed text."""
    await respond(update, context._("Please type the text as a message, or /batal to stop."),
                  keyboard([[_cancel(context._)]]))


def _cancel(_: Translator) -> Button:
    return _("✖️ Cancel"), routes.OBJECTION_CANCEL.data()


def _write_again(_: Translator) -> Button:
    return _("✏️ Write again"), routes.OBJECTION_REWRITE.data()


# -- rendering ------------------------------------------------------------------------------------------------

async def _pending_with(update: Update, context: BotContext, key: str, field: str, missing: str) -> dict | None:
    """The conversation's draft, if ``field`` was typed already; otherwise (an earlier draft's button) say
    ``missing`` and keep waiting for the text."""
    pending = pending_draft(context, key, STARTED_OVER)
    if field not in pending:
        await refuse(update, context, context._(missing))
        return None
    return pending


async def _ask_again(update: Update, _: Translator, problem: TextProblem, state: int) -> int:
    """Typed text refused (too short or too long): say why and stay in the same step."""
    return await ask_again(update, _, problem, N_("{problem}\nPlease write it again, or /batal to stop."),
                           keyboard([[_cancel(_)]]), state)


async def _decision_summary(update: Update, _: Translator, objection: Objection, title: str, reason: str,
                            confirm: Button, *lines: str) -> None:
    """The last look before a decision: what changes, the reasons the employee will read, that it is final."""
    await respond(update, "\n".join([
        _decision_header(_, objection, title), *_explanation_lines(_, objection), "", *lines,
        _("<b>Reasons for the decision</b>"), f"<blockquote>{escape(reason)}</blockquote>",
        _("The decision is final; {name} and Kepegawaian will be told.", name=escape(objection.employee.name))]),
        keyboard([[confirm], [_write_again(_), _cancel(_)]]))


async def _objection_screen(update: Update, context: BotContext, objection: Objection, *, decidable: bool,
                            explainable: bool = False, note: str | None = None) -> None:
    _ = context._
    mine = objection.employee_id == context.viewer.employee.id
    lines = [note, ""] if note else []
    lines.append(_("📨 <b>Objection no. {number}</b> · {state}", number=str(objection.id),
                   state=state_label(_, objection.state)))
    if not mine:
        lines.append(_("👤 {name} · NIP {nip}", name=escape(objection.employee.name),
                       nip=format_nip(objection.employee.nip)))
    lines += [_("Result objected to: {result}", result=result_line(_, objection.appraisal)),
              _("Filed: {date}", date=objection.filed_at),
              _("Addressed to: {addressee}", addressee=_addressee_name(_, objection.addressee)),
              "", _("<b>Reasons</b>"), f"<blockquote>{escape(objection.reasons)}</blockquote>"]
    if objection.evidence_file_id:
        lines.append(_("📎 Evidence attached: {name}", name=escape(_evidence_name(_, objection.evidence_kind,
                                                                                 objection.evidence_name))))
    if objection.rater_explanation or (objection.is_open and not mine):
        lines += _explanation_lines(_, objection)
    if objection.is_open and objection.decision_due_on and not mine:
        lines.append(_("Decision due by {date}.", date=objection.decision_due_on))
    lines += _decision_lines(_, objection)
    rows: list[list[Button]] = []
    if objection.evidence_file_id:
        rows.append([(_("📎 View evidence"), routes.OBJECTION_EVIDENCE.data(objection.id))])
    if explainable:
        rows.append([(_("✍️ Write an explanation") if not objection.rater_explanation else
                      _("✏️ Rewrite the explanation"), routes.OBJECTION_EXPLAIN.data(objection.id))])
    if decidable:
        if objection.state == ObjectionState.FILED:
            rows.append([(_("🔄 Mark as being processed"), routes.OBJECTION_PROCESS.data(objection.id))])
        rows.append([(_("✅ Accept with corrected ratings"), routes.OBJECTION_ACCEPT.data(objection.id))])
        rows.append([(_("❌ Reject"), routes.OBJECTION_REJECT.data(objection.id))])
    shown = objection.corrected_appraisal_id or objection.appraisal_id
    rows.append([(_("📊 View result"), routes.APPRAISAL.data(shown))])
    rows.append([(_("📨 My objections"), routes.OBJECTIONS_MINE.data(0)) if mine
                 else (_("📥 Objections to decide"), routes.OBJECTION_INBOX.data(0)), main_menu_button(_)])
    await respond(update, "\n".join(lines), keyboard(rows))


def _decision_lines(_: Translator, objection: Objection) -> list[str]:
    if objection.decided_at is None:
        return []
    decider = objection.decided_by.name if objection.decided_by else _("not recorded")
    lines = ["", _("Decided by {name} on {date}. The decision is final.", name=escape(decider),
                   date=objection.decided_at)]
    if objection.corrected_appraisal is not None:
        lines.append(_("Corrected result: {result}", result=result_line(_, objection.corrected_appraisal)))
    if objection.decision_reason:
        lines += [_("<b>Reasons for the decision</b>"),
                  f"<blockquote>{escape(objection.decision_reason)}</blockquote>"]
    return lines


def _explanation_lines(_: Translator, objection: Objection) -> list[str]:
    """The rater's explanation, which the superior reads before deciding (PP 30/2019 Art. 59)."""
    if not objection.rater_explanation:
        return ["", _("The rater has not sent an explanation yet.")]
    return ["", _("<b>Rater's explanation</b> ({date})", date=objection.rater_explained_at),
            f"<blockquote>{escape(objection.rater_explanation)}</blockquote>"]


def _decision_header(_: Translator, objection: Objection, title: str) -> str:
    return "\n".join([f"<b>{title}</b>",
                      _("👤 {name} · NIP {nip}", name=escape(objection.employee.name),
                        nip=format_nip(objection.employee.nip)),
                      _("Current result: {result}", result=result_line(_, objection.appraisal))])


def _draft_summary(_: Translator, draft: ObjectionDraft, evidence: dict | None) -> str:
    attached = (_("📎 Evidence: {name}", name=escape(_evidence_name(_, evidence["kind"], evidence["name"])))
                if evidence else _("📎 No evidence attached; you may still send a photo or a PDF."))
    return "\n".join([
        _("<b>Please check your objection before sending it</b>"),
        _("Result: {result}", result=result_line(_, draft.appraisal)),
        _("To: {addressee}", addressee=_addressee_name(_, draft.addressee)),
        "", _("<b>Reasons</b>"), f"<blockquote>{escape(draft.reasons)}</blockquote>", attached,
        "", _("Send it now? You cannot change it afterwards."),
    ])


def _draft_keyboard(_: Translator) -> Keyboard:
    return keyboard([[(_("✅ Submit objection"), routes.OBJECTION_SUBMIT.data())], [_write_again(_), _cancel(_)]])


def _evidence_name(_: Translator, kind: str, name: str | None) -> str:
    return _("a photo") if kind == EvidenceKind.PHOTO else name or _("a PDF file")


def _list_entry(_: Translator, objection: Objection, *, with_name: bool = False) -> str:
    filed = objection.filed_at.astimezone(_.tz).date()
    entry = _("<b>No. {number}</b> · {period} · state: {state} · filed on {date}", number=str(objection.id),
              period=period_label(_, objection.appraisal.period), state=state_label(_, objection.state), date=filed)
    return f"{entry}\n{escape(objection.employee.name)}" if with_name else entry


def _addressee_line(_: Translator, addressee: Employee | None) -> str:
    if addressee is None:
        return _("It goes to HR (Subbag Umum dan Kepegawaian), because the superior of your rater is not known.")
    return _("It goes to {name}, the superior of your rater.",
             name=escape(person_label(_, addressee.name, addressee.nip, addressee.position)))


def _addressee_name(_: Translator, addressee: Employee | None) -> str:
    return escape(addressee.name) if addressee else _("HR (Subbag Umum dan Kepegawaian)")


def register(application: Application) -> None:
    private = filters.ChatType.PRIVATE
    typed = filters.TEXT & ~filters.COMMAND & private
    evidence = (filters.PHOTO | filters.Document.ALL) & private
    application.add_handler(conversation(
        "objections", minutes=30,
        entry_points=[CallbackQueryHandler(start_objection, pattern=routes.OBJECTION_NEW.pattern),
                      CallbackQueryHandler(start_rejection, pattern=routes.OBJECTION_REJECT.pattern),
                      CallbackQueryHandler(start_acceptance_reasons, pattern=routes.OBJECTION_CONFIRM_ACCEPT.pattern),
                      CallbackQueryHandler(start_explanation, pattern=routes.OBJECTION_EXPLAIN.pattern)],
        states={
            OBJECTING: [MessageHandler(typed, reasons_typed), MessageHandler(evidence, evidence_sent),
                        CallbackQueryHandler(submit_objection, pattern=routes.OBJECTION_SUBMIT.pattern)],
            REJECTING: [MessageHandler(typed, rejection_typed),
                        CallbackQueryHandler(confirm_rejection, pattern=routes.OBJECTION_CONFIRM_REJECT.pattern)],
            ACCEPTING: [MessageHandler(typed, acceptance_typed),
                        CallbackQueryHandler(confirm_acceptance, pattern=routes.OBJECTION_CONFIRM_ACCEPTANCE.pattern)],
            EXPLAINING: [MessageHandler(typed, explanation_typed)],
        },
        fallbacks=[CommandHandler(["batal", "cancel"], cancel, filters=private),
                   CallbackQueryHandler(cancel, pattern=routes.OBJECTION_CANCEL.pattern),
                   CallbackQueryHandler(rewrite, pattern=routes.OBJECTION_REWRITE.pattern),
                   MessageHandler(private & ~filters.COMMAND, expected_text)]))
    application.add_handler(CommandHandler(["keberatan", "objections"], show_own, filters=private))
    application.add_handler(CallbackQueryHandler(show_own, pattern=routes.OBJECTIONS_MINE.pattern))
    application.add_handler(CallbackQueryHandler(choose_appraisal, pattern=routes.OBJECTION_PICK.pattern))
    application.add_handler(CallbackQueryHandler(show_objection, pattern=routes.OBJECTION.pattern))
    application.add_handler(CallbackQueryHandler(show_inbox, pattern=routes.OBJECTION_INBOX.pattern))
    application.add_handler(CallbackQueryHandler(mark_processing, pattern=routes.OBJECTION_PROCESS.pattern))
    application.add_handler(CallbackQueryHandler(accept_step, pattern=routes.OBJECTION_ACCEPT.pattern))
    application.add_handler(CallbackQueryHandler(send_evidence, pattern=routes.OBJECTION_EVIDENCE.pattern))
