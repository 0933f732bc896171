"""Read-only requests: queries without a transaction, and a loud error instead of a write."""

import pytest
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import OperationalError

from storage.db import WriteInReadingSession, create_reading_engine, create_reading_session_factory
from storage.models import Employee
from storage.uow import UnitOfWork
from tests.factories import BUDI, SITI, add_employee


@pytest.fixture
async def reading(engine, database_url, clock):
    reading_engine = create_reading_engine(database_url)
    yield UnitOfWork(create_reading_session_factory(reading_engine), clock)
    await reading_engine.dispose()


async def test_reads_see_the_data_and_give_the_connection_back(uow, reading):
    await add_employee(uow)
    async with reading:
        employee = await reading.employees.by_nip(BUDI)
        await reading.pause()
        assert employee.name == "Budi Santoso"
        assert not reading.session.in_transaction()


async def test_each_query_stands_alone_on_postgresql(reading, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite's driver never opens a transaction for a read anyway")
    async with reading:  # inside one transaction both would be the same transaction id
        first, second = [await reading.session.scalar(text("SELECT txid_current()")) for _ in range(2)]
        assert first != second


@pytest.mark.parametrize("write", [
    lambda session, employee: setattr(employee, "name", "Changed"),
    lambda session, employee: session.add(Employee(nip="198001012005011002", name="New")),
    lambda session, employee: session.execute(update(Employee).values(name="Changed")),
    lambda session, employee: session.execute(select(Employee).with_for_update()),
], ids=["changed object", "new object", "update statement", "locking read"])
async def test_a_write_raises_and_reaches_nothing(uow, reading, write):
    await add_employee(uow)
    async with reading:
        employee = await reading.employees.by_nip(BUDI)
        with pytest.raises(WriteInReadingSession):
            outcome = write(reading.session, employee)
            if outcome is not None:
                await outcome
            await reading.session.flush()
    async with uow:
        assert await uow.session.scalar(select(func.count()).select_from(Employee)) == 1
        assert (await uow.employees.by_nip(BUDI)).name == "Budi Santoso"


async def test_each_query_sees_what_was_committed_before_it(uow, reading):
    await add_employee(uow)
    async with reading:
        assert await reading.employees.by_nip(SITI) is None
        await add_employee(uow, SITI, "Siti Aminah")
        assert (await reading.employees.by_nip(SITI)).name == "Siti Aminah"


async def test_sqlite_itself_refuses_a_write_the_session_cannot_see(uow, reading, database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite's reading connections are query-only; PostgreSQL relies on the session's guard")
    await add_employee(uow)
    async with reading:
        with pytest.raises(OperationalError, match="readonly"):
            await reading.session.execute(text("UPDATE employees SET name = 'Changed'"))
    async with uow:
        assert (await uow.employees.by_nip(BUDI)).name == "Budi Santoso"
