"""The one report writer: text as text (never a formula), numbers as numbers, in XLSX and CSV."""

import csv
import io
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from storage.spreadsheet import FORMULA_STARTS, Sheet

TYPED = [start + "1+1" for start in FORMULA_STARTS]  # what a person could type into a name or a reason
NUMBERS = [7, 2.5, Decimal("1.25")]
WHEN = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def sheet() -> Sheet:
    return Sheet(["teks", "angka", "waktu"], [[text, number, WHEN] for text, number in zip(
        TYPED, NUMBERS * 2, strict=True)], title="Judul yang lebih panjang dari tiga puluh satu huruf")


def test_xlsx_keeps_typed_text_as_strings_and_numbers_as_numbers():
    workbook = load_workbook(io.BytesIO(sheet().xlsx()))
    rows = list(workbook.active.iter_rows(min_row=2))
    # XML itself stores a carriage return as a line feed
    assert [(row[0].value, row[0].data_type) for row in rows] == [(text.replace("\r", "\n"), "s") for text in TYPED]
    assert [row[1].value for row in rows] == [7, 2.5, 1.25] * 2 and {row[1].data_type for row in rows} == {"n"}
    assert rows[0][2].value == datetime(2026, 11, 27, 9, 0)  # wall-clock time, no time zone
    assert workbook.active.title == "Judul yang lebih panjang dari t" and workbook.active.freeze_panes == "A2"


def test_csv_puts_an_apostrophe_before_what_would_run_and_nothing_else():
    rows = list(csv.reader(io.StringIO(sheet().csv().decode("utf-8-sig"), newline=""), delimiter=";"))
    assert [row[0] for row in rows[1:]] == ["'" + text for text in TYPED]
    assert [row[1] for row in rows[1:]] == ["7", "2.5", "1.25"] * 2
    assert rows[1][2] == "2026-11-27 09:00:00"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".XLSX"])
def test_the_file_name_chooses_the_format(tmp_path, suffix):
    path = tmp_path / f"laporan{suffix}"
    Sheet(["nip"], [["198503152010011001"]]).save(path)
    assert path.read_bytes().startswith(b"PK" if suffix != ".csv" else "\ufeffnip".encode())
