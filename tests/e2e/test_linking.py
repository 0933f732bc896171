"""Linking a Telegram account, through the real PTB application and the emulator."""

import pytest
from sqlalchemy import select

from storage.models import AuditEntry
from storage.services.reminders import muted_categories
from tests.e2e.conftest import deliver_outbox
from tests.factories import BUDI, SITI, add_employee, issue_code


@pytest.fixture
async def budi(uow):
    await add_employee(uow, BUDI, "Budi Santoso")
    return await issue_code(uow)


async def link(user, code, nip=BUDI):
    await user.send("/start")
    await user.send(nip)
    return await user.send(code)


async def test_start_nip_code_links_and_shows_the_main_menu(app, emulator, budi, uow):
    user = emulator.user(42, first_name="Budi")
    (welcome,) = await user.send("/start")
    assert "Selamat datang" in welcome.text and "NIP" in welcome.text
    (ask_code,) = await user.send("19850315 201001 1 001")
    assert "kode aktivasi" in ask_code.text
    (done,) = await user.send(budi)
    assert "Budi Santoso" in done.text and "terhubung" in done.text
    assert {"📊 Hasil Penilaian Kinerja", "🎓 Pelatihan & Workshop", "📢 Pengumuman", "❓ Bantuan",
            "⚙️ Pengaturan"} <= set(done.button_texts)
    assert "📣 Buat pengumuman" not in done.button_texts  # HR tools only for HR
    (menu,) = await user.send("/start")
    assert "Menu utama" in menu.text
    async with uow:
        actions = (await uow.session.scalars(select(AuditEntry.action))).all()
    assert "account.linked" in actions


async def test_deep_link_code_only_asks_for_the_nip(app, emulator, budi):
    user = emulator.user(42)
    (welcome,) = await user.send(f"/start {budi}")
    assert "NIP" in welcome.text
    (done,) = await user.send(BUDI)
    assert "terhubung" in done.text


async def test_wrong_code_asks_again(app, emulator, budi):
    user = emulator.user(42)
    (reply,) = await link(user, "AAAAA-BBBBB")
    assert "tidak cocok" in reply.text
    (done,) = await user.send(budi)
    assert "terhubung" in done.text


async def test_expired_code_is_refused_with_the_date(app, emulator, budi, clock):
    clock.advance(days=15)
    user = emulator.user(42)
    (reply,) = await link(user, budi)
    assert "kedaluwarsa" in reply.text and "11 Desember 2026" in reply.text and "WIB" in reply.text


async def test_five_wrong_codes_lock_out_for_an_hour(app, emulator, budi, clock):
    user = emulator.user(42)
    await user.send("/start")
    await user.send(BUDI)
    for attempt in range(4):
        (reply,) = await user.send(f"WRONG-{attempt}")
        assert "tidak cocok" in reply.text
    (locked,) = await user.send("WRONG-5")
    assert "Terlalu banyak" in locked.text and "pukul 10.00 WIB" in locked.text  # 09.00 WIB + 1 hour
    (still,) = await user.send("/start")
    assert "Terlalu banyak" in still.text
    clock.advance(hours=1, minutes=1)
    (done,) = await link(user, budi)
    assert "terhubung" in done.text


async def test_nip_linked_to_another_account(app, emulator, budi, uow):
    await link(emulator.user(42), budi)
    other = emulator.user(43)
    (reply,) = await link(other, "XXXXX-YYYYY")
    (unknown,) = await link(emulator.user(44), "XXXXX-YYYYY", nip="199001012015011001")
    assert reply.text == unknown.text and "tidak cocok" in reply.text  # a stranger learns nothing about the NIP
    new_code = await issue_code(uow)
    (done,) = await other.send(new_code)
    assert "terhubung" in done.text
    (first_again,) = await emulator.user(42).send("/menu")
    assert "belum terhubung" in first_again.text


@pytest.mark.parametrize("typed, fragment", [
    ("19850315 201001 1 00", "18 digit; yang ini 17"),
    ("1985031520100110012345", "18 digit; yang ini 22"),
    ("NIP saya 19850315", "hanya berisi angka"),
    ("198502302010011001", "bukan tanggal yang valid"),
    ("x" * 4000, "hanya berisi angka"),
])
async def test_malformed_nip_is_explained_and_asked_again(app, emulator, budi, typed, fragment):
    user = emulator.user(42)
    await user.send("/start")
    (reply,) = await user.send(typed)
    assert fragment in reply.text and "ketik NIP Anda lagi" in reply.text
    (ask_code,) = await user.send(BUDI)
    assert "kode aktivasi" in ask_code.text


