"""Kepegawaian corrects the calendar of days off on Telegram; nobody else can."""

from datetime import date

import pytest

from storage.services.days_off import working_days
from tests.factories import BUDI, SITI, add_employee, link_user, make_hr

HR_USER, STAFF_USER = 500, 501


@pytest.fixture
async def hr(uow, emulator):
    await add_employee(uow, BUDI, "Budi Santoso", unit="Subbag Umum dan Kepegawaian")
    await make_hr(uow, BUDI)
    await link_user(uow, BUDI, HR_USER)
    return emulator.user(HR_USER)


async def test_hr_adds_a_day_off_marks_a_working_day_and_undoes_it(app, emulator, hr, uow):
    await hr.send("/menu")
    (listing,) = await hr.press("📅 Hari libur (Kepegawaian)")
    assert "Hari libur 2026" in listing.text and "Jumat, 25 Desember 2026: Hari Raya Natal" in listing.text
    assert "Kamis, 24 Desember 2026" in listing.text  # cuti bersama
    await hr.press("➕ Tambah hari libur")
    (refused,) = await hr.send("31/02/2027 Libur")
    assert "“31/02/2027” bukan tanggal yang ada" in refused.text and "Silakan ketik ulang" in refused.text
    (added,) = await hr.send("Selasa, 16 Maret 2027 Cuti bersama Idulfitri")  # the date as the bot writes it
    assert "16 Maret 2027 sekarang hari libur" in added.text
    assert "Selasa, 16 Maret 2027: Cuti bersama Idulfitri (Kepegawaian)" in added.text
    await hr.press("🏢 Tandai sebagai hari kerja")
    (worked,) = await hr.send("2026-12-24")
    assert "Kamis, 24 Desember 2026: hari kerja (Kepegawaian)" in worked.text
    await hr.press("↩️ Kembali ke kalender nasional")
    (undone,) = await hr.send("24/12/2026")
    assert "kembali mengikuti kalender nasional" in undone.text
    async with uow:
        days = await working_days(uow)
    assert days.is_day_off(date(2027, 3, 16)) and days.is_day_off(date(2026, 12, 24))


async def test_only_hr_sees_and_changes_the_calendar(app, emulator, hr, uow):
    await add_employee(uow, SITI, "Siti Aminah")
    await link_user(uow, SITI, STAFF_USER)
    staff = emulator.user(STAFF_USER)
    (menu,) = await staff.send("/menu")
    assert "📅 Hari libur (Kepegawaian)" not in menu.button_texts
    (refused,) = await staff.send("/harilibur")
    assert "khusus petugas" in refused.text  # the wording review may rename the office, not the refusal
    (pressed,) = await staff.press_data("cal:c:off")
    assert "khusus petugas" in pressed.text
    async with uow:
        assert (await working_days(uow)).overrides == {}
