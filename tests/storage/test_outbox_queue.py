from datetime import date, datetime, timedelta

from sqlalchemy import select

from storage.models import OutboxMessage, OutboxState
from storage.services.outbox import OutboxButton, decode_params, enqueue
from tests.factories import add_employee


async def test_enqueue_is_idempotent_per_dedupe_key_and_keeps_typed_params(uow, clock):
    employee = await add_employee(uow)
    when = clock() + timedelta(days=3)
    async with uow:
        first = await enqueue(uow, employee_id=employee.id, kind="test", dedupe_key="test:1",
                              template="Deadline {when} ({day})", params={"when": when, "day": date(2026, 12, 1)},
                              buttons=[[OutboxButton("Open", callback_data="menu:main")]], not_before=when)
        again = await enqueue(uow, employee_id=employee.id, kind="test", dedupe_key="test:1", text="other")
        await uow.commit()
    assert (first, again) == (True, False)
    async with uow:
        (message,) = (await uow.session.scalars(select(OutboxMessage))).all()
    assert message.state == OutboxState.PENDING and message.not_before == when
    assert decode_params(message.params) == {"when": when, "day": date(2026, 12, 1)}
    assert message.buttons == [[{"label": "Open", "callback_data": "menu:main"}]]


async def test_nothing_is_queued_when_the_unit_of_work_is_not_committed(uow):
    employee = await add_employee(uow)
    async with uow:
        await enqueue(uow, employee_id=employee.id, kind="test", dedupe_key="test:2", text="hi")
    async with uow:
        assert (await uow.session.scalars(select(OutboxMessage))).all() == []


def test_datetimes_survive_json(clock):
    assert decode_params({"at": {"$datetime": clock().isoformat()}})["at"] == clock()
    assert isinstance(decode_params({"at": {"$datetime": clock().isoformat()}})["at"], datetime)
