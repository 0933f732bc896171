"""Kepegawaian's reports on Telegram: each an XLSX with frozen, filterable headers; a summary with a chart."""

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from storage.models import AuditEntry
from tests.factories import SITI, link_user
from tests.storage.test_rotations import publish


async def open_reports(hr):
    await hr.send("/menu")
    (menu,) = await hr.press("📊 Laporan")
    return menu


@pytest.mark.parametrize("label, title, first_header", [
    ("📈 Rekap JP", "JP 2026", "NIP"),
    ("⚖️ Keberatan", "Keberatan", "No."),
    ("⏳ Keberatan belum diputuskan, menurut lamanya", "Keberatan yang belum diputuskan", "No."),
    ("📅 Hari libur tahun ini", "Hari Libur 2026", "Tanggal"),
    ("🔄 Rotasi dan konfirmasi", "Rotasi", "NIP"),
    ("⏱ Lama menjabat (mencapai/melewati batas)", "Lama menjabat", "NIP"),
    ("🔔 Pengingat terkirim (30 hari)", "Pengingat", "Waktu (WIB)"),
    ("⏰ Pengingat mendatang (7 hari)", "Pengingat mendatang", "Waktu (WIB)"),
    ("🧾 Log audit (30 hari)", "Log audit", "Waktu (WIB)"),
])
async def test_each_report_is_an_xlsx_with_frozen_filtered_headers(app, emulator, hr, uow, label, title,
                                                                   first_header):
    await publish(uow)
    await open_reports(hr)
    (sent,) = await hr.press(label)
    assert sent.document.filename.endswith(".xlsx") and sent.caption.startswith(title)
    assert "⬅️ Menu utama" in sent.button_texts
    sheet = load_workbook(io.BytesIO(sent.document.content)).active
    assert sheet.title == title and sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    assert sheet["A1"].value == first_header and sheet.column_dimensions["A"].width >= 8


async def test_summary_with_chart_and_numbers(app, emulator, hr, uow):
    await publish(uow)
    await open_reports(hr)
    await hr.press("📋 Ringkasan minggu ini")
    await emulator.wait_idle()
    chart, summary = hr.messages[-2:]
    assert chart.photo.content.startswith(b"\x89PNG")
    text = summary.text
    assert "2 PNS belum mencapai minimal JP 2026" in text
    assert "1 pemberitahuan rotasi belum dikonfirmasi" in text and "2 pegawai belum terhubung" in text


async def test_non_hr_cannot_open_reports(app, emulator, uow, hr):
    await link_user(uow, SITI, 42)
    siti = emulator.user(42)
    await siti.send("/menu")
    (refused,) = await siti.press_data("rp:get:audit")
    assert "Kepegawaian" in refused.text and refused.document is None
    async with uow:
        assert await uow.session.scalar(select(AuditEntry).where(AuditEntry.actor == "telegram:42")) is None
