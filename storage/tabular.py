"""Reading the CSV and XLSX files HR exports from their spreadsheets (reports: :mod:`storage.spreadsheet`).

Indonesian spreadsheet programs export CSV with ``;`` (comma is the decimal separator there) and
often with a UTF-8 BOM or in Windows-1252, so all of those are accepted.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePath
from typing import Protocol

from storage.problems import N_, Problem
from storage.rendered import counted

MAX_EXACT_DIGITS = 15  # a spreadsheet number keeps 15 significant digits; a NIP has 18
# Limits on what HR sends: far above a Kecamatan's lists (hundreds of people), far below what would keep
# the bot busy. The file limit is also under the 20 MB a Telegram bot may download.
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 50
GUIDE_SHEET = "Petunjuk"  # the templates' sheet explaining the columns; never data
_ALLOWED_CONTROLS = {"\t", "\n", "\r"}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: old .xls, or an encrypted .xlsx
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


class SpreadsheetSource(Protocol):
    """What the reader needs of a file: a :class:`~pathlib.Path`, or a :class:`SpreadsheetFile` in memory."""

    @property
    def name(self) -> str: ...

    @property
    def suffix(self) -> str: ...

    def read_bytes(self) -> bytes: ...


@dataclass(frozen=True)
class SpreadsheetFile:
    """A spreadsheet received rather than found on disk (a document sent on Telegram); reads like a Path."""

    name: str
    data: bytes

    @property
    def suffix(self) -> str:
        return PurePath(self.name).suffix

    def read_bytes(self) -> bytes:
        return self.data


@dataclass
class Row:
    number: int  # as the spreadsheet shows it: the header is row 1
    values: dict[str, str]
    problems: list[tuple[str, Problem]] = field(default_factory=list)


@dataclass
class Table:
    columns: list[str]
    rows: list[Row]


def read_table(source: SpreadsheetSource, required: Sequence[str]) -> Table:
    """Read ``source`` (.csv or .xlsx) into rows keyed by normalised header names.

    A broken file as a whole raises a :class:`Problem` naming what to fix (or the limit it exceeds); a bad
    cell (bytes that are no text, control characters, digits lost to a number format) becomes a problem of
    its row, so the importers report it as "Baris N, kolom X" and write nothing for that row.
    """
    return _build_table(header_and_rows(source), required)


def header_and_rows(source: SpreadsheetSource) -> Iterator[tuple[int, list[object]]]:
    """The raw rows of ``source``, numbered as the spreadsheet shows them, within the limits above."""
    data = source.read_bytes()
    check_acceptable(source.name, len(data))
    return _limited(_xlsx_rows(data) if source.suffix.lower() == ".xlsx" else _csv_rows(data))


def check_acceptable(name: str, size: int) -> None:
    """Refuse a file by its name and size alone, e.g. before downloading what HR sent on Telegram."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in (".xlsx", ".csv", ".txt"):
        raise Problem(N_("Unsupported file type {suffix}: use .csv or .xlsx."), suffix=suffix or "?")
    if size > MAX_FILE_BYTES:
        raise Problem(N_("The file is larger than {limit} MB; split it into smaller files."),
                      limit=MAX_FILE_BYTES // (1024 * 1024))


def _limited(raw_rows: Iterator[tuple[int, list[object]]]) -> Iterator[tuple[int, list[object]]]:
    data_rows = 0
    for number, cells in raw_rows:
        if any(not _is_blank(cell) for cell in cells[MAX_COLUMNS:]):
            raise Problem(N_("Row {row} has data beyond column {limit}; a file may have at most {limit} columns."),
                          row=number, limit=MAX_COLUMNS)
        if all(_is_blank(cell) for cell in cells):
            continue
        data_rows += 1
        if data_rows > MAX_ROWS + 1:  # the header is not counted
            raise Problem(N_("The file has more than {limit}; split it into smaller files."),
                          limit=counted(MAX_ROWS, "{count} row", "{count} rows"))
        yield number, cells[:MAX_COLUMNS]


def _build_table(raw_rows: Iterator[tuple[int, list[object]]], required: Sequence[str]) -> Table:
    header = next(raw_rows, None)
    if header is None:
        raise Problem(N_("The file is empty."))
    columns = [column_name(cell) for cell in header[1]]
    missing = [name for name in required if name not in columns]
    if missing:
        raise Problem(N_("Missing column(s): {missing}. Expected header: {expected}."),
                      missing=", ".join(missing), expected=",".join(required))
    rows = []
    for number, cells in raw_rows:
        row = Row(number, {})
        for name, cell in zip(columns, cells, strict=False):  # short rows leave columns empty
            if name:
                row.values[name] = _cell_text(name, cell, row)
        rows.append(row)
    return Table(columns, rows)


def column_name(cell: object) -> str:
    """A header cell as the importers name columns: ``Unit Kerja`` is ``unit_kerja``."""
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
    text = str(cell).strip()
    if problem := _unreadable(text):
        row.problems.append((column, problem))
    return text


def _unreadable(text: str) -> Problem | None:
    """Bytes that decoded to no character, or invisible control characters (ESC, NUL...) that break every
    spreadsheet the value would later be written to."""
    for character in text:
        if "\udc80" <= character <= "\udcff":  # left by surrogateescape: a byte that is not text
            return Problem(N_("This cell contains the byte 0x{byte}, which is not text; save the file as "
                              "“CSV UTF-8” and send it again."), byte=f"{ord(character) - 0xDC00:02X}")
        if unicodedata.category(character) == "Cc" and character not in _ALLOWED_CONTROLS:
            return Problem(N_("This cell contains an invisible control character (U+{code}); delete it and "
                              "type the text again."), code=f"{ord(character):04X}")
    return None


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[object]]]:
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            yield number, list(cells)
    except csv.Error:  # e.g. a field longer than the csv module's limit, or a NUL byte
        raise Problem(N_("Row {row} is not valid CSV; open the file in a spreadsheet program and save it as "
                         "CSV again."), row=number + 1) from None


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252; bytes neither can read are kept as surrogates, so the
    cell holding them gets a row error instead of the whole file failing."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return min((data.decode(encoding, "surrogateescape") for encoding in ("utf-8-sig", "cp1252")),
               key=lambda text: sum("\udc80" <= character <= "\udcff" for character in text))


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[object]]]:
    from openpyxl import load_workbook  # imported here: only imports need it, and it is slow to import

    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_PACKAGE in data:
            raise Problem(N_("The workbook is protected with a password; save it without the password and send "
                             "it again."))
        raise Problem(N_("This is an old Excel .xls file; save it as .xlsx and send it again."))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged or mislabelled file
        raise Problem(N_("This is not a readable .xlsx file ({error})."), error=type(error).__name__) from error
    try:
        sheets = [sheet for sheet in workbook.worksheets if sheet.title != GUIDE_SHEET]
        if len(sheets) != 1:
            raise Problem(N_("The workbook has {count} sheets; keep only the sheet with the data and send it "
                             "again."), count=len(sheets))
        sheet = sheets[0]
        sheet.reset_dimensions()  # a declared A1:XFD1048576 would otherwise be read cell by empty cell
        rows = sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True)
        for number, cells in enumerate(rows, start=1):
            yield number, list(cells)
    finally:
        workbook.close()