async def test_batal_leaves_the_conversation(app, emulator, budi):
    user = emulator.user(42)
    await user.send("/start")
    (cancelled,) = await user.send("/batal")
    assert "dibatalkan" in cancelled.text
    (reply,) = await user.send(BUDI)  # no longer read as a NIP
    assert "belum terhubung" in reply.text


async def test_cancel_button_and_non_text_while_linking(app, emulator, budi):
    user = emulator.user(42)
    await user.send("/start")
    (hint,) = await user.send_document("foto.jpg", b"\xff\xd8")
    assert "ketik NIP Anda" in hint.text
    (cancelled,) = await user.press("✖️ Batal")
    assert "dibatalkan" in cancelled.text


async def test_language_switch_then_english_replies(app, emulator, budi):
    user = emulator.user(42)
    await link(user, budi)
    (settings,) = await user.press("⚙️ Pengaturan")
    assert "Bahasa Indonesia" in settings.text
    (refused,) = await user.press_data("set:lang:xx")  # no such language: nothing changes
    assert "⚠️ Tombol ini sudah tidak berlaku." in refused.text
    (changed,) = await user.press("English")
    assert "Language changed to English" in changed.text
    (menu,) = await user.send("/menu")
    assert "Main menu" in menu.text and {"📢 Announcements", "❓ Help", "⚙️ Settings"} <= set(menu.button_texts)
    (help_text,) = await user.send("/bantuan")
    assert "Getting started" in help_text.text


async def test_unlink_with_confirmation(app, emulator, budi, uow):
    user = emulator.user(42)
    await link(user, budi)
    (ask,) = await user.send("/lepastautan")
    assert "Lepaskan tautan" in ask.text
    (kept,) = await user.press("Tidak, tetap terhubung")
    assert "Menu utama" in kept.text
    await user.send("/lepastautan")
    (done,) = await user.press("Ya, lepaskan")
    assert "tidak lagi terhubung" in done.text
    async with uow:
        assert (await uow.accounts.get(42)).employee_id is None
    (reply,) = await user.send("/start")
    assert "NIP" in reply.text


async def test_someone_who_had_blocked_the_bot_is_reachable_again_once_they_write(app, emulator, budi, uow, clock):
    user = emulator.user(42)
    await link(user, budi)
    async with uow:
        (await uow.accounts.get(42)).blocked_at = clock()  # as the outbox records a 403
        await uow.commit()
    (menu,) = await user.send("/menu")  # a read-only screen: the unblocking is written on the side
    assert "Menu utama" in menu.text
    async with uow:
        assert (await uow.accounts.get(42)).blocked_at is None


async def test_group_chat_gets_a_pointer_to_the_private_chat(app, emulator, budi):
    group = emulator.group(-1001, title="Grup Kantor Camat")
    replies = await group.send(42, "/start")
    assert len(replies) == 1 and "chat pribadi" in replies[0].text
    assert replies[0].buttons[0][0][1] == "https://t.me/asn_karier_bot"
    assert await group.send(42, "halo semua") == []


async def test_unexpected_text_commands_and_buttons_get_an_answer(app, emulator, budi):
    user = emulator.user(42)
    (unlinked,) = await user.send("halo")
    assert "belum terhubung" in unlinked.text
    await link(user, budi)
    (text,) = await user.send("apa kabar?")
    assert "tidak dikenali" in text.text and "❓ Bantuan" in text.button_texts
    (command,) = await user.send("/entahlah")
    assert "perintah itu tidak dikenal" in command.text
    (document,) = await user.send_document("dokumen.pdf", b"%PDF-1.4")
    assert "hanya petugas kepegawaian" in document.text  # a file is refused unopened (only HR imports them)
    (photo,) = await user.send_photo(b"\xff\xd8")
    assert "hanya dapat membaca teks" in photo.text
    (expired,) = await user.press_data("workshop:999:daftar")
    assert "kedaluwarsa" in expired.text
    assert user.callback_answers[-1].text == "Tombol ini sudah tidak berlaku."


