"""Masa kerja in words: plural forms from the catalogs (English has them, Indonesian does not)."""

from zoneinfo import ZoneInfo

import pytest

from bot.career_text import grade_text, span_text
from bot.i18n import I18n
from storage.services.career_dates import Span

I18N = I18n(ZoneInfo("Asia/Jakarta"), "id")


@pytest.mark.parametrize(("months", "english", "indonesian"), [
    (0, "0 years", "0 tahun"),
    (1, "1 month", "1 bulan"),
    (12, "1 year", "1 tahun"),
    (13, "1 year 1 month", "1 tahun 1 bulan"),
    (26, "2 years 2 months", "2 tahun 2 bulan"),
    (151, "12 years 7 months", "12 tahun 7 bulan"),
])
def test_span_text_in_both_languages(months, english, indonesian):
    assert span_text(I18N.translator("en"), Span(months)) == english
    assert span_text(I18N.translator("id"), Span(months)) == indonesian


def test_grade_text_names_the_pangkat_of_pns_only():
    assert grade_text("III/d", "PNS") == "Penata Tingkat I (III/d)"
    assert grade_text("IX", "PPPK") == "IX"
    assert grade_text(None, "PNS") == "—"
