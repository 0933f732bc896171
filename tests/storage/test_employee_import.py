from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from storage.models import AuditEntry, Employee, Role
from storage.problems import Problem
from storage.services.employee_import import COLUMNS, import_employees

HEADER = ",".join(COLUMNS)
CAMAT = "197805122003121002"
GOOD_ROWS = [
    f"{CAMAT},Ahmad Fauzi,PNS,IV/b,Camat,Kecamatan Plaju,,",
    "19850315 201001 1 001,Budi Santoso,pns,iii c,Kasubbag Umum dan Kepegawaian,Subbag Umum dan Kepegawaian,"
    f"{CAMAT},HR",
    f"199404172022212006,Sri Wahyuni,PPPK,9,Penata Layanan Operasional,Kelurahan Bagus Kuning,{CAMAT},",
]


def write_csv(path: Path, rows, *, delimiter=",", bom=False, header=HEADER) -> Path:
    lines = [header.replace(",", delimiter)] + [row.replace(",", delimiter) for row in rows]
    path.write_text(("\ufeff" if bom else "") + "\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


async def run_import(uow, path, **options):
    async with uow:
        return await import_employees(uow, path, actor="test", **options)


async def employees(uow) -> dict[str, Employee]:
    async with uow:
        rows = await uow.session.scalars(select(Employee))
        return {employee.nip: employee for employee in rows}


async def test_good_file_creates_employees_with_superiors_and_roles(uow, tmp_path):
    report = await run_import(uow, write_csv(tmp_path / "pegawai.csv", GOOD_ROWS))
    assert (report.created, report.updated, report.errors, report.written) == (3, 0, [], True)
    found = await employees(uow)
    budi = found["198503152010011001"]
    assert (budi.grade, budi.kind, budi.superior_id) == ("III/c", "PNS", found[CAMAT].id)
    assert budi.has_role(Role.HR) and not found[CAMAT].has_role(Role.HR)
    assert found["199404172022212006"].grade == "IX"
    async with uow:
        audit = await uow.session.scalar(select(AuditEntry).where(AuditEntry.action == "employees.imported"))
        assert audit.details["created"] == 3


async def test_semicolon_csv_with_bom_as_excel_exports_it(uow, tmp_path):
    rows = [row.replace("Ahmad Fauzi", "Ahmad Fauzi; S.Sos") for row in GOOD_ROWS]
    path = write_csv(tmp_path / "pegawai.csv", [f'{r.split(",", 1)[0]},"{r.split(",")[1]}",{r.split(",", 2)[2]}'
                                                for r in rows[:1]] + rows[1:], delimiter=";", bom=True)
    path.write_text(path.read_text(encoding="utf-8").replace('"Ahmad Fauzi; S.Sos"', '"Ahmad Fauzi, S.Sos"'),
                    encoding="utf-8")
    report = await run_import(uow, path)
    assert report.errors == [] and report.created == 3
    assert (await employees(uow))[CAMAT].name == "Ahmad Fauzi, S.Sos"


async def test_windows_1252_csv_is_read(uow, tmp_path):
    path = tmp_path / "pegawai.csv"
    path.write_bytes((HEADER + "\r\n" + GOOD_ROWS[0].replace("Ahmad Fauzi", "Ahmad Fauzí") + "\r\n")
                     .encode("cp1252"))
    report = await run_import(uow, path)
    assert report.created == 1 and (await employees(uow))[CAMAT].name == "Ahmad Fauzí"


async def test_xlsx_with_text_and_numeric_cells(uow, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([column.upper().replace("_", " ") for column in COLUMNS])  # "UNIT KERJA" headers work too
    for row in GOOD_ROWS:
        sheet.append(row.split(","))
    sheet.append(["199007082015032004", "Dewi Lestari", "PNS", "III/b", "Kasi Pemerintahan", "Seksi Pemerintahan",
                  None, None])
    sheet.append([199211302019031005, "Andi", "PNS", "II/d", None, None, None, None])  # NIP typed as a number
    path = tmp_path / "pegawai.xlsx"
    workbook.save(path)
    report = await run_import(uow, path, skip_invalid=True)
    assert [(error.row, error.column) for error in report.errors] == [(6, "nip")]
    assert "lost its last digits" in report.errors[0].problem.message
    assert report.created == 4


async def test_bad_rows_are_reported_and_nothing_is_written(uow, tmp_path):
    rows = GOOD_ROWS + [
        "12345,Salah Panjang,PNS,III/a,,,,",                         # row 5: NIP too short
        "198503152010011001,Budi Lagi,PNS,III/a,,,,",                # row 6: duplicate NIP
        "199007082015032004,,PNS,V/a,,,,",                           # row 7: no name, bad golongan
        "199007082015032005,Dewi,Honorer,,,,,",                      # row 8: unknown jenis
        "199007082015032006,Dewi,PNS,,,,199001012015011001,admin",   # row 9: unknown superior, bad role
    ]
    report = await run_import(uow, write_csv(tmp_path / "pegawai.csv", rows))
    assert not report.written
    assert sorted((error.row, error.column) for error in report.errors) == [
        (5, "nip"), (6, "nip"), (7, "golongan"), (7, "nama"), (8, "jenis"), (9, "peran")]
    assert await employees(uow) == {}


async def test_unknown_superior_is_a_row_error(uow, tmp_path):
    row = GOOD_ROWS[0].replace(",,", ",199001012015011001,", 1)
    report = await run_import(uow, write_csv(tmp_path / "p.csv", [row]))
    assert [(error.row, error.column) for error in report.errors] == [(2, "atasan_nip")]


async def test_skip_invalid_writes_good_rows_and_dry_run_writes_nothing(uow, tmp_path):
    path = write_csv(tmp_path / "pegawai.csv", GOOD_ROWS + ["bad,Bad,PNS,,,,,"])
    dry = await run_import(uow, path, dry_run=True, skip_invalid=True)
    assert not dry.written and len(dry.errors) == 1 and await employees(uow) == {}
    report = await run_import(uow, path, skip_invalid=True)
    assert report.written and report.created == 3


async def test_reimport_updates_by_nip_without_duplicates(uow, tmp_path):
    await run_import(uow, write_csv(tmp_path / "a.csv", GOOD_ROWS))
    changed = [GOOD_ROWS[0], GOOD_ROWS[1].replace("iii c", "III/d"), GOOD_ROWS[2]]
    report = await run_import(uow, write_csv(tmp_path / "b.csv", changed))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    found = await employees(uow)
    assert len(found) == 3 and found["198503152010011001"].grade == "III/d"
    again = await run_import(uow, write_csv(tmp_path / "c.csv", changed))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


async def test_missing_columns_and_unsupported_files_are_refused(uow, tmp_path):
    with pytest.raises(Problem, match="Missing column"):
        await run_import(uow, write_csv(tmp_path / "p.csv", [], header="nip,nama"))
    (tmp_path / "p.pdf").write_bytes(b"%PDF")
    with pytest.raises(Problem, match="Unsupported file type"):
        await run_import(uow, tmp_path / "p.pdf")
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    with pytest.raises(Problem, match="not a readable"):
        await run_import(uow, tmp_path / "broken.xlsx")


async def test_a_superior_already_in_the_database_is_found_for_a_file_of_one(uow, tmp_path):
    """The README's promise ("in the same file or already imported"). Bug caught: only the file's own NIPs
    looked up, so a one-row file naming the Camat imported earlier failed with "neither in this file nor in the
    database"."""
    await run_import(uow, write_csv(tmp_path / "a.csv", GOOD_ROWS[:1]))
    newcomer = [f"199007082015032004,Siti Aminah,PNS,III/a,Pengadministrasi,Seksi Pemerintahan,{CAMAT},"]
    report = await run_import(uow, write_csv(tmp_path / "b.csv", newcomer))
    assert (report.errors, report.created, report.updated, report.unchanged) == ([], 1, 0, 0)
    found = await employees(uow)
    assert found["199007082015032004"].superior_id == found[CAMAT].id
    assert found[CAMAT].updated_at == found[CAMAT].created_at  # the superior is only looked up, not changed
