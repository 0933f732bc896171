import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import select

from storage.db import create_session_factory
from storage.models import OutboxMessage
from storage.problems import Problem
from storage.services import linking
from storage.services.linking import LinkPolicy, LockedOut, link_account, lockout_until, start_linking
from storage.uow import UnitOfWork
from tests.factories import BUDI, SITI, add_employee, issue_code

POLICY = LinkPolicy()


async def link(uow, code, *, user=42, nip=BUDI):
    async with uow:
        return await link_account(uow, telegram_user_id=user, chat_id=user, nip=nip, typed_code=code, policy=POLICY)


async def linked_employee_id(uow, user):
    async with uow:
        account = await uow.accounts.get(user)
        return account.employee_id if account else None


def test_lockout_needs_five_failures_within_the_window(clock):
    t = clock()
    four = [t + timedelta(minutes=minute) for minute in range(4)]
    assert lockout_until(four, POLICY) is None
    spread = [t + timedelta(minutes=20 * index) for index in range(5)]  # 80 minutes apart end to end
    assert lockout_until(spread, POLICY) is None
    five = four + [t + timedelta(minutes=30)]
    assert lockout_until(five, POLICY) == t + timedelta(minutes=90)


async def test_correct_code_links_the_account_and_is_used_up(uow):
    await add_employee(uow)
    code = await issue_code(uow)
    employee = await link(uow, code.lower().replace("-", " "))
    assert employee.nip == BUDI
    assert await linked_employee_id(uow, 42) == employee.id
    with pytest.raises(Problem, match="already been used"):
        await link(uow, code, user=43)


async def test_wrong_code_and_unknown_nip_fail_alike(uow):
    await add_employee(uow)
    await issue_code(uow)
    with pytest.raises(Problem, match="NIP or the activation code does not match") as wrong_code:
        await link(uow, "AAAAA-AAAAA")
    with pytest.raises(Problem, match="NIP or the activation code does not match") as unknown_nip:
        await link(uow, "AAAAA-AAAAA", nip="199001012015011001")
    assert wrong_code.value.message == unknown_nip.value.message
    async with uow:
        code = await uow.codes.current((await uow.employees.by_nip(BUDI)).id)
        assert code.failed_attempts == 1


async def test_expired_code_is_refused_with_its_date(uow, clock):
    await add_employee(uow)
    code = await issue_code(uow, ttl=timedelta(days=14))
    clock.advance(days=14, seconds=1)
    with pytest.raises(Problem, match="expired") as caught:
        await link(uow, code)
    assert caught.value.params["expired_at"] < clock()


async def test_new_code_replaces_the_old_one(uow):
    await add_employee(uow)
    old = await issue_code(uow)
    new = await issue_code(uow)
    with pytest.raises(Problem, match="does not match"):
        await link(uow, old)
    await link(uow, new)


async def test_five_failures_lock_user_for_an_hour(uow, clock):
    await add_employee(uow)
    code = await issue_code(uow)
    for attempt in range(4):
        with pytest.raises(Problem, match="NIP or the activation code does not match") as caught:
            await link(uow, f"WRONG-{attempt}")
        assert not isinstance(caught.value, LockedOut)
    with pytest.raises(LockedOut, match="Too many wrong attempts") as locked:
        await link(uow, "WRONG-5")
    assert locked.value.params["retry_at"] == clock() + timedelta(hours=1)
    with pytest.raises(LockedOut, match="Too many wrong attempts"):
        await link(uow, code)  # even the right code waits
    async with uow:
        with pytest.raises(LockedOut, match="Too many wrong attempts"):
            await start_linking(uow, 42, SITI, POLICY)  # the user is locked, whatever NIP
    clock.advance(hours=1, seconds=1)
    await link(uow, code)


async def test_failures_on_one_nip_lock_it_for_other_users(uow):
    await add_employee(uow)
    code = await issue_code(uow)
    for user in range(100, 105):
        with pytest.raises(Problem, match="does not match|Too many wrong attempts"):
            await link(uow, "WRONG-CODE", user=user)
    with pytest.raises(LockedOut, match="Too many wrong attempts"):
        await link(uow, code, user=200)


async def test_nip_linked_elsewhere_needs_a_new_code_which_moves_the_link(uow):
    await add_employee(uow)
    first = await issue_code(uow)
    employee = await link(uow, first, user=42)
    with pytest.raises(Problem, match="does not match"):  # no hint that the NIP is linked
        await link(uow, "ANY-CODE-X", user=43)
    reissued = await issue_code(uow)
    await link(uow, reissued, user=43)
    assert await linked_employee_id(uow, 43) == employee.id
    assert await linked_employee_id(uow, 42) is None


