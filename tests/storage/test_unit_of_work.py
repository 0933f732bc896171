"""Pausing a unit of work during a Telegram round trip gives its connection back, never its writes."""

from sqlalchemy import select, update

from storage.models import Employee
from tests.factories import BUDI, add_employee


async def test_a_reading_unit_of_work_lets_its_connection_go_and_goes_on(uow, engine):
    await add_employee(uow)
    async with uow:
        employee = await uow.employees.by_nip(BUDI)
        assert uow.session.in_transaction()
        await uow.pause()
        assert not uow.session.in_transaction() and engine.pool.checkedout() == 0
        assert employee.name == "Budi Santoso"  # still readable
        employee.name = "Budi Santoso, S.Kom."  # and still tracked
        await uow.commit()
    async with uow:
        assert (await uow.employees.by_nip(BUDI)).name == "Budi Santoso, S.Kom."


async def test_a_writing_unit_of_work_keeps_its_transaction(uow):
    await add_employee(uow)
    async with uow:
        (await uow.employees.by_nip(BUDI)).name = "Changed"
        await uow.session.flush()
        await uow.pause()
        assert uow.session.in_transaction()
    async with uow:  # not committed: rolled back as a whole
        assert await uow.session.scalar(select(Employee.name)) == "Budi Santoso"


async def test_a_write_statement_keeps_the_transaction_until_committed(uow, engine):
    await add_employee(uow)
    async with uow:
        await uow.session.execute(update(Employee).values(name="Changed"))
        await uow.pause()
        assert uow.session.in_transaction()  # an UPDATE without the ORM counts as a write too
        await uow.commit()
        await uow.employees.by_nip(BUDI)
        await uow.pause()  # committed: reading again, so the connection may go
        assert not uow.session.in_transaction() and engine.pool.checkedout() == 0


async def test_repositories_are_made_on_first_use_and_anew_in_each_block(uow):
    """A request pays only for the repositories it uses, and a unit of work entered again (the CLI, the console)
    queries through its new session.

    Deliberate bug it caught: ``__aenter__`` keeping the cached repositories, so the second block's
    repository still held the first block's closed session."""
    async with uow:
        assert "broadcasts" not in vars(uow)
        first = uow.employees
        assert uow.employees is first and first.session is uow.session
    async with uow:
        assert uow.employees is not first and uow.employees.session is uow.session
