"""Linking a Telegram account to an employee record with NIP + one-time activation code.

Brute force is stopped per Telegram user and per NIP: after ``max_failures`` wrong pairs within
``window``, attempts are refused for ``lockout``, and the owner of a linked NIP is told. Wrong NIP and
wrong code fail alike, so the bot does not reveal which NIPs exist or are linked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NoReturn

from storage import routes
from storage.models import ActivationCode, Employee, LinkFailure, TelegramAccount
from storage.nip import normalize_nip
from storage.problems import N_, Problem
from storage.repositories.audit import telegram_actor
from storage.services.codes import code_matches, decoy_hash
from storage.services.employees import require_employees
from storage.services.outbox import OutboxButton, enqueue
from storage.uow import UnitOfWork


class LockedOut(Problem):
    """Too many wrong attempts; the conversation should end rather than ask again."""


@dataclass(frozen=True)
class LinkPolicy:
    max_failures: int = 5
    window: timedelta = timedelta(hours=1)
    lockout: timedelta = timedelta(hours=1)


def lockout_until(failures: Sequence[datetime], policy: LinkPolicy) -> datetime | None:
    """End of the latest lockout implied by sorted failure times, or None if they never hit the limit."""
    until = None
    for last in range(policy.max_failures - 1, len(failures)):
        first = last - policy.max_failures + 1
        if failures[last] - failures[first] <= policy.window:
            until = failures[last] + policy.lockout
    return until


async def check_not_locked(uow: UnitOfWork, telegram_user_id: int, nip: str | None, policy: LinkPolicy) -> None:
    _refuse_if_locked(uow, await _failures(uow, telegram_user_id, nip, policy), telegram_user_id, nip, policy)


async def _failures(uow: UnitOfWork, telegram_user_id: int, nip: str | None, policy: LinkPolicy) -> list[LinkFailure]:
    return await uow.codes.failures_since(uow.clock() - policy.window - policy.lockout, telegram_user_id, nip)


def _lockout_ends(rows: Sequence[LinkFailure], telegram_user_id: int, nip: str | None,
                  policy: LinkPolicy) -> tuple[datetime | None, datetime | None]:
    """When the lockouts of the Telegram user and of the NIP implied by ``rows`` end (None: not locked)."""
    by_user = [row.failed_at for row in rows if row.telegram_user_id == telegram_user_id]
    by_nip = [row.failed_at for row in rows if nip is not None and row.nip == nip]
    return lockout_until(by_user, policy), lockout_until(by_nip, policy)


def _refuse_if_locked(uow: UnitOfWork, rows: Sequence[LinkFailure], telegram_user_id: int, nip: str | None,
                      policy: LinkPolicy) -> None:
    ends = [end for end in _lockout_ends(rows, telegram_user_id, nip, policy) if end and end > uow.clock()]
    if ends:
        raise LockedOut(N_("Too many wrong attempts. For your security, please try again after {retry_at}."),
                        retry_at=max(ends))


async def start_linking(uow: UnitOfWork, telegram_user_id: int, typed_nip: str, policy: LinkPolicy) -> str:
    """Validate the typed NIP and the lockout before asking for the code; return the normalised NIP."""
    nip = normalize_nip(typed_nip, today=uow.clock().date())
    await check_not_locked(uow, telegram_user_id, nip, policy)
    return nip


async def link_account(uow: UnitOfWork, *, telegram_user_id: int, chat_id: int, nip: str, typed_code: str,
                       policy: LinkPolicy) -> Employee:
    """Link on a correct, unexpired, unused code.

    The attempt is written down (and committed) before the code is compared, and refused if the attempts
    before it already reach the limit: of twenty wrong codes sent at once, at most ``max_failures`` are
    compared. A right code removes the record again. The code is used up by a conditional UPDATE, so of two
    accounts typing it at once exactly one is linked. A wrong code reads the same whether the NIP is
    unknown, not linked or linked (and takes as long: a decoy hash is compared when there is no code).
    """
    await check_not_locked(uow, telegram_user_id, nip, policy)
    attempt_id = await uow.codes.record_attempt(telegram_user_id, nip, uow.clock())
    await uow.commit()
    earlier = [row for row in await _failures(uow, telegram_user_id, nip, policy) if row.id != attempt_id]
    _refuse_if_locked(uow, earlier, telegram_user_id, nip, policy)

    employee = await uow.employees.by_nip(nip)
    code = await uow.codes.current(employee.id) if employee and employee.active else None
    if not code_matches(typed_code, code.code_hash if code else decoy_hash()) or code is None:
        await _wrong_code(uow, telegram_user_id, nip, code, employee, policy)
    await uow.codes.forget_attempt(attempt_id)  # the right code: not a failure
    now = uow.clock()
    if code.expires_at <= now:
        await uow.commit()
        raise Problem(N_("This activation code expired on {expired_at}. Ask HR (Subbag Umum dan Kepegawaian) for "
                         "a new one."), expired_at=code.expires_at)
    if not await uow.codes.use(code.id, now):
        await uow.commit()
        raise Problem(N_("This activation code has already been used. Ask HR (Subbag Umum dan Kepegawaian) for a "
                         "new one."))
    await _attach(uow, employee, telegram_user_id, chat_id, actor=telegram_actor(telegram_user_id))
    await uow.commit()
    return employee


async def link_without_code(uow: UnitOfWork, *, telegram_user_id: int, chat_id: int, nip: str,
                            actor: str) -> Employee:
    """Link for someone who already has database access (the local console); audited like any link."""
    (employee,) = await require_employees(uow, [nip])
    await _attach(uow, employee, telegram_user_id, chat_id, actor=actor)
    await uow.commit()
    return employee


async def _attach(uow: UnitOfWork, employee: Employee, telegram_user_id: int, chat_id: int, *, actor: str) -> None:
    """Point the Telegram account at ``employee``, moving the link away from any other account."""
    now = uow.clock()
    previous = await uow.accounts.linked_to(employee.id)
    if previous is not None and previous.telegram_user_id != telegram_user_id:
        previous.employee_id = None
        previous.linked_at = None
        await uow.session.flush()  # free the unique employee_id before this account takes it
        uow.audit.record(actor, "account.relinked", employee.nip,
                         previous_telegram_user_id=previous.telegram_user_id)
    account = await uow.accounts.get(telegram_user_id)
    if account is None:
        account = TelegramAccount(telegram_user_id=telegram_user_id, chat_id=chat_id, created_at=now)
        uow.accounts.add(account)
    account.chat_id = chat_id
    account.employee_id = employee.id
    account.linked_at = now
    account.blocked_at = None
    uow.audit.record(actor, "account.linked", employee.nip)


async def _wrong_code(uow: UnitOfWork, telegram_user_id: int, nip: str, code: ActivationCode | None,
                      employee: Employee | None, policy: LinkPolicy) -> NoReturn:
    """The attempt stays recorded as a failure; the NIP's owner hears of a lockout it causes."""
    if code is not None:
        await uow.codes.count_failed_attempt(code.id)
    await uow.commit()
    rows = await _failures(uow, telegram_user_id, nip, policy)
    _, nip_locked_until = _lockout_ends(rows, telegram_user_id, nip, policy)
    if employee is not None and nip_locked_until is not None and nip_locked_until > uow.clock():
        await _alert_owner(uow, employee, telegram_user_id, nip_locked_until)
    _refuse_if_locked(uow, rows, telegram_user_id, nip, policy)
    raise Problem(N_("The NIP or the activation code does not match. Please check both and try again."))


