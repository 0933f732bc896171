"""Reading the CSV and XLSX files HR exports from their spreadsheets (reports: :mod:`storage.spreadsheet`).

Indonesian spreadsheet programs export CSV with ``;`` (comma is the decimal separator there) and
often with a UTF-8 BOM or in Windows-1252, so all of those are accepted.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from storage.problems import N_, Problem

MAX_EXACT_DIGITS = 15  # a spreadsheet number keeps 15 significant digits; a NIP has 18


@dataclass
class Row:
    number: int  # as the spreadsheet shows it: the header is row 1
    values: dict[str, str]
    problems: list[tuple[str, Problem]] = field(default_factory=list)


@dataclass
class Table:
    columns: list[str]
    rows: list[Row]


def read_table(path: Path, required: Sequence[str]) -> Table:
    """Read ``path`` (.csv or .xlsx) into rows keyed by normalised header names."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        raw_rows = _xlsx_rows(path)
    elif suffix in (".csv", ".txt"):
        raw_rows = _csv_rows(path)
    else:
        raise Problem(N_("Unsupported file type {suffix}: use .csv or .xlsx."), suffix=suffix or "?")
    return _build_table(raw_rows, required)


def _build_table(raw_rows: Iterator[tuple[int, list[object]]], required: Sequence[str]) -> Table:
    header = next(raw_rows, None)
    if header is None:
        raise Problem(N_("The file is empty."))
    columns = [_column_name(cell) for cell in header[1]]
    missing = [name for name in required if name not in columns]
    if missing:
        raise Problem(N_("Missing column(s): {missing}. Expected header: {expected}."),
                      missing=", ".join(missing), expected=",".join(required))
    rows = []
    for number, cells in raw_rows:
        if all(_is_blank(cell) for cell in cells):
            continue
        row = Row(number, {})
        for name, cell in zip(columns, cells, strict=False):  # short rows leave columns empty
            if name:
                row.values[name] = _cell_text(name, cell, row)
        rows.append(row)
    return Table(columns, rows)


def _column_name(cell: object) -> str:
    return str(cell or "").strip().lower().replace(" ", "_")


def _is_blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _cell_text(column: str, cell: object, row: Row) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "ya" if cell else "tidak"
    if isinstance(cell, (int, float)):
        if isinstance(cell, float) and not cell.is_integer():
            return repr(cell)
        digits = str(int(cell))
        if len(digits.lstrip("-")) > MAX_EXACT_DIGITS:
            row.problems.append((column, Problem(N_(
                "The spreadsheet stored this as a number and lost its last digits; "
                "format the column as Text and type it again."))))
        return digits
    if isinstance(cell, datetime):
        return cell.strftime("%Y-%m-%d %H:%M") if (cell.hour, cell.minute) != (0, 0) else cell.date().isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    return str(cell).strip()


def _csv_rows(path: Path) -> Iterator[tuple[int, list[object]]]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252")
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for number, cells in enumerate(reader, start=1):
        yield number, list(cells)


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[object]]]:
    from openpyxl import load_workbook  # imported here: only imports need it, and it is slow to import

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged or mislabelled file
        raise Problem(N_("This is not a readable .xlsx file ({error})."), error=type(error).__name__) from error
    try:
        for number, cells in enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1):
            yield number, list(cells)
    finally:
        workbook.close()
