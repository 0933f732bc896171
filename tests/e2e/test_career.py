"""🧭 Karier Saya end to end: the screen with its checklists, and "📜 Riwayat" with the timeline chart.

The clock stands on Friday 27 November 2026, 09.00 WIB: the usulan window for the January 2027 KP period
(16 November to 15 December 2026) is open.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.emulator.images import image_size
from bot.policies import reminder_sources
from storage.models import Employee, EmployeeKind
from storage.ratings import Rating
from storage.services import career_milestones, reminders
from storage.services.career_history import HistoryBook, SkFacts
from tests.appraisal_factories import add_appraisal
from tests.e2e.conftest import deliver_outbox
from tests.emulator.test_emulator import until
from tests.factories import BUDI, PPPK, add_employee, link_user, make_hr

BUDI_USER, SRI_USER = 600, 601


async def set_career(uow, nip, **fields):
    async with uow:
        employee = await uow.session.get(Employee, (await uow.employees.by_nip(nip)).id)
        for name, value in fields.items():
            setattr(employee, name, value)
        await uow.commit()


@pytest.fixture
async def budi(uow, emulator):
    """III/b since 1 April 2022 with MKG 8 years, S1, pelaksana; good results for 2024 and 2025; two posts."""
    await add_employee(uow, BUDI, "Budi <Santoso> $x^2$", grade="III/b", position="Analis Kebijakan",
                       unit="Seksi Pemerintahan")
    await set_career(uow, BUDI, rank_since=date(2022, 4, 1), rank_service_years=8, rank_service_months=0,
                     education="S1", post_kind="pelaksana", last_pay_rise_on=date(2024, 4, 1),
                     position_since=date(2023, 1, 2))
    async with uow:
        employee = await uow.employees.by_nip(BUDI)
        history = await HistoryBook.load(uow, [employee.id])
        history.record_grade(employee, "III/a", SkFacts(date(2010, 1, 1), "813/1/2010"), source="history")
        history.record_grade(employee, "III/b", SkFacts(date(2022, 4, 1), "823/4/2022"), source="history",
                             service=(8, 0))
        history.record_post(employee, "Pengadministrasi Umum", "Kelurahan Plaju Ulu", SkFacts(date(2010, 1, 1)),
                            source="history")
        history.record_post(employee, "Analis Kebijakan", "Seksi Pemerintahan", SkFacts(date(2023, 1, 2)),
                            source="history")
        await uow.commit()
    await add_appraisal(uow, BUDI, "2024", results=Rating.ABOVE, behaviour=Rating.ABOVE, rater=None,
                        published_on=date(2025, 1, 20))
    await add_appraisal(uow, BUDI, "2025", results=Rating.MEETS, behaviour=Rating.MEETS, rater=None,
                        published_on=date(2026, 1, 20))
    await link_user(uow, BUDI, BUDI_USER)
    return emulator.user(BUDI_USER)


async def test_karier_shows_standing_next_steps_and_checklists(app, budi):
    (screen,) = await budi.send("/karier")
    text = screen.text
    assert text.startswith("🧭 Karier Saya · Budi <Santoso> $x^2$")  # escaped on screen, no formula in the chart
    assert "Pangkat/golongan: Penata Muda Tingkat I (III/b) sejak 1 April 2022" in text
    assert "Masa kerja golongan: 12 tahun 7 bulan" in text
    assert "Masa kerja keseluruhan: 16 tahun 10 bulan" in text
    assert "Jabatan: Analis Kebijakan, Seksi Pemerintahan" in text
    assert ("Sejak 2 Januari 2023: 3 tahun 10 bulan, dalam rentang biasa 2 sampai 5 tahun (batas maksimal pada "
            "2 Januari 2028).") in text
    assert "JP tahun ini: 0/20 JP" in text
    assert "Predikat terakhir: Tahunan 2025: Baik · Tahunan 2024: Sangat Baik" in text
    assert ("📈 Kenaikan pangkat ke Penata (III/c): periode 1 Januari 2027; usulan 16 November 2026 sampai "
            "15 Desember 2026.") in text
    assert "✅ 4 tahun dalam golongan III/b (sejak 1 April 2022): pada 1 April 2026." in text
    assert "✅ Predikat 2024: Sangat Baik." in text and "✅ Predikat 2025: Baik." in text
    assert "✅ III/c masih dalam batas untuk S1 (III/d)." in text
    assert "💰 KGB (kenaikan gaji berkala): TMT 1 April 2028; surat pemberitahuan paling lambat 1 Februari 2028." \
        in text
    assert "Pensiun" not in text  # 2043: more than five years away
    assert screen.button_texts == ["📜 Riwayat", "🎯 Aspirasi karier saya", "⚠️ Data saya tidak sesuai",
                                   "⬅️ Menu utama"]

    (menu,) = await budi.press("⬅️ Menu utama")
    assert "🧭 Karier Saya" in menu.button_texts
    (again,) = await budi.press("🧭 Karier Saya")
    assert again.text == text


async def new_messages(user, before: int, count: int) -> list:
    """The chart is drawn in a worker thread after the press is answered: wait for the messages themselves."""
    await until(lambda: len(user.messages) >= before + count, timeout=30)
    return user.messages[before:]


async def test_riwayat_sends_the_timeline_chart_and_the_list(app, budi):
    await budi.send("/karier")
    before = len(budi.messages)
    await budi.press("📜 Riwayat")
    chart, listing = await new_messages(budi, before, 2)
    assert chart.photo is not None and chart.photo_size == image_size(chart.photo.content) == (960, 360)
    assert chart.caption.startswith("🧭 Golongan dan jabatan dari waktu ke waktu")
    assert listing.text.splitlines()[:4] == [
        "📜 Riwayat karier", "", "Golongan", "• III/b · TMT 1 April 2022 · SK 823/4/2022 · MKG 8 tahun"]
    assert "• III/a · TMT 1 Januari 2010 · SK 813/1/2010" in listing.text
    assert "• Pengadministrasi Umum, Kelurahan Plaju Ulu · TMT 1 Januari 2010" in listing.text
    assert listing.button_texts == ["🧭 Karier Saya", "⚠️ Data saya tidak sesuai", "⬅️ Menu utama"]
    (back,) = await budi.press("🧭 Karier Saya")
    assert back.text.startswith("🧭 Karier Saya")


async def test_pppk_sees_the_contract_and_what_data_is_missing(app, uow, emulator):
    await add_employee(uow, PPPK, "Sri Wahyuni", kind=EmployeeKind.PPPK, grade="IX", position="Penata Layanan",
                       unit="Kelurahan Bagus Kuning")
    await set_career(uow, PPPK, contract_end=date(2027, 3, 31))
    await link_user(uow, PPPK, SRI_USER)
    (screen,) = await emulator.user(SRI_USER).send("/karier")
    text = screen.text
    assert "Pangkat/golongan: IX" in text and "Kenaikan pangkat" not in text and "KGB" not in text
    assert "Masa kerja golongan: belum tercatat" in text
    assert "❓ Lama dalam jabatan: TMT jabatan belum tercatat." in text
    assert "📄 Kontrak PPPK berakhir 31 Maret 2027; usulan perpanjangan paling lambat 30 September 2026." in text
    assert "❓ Belum ada hasil SKP tahunan yang tercatat; perpanjangan bergantung pada kinerja." in text
    sri = emulator.user(SRI_USER)
    before = len(sri.messages)
    await sri.press("📜 Riwayat")
    (empty,) = await new_messages(sri, before, 1)  # no dated history: the list only, no chart
    assert "belum ada yang tercatat" in empty.text and empty.photo is None


async def test_iii_d_with_s1_is_told_the_ceiling_and_what_lifts_it(app, uow, budi):
    await set_career(uow, BUDI, grade="III/d")
    (screen,) = await budi.send("/karier")
    assert ("📈 Kenaikan pangkat: batas pendidikan Anda sudah tercapai: dengan S1, KP reguler paling tinggi sampai "
            "III/d.") in screen.text
    assert "Yang dapat membukanya: ijazah S2 atau lebih tinggi, untuk IV/a dan seterusnya" in screen.text


async def test_only_kepegawaian_sees_the_planning_lists_among_reminder_settings(app, uow, budi):
    await budi.send("/pengaturan")
    (screen,) = await budi.press("🔔 Pengingat")
    assert "🔔 Karier Anda: KP, KGB, pensiun, kontrak" in screen.button_texts
    assert "🔔 Daftar perencanaan karier untuk Kepegawaian" not in screen.button_texts
    await budi.press_data("set:rem:career_hr", message_id=screen.message_id)  # waits for the answer
    assert budi.callback_answers[-1].text == "Tombol ini sudah tidak berlaku."
    await make_hr(uow, BUDI)
    await budi.send("/pengaturan")
    (screen,) = await budi.press("🔔 Pengingat")
    (screen,) = await budi.press("🔔 Daftar perencanaan karier untuk Kepegawaian")
    assert "🔕 Daftar perencanaan karier untuk Kepegawaian" in screen.button_texts


async def test_the_kp_window_reminder_opens_the_career_screen(app, uow, emulator, budi, clock):
    """On 16 November 2026 at 07.00 the January 2027 window opens: Budi is told, with a button to his screen."""
    clock.now = datetime(2026, 11, 16, 7, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    async with uow:
        await career_milestones.refresh(uow, date(2026, 11, 16), app.policies.career)
    async with uow:
        await reminders.plan(uow, reminder_sources(app.settings, app.policies), app.policies.quiet)
    await deliver_outbox(app, emulator)
    notice = budi.last
    assert notice.text == ("🔔 Masa usulan kenaikan pangkat Anda (periode 1 Januari 2027) dibuka hari ini, "
                           "16 November 2026 dan ditutup 15 Desember 2026. Periksa persyaratannya dan pastikan "
                           "berkas Anda sudah ada di Kepegawaian.")
    (screen,) = await budi.press("🧭 Buka Karier Saya")
    assert "periode 1 Januari 2027" in screen.text
