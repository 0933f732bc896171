"""``asnbot report reminders`` on real rows: a reminder that was sent, and what the planner will send next."""

import asyncio
from datetime import UTC, datetime, time, timedelta
from io import BytesIO
from zoneinfo import ZoneInfo

from openpyxl import load_workbook
from sqlalchemy import update

from bot.cli import main
from bot.config import Settings
from bot.policies import policies, reminder_sources
from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade
from storage.models import OutboxMessage, OutboxState
from storage.services import reminders, rotations
from storage.services.rotations import RotationOrder
from storage.uow import UnitOfWork
from tests.conftest import FakeClock
from tests.factories import BUDI, add_employee

WIB = ZoneInfo("Asia/Jakarta")


def rows(path) -> list[tuple]:
    return list(load_workbook(BytesIO(path.read_bytes())).active.iter_rows(values_only=True))


async def test_sent_and_upcoming_reminders_are_reported_with_their_people_and_states(tmp_path, monkeypatch):
    """Deliberate bug caught: the sent log joining outbox outcomes on the wrong key (every state "—")."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.chdir(tmp_path)
    engine = create_engine(url)
    await upgrade(engine)
    clock = FakeClock(datetime.now(UTC))  # the command reads the real clock: the data is laid around it
    uow = UnitOfWork(create_session_factory(engine), clock)
    await add_employee(uow, BUDI, "Budi Santoso")
    tmt = clock().astimezone(WIB).date() + timedelta(days=4)
    async with uow:
        await rotations.publish(uow, RotationOrder(
            nip=BUDI, new_position="Kepala Seksi", new_unit="Seksi Pemerintahan", sk_number="821/7/2026",
            sk_date=tmt - timedelta(days=10), effective_date=tmt), actor="test", tz=ZoneInfo("Asia/Jakarta"))
        await uow.commit()
    assert await asyncio.to_thread(main, ["report", "reminders", "--upcoming", "--out", "mendatang.xlsx"]) == 0
    header, *coming = rows(tmp_path / "mendatang.xlsx")
    assert header == ("Waktu (WIB)", "Kategori", "Acara", "Tahap", "Penerima")
    assert {row[3] for row in coming if row[2] == "rotation:1"} >= {"unread-2d", "tmt-1d"}
    assert all(row[1] == "Pemberitahuan rotasi Anda" and row[4] == 1 for row in coming if row[2] == "rotation:1")

    settings = Settings()
    chosen = policies(settings)
    clock.now = datetime.combine(tmt - timedelta(days=1), time(7, 1), WIB).astimezone(UTC)  # the day before
    async with uow:
        planned = await reminders.plan(uow, reminder_sources(settings, chosen), chosen.quiet)
        await uow.session.execute(update(OutboxMessage).values(state=OutboxState.SENT, sent_at=clock()))
        await uow.commit()
    await engine.dispose()
    assert "rotation:1/tmt-1d" in planned.stages

    assert await asyncio.to_thread(main, ["report", "reminders", "--out", "terkirim.xlsx"]) == 0
    header, *sent = rows(tmp_path / "terkirim.xlsx")
    assert header[:4] == ("Waktu (WIB)", "Kategori", "NIP", "Nama")
    tmt_1d = [row for row in sent if row[5] == "tmt-1d"]
    assert len(tmt_1d) == 1
    assert tmt_1d[0][1:5] == ("Pemberitahuan rotasi Anda", BUDI, "Budi Santoso", "rotation:1")
    assert tmt_1d[0][6] == "terkirim" and tmt_1d[0][7] is not None

