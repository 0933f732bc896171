"""Shared fixtures: databases (SQLite always, PostgreSQL when TEST_POSTGRES_URL is set), a clock that
tests move by hand, and the real bot running against the Bot API emulator."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.config import Settings
from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade
from storage.uow import UnitOfWork

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL")
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(
    not POSTGRES_URL, reason="TEST_POSTGRES_URL not set (scripts/test starts a server when PostgreSQL is installed)"))]


class FakeClock:
    """A clock tests move by hand; starts on a Friday morning in WIB."""

    def __init__(self, now: datetime = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@contextlib.asynccontextmanager
async def fresh_database(backend: str, tmp_path) -> AsyncIterator[str]:
    """The URL of a new, empty database on ``backend``, dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / f'test-{uuid.uuid4().hex[:8]}.db'}"
        return
    name = f"asnbot_test_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
async def database_url(backend, tmp_path) -> AsyncIterator[str]:
    """A new, empty database per test."""
    async with fresh_database(backend, tmp_path) as url:
        yield url


@pytest.fixture
async def engine(database_url) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    await upgrade(engine)
    yield engine
    await engine.dispose()


@pytest.fixture
def uow(engine, clock) -> UnitOfWork:
    """A unit of work to enter with ``async with uow:``; each entry opens a fresh session."""
    return UnitOfWork(create_session_factory(engine), clock)


@pytest.fixture
def settings(database_url) -> Settings:
    return replace(Settings(), database_url=database_url)


def pytest_terminal_summary(terminalreporter) -> None:
    """Say at the very end when the PostgreSQL half of the suite did not run, so a green run without
    PostgreSQL is not mistaken for a full one (CI installs PostgreSQL and fails without it)."""
    if POSTGRES_URL:
        return
    skipped = [report for report in terminalreporter.stats.get("skipped", [])
               if "TEST_POSTGRES_URL not set" in str(report.longrepr)]
    if skipped:
        terminalreporter.write_line(
            f"{len(skipped)} tests skipped: no PostgreSQL (install it, or set TEST_POSTGRES_URL); "
            "the storage tests ran on SQLite only.", yellow=True)
