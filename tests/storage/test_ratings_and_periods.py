from datetime import date

import pytest

from storage.periods import PeriodKind, parse_period
from storage.problems import Problem
from storage.ratings import Predikat, Rating, parse_rating, predikat_for

A, M, B = Rating.ABOVE, Rating.MEETS, Rating.BELOW


@pytest.mark.parametrize("results, behaviour, predikat", [
    (A, A, Predikat.VERY_GOOD), (A, M, Predikat.GOOD), (A, B, Predikat.POOR),
    (M, A, Predikat.GOOD), (M, M, Predikat.GOOD), (M, B, Predikat.POOR),
    (B, A, Predikat.NEEDS_IMPROVEMENT), (B, M, Predikat.NEEDS_IMPROVEMENT), (B, B, Predikat.VERY_POOR),
])
def test_all_nine_cells_of_the_predikat_matrix(results, behaviour, predikat):
    assert predikat_for(results, behaviour) == predikat


def test_the_matrix_is_not_symmetric():
    """Rows are Hasil Kerja, columns Perilaku Kerja: swapping them changes the predikat."""
    assert predikat_for(A, B) == Predikat.POOR and predikat_for(B, A) == Predikat.NEEDS_IMPROVEMENT


@pytest.mark.parametrize("typed, rating", [
    ("Di Atas Ekspektasi", A), ("DI ATAS EKSPEKTASI", A), ("diatasekspektasi", A), ("diatas", A), ("Di Atas", A),
    (" di  atas ", A), ("Sesuai Ekspektasi", M), ("sesuai", M), ("SESUAI", M), ("Di Bawah Ekspektasi", B),
    ("dibawah", B), ("Di bawah", B), ("di\tbawah ekspektasi", B),
])
def test_official_phrases_and_short_forms_in_any_case_and_spacing(typed, rating):
    assert parse_rating(typed) == rating


@pytest.mark.parametrize("typed", [
    "", "   ", "baik", "Sangat Baik", "atas", "bawah", "ekspektasi", "di-atas", "di_atas", "diatas.",
    "Di Atas Ekspetasi", "above", "meets", "3", "sesuaiekspektasii", "tidak sesuai",
])
def test_other_rating_spellings_are_rejected(typed):
    with pytest.raises(Problem, match="Di Atas Ekspektasi") as caught:
        parse_rating(typed)
    assert caught.value.params == {"value": typed} and "Di Atas Ekspektasi" in caught.value.message


@pytest.mark.parametrize("typed, kind, code, start, end", [
    ("2026", PeriodKind.ANNUAL, "2026", date(2026, 1, 1), date(2026, 12, 31)),
    ("2026-S1", PeriodKind.SEMESTER, "2026-S1", date(2026, 1, 1), date(2026, 6, 30)),
    ("2026-s2", PeriodKind.SEMESTER, "2026-S2", date(2026, 7, 1), date(2026, 12, 31)),
    ("2026-Q3", PeriodKind.QUARTER, "2026-Q3", date(2026, 7, 1), date(2026, 9, 30)),
    (" 2026 - q1 ", PeriodKind.QUARTER, "2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
    ("2026-09", PeriodKind.MONTH, "2026-09", date(2026, 9, 1), date(2026, 9, 30)),
    ("2028-2", PeriodKind.MONTH, "2028-02", date(2028, 2, 1), date(2028, 2, 29)),
])
def test_periods(typed, kind, code, start, end):
    period = parse_period(typed)
    assert (period.kind, period.code, period.start, period.end) == (kind, code, start, end)


@pytest.mark.parametrize("typed", ["", "26", "1999", "2026-Q5", "2026-Q0", "2026-S3", "2026-13", "2026-00",
                                   "2026-09-01", "Q3 2026", "2026/Q3", "triwulan 3"])
def test_malformed_periods_are_rejected(typed):
    with pytest.raises(Problem, match="is not a period"):
        parse_period(typed)
