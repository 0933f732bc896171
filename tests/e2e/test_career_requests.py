"""Aspirations and "Data saya tidak sesuai" through the real PTB application and the Bot API emulator."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from storage.models import AuditEntry, CorrectionRequest, CorrectionState
from storage.ratings import Rating
from storage.services.aspirations import add_topic
from storage.services.linking import link_without_code
from tests.appraisal_factories import ANDI, BUDI, DEWI, SRI, add_appraisal, add_office, employee
from tests.e2e.conftest import deliver_outbox

USERS = {ANDI: 201, BUDI: 202, DEWI: 203, SRI: 204}
PHOTO = b"\xff\xd8\xff\xe0" + b"JPEG of the SK " * 50
REASON = "SK yang dilampirkan adalah SK CPNS, bukan SK kenaikan pangkat terakhir; mohon lampirkan SK yang benar."


@pytest.fixture
async def office(uow):
    people = await add_office(uow)
    for nip, user_id in USERS.items():
        async with uow:
            await link_without_code(uow, telegram_user_id=user_id, chat_id=user_id, nip=nip, actor="test")
    async with uow:
        await add_topic(uow, await employee(uow, BUDI), "Manajemen Arsip", actor="test")
    return people


def user(emulator, nip):
    return emulator.user(USERS[nip])


async def requests(uow) -> list[CorrectionRequest]:
    async with uow:
        return list(await uow.session.scalars(select(CorrectionRequest).order_by(CorrectionRequest.id)))


async def test_aspirations_are_stated_changed_and_read_only_by_the_chain_and_kepegawaian(app, emulator, uow, office):
    andi = user(emulator, ANDI)
    await andi.send("/karier")  # from the career screen
    (screen,) = await andi.press("🎯 Aspirasi karier saya")
    assert "Aspirasi karier saya" in screen.text and screen.text.count("— belum ada") == 3
    assert ("Hanya dapat dibaca oleh Anda, atasan Anda berjenjang (Dewi Lestari, S.Sos., Rina Marlina, S.E., "
            "Drs. Ahmad Fauzi, M.Si.) dan Kepegawaian.") in screen.text
    await andi.press("➕ Topik pelatihan")
    (screen,) = await andi.press("Manajemen Arsip")
    assert "✅ Tersimpan." in screen.text and "• Manajemen Arsip" in screen.text
    await andi.press("➕ Jenis jabatan")
    await andi.press("✍️ Ketik sendiri")
    (screen,) = await andi.send("x" * 101)
    assert "lebih dari 100 karakter" in screen.text  # asked again, nothing saved
    (screen,) = await andi.send("Pranata <Komputer>")
    assert "• Pranata &lt;Komputer&gt;" in screen.html
    await andi.press("🗑 Hapus salah satu")
    (screen,) = await andi.press("🗑 Manajemen Arsip")
    assert "🗑 Dihapus." in screen.text and "Manajemen Arsip" not in screen.text.split("Dihapus.")[1]

    andi_id = office[ANDI].id
    dewi = user(emulator, DEWI)  # his superior reads them
    await dewi.send("/menu")
    (seen,) = await dewi.press_data(f"asp:of:{andi_id}")
    assert "Aspirasi karier Andi Pratama, A.Md." in seen.text and "Pranata <Komputer>" in seen.text
    sri = user(emulator, SRI)  # a colleague does not
    await sri.send("/menu")
    refused = await sri.press_data(f"asp:of:{andi_id}")
    assert "Aspirasi karier ini tidak dapat Anda lihat." in refused[-1].text
    async with uow:
        actors = list(await uow.session.scalars(select(AuditEntry.actor).where(
            AuditEntry.action == "aspirations.viewed")))
    assert actors == [f"telegram:{USERS[DEWI]}"]


async def report_grade(andi, *, photo: bool = True):
    """Andi reports that his golongan should be III/d, with the SK as a photo or a PDF."""
    await andi.send("/karier")  # "from any career screen"
    (fields,) = await andi.press("⚠️ Data saya tidak sesuai")
    assert "• Golongan: III/c" in fields.text
    (prompt,) = await andi.press("Golongan")
    assert "Tercatat saat ini: III/c" in prompt.text
    (again,) = await andi.send("V/z")
    assert "bukan golongan PNS" in again.text
    (ask,) = await andi.send("3d")
    assert "Data yang benar: III/d" in ask.text
    (nudge,) = await andi.send("ini SK saya")  # text where the SK is expected
    assert "Mohon kirim foto SK" in nudge.text
    if photo:
        (summary,) = await andi.send_photo(PHOTO)
    else:
        (summary,) = await andi.send_document("sk.pdf", b"%PDF-1.4 SK kenaikan pangkat", mime_type="application/pdf")
    assert "Golongan: III/c → III/d" in summary.text
    (sent,) = await andi.press("✅ Kirim")
    assert "sudah dikirim ke Kepegawaian" in sent.text
    return sent


async def test_a_correction_with_a_photo_of_the_sk_accepted_by_kepegawaian(app, emulator, uow, office):
    andi, budi = user(emulator, ANDI), user(emulator, BUDI)
    await report_grade(andi)
    (request,) = await requests(uow)
    await deliver_outbox(app, emulator)
    notice = budi.last
    assert f"Permintaan perbaikan data no. {request.id}" in notice.text and "Golongan" in notice.text
    (detail,) = await budi.press("🗂 Buka permintaan")
    assert "Golongan: III/c → III/d" in detail.text and "menunggu Kepegawaian" in detail.text
    (document,) = await budi.press("📎 Lihat SK")
    assert document.document.content == PHOTO and document.document.filename == f"sk-{ANDI}-golongan.jpg"
    (screen,) = await budi.press("🗂 Buka permintaan")
    await budi.press("✅ Terima")
    (done,) = await budi.press("✅ Terima dan ubah data")
    assert "Diterima; data sudah diubah" in done.text and "diterima" in done.text
    async with uow:
        assert (await employee(uow, ANDI)).grade == "III/d"
        audit = await uow.session.scalar(select(AuditEntry).where(AuditEntry.action == "correction.accepted"))
    assert (audit.details["before"], audit.details["after"]) == ("III/c", "III/d")
    await deliver_outbox(app, emulator)
    assert "menerima perbaikan data" in andi.last.text and "Golongan: III/d" in andi.last.text
    stale = await budi.press_data(f"cor:A:{request.id}")  # a second press changes nothing
    assert "sudah diputuskan" in stale[-1].text


async def test_a_correction_with_a_pdf_rejected_with_a_reason(app, emulator, uow, office):
    andi, budi = user(emulator, ANDI), user(emulator, BUDI)
    await report_grade(andi, photo=False)
    (request,) = await requests(uow)
    await budi.send("/menu")
    (inbox,) = await budi.press_data("cor:in:0")
    assert "Perbaikan data yang perlu diputuskan</b> (1)" in inbox.html
    await budi.press(f"🗂 No. {request.id} · Andi Pratama, A.Md.")
    await budi.press("❌ Tolak")
    (short,) = await budi.send("Salah SK.")
    assert "paling sedikit 30" in short.text
    (confirm,) = await budi.send(REASON)
    assert REASON in confirm.text
    (done,) = await budi.press("❌ Tolak")
    assert "Ditolak; Andi Pratama, A.Md. sudah diberi tahu" in done.text
    (stored,) = await requests(uow)
    assert (stored.state, stored.decision_reason) == (CorrectionState.REJECTED, REASON)
    async with uow:
        assert (await employee(uow, ANDI)).grade == "III/c"
    await deliver_outbox(app, emulator)
    assert "tidak menerima perbaikan data" in andi.last.text and REASON in andi.last.text
    (mine,) = await andi.press("🗂 Buka permintaan")
    assert "tidak diterima" in mine.text and REASON in mine.text and "✅ Terima" not in mine.button_texts


async def test_only_kepegawaian_opens_the_inbox_and_someone_elses_sk(app, emulator, uow, office):
    await report_grade(user(emulator, ANDI))
    (request,) = await requests(uow)
    dewi = user(emulator, DEWI)
    await dewi.send("/menu")
    for data in ("cor:in:0", f"cor:e:{request.id}", f"cor:A:{request.id}"):
        refused = await dewi.press_data(data)
        assert "tidak dapat Anda buka" in refused[-1].text
    assert all(message.document is None for message in dewi.messages)


async def test_kepegawaian_plans_from_the_career_plan_and_keeps_the_topic_list(app, emulator, uow, office):
    async with uow:
        andi = await employee(uow, ANDI)
        andi.position_since = date(2020, 1, 2)  # beyond the five years
        await uow.commit()
    await report_grade(user(emulator, ANDI))
    budi = user(emulator, BUDI)
    (menu,) = await budi.send("/menu")
    (screen,) = await budi.press("📈 Perencanaan Karier")
    assert "Perencanaan Karier</b> · per 27 November 2026, 6 bulan ke depan" in screen.html
    assert "Mencapai atau melewati batas maksimal masa jabatan</b> (1)" in screen.html
    assert "Andi Pratama, A.Md.: sejak 2 Januari 2020" in screen.text
    assert "🗂 Perbaikan data (1)" in screen.button_texts
    (shorter,) = await budi.press("3 bulan")
    assert "3 bulan ke depan" in shorter.text and "• 3 bulan" in shorter.button_texts
    (document,) = await budi.press("📥 Unduh XLSX")
    assert document.document.filename == "perencanaan-karier-2026-11-27.xlsx"
    workbook = load_workbook(io.BytesIO(document.document.content))
    assert [row[0] for row in workbook["Masa jabatan"].iter_rows(min_row=2, values_only=True)] == [ANDI]
    assert document.button_texts == ["📈 Perencanaan Karier", "⬅️ Menu utama"]

    await budi.send("/perencanaan")
    (topics,) = await budi.press("📚 Topik pelatihan")
    assert "• Manajemen Arsip" in topics.text
    await budi.press("➕ Tambah topik")
    (added,) = await budi.send("Pelayanan Publik <Prima>")
    assert "✅ “Pelayanan Publik &lt;Prima&gt;” sudah ditambahkan." in added.html
    (retired,) = await budi.press("🗑 Manajemen Arsip")
    assert "sudah dihapus dari daftar" in retired.text and "🗑 Manajemen Arsip" not in retired.button_texts

    assert "🧩 Kotak talenta" not in (await budi.send("/perencanaan"))[0].button_texts  # no potensial yet
    async with uow:
        andi = await employee(uow, ANDI)
        andi.potential = "tinggi"
        await uow.commit()
    await add_appraisal(uow, ANDI, "2025", results=Rating.ABOVE, behaviour=Rating.ABOVE)
    (screen,) = await budi.send("/perencanaan")
    assert "Kotak talenta 2025: 1 pegawai terpetakan, 1 masuk kelompok rencana suksesi" in screen.text
    (picture,) = await budi.press("🧩 Kotak talenta")
    assert picture.photo.content.startswith(b"\x89PNG") and picture.caption.startswith("🧩 Kotak talenta 2025")
    assert picture.button_texts == ["📈 Perencanaan Karier", "⬅️ Menu utama"]

    andi_chat = user(emulator, ANDI)  # not Kepegawaian
    (refused,) = await andi_chat.send("/perencanaan")
    assert refused.text == "⚠️ Fitur ini khusus petugas Subbag Umum dan Kepegawaian."
