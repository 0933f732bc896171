"""Kepegawaian imports spreadsheets by sending them to the bot: template, preview, import, audit; bad files get
one sentence; nobody else's files are opened."""

import asyncio
import io
import re

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from storage.models import (
    Appraisal,
    AuditEntry,
    Employee,
    Enrolment,
    EnrolmentState,
    JpCredit,
    Rotation,
    Workshop,
)
from storage.services import uploads
from storage.services.import_kinds import IMPORT_KINDS
from storage.services.import_templates import NIP_EXAMPLE
from storage.services.workshops import enrol
from tests.factories import BUDI, SITI, add_employee, link_user, make_hr
from tests.workshop_factories import POLICY, wib

HR_USER = 500
OTHER = "199211302019031005"
HEADER = "nip,nama,jenis,golongan,jabatan,unit_kerja,atasan_nip,peran"


@pytest.fixture
async def hr(uow, emulator):
    await add_employee(uow, SITI, "Siti Aminah", unit="Subbag Umum dan Kepegawaian")  # not the templates' NIP
    await make_hr(uow, SITI)
    await link_user(uow, SITI, HR_USER)
    return emulator.user(HR_USER)


async def count(uow, model, *where) -> int:
    async with uow:
        return await uow.session.scalar(select(func.count()).select_from(model).where(*where))


async def audit_of(uow, action: str) -> AuditEntry | None:
    async with uow:
        return await uow.session.scalar(select(AuditEntry).where(AuditEntry.action == action))


async def template_of(hr, label: str) -> bytes:
    await hr.send("/menu")
    await hr.press("📤 Lembar kerja")
    (template,) = await hr.press(f"📥 {label}")
    assert template.document.filename.startswith("templat-")
    return template.document.content


async def upload_and_import(hr, name: str, content: bytes) -> str:
    (preview,) = await hr.send_document(name, content)
    assert "Belum ada yang disimpan. Impor sekarang?" in preview.text, preview.text
    assert preview.button_texts == ["✅ Impor", "✖️ Batal"]
    (done,) = await hr.press("✅ Impor")
    return done.text


async def test_each_kind_from_its_template_previewed_imported_and_audited(app, emulator, hr, uow, clock):
    steps = [("Data pegawai", Employee, "employees.imported"), ("Hasil penilaian kinerja", Appraisal,
                                                                 "appraisals.imported"),
             ("JP dari kegiatan lain", JpCredit, "jp.imported"),
             ("Pemberitahuan rotasi", Rotation, "rotations.imported"), ("Pelatihan", Workshop, "workshops.imported")]
    for label, model, action in steps:
        before = await count(uow, model)
        text = await upload_and_import(hr, f"{action}.xlsx", await template_of(hr, label))
        assert "diimpor: 1 baru, 0 berubah" in text and "log audit" in text
        assert await count(uow, model) == before + 1
        entry = await audit_of(uow, action)
        assert (entry.actor, entry.details["file"], entry.details["created"]) == (
            f"telegram:{HR_USER}", f"{action}.xlsx", 1)
    async with uow:
        employee = await uow.employees.by_nip(NIP_EXAMPLE)
        workshop = await uow.session.scalar(select(Workshop))
        await enrol(uow, employee, workshop.id, POLICY)
    clock.now = wib(2027, 2, 11)
    text = await upload_and_import(hr, "hadir.xlsx", await template_of(hr, "Kehadiran pelatihan"))
    assert "0 baru, 1 berubah" in text
    assert await count(uow, Enrolment, Enrolment.state == EnrolmentState.ATTENDED) == 1


async def test_preview_lists_errors_and_writes_nothing(app, emulator, hr, uow):
    content = (f"{HEADER}\n{OTHER},Andi,PNS,III/z,,,,\n").encode() + b"199404172022212006,Sr\x81,PPPK,IX,,,,\n"
    (preview,) = await hr.send_document("pegawai.csv", content)
    assert "2 baris mengandung kesalahan" in preview.text
    assert "Baris 2, kolom golongan" in preview.text and "Baris 3, kolom nama" in preview.text
    assert "0x81" in preview.text and "✅ Impor" not in preview.button_texts
    assert await count(uow, Employee) == 1 and await audit_of(uow, "employees.imported") is None


async def test_many_errors_come_back_as_an_annotated_copy(app, emulator, hr, uow):
    rows = "".join(f"19800101200501{n:04d},Pegawai {n},PNS,III/z,,,,\n" for n in range(1001, 1013))
    await hr.send_document("pegawai.csv", f"{HEADER}\n{rows}".encode())
    await emulator.wait_idle()
    copy, summary = [message for message in hr.messages if not message.deleted][-2:]
    assert "12 baris mengandung kesalahan" in summary.text and "kolom terakhir" in summary.text
    sheet = load_workbook(io.BytesIO(copy.document.content)).active
    header, first = list(sheet.iter_rows(values_only=True))[:2]
    assert header[-1] == "kesalahan" and first[-1].startswith("Baris 2, kolom golongan")


