"""Kepegawaian's everyday actions on Telegram: activation codes as a file, the HR role, ticking attendance."""

import io

from openpyxl import load_workbook
from sqlalchemy import select

from storage.models import Enrolment, EnrolmentState, Role
from storage.services.workshops import enrol
from tests.factories import BUDI, PPPK, SITI, link_user
from tests.workshop_factories import POLICY, add_workshop, wib


async def test_codes_for_one_unit_as_a_file_that_links(app, emulator, hr, uow):
    await hr.send("/menu")
    await hr.press("📊 Laporan")
    (home,) = await hr.press("🔑 Kode aktivasi untuk yang belum terhubung")
    assert "2 pegawai belum menghubungkan Telegram" in home.text
    assert home.button_texts[:3] == ["Semua 2 pegawai yang belum terhubung",
                                     "Kelurahan Bagus Kuning (1)", "Seksi Pemerintahan (1)"]
    (sent,) = await hr.press("Seksi Pemerintahan (1)")
    sheet = load_workbook(io.BytesIO(sent.document.content)).active
    (header, row) = list(sheet.iter_rows(values_only=True))
    assert header[:4] == ("NIP", "Nama", "Unit kerja", "Kode aktivasi") and row[:3] == (SITI, "Siti Aminah",
                                                                                  "Seksi Pemerintahan")
    siti = emulator.user(42)
    await siti.send("/start")
    await siti.send(SITI)
    (linked,) = await siti.send(row[3])
    assert "terhubung" in linked.text


async def test_grant_the_role_then_the_last_holder_cannot_drop_it(app, emulator, hr, uow):
    (profile,) = await hr.send(f"/pegawai {SITI}")
    (granted,) = await hr.press("🛡 Berikan peran petugas kepegawaian")
    assert "Siti Aminah kini memegang peran petugas kepegawaian" in granted.text
    async with uow:
        assert (await uow.employees.by_nip(SITI)).has_role(Role.HR)
    await hr.send(f"/pegawai {BUDI}")
    await hr.press("🛡 Cabut peran petugas kepegawaian")
    (dropped,) = await hr.press("Ya, cabut")
    assert "tidak lagi memegang peran petugas kepegawaian" in dropped.text
    await link_user(uow, SITI, 42)
    siti = emulator.user(42)
    await siti.send(f"/pegawai {SITI}")
    await siti.press("🛡 Cabut peran petugas kepegawaian")
    replies = await siti.press("Ya, cabut")
    assert "satu-satunya petugas kepegawaian" in replies[-1].text
    async with uow:
        assert [employee.nip for employee in await uow.employees.with_role(Role.HR)] == [SITI]


async def test_non_hr_cannot_grant_themselves_the_role(app, emulator, hr, uow):
    await link_user(uow, SITI, 42)
    async with uow:
        siti_id = (await uow.employees.by_nip(SITI)).id
    siti = emulator.user(42)
    await siti.send("/menu")
    (refused,) = await siti.press_data(f"emp:hr:{siti_id}:+")
    assert "Kepegawaian" in refused.text
    async with uow:
        assert not (await uow.employees.by_nip(SITI)).has_role(Role.HR)


async def test_tick_attendance_from_the_roster(app, emulator, hr, uow, clock):
    workshop = await add_workshop(uow, capacity=5, starts=wib(2026, 11, 30), deadline=wib(2026, 11, 29))
    async with uow:
        for nip in (SITI, PPPK):
            await enrol(uow, await uow.employees.by_nip(nip), workshop.id, POLICY)
    await hr.send("/menu")
    (detail,) = await hr.press_data(f"wsh:d:{workshop.id}")
    assert "✅ Catat kehadiran" not in detail.button_texts  # not started yet
    clock.now = wib(2026, 11, 30, 12)
    await hr.press_data(f"wsh:d:{workshop.id}")
    (ticking,) = await hr.press("✅ Catat kehadiran")
    assert "▫️ Siti Aminah" in ticking.text and "▫️ Sri Wahyuni" in ticking.text
    (after,) = await hr.press("✅ 1")
    assert "✅ Siti Aminah" in after.text
    (after,) = await hr.press("❌ 2")
    assert "❌ Sri Wahyuni" in after.text
    async with uow:
        states = {row.employee_id: row.state for row in await uow.session.scalars(select(Enrolment))}
    assert sorted(states.values()) == [EnrolmentState.ABSENT, EnrolmentState.ATTENDED]


async def test_the_roster_filled_in_and_sent_back_records_attendance(app, emulator, hr, uow, clock):
    workshop = await add_workshop(uow, capacity=5, starts=wib(2026, 11, 30), deadline=wib(2026, 11, 29))
    async with uow:
        await enrol(uow, await uow.employees.by_nip(SITI), workshop.id, POLICY)
    clock.now = wib(2026, 11, 30, 12)
    await hr.send("/menu")
    (roster,) = await hr.press_data(f"wsh:r:{workshop.id}")
    assert "kirim berkasnya kembali ke sini" in roster.caption
    workbook = load_workbook(io.BytesIO(roster.document.content))
    sheet = workbook.active
    hadir = [cell.column for cell in sheet[1] if cell.value == "hadir"][0]
    sheet.cell(2, hadir, "ya")
    filled = io.BytesIO()
    workbook.save(filled)
    (preview,) = await hr.send_document(roster.document.filename, filled.getvalue())
    assert "Kehadiran pelatihan" in preview.text and "1 berubah" in preview.text
    (done,) = await hr.press("✅ Impor")
    assert "diimpor: 0 baru, 1 berubah" in done.text
    async with uow:
        (enrolment,) = await uow.session.scalars(select(Enrolment))
    assert enrolment.state == EnrolmentState.ATTENDED
