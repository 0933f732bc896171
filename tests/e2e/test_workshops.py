"""Workshops through the real PTB application and the emulator: browse, enrol, waitlist, cancel, .ics,
/pelatihansaya and HR's screens."""

from datetime import UTC, datetime
from io import BytesIO

from icalendar import Calendar
from openpyxl import load_workbook
from sqlalchemy import select

from bot.i18n import I18n
from storage.models import AuditEntry, Enrolment, EnrolmentState, JpCredit, OutboxMessage, Role, WorkshopStatus
from storage.services.linking import link_without_code
from storage.services.outbox import decode_params
from storage.services.roles import grant_role
from tests.factories import BUDI, PPPK, SITI, add_employee
from tests.workshop_factories import WIB, add_workshop, wib

CATALOGUE = "🎓 Pelatihan & Workshop"


async def linked_user(emulator, uow, user_id, nip=BUDI, name="Budi Santoso", **employee):
    await add_employee(uow, nip, name, **employee)
    async with uow:
        await link_without_code(uow, telegram_user_id=user_id, chat_id=user_id, nip=nip, actor="test")
    return emulator.user(user_id)


async def states(uow, workshop_id) -> dict[int, tuple[str, int | None]]:
    async with uow:
        rows = await uow.session.scalars(select(Enrolment).where(Enrolment.workshop_id == workshop_id))
        return {row.employee_id: (row.state, row.waitlist_position) for row in rows}


async def queued(uow, kind) -> list[OutboxMessage]:
    async with uow:
        return list(await uow.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)
                                              .order_by(OutboxMessage.id)))


def rendered(message: OutboxMessage) -> str:
    """The queued message as the sender will write it to an Indonesian reader."""
    return I18n(WIB, "id").translator("id")(message.template, **decode_params(message.params))


async def test_browse_page_open_and_go_back(app, emulator, uow):
    user = await linked_user(emulator, uow, 42)
    for day in range(1, 8):
        await add_workshop(uow, f"W{day}", title=f"Pelatihan {day}", starts=wib(2026, 12, day + 1))
    await user.send("/menu")
    (first,) = await user.press(CATALOGUE)
    assert "halaman 1 dari 2" in first.text and "Pelatihan 5" in first.text and "Pelatihan 6" not in first.text
    assert "Rabu, 2 Desember 2026 pukul 09.00 WIB · Luring · 8 JP" in first.text
    assert ("🏁 Selesai Rabu, 2 Desember 2026 pukul 16.00 WIB · ⏳ daftar paling lambat Selasa, 1 Desember 2026 "
            "pukul 09.00 WIB") in first.text
    assert "sisa 10 dari 10 kursi" in first.text
    assert first.button_texts[:5] == [f"{n}. Pelatihan {n}" for n in range(1, 6)]
    (second,) = await user.press("Berikutnya ▶️")
    assert "halaman 2 dari 2" in second.text and "7. <b>Pelatihan 7</b>" in second.html
    assert "Berikutnya ▶️" not in second.button_texts and "◀️ Sebelumnya" in second.button_texts
    (detail,) = await user.press("7. Pelatihan 7")
    assert "Aula Kantor Camat Plaju" in detail.text and "Penyelenggara: BPSDM" in detail.text
    assert "Batas pendaftaran: Senin, 7 Desember 2026" in detail.text
    assert "✅ Daftar" in detail.button_texts
    (back,) = await user.press("⬅️ Kembali ke daftar")
    assert "halaman 2 dari 2" in back.text
    (menu,) = await user.press("⬅️ Menu utama")
    assert "Menu utama" in menu.text


async def test_enrol_then_get_a_calendar_file(app, emulator, uow):
    user = await linked_user(emulator, uow, 42)
    workshop = await add_workshop(uow, title="Komunikasi <Efektif> & Santun")
    await user.send("/pelatihan")
    await user.press("1. Komunikasi <Efektif> & Santun")
    (done,) = await user.press("✅ Daftar")
    assert "Anda terdaftar di Komunikasi <Efektif> & Santun (PLT-01)" in done.text
    assert "<b>Komunikasi &lt;Efektif&gt; &amp; Santun</b>" in done.html  # data is escaped
    (calendar_message,) = await user.press("📅 Berkas kalender (.ics)")
    assert calendar_message.document.filename == "PLT-01.ics"
    assert calendar_message.button_texts == ["⬅️ Kembali ke pelatihan", "⬅️ Menu utama"]
    (event,) = Calendar.from_ical(calendar_message.document.content).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Komunikasi <Efektif> & Santun"
    assert event.decoded("DTSTART") == datetime(2026, 12, 3, 2, 0, tzinfo=UTC)  # 09.00 WIB
    assert event.decoded("DTEND") == datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    assert str(event["STATUS"]) == "CONFIRMED" and str(event["LOCATION"]) == "Aula Kantor Camat Plaju"
    (again,) = await user.press_data(f"ws:e:{workshop.id}")  # a double tap
    assert "sudah mendaftar" in again.text and "Terdaftar" in again.text
    assert len(await states(uow, workshop.id)) == 1


