from datetime import timedelta

import pytest

from storage.problems import Problem
from storage.services.linking import LinkPolicy, LockedOut, link_account, lockout_until, start_linking
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
    with pytest.raises(Problem) as wrong_code:
        await link(uow, "AAAAA-AAAAA")
    with pytest.raises(Problem) as unknown_nip:
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
    with pytest.raises(Problem):
        await link(uow, old)
    await link(uow, new)


async def test_five_failures_lock_user_for_an_hour(uow, clock):
    await add_employee(uow)
    code = await issue_code(uow)
    for attempt in range(4):
        with pytest.raises(Problem) as caught:
            await link(uow, f"WRONG-{attempt}")
        assert not isinstance(caught.value, LockedOut)
    with pytest.raises(LockedOut) as locked:
        await link(uow, "WRONG-5")
    assert locked.value.params["retry_at"] == clock() + timedelta(hours=1)
    with pytest.raises(LockedOut):
        await link(uow, code)  # even the right code waits
    async with uow:
        with pytest.raises(LockedOut):
            await start_linking(uow, 42, SITI, POLICY)  # the user is locked, whatever NIP
    clock.advance(hours=1, seconds=1)
    await link(uow, code)


async def test_failures_on_one_nip_lock_it_for_other_users(uow):
    await add_employee(uow)
    code = await issue_code(uow)
    for user in range(100, 105):
        with pytest.raises(Problem):
            await link(uow, "WRONG-CODE", user=user)
    with pytest.raises(LockedOut):
        await link(uow, code, user=200)


async def test_nip_linked_elsewhere_needs_a_new_code_which_moves_the_link(uow):
    await add_employee(uow)
    first = await issue_code(uow)
    employee = await link(uow, first, user=42)
    with pytest.raises(Problem, match="already linked to another Telegram account"):
        await link(uow, "ANY-CODE-X", user=43)
    reissued = await issue_code(uow)
    await link(uow, reissued, user=43)
    assert await linked_employee_id(uow, 43) == employee.id
    assert await linked_employee_id(uow, 42) is None
