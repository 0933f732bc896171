"""❓ Bantuan: the FAQ a new employee needs, Kepegawaian's contact details from the settings, and a way on
before linking too."""

from dataclasses import replace

import pytest

from tests.factories import BUDI, add_employee, link_user


@pytest.fixture
def settings(settings):
    return replace(settings, hr_phone="(0711) 123456", hr_room="Ruang Subbag Umum, lantai 1",
                   hr_hours="Senin–Jumat 08.00–15.30 WIB")


async def test_faq_explains_jp_predikat_keberatan_and_rotation_with_the_contact(app, emulator, uow):
    await add_employee(uow, BUDI, "Budi Santoso")
    await link_user(uow, BUDI, 42)
    user = emulator.user(42)
    (help_text,) = await user.send("/bantuan")
    assert "telepon (0711) 123456 · ruang Ruang Subbag Umum, lantai 1 · jam layanan Senin–Jumat" in help_text.text
    (faq,) = await user.press("📖 Apa itu JP, predikat, keberatan, dan rotasi?")
    assert "1 JP adalah 45 menit" in faq.text and "paling sedikit 20 JP" in faq.text
    assert "Sangat Baik" in faq.text and "paling lambat 14 hari setelah Anda menerima hasilnya" in faq.text
    assert "mutasi" in faq.text and "setelah 2 sampai 5 tahun" in faq.text  # ROTATION_MIN/MAX_YEARS_IN_POST
    assert "(0711) 123456" in faq.text
    (back,) = await user.press("❓ Bantuan")
    assert "/bantuan" in back.text and "⬅️ Menu utama" in back.button_texts


async def test_help_before_linking_offers_linking(app, emulator):
    (help_text,) = await emulator.user(77).send("/bantuan")
    assert "🔗 Hubungkan akun saya" in help_text.button_texts
    (faq,) = await emulator.user(77).press("📖 Apa itu JP, predikat, keberatan, dan rotasi?")
    assert "JP" in faq.text and "🔗 Hubungkan akun saya" in faq.button_texts
