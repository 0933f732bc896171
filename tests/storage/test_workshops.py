"""Enrolment rules, the waitlist and its automatic promotion, on SQLite and PostgreSQL."""

import asyncio
import re

import pytest
from sqlalchemy import select

from bot.i18n import I18n
from storage.db import create_session_factory
from storage.models import Enrolment, EnrolmentState, OutboxMessage, Workshop, WorkshopStatus
from storage.problems import Problem
from storage.services.outbox import decode_params
from storage.services.workshops import cancel_enrolment, enrol, upcoming_workshops, workshop_detail
from storage.uow import UnitOfWork
from tests.factories import BUDI, PPPK, SITI, add_employee
from tests.workshop_factories import POLICY, WIB, add_staff, add_workshop, wib


async def enrol_as(uow, employee, workshop_id, policy=POLICY):
    async with uow:
        return await enrol(uow, employee, workshop_id, policy)


async def cancel_as(uow, employee, workshop_id):
    async with uow:
        return await cancel_enrolment(uow, employee, workshop_id)


async def enrolments(uow, workshop_id) -> list[Enrolment]:
    async with uow:
        rows = await uow.session.scalars(select(Enrolment).where(Enrolment.workshop_id == workshop_id)
                                         .order_by(Enrolment.id))
        return list(rows)


async def stored_workshop(uow, workshop_id) -> Workshop:
    async with uow:
        return await uow.workshops.get(workshop_id)


