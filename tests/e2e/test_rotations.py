"""Rotation notices end to end: HR publishes on Telegram, the employee reads and confirms."""

from datetime import date
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from storage.models import Employee, Rotation
from storage.services import rotations
from storage.services.rotations import RotationOrder
from tests.e2e.conftest import deliver_outbox
from tests.factories import BUDI, SITI, add_employee, link_user, make_hr

HR_USER, STAFF_USER = 500, 501


@pytest.fixture
async def office(uow, emulator):
    await add_employee(uow, BUDI, "Budi Santoso", unit="Subbag Umum dan Kepegawaian")
    await make_hr(uow, BUDI)
    await link_user(uow, BUDI, HR_USER)
    siti = await add_employee(uow, SITI, "Siti <Aminah>", position="Analis Kebijakan", unit="Seksi Pemerintahan")
    async with uow:
        (await uow.session.get(Employee, siti.id)).position_since = date(2025, 6, 1)
        await uow.commit()
    await link_user(uow, SITI, STAFF_USER)
    return emulator.user(HR_USER), emulator.user(STAFF_USER)


async def publish_through_telegram(hr):
    await hr.send("/rotasi_pegawai")
    (ask_nip,) = await hr.press("➕ Terbitkan rotasi")
    assert "Langkah 1 dari 10" in ask_nip.text
    (wrong,) = await hr.send("1234")
    assert "Tidak ditemukan" in wrong.text and "✖️ Batal" in wrong.button_texts
    (ask_position,) = await hr.send("ibu aminah")  # a name works too, and is confirmed at once
    assert "✔️ Siti <Aminah>, Analis Kebijakan, Seksi Pemerintahan" in ask_position.text
    assert "Langkah 2 dari 10" in ask_position.text
    (ask_unit,) = await hr.send("Kepala Seksi Kesejahteraan Sosial")
    assert ask_unit.button_texts[:2] == ["Seksi Pemerintahan", "Subbag Umum dan Kepegawaian"]  # the known units
    (again,) = await hr.press("⬅️ Langkah sebelumnya")
    assert "Langkah 2 dari 10" in again.text
    await hr.send("Kepala Seksi Kesejahteraan Sosial")
    (ask_superior,) = await hr.send("Seksi Kesejahteraan Sosial")  # a new unit, typed
    assert "Langkah 4 dari 10" in ask_superior.text and "⏭ Lewati" in ask_superior.button_texts
    await hr.press("⏭ Lewati")  # the superior stays as it is
    for answer in ("821.2/045/2026", "20/11/2026", "01/12/2026", "01/12/2026 09.00", "Aula Kantor Camat Plaju"):
        await hr.send(answer)
    (summary,) = await hr.press("⏭ Lewati")
    assert "Siti <Aminah> akan menerima pemberitahuan ini" in summary.text
    assert "⚠️ Saat TMT, Siti <Aminah> baru 1 tahun 6 bulan" in summary.text  # warned before confirming
    assert "Dari: Analis Kebijakan, Seksi Pemerintahan" in summary.text
    assert "TMT): Selasa, 1 Desember 2026" not in summary.text and "1 Desember 2026" in summary.text
    (published,) = await hr.press("📤 Terbitkan")
    return published


async def test_hr_publishes_employee_reads_and_confirms_once(app, emulator, office):
    hr, staff = office
    published = await publish_through_telegram(hr)
    assert "Diterbitkan" in published.text

    await deliver_outbox(app, emulator)
    notice = staff.last
    assert notice.text.startswith("📋 Pemberitahuan rotasi")
    assert "Ke: Kepala Seksi Kesejahteraan Sosial, Seksi Kesejahteraan Sosial" in notice.text
    assert "Pelantikan: Selasa, 1 Desember 2026 pukul 09.00 WIB, Aula Kantor Camat Plaju" in notice.text
    # The press is answered first, the notice redrawn after a query: wait for quiet longer than usual.
    (confirmed,) = await staff.press("✅ Saya sudah membaca", quiet=0.5)
    assert staff.callback_answers[-1].text == "Terima kasih, sudah dicatat."
    assert "Anda mengonfirmasi telah membaca" in confirmed.text
    await staff.press_data("ack:r:1", message_id=notice.message_id)
    assert staff.callback_answers[-1].text == "Sudah dicatat sebelumnya. Terima kasih."

    (mine,) = await staff.send("/rotasi")
    assert "Kepala Seksi Kesejahteraan Sosial" in mine.text and "✅ Saya sudah membaca" not in mine.button_texts
    (listing,) = await hr.send("/rotasi_pegawai")
    assert "belum dikonfirmasi: 0" in listing.text and "✅ Siti &lt;Aminah&gt;" not in listing.text


