import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from storage.db import create_session_factory
from storage.models import AuditEntry, Employee, OutboxMessage, OutboxState
from storage.problems import Problem
from storage.services import broadcasts
from storage.services.audience import Audience, audience_size, grade_range, known_units
from storage.services.broadcasts import AttachmentFile
from storage.uow import UnitOfWork
from tests.factories import add_employee, add_linked_employees, generated_nip

WIB = ZoneInfo("Asia/Jakarta")


async def seed(uow):
    """Six people: units A/B, PNS grades II/d..IV/a and one PPPK IX."""
    people = [("Kelurahan Plaju Ulu", "PNS", "II/d"), ("Kelurahan Plaju Ulu", "PNS", "III/a"),
              ("Kelurahan Plaju Ulu", "PPPK", "IX"), ("Seksi Pemerintahan", "PNS", "III/c"),
              ("Seksi Pemerintahan", "PNS", "III/d"), ("Seksi Pemerintahan", "PNS", "IV/a")]
    for index, (unit, kind, grade) in enumerate(people):
        await add_employee(uow, generated_nip(index), f"Pegawai {index}", kind=kind, unit=unit, grade=grade)


async def size(uow, **filters):
    async with uow:
        return await audience_size(uow, Audience(**filters))


async def test_audience_filters_combine(uow):
    await seed(uow)
    assert await size(uow) == 6
    assert await size(uow, units=("Seksi Pemerintahan",)) == 3
    assert await size(uow, kinds=("PPPK",)) == 1
    assert await size(uow, grade_from="III/a", grade_to="III/d") == 3
    assert await size(uow, units=("Kelurahan Plaju Ulu",), kinds=("PNS",), grade_from="III/a") == 1
    assert await size(uow, grade_from="VIII", grade_to="X") == 1
    async with uow:
        assert await known_units(uow) == ["Kelurahan Plaju Ulu", "Seksi Pemerintahan"]


def test_grade_ranges_stay_on_one_scale():
    assert grade_range("III/c", "IV/a") == ["III/c", "III/d", "IV/a"]
    assert grade_range(None, "I/b") == ["I/a", "I/b"]
    assert grade_range("XVI", None) == ["XVI", "XVII"]
    with pytest.raises(Problem, match="is empty"):
        grade_range("IV/a", "III/a")
    with pytest.raises(Problem, match="not on the same golongan scale"):
        grade_range("III/a", "IX")


async def publish(uow, **options):
    defaults = dict(author=None, parts=["<b>Apel pagi</b> besok pukul 07.30"], audience=Audience(),
                    ask_acknowledgement=True, actor="test")
    async with uow:
        return await broadcasts.publish(uow, **(defaults | options))


