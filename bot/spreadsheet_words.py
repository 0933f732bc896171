"""The words HR reads in the spreadsheets the bot makes for them, shared by the CLI and Telegram."""

from __future__ import annotations

from bot.i18n import Translator
from storage.problems import N_
from storage.services.import_templates import GuideWording
from storage.services.imports import RowError


def guide_wording(_: Translator) -> GuideWording:
    return GuideWording(column=_(N_("Column")), meaning=_(N_("What to write")), example=_(N_("Example")),
                        choices=_(N_("Choices")))


def row_error_text(_: Translator, error: RowError) -> str:
    """``Baris 4, kolom nip: …``: the one wording of a bad cell, in chat, on the command line and in files."""
    return _(N_("Row {row}, column {column}: {reason}"), row=error.row, column=error.column,
             reason=_.problem(error.problem))