async def test_wizard_offers_known_units_and_goes_back_from_the_summary(app, emulator, office):
    hr, _staff = office
    await hr.send("/rotasi_pegawai")
    await hr.press("➕ Terbitkan rotasi")
    await hr.send(SITI)
    await hr.send("Kepala Subbag Umum dan Kepegawaian")
    (ask_superior,) = await hr.press("Subbag Umum dan Kepegawaian")
    assert "Langkah 4 dari 10" in ask_superior.text
    (ask_sk,) = await hr.press("⏭ Lewati")
    assert "Langkah 5 dari 10" in ask_sk.text
    for answer in ("821.2/046/2026", "20/11/2026", "01/12/2026"):
        await hr.send(answer)
    for _optional in range(3):
        (summary,) = await hr.press("⏭ Lewati")
    assert "Ke: Kepala Subbag Umum dan Kepegawaian, Subbag Umum dan Kepegawaian" in summary.text
    assert "Pelantikan" not in summary.text  # none entered: the line is left out, not "—, —"
    (last_step,) = await hr.press("⬅️ Langkah sebelumnya")
    assert "Langkah 10 dari 10" in last_step.text
    (summary,) = await hr.press("⏭ Lewati")
    (published,) = await hr.press("📤 Terbitkan")
    assert "Diterbitkan" in published.text
    (listing,) = await hr.send("/rotasi_pegawai")
    assert "Kepala Subbag Umum dan Kepegawaian, Subbag Umum dan Kepegawaian" in listing.text  # the new unit too


async def test_hr_reminds_whoever_has_not_confirmed(app, emulator, office):
    hr, staff = office
    await publish_through_telegram(hr)
    await deliver_outbox(app, emulator)
    (listing,) = await hr.send("/rotasi_pegawai")
    assert "⏳ Siti <Aminah>" in listing.text
    await hr.press("🔔 Ingatkan Siti <Aminah>")
    assert hr.callback_answers[-1].text == "Pengingat untuk Siti <Aminah> masuk antrean."
    await deliver_outbox(app, emulator)
    assert "Mohon baca dan konfirmasi" in staff.messages[-2].text, [m.text[:40] for m in staff.messages]
    assert staff.last.button_texts == ["✅ Saya sudah membaca"]


async def test_employees_see_only_their_own_notices_and_no_hr_tools(app, emulator, office):
    hr, staff = office
    await publish_through_telegram(hr)
    intruder = emulator.user(777)
    (reply,) = await intruder.send("/rotasi")
    assert "belum terhubung" in reply.text
    (none,) = await hr.send("/rotasi")
    assert "tidak memiliki pemberitahuan rotasi" in none.text
    (refused,) = await hr.press_data("rot:show:1")
    assert hr.callback_answers[-1].text == "Pemberitahuan rotasi ini bukan milik Anda."
    assert "⚠️ Pemberitahuan rotasi ini bukan milik Anda." in refused.text and refused.button_texts == ["⬅️ Menu utama"]
    await hr.press_data("ack:r:1")
    assert hr.callback_answers[-1].text == "Pemberitahuan rotasi ini bukan milik Anda."
    (refusal,) = await staff.send("/rotasi_pegawai")
    assert "khusus petugas Subbag Umum dan Kepegawaian" in refusal.text
    for data in ("rhr:list:0", "rhr:remind:1", "rhr:new", "rhr:publish"):
        await staff.press_data(data)
        assert "khusus petugas Subbag Umum dan Kepegawaian" in staff.callback_answers[-1].text, data


