"""HR looks people up and issues activation codes on Telegram; everything is audited."""

import re

from sqlalchemy import select

from storage.models import AuditEntry
from tests.factories import BUDI, PPPK, SITI, link_user


async def test_find_by_name_show_record_issue_code_and_link_with_it(app, emulator, hr, uow):
    (menu,) = await hr.send("/menu")
    (ask,) = await hr.press("👥 Data pegawai (Kepegawaian)")
    (found,) = await hr.send("siti")
    assert "Siti Aminah" in found.text and "19900708 201503 2 004" in found.text
    assert "III/b (Penata Muda Tingkat I)" in found.text and "belum terhubung ke Telegram" in found.text
    (code_message,) = await hr.press("🔑 Terbitkan kode aktivasi")
    typed = re.search(r"\b[A-Z0-9]{5}-[A-Z0-9]{5}\b", code_message.text).group()
    assert any(entity["type"] == "code" for entity in code_message.entities)
    assert "Berlaku sampai Jumat, 11 Desember 2026 pukul 09.00 WIB" in code_message.text
    assert f"https://t.me/asn_karier_bot?start={typed.replace('-', '')}" in code_message.text

    siti = emulator.user(42)
    await siti.send("/start")
    await siti.send(SITI)
    (linked,) = await siti.send(typed)
    assert "terhubung" in linked.text

    (again,) = await hr.send(f"/pegawai {SITI}")
    assert "terhubung sejak" in again.text
    (warning,) = await hr.press("🔑 Terbitkan kode aktivasi")
    assert "sudah terhubung ke akun Telegram" in warning.text
    (second,) = await hr.press("Ya, terbitkan kode")
    assert "Kode aktivasi untuk" in second.text
    async with uow:
        actions = list(await uow.session.scalars(select(AuditEntry.action).where(AuditEntry.actor == "telegram:500")))
    assert actions.count("employee.viewed") == 3 and actions.count("code.issued") == 2  # the warning shows the record


async def test_kode_command_shows_the_record_and_the_link_warning_before_issuing(app, emulator, hr, uow):
    await link_user(uow, SITI, 42)
    (confirm,) = await hr.send("/kode aminah")  # a partial name: whose record it is comes first
    assert "Siti Aminah" in confirm.text and "19900708 201503 2 004" in confirm.text
    assert "sudah terhubung ke akun Telegram" in confirm.text and "Kode aktivasi untuk" not in confirm.text
    async with uow:
        issued = list(await uow.session.scalars(select(AuditEntry).where(AuditEntry.action == "code.issued")))
    assert issued == []
    (record,) = await hr.press("Tidak")
    assert "Siti Aminah" in record.text
    (unlinked,) = await hr.send(f"/kode {PPPK}")
    assert "Sri Wahyuni" in unlinked.text and "sudah terhubung" not in unlinked.text
    (code,) = await hr.press("Ya, terbitkan kode")
    assert "Kode aktivasi untuk" in code.text and "Sri Wahyuni" in code.text


async def test_search_ignores_forms_of_address_and_titles(app, emulator, hr):
    (found,) = await hr.send("/pegawai ibu sri")
    assert "Sri Wahyuni" in found.text and "NIP" in found.text
    (found,) = await hr.send("/pegawai Bapak Dr. Budi, S.Kom.")
    assert "Budi" in found.text and "NIP" in found.text


async def test_kode_command_and_searches_that_find_several_or_nobody(app, emulator, hr):
    (direct,) = await hr.send(f"/kode {PPPK}")
    assert "Kode aktivasi untuk <b>" not in direct.text and "Sri Wahyuni" in direct.text
    (ask,) = await hr.send("/pegawai")
    (nobody,) = await hr.send("Tidak Ada")
    assert "Tidak ditemukan" in nobody.text
    assert nobody.button_texts == ["🔎 Cari lagi", "✖️ Batal"]
    (still_searching,) = await hr.send("Wahyuni")  # the next text is still a search, as the message says
    assert "Sri Wahyuni" in still_searching.text
    await hr.send("/pegawai")
    await hr.send("Tidak Ada")
    (several,) = await hr.send("S")
    assert len(several.buttons) == 3
    (chosen,) = await hr.press(several.button_texts[0])
    assert "NIP" in chosen.text


async def test_non_hr_cannot_look_people_up(app, emulator, hr, uow):
    await link_user(uow, SITI, 42)
    siti = emulator.user(42)
    (refusal,) = await siti.send(f"/pegawai {BUDI}")
    assert "khusus petugas Subbag Umum dan Kepegawaian" in refusal.text
    (refusal,) = await siti.send(f"/kode {BUDI}")
    assert "khusus petugas Subbag Umum dan Kepegawaian" in refusal.text
    for data in ("emp:find", "emp:show:1", "emp:code:1", "emp:code!:1"):
        await siti.press_data(data)
        assert "khusus petugas Subbag Umum dan Kepegawaian" in siti.callback_answers[-1].text, data
