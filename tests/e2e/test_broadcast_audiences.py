"""Who an announcement reaches, chosen on Telegram: PNS or PPPK, a golongan range, and those who have not yet
confirmed reading an earlier one; and the delivery report that keeps itself current."""

import pytest

from storage.models import EmployeeKind
from tests.e2e.conftest import deliver_outbox
from tests.factories import BUDI, PPPK, SITI, add_employee, add_linked_employees, link_user, make_hr

HR_USER = 500


@pytest.fixture
async def office(uow, emulator):
    """HR Budi (PNS III/c), Siti (PNS II/b), Rina (PPPK IX) and three staff (PNS III/a), all linked."""
    await add_employee(uow, BUDI, "Budi Santoso", unit="Subbag Umum dan Kepegawaian", grade="III/c")
    await make_hr(uow, BUDI)
    await link_user(uow, BUDI, HR_USER)
    await add_employee(uow, SITI, "Siti Aminah", grade="II/b")
    await link_user(uow, SITI, 501)
    await add_employee(uow, PPPK, "Rina Wati", kind=EmployeeKind.PPPK, grade="IX")
    await link_user(uow, PPPK, 502)
    await add_linked_employees(uow, 3)
    for user_id in (501, 502, 10_000, 10_001, 10_002):
        emulator.user(user_id)
    return emulator.user(HR_USER, first_name="Budi")


async def test_kind_and_golongan_narrow_the_audience_and_only_they_receive_it(app, emulator, office):
    """Deliberate bug caught: the golongan filter left out of ``audience._query`` (6 recipients, not 4)."""
    hr = office
    (audience,) = await hr.send("/umumkan")
    assert "6 penerima" in audience.text
    (audience,) = await hr.press("👤 Jenis: semua")
    assert "Jenis: PNS" in audience.text and "5 penerima" in audience.text
    (audience,) = await hr.press("👤 Jenis: PNS")
    assert "Jenis: PPPK" in audience.text and "1 penerima" in audience.text
    (audience,) = await hr.press("👤 Jenis: PPPK")
    assert "6 penerima" in audience.text

    (lowest,) = await hr.press("🎖 Golongan")
    assert lowest.text == "Golongan terendah (PNS):" and "I/a" in lowest.button_texts
    (highest,) = await hr.press("III/a")
    assert highest.text == "Golongan tertinggi (PNS):" and "II/d" not in highest.button_texts
    (audience,) = await hr.press("III/c")
    assert "Golongan: III/a s.d. III/c" in audience.text and "4 penerima" in audience.text

    await hr.press("➡️ Lanjut: tulis isi")
    await hr.send("Sosialisasi kenaikan pangkat golongan III")
    await hr.press("⏭ Tanpa lampiran")
    await hr.press("Ya, minta konfirmasi")
    await hr.press("📤 Kirim sekarang")
    await deliver_outbox(app, emulator)
    received = {user_id for user_id in (HR_USER, 501, 502, 10_000, 10_001, 10_002)
                if any("Sosialisasi" in (message.text or "") for message in emulator.user(user_id).messages)}
    assert received == {HR_USER, 10_000, 10_001, 10_002}


async def test_a_second_round_goes_only_to_those_who_have_not_confirmed(app, emulator, office):
    """Deliberate bug caught: "not yet read" counting everyone who received the first round, readers included."""
    hr = office
    await hr.send("/umumkan")
    await hr.press("➡️ Lanjut: tulis isi")
    await hr.send("Wajib lapor SPT tahunan")
    await hr.press("⏭ Tanpa lampiran")
    await hr.press("Ya, minta konfirmasi")
    await hr.press("📤 Kirim sekarang")
    await deliver_outbox(app, emulator)
    for reader in (10_000, 502):
        await emulator.user(reader).press("✅ Saya sudah membaca")

    await hr.send("/umumkan")
    (choices,) = await hr.press("📭 Belum dibaca…")
    (audience,) = await hr.press(choices.button_texts[0])
    assert "Hanya yang belum mengonfirmasi membaca pengumuman #1" in audience.text
    assert "4 penerima" in audience.text  # 6 received it, 2 confirmed


async def test_the_delivery_report_updates_itself_until_everything_is_out(app, emulator, office):
    """Deliberate bug caught: the refresh job kept running (and editing) after everything was sent."""
    hr = office
    await hr.send("/umumkan")
    await hr.press("➡️ Lanjut: tulis isi")
    await hr.send("Rapat")
    await hr.press("⏭ Tanpa lampiran")
    await hr.press("Tidak")
    (report,) = await hr.press("📤 Kirim sekarang")
    assert "dalam antrean: 6" in report.text
    (job,) = app.job_queue.get_jobs_by_name("report:1")
    await deliver_outbox(app, emulator)
    await job.run(app)
    await emulator.wait_idle()
    live = next(message for message in hr.messages if message.message_id == report.message_id)
    assert "terkirim: 6" in live.text and live.edits >= 1
    assert live.button_texts == []  # done: nothing left to refresh or cancel
    assert job.removed