async def _alert_owner(uow: UnitOfWork, employee: Employee, telegram_user_id: int, until: datetime) -> None:
    """Tell the linked owner privately, once per lockout, so nobody can keep them locked out unseen."""
    owner = await uow.accounts.linked_to(employee.id)
    if owner is None or owner.telegram_user_id == telegram_user_id:
        return  # nobody to tell, or the owner mistyped themselves
    if not await uow.accounts.claim_lockout_alert(owner.telegram_user_id, until, uow.clock()):
        return
    await enqueue(uow, employee_id=employee.id, kind="linking.lockout",
                  dedupe_key=f"linking:lockout:{employee.id}:{until.isoformat()}",
                  template=N_("⚠️ <b>Someone tried to link another Telegram account to your NIP</b> with wrong "
                              "activation codes. For your protection, linking with your NIP is locked until "
                              "{until}. Your own account stays linked and nothing else changed.\nIf this was not "
                              "you, please tell Kepegawaian (Subbag Umum dan Kepegawaian)."),
                  params={"until": until},
                  buttons=[[OutboxButton(N_("⬅️ Main menu"), callback_data=routes.MAIN_MENU.data())]])
    await uow.commit()


async def purge_failures(uow: UnitOfWork, older_than: datetime) -> None:
    await uow.codes.delete_failures_before(older_than)
    await uow.commit()