async def test_commands_are_published_in_both_languages(app, emulator):
    assert {"start", "menu", "bantuan", "pengaturan", "batal"} <= {
        command["command"] for command in emulator.commands[("default", "")]}
    english = {command["command"]: command["description"] for command in emulator.commands[("default", "en")]}
    assert english["bantuan"] == "Help"


async def test_reminder_categories_can_be_muted_with_a_warning_for_own_deadlines(app, emulator, budi, uow):
    user = emulator.user(42)
    await link(user, budi)
    await user.press("⚙️ Pengaturan")
    (screen,) = await user.press("🔔 Pengingat")
    assert "🔔 Target JP tahunan" in screen.button_texts and "21.00" in screen.text
    (screen,) = await user.press("🔔 Target JP tahunan")
    assert "🔕 Target JP tahunan" in screen.button_texts
    (warning,) = await user.press("🔔 Pemberitahuan rotasi Anda")
    assert "dapat melewatkan batas waktu" in warning.text
    (screen,) = await user.press("Ya, matikan")
    assert "🔕 Pemberitahuan rotasi Anda" in screen.button_texts
    (screen,) = await user.press("🔕 Target JP tahunan")
    assert "🔔 Target JP tahunan" in screen.button_texts
    async with uow:
        employee = await uow.employees.by_nip(BUDI)
        assert await muted_categories(uow, employee.id) == {"rotation"}


async def test_a_nip_typed_at_the_code_step_is_a_corrected_nip_not_a_wrong_code(app, emulator, budi, uow):
    await add_employee(uow, SITI, "Siti Aminah")
    user = emulator.user(42)
    await user.send("/start")
    await user.send(SITI)  # a typo: someone else's NIP
    for _attempt in range(6):  # more than the five wrong codes that would lock them out
        (ask_code,) = await user.send("19850315 201001 1 001")
        assert "kode aktivasi" in ask_code.text and "tidak cocok" not in ask_code.text
    (done,) = await user.send(budi)
    assert "Budi Santoso" in done.text and "terhubung" in done.text


async def test_after_a_mismatch_the_nip_can_be_changed(app, emulator, budi):
    user = emulator.user(42)
    await user.send("/start")
    await user.send("19900708 201503 2 004")
    (mismatch,) = await user.send(budi)
    assert "tidak cocok" in mismatch.text and "✏️ Ubah NIP" in mismatch.button_texts
    (ask_nip,) = await user.press("✏️ Ubah NIP")
    assert "NIP" in ask_nip.text
    await user.send(BUDI)
    (done,) = await user.send(budi)
    assert "terhubung" in done.text


async def test_strangers_locking_a_linked_nip_are_reported_to_its_owner_once(app, emulator, budi):
    owner = emulator.user(42)
    await link(owner, budi)
    for stranger in range(43, 50):
        await link(emulator.user(stranger), "XXXXX-YYYYY")
    await deliver_outbox(app, emulator)
    alerts = [message for message in owner.messages if "Seseorang mencoba" in message.text]
    assert len(alerts) == 1
    assert "dikunci sampai Jumat, 27 November 2026 pukul 10.00 WIB" in alerts[0].text
    assert alerts[0].button_texts == ["⬅️ Menu utama"]


async def test_a_half_finished_linking_lapses_after_half_an_hour_of_silence(app, emulator, budi, clock):
    user = emulator.user(42)
    await user.send("/start")
    clock.advance(minutes=29)
    (ask_code,) = await user.send(BUDI)  # 29 minutes after the last step: still going
    assert "kode aktivasi" in ask_code.text
    clock.advance(minutes=30)
    (reply,) = await user.send(budi)  # 30 minutes of silence: the code is not taken as the conversation's answer
    assert "belum terhubung" in reply.text
    (done,) = await link(user, budi)  # and a new start works as ever
    assert "terhubung" in done.text


async def test_conversations_nobody_comes_back_to_are_forgotten(app, emulator, clock):
    linking = next(handler for handler in app.handlers[0] if getattr(handler, "name", None) == "linking")
    for user_id in range(100, 110):
        await emulator.user(user_id).send("/start")
    assert len(linking._last_step) == 10
    clock.advance(minutes=31)
    await emulator.user(200).send("/start")  # the next step in this conversation sweeps the silent ones away
    assert list(linking._last_step) == [(200, 200)]
    (reply,) = await emulator.user(100).send(BUDI)
    assert "belum terhubung" in reply.text
