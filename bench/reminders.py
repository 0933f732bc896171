"""Benchmark: one reminder-planner run over a year of data for a whole city, and the query plans it uses.

20,000 linked employees with career data (TMT pangkat, MKG, education, kind of post, TMT jabatan; every fifth a
PPPK with a contract end), 500 workshops with 10,000 enrolments, 80,000 quarterly and 40,000 annual appraisals,
1,000 rotations. Prints the time of the career-milestone refresh, of planner runs at a quiet moment, in the
days after a career notice day (hundreds of KGB notices still inside the planner's look-back) and at a busy
one (a workshop morning), and SQLite's EXPLAIN QUERY PLAN for each source query.

    .venv/bin/python bench/reminders.py
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import event, insert, text

from bot.config import Settings
from bot.jobs import reminder_sources
from bot.policies import policies
from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade
from storage.models import Appraisal, Employee, Enrolment, Rotation, TelegramAccount, Workshop
from storage.ratings import Predikat
from storage.services import career_milestones, reminders
from storage.uow import UnitOfWork

WIB = ZoneInfo("Asia/Jakarta")
EMPLOYEES, WORKSHOPS, ROTATIONS = 20_000, 500, 1_000
START = datetime(2026, 1, 5, 9, tzinfo=WIB)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


async def seed(engine) -> None:
    stamp = datetime.now(UTC)
    async with engine.begin() as connection:
        await connection.execute(insert(Employee), [dict(
            id=i + 1, nip=f"{1970 + i // 1000:04d}0101200501{1 + i % 2}{i % 1000:03d}", name=f"Pegawai {i}",
            kind="PNS" if i % 5 else "PPPK", grade="III/a" if i % 5 else "IX", unit=f"Unit {i % 40}", active=True,
            rank_since=date(2020 + i % 6, 1 + i % 12, 1), rank_service_years=i % 20, rank_service_months=i * 5 % 12,
            education=("SLTA", "D-III", "S1", "S2")[i % 4], post_kind=("pelaksana", "jf_ahli_muda", "jpt")[i % 3],
            position="Pelaksana", position_since=date(2019 + i % 7, 1 + i % 12, 1 + i % 28),
            contract_end=None if i % 5 else date(2027 + i % 4, 1 + i % 12, 28),
            created_at=stamp, updated_at=stamp) for i in range(EMPLOYEES)])
        await connection.execute(insert(TelegramAccount), [dict(
            telegram_user_id=1_000_000 + i, chat_id=1_000_000 + i, employee_id=i + 1, linked_at=stamp,
            created_at=stamp) for i in range(EMPLOYEES)])
        workshops = []
        for i in range(WORKSHOPS):
            starts = START + timedelta(days=(i * 365) // WORKSHOPS, hours=i % 3)
            workshops.append(dict(id=i + 1, code=f"W{i:04d}", title=f"Pelatihan {i}", kind="teknis", mode="luring",
                                  location="Aula", starts_at=starts, ends_at=starts + timedelta(hours=6),
                                  registration_deadline=starts - timedelta(days=1), capacity=30, seats_taken=20,
                                  jp=8, status="open", revision=0, created_at=stamp, updated_at=stamp))
        await connection.execute(insert(Workshop), workshops)
        await connection.execute(insert(Enrolment), [dict(
            workshop_id=1 + i // 20, employee_id=1 + (i * 7) % EMPLOYEES, state="registered", created_at=stamp,
            updated_at=stamp) for i in range(WORKSHOPS * 20)])
        appraisals = []
        for quarter in range(4):
            for i in range(EMPLOYEES):
                appraisals.append(dict(
                    employee_id=i + 1, period=f"2026-Q{quarter + 1}", period_kind="quarter",
                    period_start=date(2026, 3 * quarter + 1, 1), period_end=date(2026, 3 * quarter + 3, 28),
                    version=1, work_results="meets", work_behaviour="meets" if i % 10 else "below",
                    predikat=Predikat.GOOD.value if i % 10 else Predikat.POOR.value,
                    published_on=date(2026, 3 * quarter + 4, 10) if quarter < 3 else date(2027, 1, 10),
                    created_at=stamp, updated_at=stamp))
        for i in range(EMPLOYEES):
            for year in (2024, 2025):
                appraisals.append(dict(
                    employee_id=i + 1, period=str(year), period_kind="annual", period_start=date(year, 1, 1),
                    period_end=date(year, 12, 31), version=1, work_results="meets", work_behaviour="meets",
                    predikat=Predikat.GOOD.value, published_on=date(year + 1, 1, 20), created_at=stamp,
                    updated_at=stamp))
        for start in range(0, len(appraisals), 10_000):
            await connection.execute(insert(Appraisal), appraisals[start:start + 10_000])
        await connection.execute(insert(Rotation), [dict(
            employee_id=1 + i * 17, new_position="Kepala Seksi", new_unit="Unit 1", sk_number=f"821/{i}/2026",
            sk_date=date(2026, 1, 2), effective_date=date(2026, 1, 5) + timedelta(days=(i * 365) // ROTATIONS),
            published_at=START, notice_version=1, acknowledged_at=START) for i in range(ROTATIONS)])


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(f"sqlite+aiosqlite:///{folder}/bench.db")
        await upgrade(engine)
        started = time.perf_counter()
        await seed(engine)
        print(f"seeded in {time.perf_counter() - started:.1f} s: {EMPLOYEES} employees, {WORKSHOPS} workshops, "
              f"{WORKSHOPS * 20} enrolments, {EMPLOYEES * 6} appraisals, {ROTATIONS} rotations")
        statements: list[str] = []
        event.listen(engine.sync_engine, "before_cursor_execute",
                     lambda conn, cursor, statement, params, context, many: statements.append(statement))
        clock = Clock()
        settings = Settings(timezone=WIB)
        chosen = policies(settings)
        sources = reminder_sources(settings, chosen)
        uow = UnitOfWork(create_session_factory(engine), clock)
        for label, day in (("first", date(2026, 3, 1)), ("next day's", date(2026, 3, 2))):
            began = time.perf_counter()
            async with uow:
                changed = await career_milestones.refresh(uow, day, chosen.career)
            print(f"{label} career-milestone refresh: {time.perf_counter() - began:.1f} s, {changed} rows written")

        async def run_at(moment: datetime) -> tuple[float, reminders.PlanResult]:
            clock.now = moment
            began = time.perf_counter()
            async with uow:
                result = await reminders.plan(uow, sources, chosen.quiet)
            return (time.perf_counter() - began) * 1000, result

        await run_at(datetime(2026, 3, 10, 10, 1, tzinfo=WIB))  # warm up caches and connections
        quiet = [await run_at(datetime(2026, 3, 10, 10, 2 + minute, tzinfo=WIB)) for minute in range(20)]
        print(f"quiet minute (nothing new due): median {statistics.median(t for t, _ in quiet):.1f} ms, "
              f"max {max(t for t, _ in quiet):.1f} ms over {len(quiet)} runs")
        notice_ms, notice = await run_at(datetime(2026, 3, 2, 7, 0, tzinfo=WIB))  # Sunday 1 March's, on Monday
        print(f"career notice morning (KGB notices of 1 March): {notice_ms:.1f} ms, queued {notice.queued} "
              f"(+{notice.digested} in digests), stages {len(notice.stages)}")
        await run_at(datetime(2026, 3, 3, 10, 1, tzinfo=WIB))  # warm up: plans the workshop stages due meanwhile
        after = [await run_at(datetime(2026, 3, 3, 10, 2 + minute, tzinfo=WIB)) for minute in range(20)]
        print(f"quiet minute two days after a notice day (all planned, still in the look-back): median "
              f"{statistics.median(t for t, _ in after):.1f} ms, max {max(t for t, _ in after):.1f} ms")
        busy_ms, busy = await run_at(datetime(2026, 6, 16, 7, 0, tzinfo=WIB))
        print(f"workshop morning: {busy_ms:.1f} ms, queued {busy.queued} (+{busy.digested} in digests), "
              f"stages {len(busy.stages)}")
        again_ms, again = await run_at(datetime(2026, 6, 16, 7, 1, tzinfo=WIB))
        print(f"the minute after: {again_ms:.1f} ms, queued {again.queued}")
        statements.clear()
        await run_at(datetime(2026, 6, 16, 7, 2, tzinfo=WIB))
        print("\nquery plans of one run (SQLite EXPLAIN QUERY PLAN):")
        async with engine.connect() as connection:
            for statement in dict.fromkeys(statements):
                if not statement.lstrip().upper().startswith("SELECT"):
                    continue
                plan = await connection.execute(text("EXPLAIN QUERY PLAN " + statement.replace("?", "NULL")))
                print("\n" + " ".join(statement.split())[:160])
                for row in plan:
                    print("   ", row[-1])
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