async def outbox(uow):
    async with uow:
        return list(await uow.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


async def test_publish_queues_each_part_and_the_attachment_for_every_recipient(uow, clock):
    await add_linked_employees(uow, 3)
    broadcast = await publish(uow, parts=["satu", "dua"], send_at=clock() + timedelta(hours=2),
                              attachment=AttachmentFile("surat.pdf", "application/pdf", b"%PDF-1.4"))
    rows = await outbox(uow)
    assert broadcast.recipient_count == 3 and len(rows) == 9
    first = [row for row in rows if row.kind == broadcasts.KIND]
    assert [(row.template, row.params) for row in first] == [(broadcasts.HEADING, {"body": {"$html": "satu"}})] * 3
    assert all(row.not_before == clock() + timedelta(hours=2) for row in rows)
    with_buttons = [row for row in rows if row.buttons]
    assert len(with_buttons) == 3 and all(row.attachment_id for row in with_buttons)
    assert with_buttons[0].buttons[0][0]["callback_data"] == f"ack:b:{broadcast.id}"


async def published_with_one_sent(uow):
    """An announcement to three people, the first of whom has it already."""
    await add_linked_employees(uow, 3)
    broadcast = await publish(uow)
    rows = await outbox(uow)
    async with uow:
        await uow.outbox.move(rows[0].id, OutboxState.PENDING, state=OutboxState.SENT)
        await uow.commit()
    return broadcast, rows


async def test_cancel_withdraws_only_what_is_pending(uow):
    broadcast, _ = await published_with_one_sent(uow)
    async with uow:
        assert await broadcasts.cancel(uow, broadcast.id, "test") == 2
    assert [row.state for row in await outbox(uow)] == ["sent", "cancelled", "cancelled"]
    async with uow:
        with pytest.raises(Problem, match="already cancelled"):
            await broadcasts.cancel(uow, broadcast.id, "test")


async def test_acknowledgement_once_and_only_by_recipients(uow):
    employees = await add_linked_employees(uow, 2)
    broadcast = await publish(uow, audience=Audience(units=("Kelurahan Plaju Ulu",)))
    rows = await outbox(uow)
    async with uow:
        await uow.outbox.move(rows[0].id, OutboxState.PENDING, state=OutboxState.SENT)
        await uow.commit()
    async with uow:
        reader = await uow.session.get(Employee, rows[0].employee_id)
        assert await broadcasts.acknowledge(uow, broadcast.id, reader) is True
    async with uow:
        assert await broadcasts.acknowledge(uow, broadcast.id, reader) is False
        other = await uow.session.get(Employee, employees[1].id)
        with pytest.raises(Problem, match="not sent to you"):  # queued but not delivered yet
            await broadcasts.acknowledge(uow, broadcast.id, other)
        report = await broadcasts.report(uow, broadcast.id)
        assert (report.states[OutboxState.SENT], report.states[OutboxState.PENDING], report.acknowledged) == (1, 1, 1)
        assert not report.done
        page = await broadcasts.received_by(uow, reader, 0)
        assert page.total == 1 and page.items[0].id == broadcast.id and not page.has_next
    async with uow:
        assert await audience_size(uow, Audience(not_acknowledged=broadcast.id)) == 1


async def test_nothing_to_send_is_refused(uow, clock):
    await add_linked_employees(uow, 1)
    with pytest.raises(Problem, match="Nobody"):
        await publish(uow, audience=Audience(units=("Nowhere",)))
    with pytest.raises(Problem, match="empty"):
        await publish(uow, parts=["  "])
    with pytest.raises(Problem, match="past"):
        await publish(uow, send_at=clock() - timedelta(minutes=1))
    assert await outbox(uow) == []


async def test_concurrent_acknowledgements_and_cancellations_count_once(uow, engine, clock):
    """A reader's taps at once (as from two devices) and two HR staff cancelling at once, each in its own session."""
    broadcast, rows = await published_with_one_sent(uow)
    async with uow:
        reader = await uow.session.get(Employee, rows[0].employee_id)

    async def in_own_session(action, *args):
        async with UnitOfWork(create_session_factory(engine), clock) as own:
            try:
                return await action(own, broadcast.id, *args)
            except Problem as problem:
                return problem.message

    taps = await asyncio.gather(*(in_own_session(broadcasts.acknowledge, reader) for _ in range(5)))
    assert sorted(taps, key=str) == [False] * 4 + [True]
    cancels = await asyncio.gather(*(in_own_session(broadcasts.cancel, "test") for _ in range(3)))
    assert sorted(cancels, key=str) == [2, "This announcement was already cancelled.",
                                        "This announcement was already cancelled."]
    async with uow:
        audited = await uow.session.scalars(select(AuditEntry).where(AuditEntry.action == "broadcast.cancelled"))
        assert [entry.details["withdrawn"] for entry in audited] == [2]
        assert (await broadcasts.report(uow, broadcast.id)).acknowledged == 1


@pytest.mark.parametrize("typed, accepted", [("hari ini 09.00", True), ("hari ini 08.59", False),
                                             ("besok 07.30", True), ("26/11/2026 23.59", False)])
def test_a_typed_send_time_already_past_is_refused_when_typed(typed, accepted):
    """Now is Friday 27 November 2026, 09.00 WIB: this very minute may still be chosen, the one before not.
    Deliberate bugs caught: ``<`` made ``<=`` in ``broadcasts._refuse_past`` (refuses 09.00), and
    ``send_time`` not checking the past (accepts 08.59 until the confirmation fails)."""
    now = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)
    if accepted:
        assert broadcasts.send_time(typed, WIB, now) >= now
        return
    with pytest.raises(Problem, match="is already past; choose a later time") as caught:
        broadcasts.send_time(typed, WIB, now)
    assert caught.value.params["when"] < now