async def test_waitlist_and_automatic_promotion_when_someone_cancels(app, emulator, uow):
    budi = await linked_user(emulator, uow, 42)
    siti = await linked_user(emulator, uow, 43, SITI, "Siti Aminah")
    workshop = await add_workshop(uow, capacity=1)
    await budi.send("/pelatihan")
    await budi.press("1. Manajemen Waktu")
    await budi.press("✅ Daftar")
    (listing,) = await siti.send("/pelatihan")
    assert "Penuh · 0 di daftar tunggu" in listing.text
    (detail,) = await siti.press("1. Manajemen Waktu")
    assert "⏳ Masuk daftar tunggu" in detail.button_texts and "✅ Daftar" not in detail.button_texts
    (waiting,) = await siti.press("⏳ Masuk daftar tunggu")
    assert "daftar tunggu nomor 1" in waiting.text

    await budi.send("/pelatihan")
    (detail,) = await budi.press("1. Manajemen Waktu")
    assert "Status Anda: Terdaftar" in detail.text
    (ask,) = await budi.press("❌ Batalkan pendaftaran")
    assert "Batalkan pendaftaran Anda di Manajemen Waktu" in ask.text
    (cancelled,) = await budi.press("Ya, batalkan")
    assert "sudah dibatalkan" in cancelled.text

    async with uow:
        siti_id = (await uow.employees.by_nip(SITI)).id
    assert (await states(uow, workshop.id))[siti_id] == (EnrolmentState.REGISTERED, None)
    (promoted,) = await queued(uow, "workshop.promoted")
    assert promoted.employee_id == siti_id
    assert "ada kursi kosong" in rendered(promoted) and "<b>Manajemen Waktu</b> (PLT-01)" in rendered(promoted)


async def test_stale_and_crafted_buttons_change_nothing(app, emulator, uow, clock):
    user = await linked_user(emulator, uow, 42)
    workshop = await add_workshop(uow, deadline=wib(2026, 11, 30, 16))
    cancelled = await add_workshop(uow, "GONE", status=WorkshopStatus.CANCELLED, starts=wib(2026, 12, 9))
    await user.send("/pelatihan")
    (detail,) = await user.press("1. Manajemen Waktu")
    clock.advance(days=4)  # the deadline passes while the detail is on screen
    (late,) = await user.press("✅ Daftar")
    assert "Pendaftaran sudah ditutup pada Senin, 30 November 2026 pukul 16.00 WIB" in late.text
    assert user.callback_answers[-1].text.startswith("Pendaftaran sudah ditutup")
    (gone,) = await user.press_data(f"ws:e:{cancelled.id}")
    assert "sudah dibatalkan" in gone.text
    (unknown,) = await user.press_data("ws:e:987654")
    assert "tidak ditemukan" in unknown.text
    (malformed,) = await user.press_data("ws:e:1;DROP")
    assert "kedaluwarsa" in malformed.text
    (not_mine,) = await user.press_data(f"ws:cy:{workshop.id}")
    assert "tidak terdaftar" in not_mine.text
    await user.press_data(f"ws:i:{workshop.id}")  # the same refusal again: the message stays as it is
    assert user.callback_answers[-1].text == "Anda tidak terdaftar di pelatihan ini."
    assert await states(uow, workshop.id) == {} and await states(uow, cancelled.id) == {}


async def test_overlapping_workshop_names_the_other_one(app, emulator, uow):
    user = await linked_user(emulator, uow, 42)
    await add_workshop(uow, "A", title="Literasi Digital", starts=wib(2026, 12, 3, 8), hours=4)
    second = await add_workshop(uow, "B", title="Pelayanan Prima", starts=wib(2026, 12, 3, 10), hours=4)
    await user.send("/pelatihan")
    await user.press("1. Literasi Digital")
    await user.press("✅ Daftar")
    await user.send("/pelatihan")
    (detail,) = await user.press("2. Pelayanan Prima")
    (refused,) = await user.press("✅ Daftar")
    assert "bentrok dengan “Literasi Digital” (Kamis, 3 Desember 2026 pukul 08.00 WIB)" in refused.text
    assert await states(uow, second.id) == {}