async def test_wizard_checks_dates_like_the_import_sets_the_superior_and_warns_before_publishing(
        app, emulator, office, uow):
    """The form refuses a TMT and a pelantikan before the SK date with the import's words, takes the new
    superior by name, and shows the pending SK and short tenure in the summary, before "Terbitkan" (bugs
    caught: no date check in the form; warnings only after publishing)."""
    hr, _staff = office
    async with uow:
        await rotations.publish(uow, RotationOrder(
            nip=SITI, new_position="Lurah", new_unit="Kelurahan Plaju Ilir", sk_number="821/1/2026",
            sk_date=date(2026, 11, 2), effective_date=date(2027, 1, 4)), actor="test", tz=ZoneInfo("Asia/Jakarta"))
        await uow.commit()
    await hr.send("/rotasi_pegawai")
    await hr.press("➕ Terbitkan rotasi")
    await hr.send(SITI)
    await hr.send("Kepala Seksi Ekbang")
    await hr.send("Seksi Ekonomi dan Pembangunan")
    (refused,) = await hr.send("siti")  # herself: refused, the step stands
    assert "Pegawai tidak dapat menjadi atasannya sendiri." in refused.text
    (ask_sk,) = await hr.send("budi santoso")
    assert "✔️ Budi Santoso" in ask_sk.text and "Langkah 5 dari 10" in ask_sk.text
    await hr.send("821.2/047/2026")
    await hr.send("20/11/2026")
    (refused,) = await hr.send("19/11/2026")
    assert "TMT lebih awal dari tanggal SK." in refused.text and "⬅️ Langkah sebelumnya" in refused.button_texts
    (ask_inauguration,) = await hr.send("01/12/2026")
    assert "Langkah 8 dari 10" in ask_inauguration.text
    (refused,) = await hr.send("19/11/2026 09.00")
    assert "Pelantikan lebih awal dari tanggal SK." in refused.text
    await hr.send("01/12/2026 09.00")
    await hr.press("⏭ Lewati")
    (summary,) = await hr.press("⏭ Lewati")
    assert "👤 Sejak TMT, atasan langsung menjadi Budi Santoso." in summary.text
    assert "⚠️ Siti <Aminah> sudah memiliki rotasi yang belum berlaku: SK 821/1/2026, TMT 4 Januari 2027." \
        in summary.text
    assert "⚠️ Saat TMT, Siti <Aminah> baru 1 tahun 6 bulan" in summary.text
    async with uow:
        assert await uow.session.scalar(select(func.count()).select_from(Rotation)) == 1  # nothing yet
    (published,) = await hr.press("📤 Terbitkan")
    assert "Diterbitkan" in published.text and "⚠️" not in published.text
    async with uow:
        rotation = await uow.session.scalar(select(Rotation).where(Rotation.sk_number == "821.2/047/2026"))
        budi, siti = (await uow.employees.by_nips([BUDI, SITI])).values()
        assert rotation.new_superior_id == budi.id and siti.superior_id is None  # only from the TMT


async def test_upload_preview_shows_the_rotation_warnings_before_importing(app, emulator, office, uow):
    """The Telegram preview is the import's dry run: its warnings come before "Impor" and nothing is written."""
    hr, _staff = office
    header = ",".join((*rotations.COLUMNS, rotations.SUPERIOR_COLUMN))
    content = f"{header}\n{SITI},Lurah,Kelurahan Plaju Ilir,821/5/2026,20/11/2026,01/12/2026,,,,{BUDI}\n"
    (preview,) = await hr.send_document("rotasi.csv", content.encode())
    assert "Baris 2, kolom tmt" in preview.text and "baru 1 tahun 6 bulan" in preview.text, preview.text
    assert "✅ Impor" in preview.button_texts
    async with uow:
        assert await uow.session.scalar(select(func.count()).select_from(Rotation)) == 0


async def test_hr_lists_who_is_long_in_post_and_takes_it_as_a_spreadsheet(app, emulator, office, uow):
    hr, _staff = office
    async with uow:
        (await uow.employees.by_nip(BUDI)).position_since = date(2020, 1, 2)
        await uow.commit()
    await hr.send("/rotasi_pegawai")
    (listing,) = await hr.press("⏱ Lama menjabat")
    assert "Mencapai atau melewati 5 tahun di jabatan</b>" not in listing.text  # markup is rendered
    assert "1 orang" in listing.text and "Budi Santoso" in listing.text and "Siti" not in listing.text
    (sent,) = await hr.press("📊 Sebagai lembar kerja")
    assert sent.document.filename == "lama-menjabat.xlsx"
