"""HR announcements end to end: compose on Telegram, deliver through the outbox, acknowledge, report."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from tests.e2e.conftest import deliver_outbox
from tests.factories import BUDI, PPPK, SITI, add_employee, add_linked_employees, link_user, make_hr

HR_USER = 500


@pytest.fixture
async def office(uow, emulator):
    """HR Budi (Subbag), Siti (Seksi Pemerintahan) and three staff of Kelurahan Plaju Ulu, all linked."""
    await add_employee(uow, BUDI, "Budi Santoso", unit="Subbag Umum dan Kepegawaian")
    await make_hr(uow, BUDI)
    await link_user(uow, BUDI, HR_USER)
    await add_employee(uow, SITI, "Siti Aminah", unit="Seksi Pemerintahan")
    await link_user(uow, SITI, 501)
    await add_linked_employees(uow, 3)
    for user_id in (HR_USER, 501, 10_000, 10_001, 10_002):
        emulator.user(user_id)
    return emulator.user(HR_USER, first_name="Budi")


async def ask_when(hr, text):
    """Compose an announcement for everyone, without attachment or confirmation, up to "when?"."""
    await hr.send("/umumkan")
    await hr.press("➡️ Lanjut: tulis isi")
    await hr.send(text)
    await hr.press("⏭ Tanpa lampiran")
    await hr.press("Tidak")
    (ask_time,) = await hr.press("🕗 Jadwalkan")
    return ask_time


async def test_hr_composes_for_one_unit_previews_sends_and_sees_who_read_it(app, emulator, office, uow):
    hr = office
    (audience,) = await hr.send("/umumkan")
    assert "<b>5</b>" not in audience.text and "5 penerima" in audience.text
    (units,) = await hr.press("🏢 Unit kerja")
    assert "▫️ Kelurahan Plaju Ulu" in units.button_texts
    (units,) = await hr.press("▫️ Kelurahan Plaju Ulu")
    assert "✅ Kelurahan Plaju Ulu" in units.button_texts
    (audience,) = await hr.press("✔️ Selesai")
    assert "3 penerima" in audience.text and "Kelurahan Plaju Ulu" in audience.text
    (ask_text,) = await hr.press("➡️ Lanjut: tulis isi")
    (ask_file,) = await hr.send("Apel pagi <wajib> besok pukul 07.30 & berpakaian Korpri.")
    assert "Langkah 3 dari 4" in ask_file.text
    (ask_ack,) = await hr.press("⏭ Tanpa lampiran")
    replies = await hr.press("Ya, minta konfirmasi")
    preview, control = replies[-2], replies[-1]
    assert preview.text == ("📢 Pengumuman dari Subbag Umum dan Kepegawaian\n\n"
                            "Apel pagi <wajib> besok pukul 07.30 & berpakaian Korpri.")  # who it is from, on top
    assert preview.button_texts == ["✅ Saya sudah membaca"]
    assert "3 penerima" in control.text
    await hr.press("✅ Saya sudah membaca")  # in the preview: nothing happens
    assert hr.callback_answers[-1].text == "Ini hanya pratinjau."
    (report,) = await hr.press("📤 Kirim sekarang")
    assert "Pengumuman #1 untuk 3 penerima" in report.text and "dalam antrean: 3" in report.text

    await deliver_outbox(app, emulator)
    staff = emulator.user(10_000)
    assert staff.last.text == preview.text and staff.last.button_texts == ["✅ Saya sudah membaca"]
    assert emulator.user(501).messages == []  # Siti is in another unit
    pushed = staff.last
    (unread,) = await staff.send("/pengumuman")
    assert unread.button_texts[0].startswith("🔵 ") and "belum dikonfirmasi dibaca" in unread.text
    await staff.press("✅ Saya sudah membaca")
    assert staff.callback_answers[-1].text == "Terima kasih, sudah dicatat."
    assert staff.bot_message(pushed.message_id).button_texts == ["⬅️ Daftar pengumuman", "⬅️ Menu utama"]
    await staff.press_data("ack:b:1", message_id=pushed.message_id)
    assert staff.callback_answers[-1].text == "Sudah dicatat sebelumnya. Terima kasih."

    (refreshed,) = await hr.press("🔄 Perbarui")
    assert "terkirim: 3" in refreshed.text and "sudah konfirmasi baca: 1" in refreshed.text
    (document,) = await hr.press("📊 XLSX")
    sheet = load_workbook(BytesIO(document.document.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("NIP", "Nama", "Unit kerja", "Status") and len(rows) == 4
    assert sorted(row[3] for row in rows[1:]) == ["terkirim"] * 3
    assert sum(1 for row in rows[1:] if row[6] is not None) == 1

    (announcements,) = await staff.send("/pengumuman")
    assert "Pengumuman</b>" not in announcements.text and "(1)" in announcements.text
    assert not announcements.button_texts[0].startswith("🔵")  # confirmed: no longer marked
    (shown,) = await staff.press(announcements.button_texts[0])
    assert "Apel pagi <wajib>" in shown.text
    assert "✅ Saya sudah membaca" not in shown.button_texts and "⬅️ Daftar pengumuman" in shown.button_texts
    assert "Anda sudah mengonfirmasi membacanya pada Jumat, 27 November 2026 pukul 09.00 WIB" in shown.text
    other = emulator.user(501)
    (empty,) = await other.send("/pengumuman")
    assert "belum menerima pengumuman" in empty.text
    (refused,) = await other.press_data("ann:show:1")
    assert other.callback_answers[-1].text == "Pengumuman ini tidak dikirim kepada Anda."
    assert "Pengumuman ini tidak dikirim kepada Anda." in refused.text and "Apel pagi" not in refused.text
    assert refused.button_texts == ["⬅️ Menu utama"]


async def test_scheduled_announcement_waits_for_its_time_and_can_be_cancelled(app, emulator, office, clock):
    hr = office
    await ask_when(hr, "Rapat koordinasi")
    (wrong,) = await hr.send("besok pagi")
    assert "bukan tanggal dan jam" in wrong.text and "✖️ Batal" in wrong.button_texts
    (past,) = await hr.send("26/11/2026 08.00")
    assert "Kamis, 26 November 2026 pukul 08.00 WIB sudah lewat" in past.text and "✖️ Batal" in past.button_texts
    (understood,) = await hr.send("28/11/2026 07.30")
    assert "Sabtu, 28 November 2026 pukul 07.30 WIB" in understood.text
    (report,) = await hr.press("✅ Ya, jadwalkan")
    assert "5 penerima" in report.text and "Sabtu, 28 November 2026 pukul 07.30 WIB" in report.text
    await deliver_outbox(app, emulator)
    assert emulator.user(10_000).messages == []
    clock.advance(hours=23)  # 08.00 WIB on Saturday the 28th
    await deliver_outbox(app, emulator)
    assert emulator.user(10_000).last.text == "📢 Pengumuman dari Subbag Umum dan Kepegawaian\n\nRapat koordinasi"
    assert emulator.user(10_000).last.button_texts == ["📢 Pengumuman"]  # a way on, no confirmation asked

    await ask_when(hr, "Dibatalkan nanti")
    await hr.send("30/11/2026 07.30")
    await hr.press("✅ Ya, jadwalkan")
    (ask,) = await hr.press("⛔ Batalkan pengiriman")
    (stopped,) = await hr.press("Ya, hentikan")
    assert "5 pesan yang belum terkirim ditarik" in stopped.text
    clock.advance(days=3)
    await deliver_outbox(app, emulator)
    assert emulator.user(10_000).last.text == "📢 Pengumuman dari Subbag Umum dan Kepegawaian\n\nRapat koordinasi"


async def test_besok_07_30_is_understood_shown_and_scheduled(app, emulator, office, clock):
    """Issue 19: "Besok 07.30" was refused, without buttons. On Friday 27 November 09.00 WIB it means Saturday
    07.30, shown the Babel way before HR confirms; a time already past today is refused quoting it, with a way
    on. Deliberate bugs caught: ``besok`` counted two days ahead (the understood time reads Minggu), and the
    handler parsing without the clock (refused as before)."""
    hr = office
    ask_time = await ask_when(hr, "Apel pagi")
    assert "misalnya besok 07.30, Senin 08.00 atau 1 Desember 2026 pukul 07.30" in ask_time.text
    (past,) = await hr.send("hari ini 08.00")
    assert past.text.startswith("Jumat, 27 November 2026 pukul 08.00 WIB sudah lewat")
    assert past.button_texts == ["📤 Kirim sekarang saja", "✖️ Batal"]
    (wrong,) = await hr.send("besok jam tujuh")
    assert wrong.text.startswith("“besok jam tujuh” bukan tanggal dan jam yang dapat dibaca; tulis seperti "
                                 "1 Desember 2026 pukul 07.30")
    assert wrong.button_texts == ["📤 Kirim sekarang saja", "✖️ Batal"]
    (understood,) = await hr.send("Besok 07.30")
    assert "Sabtu, 28 November 2026 pukul 07.30 WIB" in understood.text
    assert understood.button_texts == ["✅ Ya, jadwalkan", "🕗 Waktu lain", "✖️ Batal"]
    (report,) = await hr.press("✅ Ya, jadwalkan")
    assert "Sabtu, 28 November 2026 pukul 07.30 WIB" in report.text
    await deliver_outbox(app, emulator)
    assert emulator.user(10_000).messages == []
    clock.advance(hours=22, minutes=30)  # 07.30 WIB on Saturday
    await deliver_outbox(app, emulator)
    assert emulator.user(10_000).last.text.endswith("Apel pagi")


async def test_attachment_reaches_recipients(app, emulator, office):
    hr = office
    await hr.send("/umumkan")
    await hr.press("➡️ Lanjut: tulis isi")
    await hr.send("Surat edaran terlampir")
    await hr.send_document("edaran.pdf", b"%PDF-1.4 edaran", mime_type="application/pdf")
    replies = await hr.press("Tidak")
    assert replies[-2].document.filename == "edaran.pdf"
    await hr.press("📤 Kirim sekarang")
    await deliver_outbox(app, emulator)
    staff = emulator.user(10_002)
    assert [message.text for message in staff.messages[:1]] == [
        "📢 Pengumuman dari Subbag Umum dan Kepegawaian\n\nSurat edaran terlampir"]
    assert staff.last.document.content == b"%PDF-1.4 edaran" and staff.last.document.filename == "edaran.pdf"


async def test_non_hr_users_are_refused_everywhere(app, emulator, office):
    staff = emulator.user(10_000)
    (refusal,) = await staff.send("/umumkan")
    assert "khusus petugas Subbag Umum dan Kepegawaian" in refusal.text
    for data in ("bc:new", "bc:units:0", "bc:send", "bcr:1", "bcx:1", "bcc:1", "bcc!:1"):
        await staff.press_data(data)
        assert "khusus petugas Subbag Umum dan Kepegawaian" in staff.callback_answers[-1].text, data
    (menu,) = await staff.send("/menu")
    assert "📣 Buat pengumuman" not in menu.button_texts
    (hr_menu,) = await office.send("/menu")
    assert "📣 Buat pengumuman" in hr_menu.button_texts


async def test_preview_says_how_many_recipients_telegram_reaches(app, emulator, office, uow):
    await add_employee(uow, PPPK, "Rudi Hartono", kind="PPPK", unit="Seksi Pemerintahan")  # not linked
    hr = office
    await hr.send("/umumkan")
    await hr.press("➡️ Lanjut: tulis isi")
    await hr.send("Rapat koordinasi")
    await hr.press("⏭ Tanpa lampiran")
    *_preview, control = await hr.press("Tidak")
    assert "5 dari 6 penerima terhubung ke Telegram" in control.text