async def test_my_training_counts_workshops_and_imported_jp(app, emulator, uow, clock):
    user = await linked_user(emulator, uow, 42)
    attended = await add_workshop(uow, "DONE", title="Etika ASN", starts=wib(2026, 11, 20), jp=6)
    await add_workshop(uow, "NEXT", title="Manajemen Arsip", starts=wib(2026, 12, 8), jp=2)
    await add_workshop(uow, "OPEN1", title="Pelayanan Publik", starts=wib(2026, 12, 10), jp=3)
    await add_workshop(uow, "OPEN2", title="Literasi Data", starts=wib(2026, 12, 14), jp=4)
    await add_workshop(uow, "LATER", title="Tahun Depan", starts=wib(2027, 1, 12), jp=8)
    async with uow:
        budi = await uow.employees.by_nip(BUDI)
        now = clock()
        uow.enrolments.add(Enrolment(workshop_id=attended.id, employee_id=budi.id, state=EnrolmentState.ATTENDED,
                                     created_at=now, updated_at=now))
        uow.jp_credits.add(JpCredit(employee_id=budi.id, day=datetime(2026, 3, 15).date(), jp=6,
                                    description="Webinar Literasi Digital", created_at=now, updated_at=now))
        await uow.commit()
    await user.send("/pelatihan")
    await user.press("1. Manajemen Arsip")
    await user.press("✅ Daftar")
    (mine,) = await user.send("/pelatihansaya")
    assert "JP tahun ini: 12/20 JP" in mine.text and "▰▰▰▰▰▰▱▱▱▱ 60%" in mine.text
    assert "Kurang 8 JP dari batas minimal 20 JP setahun" in mine.text
    assert "Sudah terdaftar, dihitung setelah kehadiran dicatat: 2 JP" in mine.text
    assert "Pelatihan terbuka untuk memenuhi sisa 6 JP" in mine.text
    assert "Pelayanan Publik" in mine.text and "Literasi Data" in mine.text and "Tahun Depan" not in mine.text
    assert "Etika ASN" in mine.text and "Hadir · 6 JP" in mine.text
    assert "15 Maret 2026 · Webinar Literasi Digital · 6 JP" in mine.text
    assert mine.button_texts[:3] == ["📋 Manajemen Arsip", "➕ Pelayanan Publik", "➕ Literasi Data"]
    (detail,) = await user.press("➕ Literasi Data")
    assert "✅ Daftar" in detail.button_texts


async def test_pppk_sees_a_ceiling_not_a_target(app, emulator, uow):
    user = await linked_user(emulator, uow, 44, PPPK, "Sri Wahyuni", kind="PPPK", grade="IX")
    await add_workshop(uow, jp=10)
    await user.send("/pelatihan")
    await user.press("1. Manajemen Waktu")
    await user.press("✅ Daftar")
    (mine,) = await user.press("📚 Pelatihan Saya & JP")
    assert "JP tahun ini: 0/24 JP" in mine.text and "paling banyak 24 JP setahun" in mine.text
    assert "masih tersisa 14 JP" in mine.text and "Kurang" not in mine.text


async def test_pppk_sees_the_ceiling_of_the_current_year_of_contract(app, emulator, uow, clock):
    """Bug caught: /pelatihanku counting a PPPK with a TMT kontrak per calendar year (the 20 JP of 10 November
    2025 fall in her contract year from 1 April 2025; the calendar year 2026 would show 0 and 24 free)."""
    user = await linked_user(emulator, uow, 44, PPPK, "Sri Wahyuni", kind="PPPK", grade="IX")
    async with uow:
        sri = await uow.employees.by_nip(PPPK)
        sri.contract_start = datetime(2024, 4, 1).date()
        now = clock()
        uow.jp_credits.add(JpCredit(employee_id=sri.id, day=datetime(2025, 11, 10).date(), jp=20,
                                    description="Diklat Pelayanan", created_at=now, updated_at=now))
        await uow.commit()
    clock.now = datetime(2026, 3, 20, 2, tzinfo=UTC)  # still in the contract year 1 April 2025 to 31 March 2026
    (mine,) = await user.send("/pelatihanku")
    assert "20/24 JP" in mine.text and "masih tersisa 4 JP" in mine.text
    assert "1 April 2025" in mine.text and "31 Maret 2026" in mine.text
    clock.now = datetime(2026, 4, 1, 2, tzinfo=UTC)  # a new year of contract
    (fresh,) = await user.send("/pelatihanku")
    assert "0/24 JP" in fresh.text and "masih tersisa 24 JP" in fresh.text and "1 April 2026" in fresh.text


async def test_an_event_that_is_not_a_training_is_shown_without_jp(app, emulator, uow):
    """Bug caught: a non-training event shown with "0 JP" like a training without hours."""
    user = await linked_user(emulator, uow, 42)
    await add_workshop(uow, "RPT-1", title="Apel Pagi Bersama", jp=0, non_training=True)
    (listing,) = await user.send("/pelatihan")
    assert "Luring · bukan pelatihan, tanpa JP" in listing.text and "0 JP" not in listing.text
    (detail,) = await user.press("1. Apel Pagi Bersama")
    assert "🎓 bukan pelatihan, tanpa JP" in detail.text and "0 JP" not in detail.text


