"""The two appraisal ratings and the Predikat Kinerja they give (PermenPANRB 6/2022).

There is no numeric score in this scheme: the predikat follows from the two ratings by a fixed matrix,
so it is never taken from input, only derived here.
"""

from __future__ import annotations

from enum import StrEnum

from storage.problems import N_, Problem


class Rating(StrEnum):
    ABOVE = "above"  # Di Atas Ekspektasi
    MEETS = "meets"  # Sesuai Ekspektasi
    BELOW = "below"  # Di Bawah Ekspektasi


class Predikat(StrEnum):
    VERY_GOOD = "very_good"                  # Sangat Baik
    GOOD = "good"                            # Baik
    NEEDS_IMPROVEMENT = "needs_improvement"  # Butuh Perbaikan
    POOR = "poor"                            # Kurang/Misconduct
    VERY_POOR = "very_poor"                  # Sangat Kurang


# (Hasil Kerja, Perilaku Kerja) → Predikat Kinerja: rows are work results, columns work behaviour.
MATRIX: dict[tuple[Rating, Rating], Predikat] = {
    (Rating.ABOVE, Rating.ABOVE): Predikat.VERY_GOOD,
    (Rating.ABOVE, Rating.MEETS): Predikat.GOOD,
    (Rating.ABOVE, Rating.BELOW): Predikat.POOR,
    (Rating.MEETS, Rating.ABOVE): Predikat.GOOD,
    (Rating.MEETS, Rating.MEETS): Predikat.GOOD,
    (Rating.MEETS, Rating.BELOW): Predikat.POOR,
    (Rating.BELOW, Rating.ABOVE): Predikat.NEEDS_IMPROVEMENT,
    (Rating.BELOW, Rating.MEETS): Predikat.NEEDS_IMPROVEMENT,
    (Rating.BELOW, Rating.BELOW): Predikat.VERY_POOR,
}

# The official phrases and the short forms HR types, with spaces removed and in lower case.
_SPELLINGS = {
    "diatasekspektasi": Rating.ABOVE, "diatas": Rating.ABOVE,
    "sesuaiekspektasi": Rating.MEETS, "sesuai": Rating.MEETS,
    "dibawahekspektasi": Rating.BELOW, "dibawah": Rating.BELOW,
}


def predikat_for(work_results: Rating, work_behaviour: Rating) -> Predikat:
    return MATRIX[(Rating(work_results), Rating(work_behaviour))]


def parse_rating(raw: str) -> Rating:
    """``Di Atas Ekspektasi``, ``diatas``, ``DI ATAS``…: any case, with or without spaces."""
    rating = _SPELLINGS.get("".join((raw or "").split()).lower())
    if rating is None:
        raise Problem(N_("“{value}” is not a rating: write Di Atas Ekspektasi, Sesuai Ekspektasi or "
                         "Di Bawah Ekspektasi (or diatas, sesuai, dibawah)."), value=raw)
    return rating
