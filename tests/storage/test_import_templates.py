"""Templates: every import kind has one, it is recognised as that kind, and filled in as given it imports."""

import io
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from storage.services.import_kinds import IMPORT_KINDS, import_kind
from storage.services.import_templates import NIP_EXAMPLE, GuideWording, build_template, template_xlsx
from storage.services.uploads import import_previewed, preview, recognised_kinds
from storage.services.workshops import enrol
from storage.tabular import GUIDE_SHEET, SpreadsheetFile
from tests.storage.test_uploads import OPTIONS
from tests.workshop_factories import POLICY, wib

WORDING = GuideWording("Kolom", "Arti", "Contoh", "Pilihan")
UNITS = ["Seksi Pemerintahan", "=HYPERLINK(\"http://x\")"]


def template(key: str, units=UNITS) -> SpreadsheetFile:
    return SpreadsheetFile(f"templat-{key}.xlsx", build_template(import_kind(key), str.upper, WORDING, units))


@pytest.mark.parametrize("kind", IMPORT_KINDS, ids=lambda kind: kind.key)
def test_each_kind_has_a_template_recognised_as_that_kind(kind):
    upload = template(kind.key)
    assert recognised_kinds(upload) == [kind]
    workbook = load_workbook(io.BytesIO(upload.data))
    data, guide = workbook.worksheets
    assert guide.title == GUIDE_SHEET and guide["A1"].value == "Kolom"
    header = [cell.value for cell in data[1]]
    assert [row[0].value for row in guide.iter_rows(min_row=2, max_col=1)][:len(header)] == header
    for column, cell in zip(header, data[2], strict=True):
        if column.endswith("nip"):
            assert cell.number_format == "@" and data.column_dimensions[cell.column_letter].number_format == "@"


def test_lists_become_drop_downs_and_units_stay_text():
    workbook = load_workbook(io.BytesIO(template("employees").data))
    data, guide = workbook.worksheets
    ranges = {str(validation.sqref): validation.formula1 for validation in data.data_validations.dataValidation}
    # jenis, golongan, unit_kerja, peran, pendidikan, jenis_jabatan, potensial
    assert set(ranges) == {"C2:C1000", "D2:D1000", "F2:F1000", "H2:H1000", "M2:M1000", "N2:N1000", "R2:R1000"}
    units_list = ranges["F2:F1000"]
    column = units_list.split("!$")[1].split("$")[0]
    assert [guide[f"{column}{row}"].value for row in (2, 3)] == UNITS
    assert guide[f"{column}3"].data_type == "s"  # a unit typed as a formula is still only text
    assert guide["B2"].value.isupper()  # explained through the translator given


async def test_filled_templates_import_cleanly(uow, clock):
    async def imported(key: str):
        upload = SpreadsheetFile(f"{key}.xlsx", await_template[key])
        async with uow:
            seen = await preview(uow, upload, import_kind(key), OPTIONS, actor="test")
        assert seen.report.errors == [], key
        async with uow:
            done = await import_previewed(uow, upload, import_kind(key), OPTIONS, actor="test",
                                          fingerprint=seen.fingerprint)
        assert done.report.written and done.report.created == 1, key
        return done.report

    await_template = {}
    for key in ("employees", "appraisals", "jp", "rotations", "workshops"):
        async with uow:
            await_template[key] = await template_xlsx(uow, import_kind(key), str, WORDING)
        await imported(key)
    async with uow:
        employee = await uow.employees.by_nip(NIP_EXAMPLE)
        workshop = (await uow.workshops.by_codes(["PLT-2027-01"]))["PLT-2027-01"]
        await enrol(uow, employee, workshop.id, POLICY)
        await_template["attendance"] = await template_xlsx(uow, import_kind("attendance"), str, WORDING)
    clock.now = wib(2027, 2, 11)
    report = await imported_attendance(uow, await_template["attendance"])
    assert report.updated == 1


async def imported_attendance(uow, data):
    upload = SpreadsheetFile("hadir.xlsx", data)
    async with uow:
        seen = await preview(uow, upload, import_kind("attendance"), OPTIONS, actor="test")
    assert seen.report.errors == []
    async with uow:
        return (await import_previewed(uow, upload, import_kind("attendance"), OPTIONS, actor="test",
                                       fingerprint=seen.fingerprint)).report


def test_templates_open_in_libreoffice(tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed, so templates were not opened in it")
    source = tmp_path / "templat.xlsx"
    source.write_bytes(template("workshops").data)
    subprocess.run([soffice, "--headless", "--convert-to", "csv", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=120)
    converted = (tmp_path / "templat.csv").read_text(encoding="utf-8", errors="replace")
    assert converted.startswith("kode,judul") and "PLT-2027-01" in converted
