"""Every report that leaves the bot is in the audit log: who took which report, in which format, how many rows."""

import asyncio

from sqlalchemy import select

from bot.cli import main
from storage.models import AuditEntry
from tests.e2e.conftest import deliver_outbox
from tests.e2e.test_broadcasts import HR_USER, office  # noqa: F401 (fixture)


async def exports(uow) -> list[AuditEntry]:
    async with uow:
        return list(await uow.session.scalars(select(AuditEntry).where(AuditEntry.action == "report.exported")
                                              .order_by(AuditEntry.id)))


async def test_a_spreadsheet_taken_on_telegram_or_the_command_line_is_audited(
        app, emulator, office, uow, settings, monkeypatch, tmp_path):  # noqa: F811
    """Deliberate bug caught: the XLSX button and ``asnbot report`` wrote files without an audit entry, although
    the README says every HR action is audited."""
    hr = office
    await hr.send("/umumkan")
    await hr.press("➡️ Lanjut: tulis isi")
    await hr.send("Rapat")
    await hr.press("⏭ Tanpa lampiran")
    await hr.press("Tidak")
    await hr.press("📤 Kirim sekarang")
    await deliver_outbox(app, emulator)
    (document,) = await hr.press("📊 XLSX")
    assert document.document.filename == "pengumuman-1.xlsx"
    (entry,) = await exports(uow)
    assert (entry.actor, entry.subject, entry.details) == (f"telegram:{HR_USER}", "broadcast",
                                                           {"rows": 5, "format": "xlsx"})

    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    monkeypatch.chdir(tmp_path)
    assert await asyncio.to_thread(main, ["report", "broadcast", "1", "--out", "pengumuman.csv"]) == 0
    entry = (await exports(uow))[-1]
    assert entry.actor.startswith("cli:") and entry.subject == "broadcast"
    assert entry.details == {"rows": 5, "format": "csv"}
