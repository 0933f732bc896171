import sqlite3
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.i18n import I18n
from storage.models import Employee, OutboxMessage, Rotation
from storage.rendered import DaysLeft
from storage.services import reminders, rotations
from storage.services.outbox import decode_params
from storage.services.reminder_sources import AnnualSkpDeadline, RotationReminders
from storage.services.reminder_timing import QuietRules
from storage.services.rotations import RotationOrder
from tests.factories import BUDI, add_employee, add_linked_employees

WIB = ZoneInfo("Asia/Jakarta")
RULES = QuietRules(WIB)


def at(clock, text):
    clock.now = datetime.fromisoformat(text).replace(tzinfo=WIB)


async def publish(uow, sk="821/1/2026", effective=date(2026, 12, 1), inauguration=None):
    async with uow:
        published = await rotations.publish(uow, RotationOrder(
            nip=BUDI, new_position="Kepala Seksi", new_unit="Seksi Pemerintahan", sk_number=sk,
            sk_date=date(2026, 11, 20), effective_date=effective, inauguration_at=inauguration),
            actor="test", tz=ZoneInfo("Asia/Jakarta"))
        await uow.commit()
        return published.rotation


async def run(uow, *sources):
    async with uow:
        return await reminders.plan(uow, sources or [RotationReminders(RULES)], RULES)


async def reminder_rows(uow):
    async with uow:
        return list(await uow.session.scalars(select(OutboxMessage).where(OutboxMessage.kind.like("reminder%"))
                                              .order_by(OutboxMessage.id)))


@pytest.fixture
async def budi(uow):
    return await add_employee(uow, BUDI)


async def test_day_before_the_tmt_once_even_when_run_again(uow, clock, budi):
    await publish(uow)
    assert (await run(uow)).queued == 0
    at(clock, "2026-11-30 07:01")
    assert "rotation:1/tmt-1d" in (await run(uow)).stages
    await run(uow)
    clock.advance(minutes=1)
    await run(uow)
    tmt = [row for row in await reminder_rows(uow) if row.dedupe_key.startswith("reminder:rotation:1:tmt-1d")]
    assert len(tmt) == 1 and tmt[0].not_before == datetime.fromisoformat("2026-11-30T07:00+07:00")


async def test_unread_notice_reminder_waits_past_the_weekend_and_not_if_read(uow, clock, budi):
    await publish(uow)  # published Friday 09:00; two days later is Sunday
    at(clock, "2026-11-29 10:00")
    await run(uow)
    assert [row.kind for row in await reminder_rows(uow)] == []
    at(clock, "2026-11-30 06:00")
    await run(uow)
    unread = [row for row in await reminder_rows(uow) if ":unread-2d:" in row.dedupe_key]
    assert len(unread) == 1 and unread[0].buttons[0][0]["callback_data"] == "rot:mine"

    async with uow:  # a second notice, read in time: no reminder
        other = await rotations.publish(uow, RotationOrder(
            nip=BUDI, new_position="Camat", new_unit="Kecamatan Plaju", sk_number="821/2/2026",
            sk_date=date(2026, 11, 20), effective_date=date(2026, 12, 20)), actor="test",
            tz=ZoneInfo("Asia/Jakarta"))
        await uow.commit()
        await rotations.acknowledge(uow, other.rotation.id, await uow.employees.by_nip(BUDI), actor="test")
    clock.advance(days=2, hours=4)
    await run(uow)
    assert not [row for row in await reminder_rows(uow) if f"rotation:{other.rotation.id}:unread" in row.dedupe_key]


async def test_quiet_hours_hold_a_night_reminder_until_morning(uow, clock, budi):
    at(clock, "2026-11-24 22:30")  # published Tuesday night; unread reminder due Thursday 22:30
    await publish(uow, effective=date(2026, 12, 14))
    at(clock, "2026-11-26 23:00")
    await run(uow)
    assert await reminder_rows(uow) == []
    at(clock, "2026-11-27 06:00")
    await run(uow)
    (row,) = await reminder_rows(uow)
    assert row.not_before == datetime.fromisoformat("2026-11-27T06:00+07:00")


async def test_a_moved_tmt_moves_its_reminder(uow, clock, budi):
    await publish(uow, effective=date(2026, 12, 1))
    await publish(uow, effective=date(2026, 12, 8))  # corrected before the reminder was due
    at(clock, "2026-11-30 08:00")
    await run(uow)
    assert not [row for row in await reminder_rows(uow) if ":tmt-1d:" in row.dedupe_key]
    at(clock, "2026-12-07 07:00")
    await run(uow)
    assert len([row for row in await reminder_rows(uow) if ":tmt-1d:" in row.dedupe_key]) == 1


async def test_muted_category_gets_nothing(uow, clock, budi):
    await publish(uow)
    async with uow:
        await reminders.set_muted(uow, budi.id, "rotation", True)
        assert await reminders.muted_categories(uow, budi.id) == {"rotation"}
    at(clock, "2026-11-30 07:00")
    await run(uow)
    assert await reminder_rows(uow) == []