async def test_hr_cancels_a_workshop_and_everyone_enrolled_is_told(app, emulator, uow):
    hr = await linked_user(emulator, uow, 50, SITI, "Siti Aminah", unit="Subbag Umum dan Kepegawaian")
    async with uow:
        await grant_role(uow, SITI, Role.HR, "test")
    budi = await linked_user(emulator, uow, 42)
    workshop = await add_workshop(uow, capacity=1)
    await budi.send("/pelatihan")
    await budi.press("1. Manajemen Waktu")
    await budi.press("✅ Daftar")
    await hr.send("/pelatihan")
    await hr.press("1. Manajemen Waktu")
    await hr.press("⏳ Masuk daftar tunggu")

    (catalogue,) = await hr.send("/pelatihan")
    (listing,) = await hr.press("🛠 Kelola pelatihan (Kepegawaian)")
    assert "1/1 terdaftar · 1 menunggu · 0 hadir" in listing.text
    (detail,) = await hr.press("1. Manajemen Waktu")
    (sheet,) = await hr.press("📥 Daftar peserta (XLSX)")
    rows = list(load_workbook(BytesIO(sheet.document.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("kode", "nip", "nama", "unit_kerja", "status", "posisi_tunggu", "hadir")
    assert rows[1][:5] == ("PLT-01", BUDI, "Budi Santoso", "Seksi Pemerintahan", "terdaftar")
    assert rows[2][4:6] == ("daftar tunggu", 1)
    (ask,) = await hr.press_data(f"wsh:x:{workshop.id}")
    assert "2 orang yang terdaftar atau di daftar tunggu akan diberi tahu" in ask.text
    (done,) = await hr.press("Ya, batalkan pelatihan")
    assert "dibatalkan. 2 orang akan diberi tahu" in done.text

    messages = await queued(uow, "workshop.cancelled")
    assert len(messages) == 2
    assert "dibatalkan oleh Kepegawaian" in rendered(messages[0]) and "Kamis, 3 Desember 2026" in rendered(messages[0])
    assert {state for state, _ in (await states(uow, workshop.id)).values()} == {EnrolmentState.CANCELLED}
    async with uow:
        audit = await uow.session.scalar(select(AuditEntry).where(AuditEntry.action == "workshop.cancelled"))
    assert (audit.actor, audit.subject, audit.details) == ("telegram:50", "PLT-01", {"notified": 2})


async def test_hr_closes_registration_early(app, emulator, uow):
    hr = await linked_user(emulator, uow, 50, SITI, "Siti Aminah")
    async with uow:
        await grant_role(uow, SITI, Role.HR, "test")
    workshop = await add_workshop(uow)
    await hr.send("/pelatihan")
    await hr.press("🛠 Kelola pelatihan (Kepegawaian)")
    await hr.press("1. Manajemen Waktu")
    (closed,) = await hr.press("🔒 Tutup pendaftaran sekarang")
    assert "sudah ditutup" in closed.text
    (catalogue,) = await hr.send("/pelatihan")
    assert "belum ada pelatihan yang dibuka" in catalogue.text
    async with uow:
        assert (await uow.workshops.get(workshop.id)).status == WorkshopStatus.CLOSED


async def test_hr_buttons_politely_refuse_everyone_else(app, emulator, uow):
    user = await linked_user(emulator, uow, 42)
    workshop = await add_workshop(uow)
    (catalogue,) = await user.send("/pelatihan")
    assert "🛠 Kelola pelatihan (Kepegawaian)" not in catalogue.button_texts
    (refused,) = await user.press_data(f"wsh:xy:{workshop.id}")
    # the screen's own check, before any service runs
    assert "Fitur ini khusus petugas Subbag Umum dan Kepegawaian" in refused.text
    for data in (f"wsh:cl:{workshop.id}", "wsh:l:0", f"wsh:r:{workshop.id}", f"wsh:x:{workshop.id}"):
        await user.press_data(data)
        assert user.callback_answers[-1].text.startswith("Fitur ini khusus petugas Subbag Umum dan Kepegawaian")
    async with uow:
        assert (await uow.workshops.get(workshop.id)).status == WorkshopStatus.OPEN
        assert await uow.session.scalar(select(AuditEntry).where(AuditEntry.action.like("workshop.%"))) is None


async def test_unlinked_users_are_asked_to_link_first(app, emulator, uow):
    await add_workshop(uow)
    (reply,) = await emulator.user(99).send("/pelatihan")
    assert "belum terhubung" in reply.text
