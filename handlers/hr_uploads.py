"""Kepegawaian sends a spreadsheet as a document in the private chat; the bot previews what importing it would
do and imports only after "✅ Impor". Templates to fill in are one tap away. The rules are in
:mod:`storage.services.uploads`; this module downloads, words and presses.

The file waiting for "Impor" is kept in the user's bot data (one per person; a newer file replaces it), with a
short token in the buttons so an old preview's buttons cannot import a newer file.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
from collections.abc import AsyncIterator, Awaitable
from dataclasses import dataclass
from html import escape

from telegram import Message, Update
from telegram.ext import Application, CallbackQueryHandler, MessageHandler, filters

from bot.context import BotContext
from bot.i18n import Translator
from bot.spreadsheet_words import guide_wording, row_error_text
from handlers.common import actor, keyboard, main_menu_button, respond, send_sheet
from handlers.screen import HR, LINKED, screen
from storage import routes
from storage.problems import N_, Problem
from storage.services.import_kinds import IMPORT_KINDS, ImportKind, import_kind
from storage.services.import_templates import template_kinds, template_xlsx
from storage.services.imports import ImportReport, RowError
from storage.services.uploads import (
    MAX_LISTED_ERRORS,
    Preview,
    ThrottledProgress,
    annotated_copy,
    import_previewed,
    preview,
    recognised_kinds,
)
from storage.tabular import SpreadsheetFile, check_acceptable
from storage.uow import UnitOfWork

PENDING = "pending_upload"


@dataclass
class PendingUpload:
    token: str
    upload: SpreadsheetFile
    kind: str | None = None
    fingerprint: str | None = None


@screen(who=LINKED)
async def receive_document(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    """A document in the private chat. Only Kepegawaian's are opened; anyone else's is not even downloaded."""
    _ = context._
    if not context.viewer.is_hr:
        await respond(update, _("Thank you, but I cannot take files from you: only Kepegawaian staff import "
                                "spreadsheets here. To send HR a document, please give it to them directly."),
                      keyboard([[main_menu_button(_)]]))
        return
    document = update.effective_message.document
    name = document.file_name or "berkas"
    check_acceptable(name, document.file_size or 0)  # before downloading: a Problem is the reply
    data = bytes(await (await document.get_file()).download_as_bytearray())
    pending = PendingUpload(secrets.token_hex(4), SpreadsheetFile(name, data))
    context.user_data[PENDING] = pending
    kinds = recognised_kinds(pending.upload)
    if len(kinds) != 1:
        await respond(update, _("📄 <b>{file}</b>: I cannot tell from the header row what this file is. "
                                "Which import is it?", file=escape(name)),
                      keyboard([[(_(kind.label), routes.UPLOAD_KIND.data(pending.token, kind.key))]
                                for kind in IMPORT_KINDS] + [[_cancel_button(_, pending)]]))
        return
    await _preview(update, context, uow, pending, kinds[0])


@screen(who=HR)
async def choose_kind(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    token, key = routes.UPLOAD_KIND.parse(update.callback_query.data)
    kind = import_kind(key)
    if kind is None:
        raise Problem(N_("This button belongs to an old file; please send the file again."))
    await _preview(update, context, uow, _pending(context, token), kind)


async def _preview(update: Update, context: BotContext, uow: UnitOfWork, pending: PendingUpload,
                   kind: ImportKind) -> None:
    _ = context._
    async with _checking(update, context) as progress:
        seen = await preview(uow, pending.upload, kind, context.application.policies.imports, actor=actor(update),
                             progress=progress)
    pending.kind, pending.fingerprint = kind.key, seen.fingerprint
    await _show_preview(update, context, uow, pending, seen)


async def _show_preview(update: Update, context: BotContext, uow: UnitOfWork, pending: PendingUpload,
                        seen: Preview, *, note: str | None = None) -> None:
    _ = context._
    report = seen.report
    lines = [note] if note else []
    lines += [_("📄 <b>{file}</b> · {kind}", file=escape(pending.upload.name), kind=_(seen.kind.label)),
             _.ngettext("{count} row read. If imported: {created} new, {updated} changed, {unchanged} unchanged.",
                        "{count} rows read. If imported: {created} new, {updated} changed, {unchanged} unchanged.",
                        report.rows, created=report.created, updated=report.updated, unchanged=report.unchanged)]
    lines += _listed(_, _("⚠️ Warnings (imported anyway):"), report.warnings)
    if report.errors:
        bad_rows = len({error.row for error in report.errors})
        lines.append(_.ngettext("❌ {count} row has errors. Nothing has been written; fix it and send the file again.",
                                "❌ {count} rows have errors. Nothing has been written; fix them and send the file "
                                "again.", bad_rows))
        if seen.listed_errors:
            lines += _listed(_, "", report.errors)
        else:
            lines.append(_("The errors are in the last column of the attached copy of your file."))
        buttons = [[(_("📥 Download template"), routes.HR_TEMPLATE.data(seen.kind.key))], [main_menu_button(_)]]
    else:
        lines.append(_("Nothing has been written yet. Import now?"))
        buttons = [[(_("✅ Import"), routes.UPLOAD_IMPORT.data(pending.token)), _cancel_button(_, pending)]]
    if report.errors and not seen.listed_errors:  # the file first: the message with the buttons ends the chat
        copy = annotated_copy(pending.upload, seen.kind, report.errors, lambda error: row_error_text(_, error),
                              title=_("Errors"), errors_header=_("errors"))
        await send_sheet(update, uow, copy, filename=f"kesalahan-{_stem(pending.upload.name)}.xlsx",
                         report="import_errors", caption=_("❌ Your file with the errors marked."),
                         markup=None)  # the preview just below carries the buttons
    await respond(update, "\n".join(lines), keyboard(buttons))


def _listed(_: Translator, title: str, problems: list[RowError]) -> list[str]:
    if not problems:
        return []
    shown = [escape(row_error_text(_, problem)) for problem in problems[:MAX_LISTED_ERRORS]]
    more = len(problems) - len(shown)
    return ([escape(title)] if title else []) + ["• " + line for line in shown] + (
        [_("… and {count} more.", count=more)] if more else [])


@screen(who=HR)
async def import_pressed(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    (token,) = routes.UPLOAD_IMPORT.parse(update.callback_query.data)
    pending = _pending(context, token)
    kind = import_kind(pending.kind or "")
    if kind is None or pending.fingerprint is None:
        raise Problem(N_("This button belongs to an old file; please send the file again."))
    async with _checking(update, context) as progress:
        done = await import_previewed(uow, pending.upload, kind, context.application.policies.imports,
                                      actor=actor(update), fingerprint=pending.fingerprint, progress=progress)
    if done.preview is not None:
        pending.fingerprint = done.preview.fingerprint
        await _show_preview(update, context, uow, pending, done.preview, note=_(
            "⚠️ The data changed since the preview, so nothing was imported. Here is the new preview."))
        return
    if not done.report.written:  # refused while writing (e.g. a decree already in effect): nothing was kept
        await respond(update, "\n".join([_("❌ Nothing was imported:")] + _listed(_, "", done.report.errors)),
                      keyboard([[main_menu_button(_)]]))
        return
    context.user_data.pop(PENDING, None)
    await respond(update, _imported_text(_, pending.upload.name, done.report),
                  keyboard([[(_("📤 Spreadsheets"), routes.HR_SPREADSHEETS.data())], [main_menu_button(_)]]))


def _imported_text(_: Translator, name: str, report: ImportReport) -> str:
    return _("✅ <b>{file}</b> imported: {created} new, {updated} changed, {unchanged} unchanged. Recorded in the "
             "audit log.", file=escape(name), created=report.created, updated=report.updated,
             unchanged=report.unchanged)


@screen(who=HR)
async def cancel_pressed(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    (token,) = routes.UPLOAD_CANCEL.parse(update.callback_query.data)
    pending = context.user_data.get(PENDING)
    if pending is not None and pending.token == token:
        context.user_data.pop(PENDING)
    await respond(update, _("✖️ Cancelled. Nothing was imported."),
                  keyboard([[(_("📤 Spreadsheets"), routes.HR_SPREADSHEETS.data())], [main_menu_button(_)]]))


@screen(who=HR, read_only=True)
async def spreadsheets_home(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    """How to import: send the file here. One template button per kind."""
    _ = context._
    await respond(update, _("<b>📤 Spreadsheets</b>\nSend an .xlsx or .csv file here as a document to import it: "
                            "employees, appraisal results, workshops, attendance, JP earned elsewhere or rotations. "
                            "You will see what would change before anything is written.\n\n"
                            "Templates to fill in:"),
                  keyboard([[(_("📥 {kind}", kind=_(kind.label)), routes.HR_TEMPLATE.data(kind.key))]
                            for kind in template_kinds()] + [[main_menu_button(_)]]))


@screen(who=HR, read_only=True)
async def send_template(update: Update, context: BotContext, uow: UnitOfWork) -> None:
    _ = context._
    (key,) = routes.HR_TEMPLATE.parse(update.callback_query.data)
    kind = import_kind(key)
    if kind is None:
        raise Problem(N_("This button belongs to an old file; please send the file again."))
    data = await template_xlsx(uow, kind, _, guide_wording(_))
    await update.callback_query.answer()
    await update.effective_message.reply_document(
        data, filename=f"templat-{kind.key}.xlsx",
        caption=_("📥 Template: {kind}. Fill in one row per record (the second sheet explains each column), then "
                  "send the file back here.", kind=_(kind.label)),
        reply_markup=keyboard([[(_("📤 Spreadsheets"), routes.HR_SPREADSHEETS.data())], [main_menu_button(_)]]))


def _pending(context: BotContext, token: str) -> PendingUpload:
    pending = context.user_data.get(PENDING)
    if pending is None or pending.token != token:
        raise Problem(N_("This button belongs to an old file; please send the file again."))
    return pending


def _cancel_button(_: Translator, pending: PendingUpload) -> tuple[str, str]:
    return _("✖️ Cancel"), routes.UPLOAD_CANCEL.data(pending.token)


def _stem(name: str) -> str:
    return name.rsplit(".", 1)[0][:40] or "berkas"


@contextlib.asynccontextmanager
async def _checking(update: Update, context: BotContext) -> AsyncIterator[ThrottledProgress]:
    """On a large file, one message saying how far the check is, edited at most every 2 s and deleted at the
    end; nothing is sent for a file checked within 2 s."""
    bot, chat_id, _ = update.get_bot(), update.effective_chat.id, context._
    sent: list[Message] = []
    edits: list[asyncio.Task] = []

    async def show(done: int, total: int) -> None:
        text = _("⏳ Checking row {done} of {total} …", done=done, total=total)
        if sent:
            await sent[0].edit_text(text)
        else:
            sent.append(await bot.send_message(chat_id, text))

    def report(done: int, total: int) -> None:
        previous = edits[-1] if edits else None
        edits.append(asyncio.get_running_loop().create_task(_after(previous, show(done, total))))

    try:
        yield ThrottledProgress(report)
    finally:
        await asyncio.gather(*edits, return_exceptions=True)
        if sent:
            await sent[0].delete()


async def _after(previous: asyncio.Task | None, edit: Awaitable[None]) -> None:
    """Edits in the order they were made, even if one is slow."""
    if previous is not None:
        await asyncio.gather(previous, return_exceptions=True)
    await edit


def register(application: Application) -> None:
    private = filters.ChatType.PRIVATE
    application.add_handler(MessageHandler(filters.Document.ALL & private, receive_document))
    application.add_handler(CallbackQueryHandler(choose_kind, pattern=routes.UPLOAD_KIND.pattern))
    application.add_handler(CallbackQueryHandler(import_pressed, pattern=routes.UPLOAD_IMPORT.pattern))
    application.add_handler(CallbackQueryHandler(cancel_pressed, pattern=routes.UPLOAD_CANCEL.pattern))
    application.add_handler(CallbackQueryHandler(spreadsheets_home, pattern=routes.HR_SPREADSHEETS.pattern))
    application.add_handler(CallbackQueryHandler(send_template, pattern=routes.HR_TEMPLATE.pattern))