async def outbox(uow) -> list[OutboxMessage]:
    async with uow:
        return list(await uow.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def waitlist_of(rows: list[Enrolment]) -> dict[int, int]:
    """employee_id → position, for the waitlisted ones."""
    return {row.employee_id: row.waitlist_position for row in rows if row.state == EnrolmentState.WAITLISTED}


async def test_full_workshop_waitlists_and_a_cancellation_promotes_the_first_in_line(uow):
    workshop = await add_workshop(uow, capacity=1)
    budi, siti, dewi = (await add_employee(uow, BUDI), await add_employee(uow, SITI, "Siti Aminah"),
                        *await add_staff(uow, 1))
    first = await enrol_as(uow, budi, workshop.id)
    assert first.enrolment.state == EnrolmentState.REGISTERED and not first.already
    second = await enrol_as(uow, siti, workshop.id)
    third = await enrol_as(uow, dewi, workshop.id)
    assert (second.enrolment.state, second.enrolment.waitlist_position) == (EnrolmentState.WAITLISTED, 1)
    assert third.enrolment.waitlist_position == 2

    withdrawn = await cancel_as(uow, budi, workshop.id)
    assert not withdrawn.was_waitlisted
    rows = await enrolments(uow, workshop.id)
    assert [row.state for row in rows] == [EnrolmentState.CANCELLED, EnrolmentState.REGISTERED,
                                           EnrolmentState.WAITLISTED]
    assert waitlist_of(rows) == {dewi.id: 1} and rows[1].promoted_at is not None
    assert (await stored_workshop(uow, workshop.id)).seats_taken == 1

    (message,) = await outbox(uow)
    assert (message.kind, message.employee_id, message.dedupe_key) == (
        "workshop.promoted", siti.id, f"workshop.promoted:{rows[1].id}")
    assert message.buttons == [[{"label": "📋 Open the workshop", "callback_data": f"ws:d:{workshop.id}"}]]
    text = I18n(WIB, "id").translator("id")(message.template, **decode_params(message.params))
    assert "kursi kosong" in text and "<b>Manajemen Waktu</b>" in text
    assert "Kamis, 3 Desember 2026 pukul 09.00 WIB" in text


async def test_a_second_tap_enrols_once(uow):
    workshop = await add_workshop(uow)
    budi = await add_employee(uow)
    first = await enrol_as(uow, budi, workshop.id)
    again = await enrol_as(uow, budi, workshop.id)
    assert again.already and again.enrolment.id == first.enrolment.id
    assert len(await enrolments(uow, workshop.id)) == 1
    assert (await stored_workshop(uow, workshop.id)).seats_taken == 1


async def test_leaving_the_waitlist_closes_the_gap_and_re_enrolling_queues_at_the_end(uow):
    workshop = await add_workshop(uow, capacity=1)
    staff = await add_staff(uow, 4)
    for employee in staff:
        await enrol_as(uow, employee, workshop.id)
    withdrawn = await cancel_as(uow, staff[1], workshop.id)  # position 1 of 3
    assert withdrawn.was_waitlisted
    assert waitlist_of(await enrolments(uow, workshop.id)) == {staff[2].id: 1, staff[3].id: 2}
    again = await enrol_as(uow, staff[1], workshop.id)
    assert again.enrolment.waitlist_position == 3 and not again.already
    assert await outbox(uow) == []  # nobody was promoted


@pytest.mark.parametrize("change, fragment", [
    ({"deadline": wib(2026, 11, 27, 8)}, "Registration closed on {deadline}."),
    ({"status": WorkshopStatus.CANCELLED}, "This workshop has been cancelled."),
    ({"status": WorkshopStatus.CLOSED}, "HR has closed registration for this workshop."),
])
async def test_no_enrolment_once_registration_is_over(uow, change, fragment):
    workshop = await add_workshop(uow, **change)
    budi = await add_employee(uow)
    with pytest.raises(Problem, match=re.escape(fragment)) as raised:
        await enrol_as(uow, budi, workshop.id)
    assert raised.value.message == fragment
    assert await enrolments(uow, workshop.id) == []
    assert (await stored_workshop(uow, workshop.id)).seats_taken == 0


async def test_unknown_workshop_is_a_problem(uow):
    budi = await add_employee(uow)
    with pytest.raises(Problem, match="does not exist"):
        await enrol_as(uow, budi, 999)
    with pytest.raises(Problem, match="does not exist"):
        await cancel_as(uow, budi, 999)


async def test_overlapping_workshop_is_refused_naming_the_other_one(uow):
    morning = await add_workshop(uow, "PLT-01", title="Komunikasi Efektif", starts=wib(2026, 12, 3, 8), hours=4)
    noon = await add_workshop(uow, "PLT-02", starts=wib(2026, 12, 3, 11), hours=2)
    afternoon = await add_workshop(uow, "PLT-03", starts=wib(2026, 12, 3, 13), hours=2)
    budi = await add_employee(uow)
    await enrol_as(uow, budi, morning.id)
    with pytest.raises(Problem, match="overlaps with") as raised:
        await enrol_as(uow, budi, noon.id)
    assert raised.value.params["title"] == "Komunikasi Efektif"
    assert (await enrol_as(uow, budi, afternoon.id)).enrolment.state == EnrolmentState.REGISTERED  # back to back
    await cancel_as(uow, budi, morning.id)
    assert (await enrol_as(uow, budi, noon.id)).enrolment.state == EnrolmentState.REGISTERED


async def test_cancellation_is_possible_until_the_start_only(uow, clock):
    workshop = await add_workshop(uow, starts=wib(2026, 11, 28, 9), deadline=wib(2026, 11, 28, 8))
    budi = await add_employee(uow)
    await enrol_as(uow, budi, workshop.id)
    clock.now = wib(2026, 11, 28, 9)
    with pytest.raises(Problem, match="already started"):
        await cancel_as(uow, budi, workshop.id)
    assert [row.state for row in await enrolments(uow, workshop.id)] == [EnrolmentState.REGISTERED]
    other = await add_employee(uow, SITI, "Siti")
    with pytest.raises(Problem, match="not registered"):
        await cancel_as(uow, other, workshop.id)


async def test_audience_by_unit_kind_and_golongan(uow):
    budi = await add_employee(uow, BUDI, grade="III/c", unit="Seksi Pemerintahan")
    pppk = await add_employee(uow, PPPK, "Sri", kind="PPPK", grade="IX", unit="Kelurahan Bagus Kuning")
    for_unit = await add_workshop(uow, "U", units=["Kelurahan Bagus Kuning"])
    for_pns = await add_workshop(uow, "K", audience_kind="PNS", starts=wib(2026, 12, 4))
    for_seniors = await add_workshop(uow, "G", grades=("III/d", "IV/e"), starts=wib(2026, 12, 5))
    for_pppk_grades = await add_workshop(uow, "P", grades=("V", "IX"), starts=wib(2026, 12, 6))
    async with uow:
        assert [card.workshop.code for card in (await upcoming_workshops(uow, budi, 0)).items] == ["K"]
        assert [card.workshop.code for card in (await upcoming_workshops(uow, pppk, 0)).items] == ["U", "P"]
    with pytest.raises(Problem, match="only open to") as raised:
        await enrol_as(uow, budi, for_seniors.id)
    assert raised.value.params == {"audience": "golongan III/d–IV/e"}
    with pytest.raises(Problem, match="only open to"):
        await enrol_as(uow, budi, for_unit.id)
    assert (await enrol_as(uow, pppk, for_pppk_grades.id)).enrolment.state == EnrolmentState.REGISTERED
    with pytest.raises(Problem, match="only open to"):
        await enrol_as(uow, pppk, for_pns.id)


async def test_pppk_may_not_go_over_the_yearly_ceiling(uow):
    pppk = await add_employee(uow, PPPK, "Sri", kind="PPPK", grade="IX")
    big = await add_workshop(uow, "A", jp=16)
    more = await add_workshop(uow, "B", jp=10, starts=wib(2026, 12, 10))
    fits = await add_workshop(uow, "C", jp=8, starts=wib(2026, 12, 11))
    next_year = await add_workshop(uow, "D", jp=10, starts=wib(2027, 1, 5))
    await enrol_as(uow, pppk, big.id)
    with pytest.raises(Problem, match="As a PPPK you may take at most") as raised:
        await enrol_as(uow, pppk, more.id)
    assert raised.value.params == {"ceiling": 24, "total": 26, "year": "2026"}
    await enrol_as(uow, pppk, fits.id)
    await enrol_as(uow, pppk, next_year.id)


async def test_detail_says_what_the_employee_can_do(uow, clock):
    workshop = await add_workshop(uow, capacity=1)
    budi, siti = await add_employee(uow), await add_employee(uow, SITI, "Siti")
    async with uow:
        detail = await workshop_detail(uow, budi, workshop.id)
    assert (detail.can_enrol, detail.can_cancel, detail.card.full) == (True, False, False)
    await enrol_as(uow, budi, workshop.id)
    async with uow:
        mine = await workshop_detail(uow, budi, workshop.id)
        theirs = await workshop_detail(uow, siti, workshop.id)
    assert (mine.can_enrol, mine.can_cancel, mine.card.mine.state) == (False, True, EnrolmentState.REGISTERED)
    assert (theirs.can_enrol, theirs.card.full) == (True, True)
    clock.now = wib(2026, 12, 2, 10)  # after the deadline
    async with uow:
        late = await workshop_detail(uow, siti, workshop.id)
    assert not late.can_enrol


async def test_catalogue_pages_by_five_soonest_first(uow):
    budi = await add_employee(uow)
    for day in range(12, 0, -1):
        await add_workshop(uow, f"W{day:02d}", starts=wib(2026, 12, day + 1))
    await add_workshop(uow, "GONE", starts=wib(2026, 12, 20), status=WorkshopStatus.CANCELLED)
    async with uow:
        first = await upcoming_workshops(uow, budi, 0)
        last = await upcoming_workshops(uow, budi, 7)  # a stale page number
    assert [card.workshop.code for card in first.items] == ["W01", "W02", "W03", "W04", "W05"]
    assert (first.count, first.has_next, first.has_previous) == (3, True, False)
    assert (last.number, [card.workshop.code for card in last.items]) == (2, ["W11", "W12"])


def separate_unit_of_work(engine, clock) -> UnitOfWork:
    """Its own unit of work, as each Telegram update gets one."""
    return UnitOfWork(create_session_factory(engine), clock)


async def test_fifty_concurrent_enrolments_for_ten_seats(uow, engine, clock):
    """Fifty presses at the same moment, each in its own session: exactly 10 seats, the waitlist 1..40."""
    workshop = await add_workshop(uow, capacity=10)
    staff = await add_staff(uow, 50)

    async def press(employee):
        async with separate_unit_of_work(engine, clock) as own:
            return await enrol(own, employee, workshop.id, POLICY)

    results = await asyncio.gather(*(press(employee) for employee in staff))
    states = [result.enrolment.state for result in results]
    assert states.count(EnrolmentState.REGISTERED) == 10 and states.count(EnrolmentState.WAITLISTED) == 40
    rows = await enrolments(uow, workshop.id)
    assert len(rows) == 50
    assert sorted(waitlist_of(rows).values()) == list(range(1, 41))
    assert (await stored_workshop(uow, workshop.id)).seats_taken == 10


async def test_concurrent_double_taps_and_cancellations_keep_the_books_straight(uow, engine, clock):
    workshop = await add_workshop(uow, capacity=5)
    staff = await add_staff(uow, 15)

    async def press(action, employee):
        async with separate_unit_of_work(engine, clock) as own:
            return await action(own, employee, workshop.id, *((POLICY,) if action is enrol else ()))

    taps = await asyncio.gather(*(press(enrol, employee) for employee in staff for _ in range(3)))
    assert sum(not tap.already for tap in taps) == 15
    seated = [row.employee_id for row in await enrolments(uow, workshop.id)
              if row.state == EnrolmentState.REGISTERED]
    leaving = [employee for employee in staff if employee.id in seated][:4]
    await asyncio.gather(*(press(cancel_enrolment, employee) for employee in leaving))
    rows = await enrolments(uow, workshop.id)
    assert sum(row.state == EnrolmentState.REGISTERED for row in rows) == 5
    assert sorted(waitlist_of(rows).values()) == list(range(1, 7))
    assert (await stored_workshop(uow, workshop.id)).seats_taken == 5
    assert len([message for message in await outbox(uow) if message.kind == "workshop.promoted"]) == 4


async def test_the_database_refuses_more_seats_than_capacity(uow):
    """The CHECK constraint is the last line: even a buggy code path cannot overbook."""
    workshop = await add_workshop(uow, capacity=1)
    async with uow:
        stored = await uow.workshops.get(workshop.id)
        assert await uow.workshops.take_seat(stored)
        assert not await uow.workshops.take_seat(stored)
        stored.seats_taken = 2
        with pytest.raises(Exception, match="(?i)check"):
            await uow.session.flush()