def own_unit_of_work(engine, clock) -> UnitOfWork:
    """Its own session, as each Telegram update gets one."""
    return UnitOfWork(create_session_factory(engine), clock)


async def attempt(engine, clock, code, user, nip=BUDI):
    """Link in a session of its own; the outcome as the user would read it."""
    async with own_unit_of_work(engine, clock) as own:
        try:
            employee = await link_account(own, telegram_user_id=user, chat_id=user, nip=nip, typed_code=code,
                                          policy=POLICY)
        except Problem as problem:
            return type(problem).__name__, problem.message
        return "linked", employee.nip


async def test_one_code_typed_by_two_accounts_at_once_links_one_of_them(uow, engine, clock):
    await add_employee(uow)
    for round_ in range(3):
        code = await issue_code(uow)
        users = [1000 + 10 * round_ + index for index in range(4)]
        outcomes = await asyncio.gather(*(attempt(engine, clock, code, user) for user in users))
        winners = [user for user, outcome in zip(users, outcomes, strict=True) if outcome[0] == "linked"]
        assert len(winners) == 1, outcomes
        assert all("already been used" in message for kind, message in outcomes if kind != "linked")
        assert [user for user in users if await linked_employee_id(uow, user)] == winners


async def test_wrong_codes_at_once_are_counted_before_they_are_checked(uow, engine, clock, monkeypatch):
    """Twenty wrong codes for one NIP at the same moment: no more than the limit are even compared."""
    await add_employee(uow)
    await issue_code(uow)
    checked = []

    def counting(typed, stored):
        checked.append(typed)
        return real(typed, stored)

    real = linking.code_matches
    monkeypatch.setattr(linking, "code_matches", counting)
    outcomes = await asyncio.gather(*(attempt(engine, clock, f"WRONG-{user}", user) for user in range(2000, 2020)))
    assert len(checked) <= POLICY.max_failures
    assert {kind for kind, _ in outcomes} <= {"Problem", "LockedOut"}
    assert sum(kind == "LockedOut" for kind, _ in outcomes) >= 20 - POLICY.max_failures + 1


async def test_a_wrong_code_reads_the_same_for_unknown_unlinked_and_linked_nips(uow):
    await add_employee(uow)
    await add_employee(uow, SITI, "Siti")
    await link(uow, await issue_code(uow, SITI), user=50, nip=SITI)
    await issue_code(uow)
    answers = []
    for nip in ("199001012015011001", BUDI, SITI):  # unknown, not linked, linked to someone else
        with pytest.raises(Problem, match="NIP or the activation code does not match") as caught:
            await link(uow, "AAAAA-AAAAA", user=60, nip=nip)
        answers.append((type(caught.value), caught.value.message, caught.value.params))
    assert answers[0] == answers[1] == answers[2]


async def alerts(uow) -> list[OutboxMessage]:
    async with uow:
        return list(await uow.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "linking.lockout")))


async def test_the_linked_owner_hears_once_per_lockout_of_their_nip(uow, engine, clock):
    budi = await add_employee(uow)
    await link(uow, await issue_code(uow), user=42)
    for user in range(300, 310):  # ten strangers, five of whom get as far as a check
        await attempt(engine, clock, "WRONG-CODE", user)
    (alert,) = await alerts(uow)
    assert alert.employee_id == budi.id
    assert alert.params["until"] == {"$datetime": (clock() + timedelta(hours=1)).isoformat()}
    clock.advance(hours=1, seconds=1)  # the lockout is over; the next run of failures is a new lockout
    for user in range(310, 315):
        await attempt(engine, clock, "WRONG-CODE", user)
    assert len(await alerts(uow)) == 2
    assert await linked_employee_id(uow, 42) == budi.id  # the link itself never moved


async def test_an_owner_mistyping_is_not_alerted_and_an_unlinked_nip_has_nobody_to_tell(uow):
    await add_employee(uow)
    await add_employee(uow, SITI, "Siti")
    await link(uow, await issue_code(uow), user=42)
    await issue_code(uow, SITI)
    for user, nip in [(42, BUDI)] * POLICY.max_failures + [(70 + index, SITI) for index in range(POLICY.max_failures)]:
        with pytest.raises(Problem, match="does not match|Too many wrong attempts"):
            await link(uow, "WRONG-CODE", user=user, nip=nip)
    assert await alerts(uow) == []