async def test_import_previews_again_when_the_data_changed(app, emulator, hr, uow, clock):
    (preview,) = await hr.send_document("pegawai.csv", f"{HEADER}\n{OTHER},Andi Pratama,PNS,III/b,,,,\n".encode())
    assert "1 baru" in preview.text
    clock.advance(minutes=1)
    await add_employee(uow, OTHER, "Andi")  # another officer imported him meanwhile
    (again,) = await hr.press("✅ Impor")
    assert "Data telah berubah sejak pratinjau" in again.text and "0 baru, 1 berubah" in again.text
    (done,) = await hr.press("✅ Impor")
    assert "diimpor: 0 baru, 1 berubah" in done.text
    async with uow:
        assert (await uow.employees.by_nip(OTHER)).grade == "III/b"


async def test_an_unknown_header_asks_which_import_it_is(app, emulator, hr, uow):
    (question,) = await hr.send_document("daftar.csv", b"nomor,nama\n1,Ani\n")
    assert "untuk impor apa?" in question.text and "Data pegawai" in question.button_texts
    (answer,) = await hr.press("Data pegawai")
    assert "Kolom berikut tidak ditemukan: nip, jenis, golongan" in answer.text
    (cancelled,) = await hr.send_document("daftar.csv", b"nomor,nama\n1,Ani\n")
    (gone,) = await hr.press("✖️ Batal")
    assert "Tidak ada yang diimpor" in gone.text


def two_sheets() -> bytes:
    workbook = Workbook()
    workbook.active.append(["nip"])
    workbook.create_sheet("Lain").append(["x"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("name, content, sentence", [
    ("surat.pdf", b"%PDF-1.4", "pdf"),
    ("dua.xlsx", two_sheets(), "2 lembar"),
    ("rahasia.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64 + "EncryptedPackage".encode("utf-16-le"),
     "kata sandi"),
    ("rusak.xlsx", b"PK\x03\x04 rusak", ".xlsx"),
    ("besar.csv", b"nip\n" + b"1\n" * (5 * 1024 * 1024 + 1), "10 MB"),
])
async def test_bad_files_get_one_sentence_and_nothing_is_written(app, emulator, hr, uow, name, content, sentence):
    (reply,) = await hr.send_document(name, content)
    assert reply.text.startswith("⚠️") and sentence in reply.text
    assert await count(uow, AuditEntry, AuditEntry.action.like("%.imported")) == 0


async def test_someone_else_s_document_is_politely_refused_and_not_opened(app, emulator, uow):
    await add_employee(uow, BUDI, "Budi")
    await link_user(uow, BUDI, 42)
    (reply,) = await emulator.user(42).send_document("pegawai.csv", f"{HEADER}\n".encode())
    assert "hanya petugas kepegawaian" in reply.text
    assert not any(call.method == "getFile" for call in emulator.calls)


async def test_progress_is_one_message_edited_then_removed(app, emulator, hr, uow, monkeypatch):
    monkeypatch.setattr(uploads, "PROGRESS_INTERVAL", 0)  # every row reported: no waiting in a test
    rows = "".join(f"19800101200501{n:04d},Pegawai {n},PNS,III/a,,,,\n" for n in range(1001, 1004))
    since = len(emulator.events)
    await hr.send_document("pegawai.csv", f"{HEADER}\n{rows}".encode(), timeout=60)
    for _ in range(600):  # the preview follows the progress message; on a loaded machine it can take seconds
        previews = [message for message in hr.messages if "3 baru" in (message.text or "")]
        if previews and all(event.kind != "message" or event.message.deleted or event.message is previews[0]
                            for event in emulator.events[since:]):
            break
        await asyncio.sleep(0.1)
    (preview,) = previews
    progress = [event for event in emulator.events[since:] if event.message and event.message is not preview]
    assert progress[0].kind == "message" and progress[0].message.deleted  # one message, gone at the end
    assert re.fullmatch(r"⏳ Memeriksa baris [123] dari 3 …", progress[0].message.text)
    assert {event.message.message_id for event in progress} == {progress[0].message.message_id}


@pytest.mark.parametrize("kind", IMPORT_KINDS, ids=lambda kind: kind.key)
async def test_a_bad_row_of_each_kind_is_shown_and_nothing_is_imported(app, emulator, hr, uow, kind):
    content = ",".join(kind.columns) + "\n" + ",".join("?" for _ in kind.columns) + "\n"
    (preview,) = await hr.send_document(f"{kind.key}.csv", content.encode())
    assert "1 baris mengandung kesalahan" in preview.text and "Baris 2, kolom " in preview.text, preview.text
    assert "✅ Impor" not in preview.button_texts and "📥 Unduh templat" in preview.button_texts
    assert await count(uow, AuditEntry, AuditEntry.action == f"{kind.key}.imported") == 0
