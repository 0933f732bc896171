"""Hostile and damaged spreadsheets: one clear problem each, never a traceback, and nothing written."""

import io
import re
import zipfile

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from storage import tabular
from storage.models import AuditEntry, Employee
from storage.problems import Problem
from storage.rendered import counted
from storage.services.employee_import import COLUMNS, import_employees
from storage.tabular import SpreadsheetFile, header_and_rows, read_table

HEADER = ",".join(COLUMNS)
GOOD = "197805122003121002,Ahmad Fauzi,PNS,IV/b,Camat,Kecamatan Plaju,,"


def xlsx(rows, *, sheets=("Data",)) -> bytes:
    workbook = Workbook()
    workbook.active.title = sheets[0]
    for row in rows:
        workbook.active.append(row)
    for title in sheets[1:]:
        workbook.create_sheet(title).append(["x"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def patched(data: bytes, member: str, pattern: bytes, replacement: bytes) -> bytes:
    """The same workbook with one part's XML edited, as a hand-crafted or foreign file would be."""
    source, target = io.BytesIO(data), io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            content = old.read(item.filename)
            if item.filename == member:
                content, count = re.subn(pattern, replacement, content)
                assert count == 1
            new.writestr(item, content)
        assert member in old.namelist()
    return target.getvalue()


def declaring_whole_sheet(data: bytes) -> bytes:
    """The sheet claims the range A1:XFD1048576, as the crafted 5 KB file of the audit did."""
    return patched(data, "xl/worksheets/sheet1.xml", rb'<dimension ref="[^"]*" ?/>',
                   b'<dimension ref="A1:XFD1048576"/>')


def problem_of(source, match: str, required=("nip",)) -> Problem:
    with pytest.raises(Problem, match=match) as caught:
        read_table(source, required)
    return caught.value


def test_declared_dimension_is_ignored_only_used_cells_are_read():
    data = declaring_whole_sheet(xlsx([["nip", "nama"], ["1", "Ani"]]))
    rows = list(header_and_rows(SpreadsheetFile("pegawai.xlsx", data)))
    assert [(number, cells[:2]) for number, cells in rows] == [(1, ["nip", "nama"]), (2, ["1", "Ani"])]
    assert max(len(cells) for _, cells in rows) <= tabular.MAX_COLUMNS


def test_stray_byte_in_csv_is_an_error_of_its_row():
    data = "nip,nama\n1,Ani\n2,B\x81di\n".encode()
    data = data.replace("\x81".encode(), b"\x81")  # the raw byte, not its UTF-8 form
    table = read_table(SpreadsheetFile("x.csv", data), ["nip", "nama"])
    assert [row.problems for row in table.rows[:1]] == [[]]
    ((column, problem),) = table.rows[1].problems
    assert column == "nama" and problem.params == {"byte": "81"}


@pytest.mark.parametrize("character", ["\x1b", "\x00", "\x7f"])
def test_control_characters_are_row_errors(character):
    (row,) = read_table(SpreadsheetFile("x.csv", f"nip;nama\n1;Ani{character}\n".encode()), ["nip"]).rows
    expected = [("nama", {"code": f"{ord(character):04X}"})]
    assert [(column, problem.params) for column, problem in row.problems] == expected


def test_csv_the_csv_module_refuses_is_one_sentence():
    huge_field = b"nip;nama\n1;" + b"a" * 200_000 + b"\n"  # over the csv module's field size limit
    assert problem_of(SpreadsheetFile("x.csv", huge_field), "is not valid CSV").params == {"row": 2}


def test_limits_are_named(monkeypatch):
    too_big = SpreadsheetFile("x.csv", b"x" * (tabular.MAX_FILE_BYTES + 1))
    assert problem_of(too_big, "larger than").params == {"limit": 10}
    monkeypatch.setattr(tabular, "MAX_ROWS", 3)
    many = "nip\n" + "".join(f"{n}\n" for n in range(4))
    assert problem_of(SpreadsheetFile("x.csv", many.encode()), "more than").params == {
        "limit": counted(3, "{count} row", "{count} rows")}
    wide = "nip" + ",x" * tabular.MAX_COLUMNS + "\n"
    assert problem_of(SpreadsheetFile("x.csv", wide.encode()), "beyond column").params == {
        "row": 1, "limit": tabular.MAX_COLUMNS}


def test_workbooks_that_cannot_be_imported_get_one_sentence_each():
    encrypted = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100 + "EncryptedPackage".encode("utf-16-le")
    assert "password" in problem_of(SpreadsheetFile("x.xlsx", encrypted), "password").message
    old_excel = SpreadsheetFile("x.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    assert ".xls" in problem_of(old_excel, "old Excel").message
    assert problem_of(SpreadsheetFile("x.xlsx", xlsx([["nip"]], sheets=("A", "B"))), "sheets").params == {"count": 2}
    assert problem_of(SpreadsheetFile("x.pdf", b"%PDF"), "Unsupported file type").params == {"suffix": ".pdf"}
    assert "not a readable" in problem_of(SpreadsheetFile("x.xlsx", b"PK\x03\x04 broken"), "not a readable").message


def test_the_template_guide_sheet_is_not_counted_as_data():
    source = SpreadsheetFile("x.xlsx", xlsx([["nip"], ["1"]], sheets=("Data", tabular.GUIDE_SHEET)))
    assert [row.values for row in read_table(source, ["nip"]).rows] == [{"nip": "1"}]


async def test_import_with_escape_or_stray_byte_writes_nothing(uow):
    data = f"{HEADER}\n{GOOD}\n".encode() + b"199404172022212006,Sri\x1bWahyuni,PPPK,9,,,,\n" \
        + b"198503152010011001,B\x81di,PNS,III/c,,,,\n"
    async with uow:
        report = await import_employees(uow, SpreadsheetFile("pegawai.csv", data), actor="test")
    assert [(error.row, error.column) for error in report.errors] == [(3, "nama"), (4, "nama")]
    assert not report.written
    async with uow:
        assert await uow.session.scalar(select(func.count()).select_from(Employee)) == 0
        assert await uow.session.scalar(select(func.count()).select_from(AuditEntry)) == 0


async def test_dry_run_counts_what_the_import_would_do_and_writes_nothing(uow):
    source = SpreadsheetFile("pegawai.csv", f"{HEADER}\n{GOOD}\n".encode())
    async with uow:
        dry = await import_employees(uow, source, actor="test", dry_run=True)
    assert (dry.created, dry.updated, dry.unchanged, dry.written) == (1, 0, 0, False)
    async with uow:
        assert await uow.session.scalar(select(func.count()).select_from(Employee)) == 0
        await import_employees(uow, source, actor="test")
    async with uow:
        again = await import_employees(uow, source, actor="test", dry_run=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