async def test_daily_cap_merges_the_rest_into_one_digest(uow, clock, budi):
    at(clock, "2026-11-30 12:00")  # published late: no "unread" reminders before the TMT
    for number in range(5):
        await publish(uow, sk=f"821/{number}/2026", effective=date(2026, 12, 2))
    at(clock, "2026-12-01 07:00")
    result = await run(uow)
    assert (result.queued, result.digested) == (3, 2)
    rows = await reminder_rows(uow)
    assert [row.kind for row in rows].count("reminder.digest") == 1
    digest = next(row for row in rows if row.kind == "reminder.digest")
    text = I18n(WIB, "id").translator("id").html(digest.template, now=clock(), **decode_params(digest.params))
    assert text.startswith("🔔 Pengingat lain untuk hari ini:\n• 🔔 Jabatan baru Anda sebagai <b>Kepala Seksi</b> "
                           "(Seksi Pemerintahan) mulai berlaku (TMT) besok, 2 Desember 2026.")
    assert text.count("• ") == 2


async def test_annual_skp_deadline_reaches_everyone_linked_and_unmuted(uow, clock):
    employees = await add_linked_employees(uow, 3)
    await add_employee(uow, BUDI)  # not linked: not counted
    async with uow:
        await reminders.set_muted(uow, employees[2].id, "skp", True)
    source = AnnualSkpDeadline(RULES, 1, 31)
    at(clock, "2027-01-17 08:00")  # 14 days before is a Sunday: waits for Monday
    assert (await run(uow, source)).queued == 0
    at(clock, "2027-01-18 06:00")
    assert (await run(uow, source)).queued == 2
    assert (await run(uow, source)).queued == 0
    (row, _second) = await reminder_rows(uow)
    assert decode_params(row.params) == {"year": "2026", "deadline": date(2027, 1, 31),
                                         "days_left": DaysLeft(date(2027, 1, 31))}
    text = I18n(WIB, "id").translator("id").html(row.template, now=clock(), **decode_params(row.params))
    assert "31 Januari 2027 (tinggal 13 hari)" in text  # 14 days before was a Sunday: read on Monday, 13 are left


async def test_nothing_after_the_event_has_passed(uow, clock, budi):
    await publish(uow, effective=date(2026, 11, 28))
    at(clock, "2026-12-03 09:00")  # the planner was down for days
    await run(uow)
    assert [row for row in await reminder_rows(uow) if ":tmt-1d:" in row.dedupe_key] == []
    async with uow:
        assert (await uow.session.get(Rotation, 1)).effective_date == date(2026, 11, 28)
        assert await uow.session.get(Employee, budi.id)


async def test_hr_sees_what_was_sent_and_what_is_coming(uow, clock, budi):
    await publish(uow, effective=date(2026, 12, 1))
    async with uow:
        coming = await reminders.upcoming(uow, [RotationReminders(RULES)], RULES, days=7)
    assert [(item.stage, item.recipients) for item in coming] == [("unread-2d", 1), ("tmt-1d", 1)]
    at(clock, "2026-11-30 07:00")
    await run(uow)
    async with uow:
        log = await reminders.sent_log(uow, clock() - timedelta(days=30))
    assert sorted((item.stage, item.state, item.nip) for item in log) == [
        ("tmt-1d", "pending", BUDI), ("unread-2d", "pending", BUDI)]


class LockProbe:
    """Two stages for one person, each asking for its recipients; each time it asks, the probe tries to take
    SQLite's write lock from a second connection, as the leadership lease renewal does."""

    def __init__(self, path: str, employee_id: int, now: datetime) -> None:
        self.path, self.employee_id, self.now = path, employee_id, now
        self.locked: list[bool] = []

    async def stages(self, uow, since, until):
        return [reminders.Stage("skp", f"probe:{n}", "due", self.now - timedelta(minutes=n + 1), None,
                                reminders.DIGEST, {"items": []}) for n in range(2)]

    async def recipients(self, uow, stage):
        probe = sqlite3.connect(self.path, timeout=0)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.rollback()
            self.locked.append(False)
        except sqlite3.OperationalError:
            self.locked.append(True)
        finally:
            probe.close()
        return {self.employee_id: {}}


async def test_planning_reads_everything_before_it_takes_the_write_lock(uow, clock, budi, backend, database_url):
    """While the planner still reads (the second stage's recipients), the database stays open for writers.
    Caught: marking the first stage complete and logging it before reading the second (the old order)."""
    if backend != "sqlite":
        pytest.skip("SQLite's single write lock")
    at(clock, "2026-12-01 10:00")
    probe = LockProbe(database_url.split("///", 1)[1], budi.id, clock())
    result = await run(uow, probe)
    assert probe.locked == [False, False]
    assert (result.queued, sorted(result.stages)) == (2, ["probe:0/due", "probe:1/due"])
