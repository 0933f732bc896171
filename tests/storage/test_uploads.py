"""The upload pipeline: recognise a file, preview it by the importer's own dry run, import what was previewed."""

import io
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from storage.models import AuditEntry, Employee
from storage.problems import Problem
from storage.services import uploads
from storage.services.import_kinds import IMPORT_KINDS, ImportOptions, import_kind
from storage.services.training_hours import TrainingPolicy
from storage.services.uploads import ThrottledProgress, annotated_copy, import_previewed, preview, recognised_kinds
from storage.tabular import SpreadsheetFile
from tests.factories import BUDI, add_employee

OPTIONS = ImportOptions(ZoneInfo("Asia/Jakarta"), objection_window_days=14, rotation_min_years=2,
                        training=TrainingPolicy())
CAMAT = "197805122003121002"
HEADER = "nip,nama,jenis,golongan,jabatan,unit_kerja,atasan_nip,peran"
ROWS = [f"{CAMAT},Ahmad Fauzi,PNS,IV/b,Camat,Kecamatan Plaju,,",
        f"{BUDI},Budi Santoso,PNS,III/c,Analis,Seksi Pemerintahan,{CAMAT},"]


def csv_file(*rows: str, header: str = HEADER, name: str = "pegawai.csv") -> SpreadsheetFile:
    return SpreadsheetFile(name, "\n".join([header, *rows]).encode())


async def count(uow, model) -> int:
    async with uow:
        return await uow.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("kind", IMPORT_KINDS, ids=lambda kind: kind.key)
def test_each_kind_is_recognised_by_its_header_alone(kind):
    upload = csv_file(header=";".join(["keterangan_lain", *reversed(kind.columns)]))
    assert recognised_kinds(upload) == [kind]


def test_an_unknown_header_asks_and_an_empty_file_is_refused():
    assert recognised_kinds(csv_file(header="nama,alamat")) == []
    with pytest.raises(Problem, match="The file is empty"):
        recognised_kinds(SpreadsheetFile("x.csv", b""))


async def test_preview_counts_without_writing_then_import_writes_and_audits(uow):
    await add_employee(uow, BUDI, "Budi Santoso", unit="Seksi Lama")
    kind, upload = import_kind("employees"), csv_file(*ROWS)
    async with uow:
        seen = await preview(uow, upload, kind, OPTIONS, actor="telegram:1")
    assert (seen.report.created, seen.report.updated, seen.report.unchanged, seen.importable) == (1, 1, 0, True)
    assert await count(uow, Employee) == 1 and await count(uow, AuditEntry) == 0
    async with uow:
        done = await import_previewed(uow, upload, kind, OPTIONS, actor="telegram:1", fingerprint=seen.fingerprint)
    assert done.preview is None and done.report.written and (done.report.created, done.report.updated) == (1, 1)
    async with uow:
        entry = await uow.session.scalar(select(AuditEntry).where(AuditEntry.action == "employees.imported"))
    assert (entry.actor, entry.details["file"], entry.details["created"]) == ("telegram:1", "pegawai.csv", 1)


async def test_import_previews_again_when_the_data_changed_since(uow, clock):
    kind, upload = import_kind("employees"), csv_file(*ROWS)
    async with uow:
        seen = await preview(uow, upload, kind, OPTIONS, actor="telegram:1")
    clock.advance(minutes=1)
    await add_employee(uow, BUDI, "Budi Santoso")  # e.g. another HR officer imported meanwhile
    async with uow:
        done = await import_previewed(uow, upload, kind, OPTIONS, actor="telegram:1", fingerprint=seen.fingerprint)
    assert done.report is None and (done.preview.report.created, done.preview.report.updated) == (1, 1)
    assert await count(uow, Employee) == 1 and await count(uow, AuditEntry) == 0
    async with uow:
        changed_file = csv_file(*ROWS, "")
        again = await import_previewed(uow, changed_file, kind, OPTIONS, actor="telegram:1",
                                       fingerprint=done.preview.fingerprint)
    assert again.report is None and again.preview is not None


async def test_errors_make_a_file_unimportable_and_come_back_in_an_annotated_copy(uow):
    bad = [f"19800101200501{n:04d},Pegawai {n},PNS,III/z,,,," for n in range(1001, 1002 + uploads.MAX_LISTED_ERRORS)]
    kind, upload = import_kind("employees"), csv_file(ROWS[0], *bad)
    async with uow:
        seen = await preview(uow, upload, kind, OPTIONS, actor="telegram:1")
    assert not seen.importable and not seen.listed_errors and seen.report.created == 1
    data = annotated_copy(upload, kind, seen.report.errors, lambda error: f"kolom {error.column}",
                          title="Kesalahan", errors_header="kesalahan").xlsx()
    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-1] == "kesalahan" and rows[1][-1] in ("", None) and rows[2][-1] == "kolom golongan"
    assert rows[1][0] == CAMAT  # the NIP stays text, all 18 digits


def test_progress_is_passed_on_at_most_every_two_seconds():
    now, seen = [0.0], []
    progress = ThrottledProgress(lambda done, total: seen.append(done), clock=lambda: now[0])
    for done in range(1, 11):
        now[0] += 0.5
        progress(done, 10)
    assert seen == [4, 8]
