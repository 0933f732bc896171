"""Words for appraisal data in the reader's language: periods, ratings, predikat, objection states.

Shared by the Telegram screens and HR's spreadsheets, so both say "Triwulan III 2026" the same way.
Years and ids are passed as text: the translator would otherwise format them as numbers (2.026).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storage.models import ObjectionState
from storage.nip import format_nip
from storage.periods import parse_period
from storage.problems import N_
from storage.ratings import Predikat, Rating

if TYPE_CHECKING:  # the translator prints periods with these words
    from bot.i18n import Translator

RATINGS = {
    Rating.ABOVE: N_("Above expectations"),
    Rating.MEETS: N_("Meets expectations"),
    Rating.BELOW: N_("Below expectations"),
}
PREDIKATS = {
    Predikat.VERY_GOOD: N_("Very good"),
    Predikat.GOOD: N_("Good"),
    Predikat.NEEDS_IMPROVEMENT: N_("Needs improvement"),
    Predikat.POOR: N_("Poor/Misconduct"),
    Predikat.VERY_POOR: N_("Very poor"),
}
MEANINGS = {
    Predikat.VERY_GOOD: N_("Work results and work behaviour were both above expectations: the highest predikat."),
    Predikat.GOOD: N_("Work results and work behaviour both met expectations or did better."),
    Predikat.NEEDS_IMPROVEMENT: N_("Work results were below expectations while work behaviour met them or did "
                                   "better: the results need improving."),
    Predikat.POOR: N_("Work behaviour was below expectations, even though work results met them or did better."),
    Predikat.VERY_POOR: N_("Work results and work behaviour were both below expectations: the lowest predikat."),
}
STATES = {
    ObjectionState.FILED: N_("filed"),
    ObjectionState.IN_PROGRESS: N_("being processed"),
    ObjectionState.ACCEPTED: N_("accepted"),
    ObjectionState.REJECTED: N_("rejected"),
}
def period_label(_: Translator, code: str) -> str:
    """``2026-Q3`` → ``Triwulan III 2026``; the translator words it, as push messages do too."""
    return _.period(parse_period(code))


def rating_label(_: Translator, rating: str) -> str:
    return _(RATINGS[Rating(rating)])


def predikat_label(_: Translator, predikat: str) -> str:
    return _(PREDIKATS[Predikat(predikat)])


def predikat_meaning(_: Translator, predikat: str) -> str:
    return _(MEANINGS[Predikat(predikat)])


def state_label(_: Translator, state: str) -> str:
    return _(STATES[ObjectionState(state)])


def person_label(_: Translator, name: str | None, nip: str | None, position: str | None = None) -> str:
    """``Dewi Lestari, Kepala Seksi (NIP 19900708 201503 2 004)``, unescaped."""
    if not name:
        return _("not recorded")
    described = f"{name}, {position}" if position else name
    return f"{described} (NIP {format_nip(nip)})" if nip else described
