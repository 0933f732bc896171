"""What HR may attach to an announcement: documents and pictures every phone opens, nothing else."""

import pytest

from tests.e2e.test_broadcasts import office  # noqa: F401 (fixture)


@pytest.mark.parametrize("filename, mime_type", [("hadiah.exe", "application/x-msdownload"),
                                                 ("arsip.zip", "application/zip"), ("tanpa-akhiran", None)])
async def test_a_file_that_is_not_a_document_or_picture_is_refused_and_skipping_still_works(
        app, emulator, office, filename, mime_type):  # noqa: F811
    """Deliberate bug caught: attachments of any type were accepted and sent to every recipient."""
    hr = office
    await hr.send("/umumkan")
    await hr.press("➡️ Lanjut: tulis isi")
    await hr.send("Surat edaran")
    (refusal,) = await hr.send_document(filename, b"MZ\x90\x00", mime_type=mime_type)
    assert "Hanya berkas PDF, gambar (JPG, PNG) dan dokumen perkantoran" in refusal.text
    assert filename in refusal.text and "⏭ Tanpa lampiran" in refusal.button_texts
    (ask,) = await hr.press("⏭ Tanpa lampiran")
    assert "Langkah 4 dari 4" in ask.text


async def test_office_documents_and_pictures_are_accepted(app, emulator, office):  # noqa: F811
    hr = office
    await hr.send("/umumkan")
    await hr.press("➡️ Lanjut: tulis isi")
    await hr.send("Jadwal piket")
    (ask,) = await hr.send_document("jadwal-piket.XLSX", b"PK\x03\x04", mime_type=None)
    assert "Langkah 4 dari 4" in ask.text
