"""Linking a Telegram account to an employee record with NIP + one-time activation code.

Brute force is stopped per Telegram user and per NIP: after ``max_failures`` wrong pairs within
``window``, attempts are refused for ``lockout``. Wrong NIP and wrong code fail alike, so the bot
does not reveal which NIPs exist.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NoReturn

from storage.models import ActivationCode, Employee, TelegramAccount
from storage.nip import normalize_nip
from storage.problems import N_, Problem
from storage.repositories.audit import telegram_actor
from storage.services.codes import code_matches
from storage.services.employees import require_employees
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
    now = uow.clock()
    rows = await uow.codes.failures_since(now - policy.window - policy.lockout, telegram_user_id, nip)
    by_user = [row.failed_at for row in rows if row.telegram_user_id == telegram_user_id]
    by_nip = [row.failed_at for row in rows if nip is not None and row.nip == nip]
    ends = [end for end in (lockout_until(by_user, policy), lockout_until(by_nip, policy)) if end]
    if ends and max(ends) > now:
        raise LockedOut(N_("Too many wrong attempts. For your security, please try again after {retry_at}."),
                      retry_at=max(ends))


async def start_linking(uow: UnitOfWork, telegram_user_id: int, typed_nip: str, policy: LinkPolicy) -> str:
    """Validate the typed NIP and the lockout before asking for the code; return the normalised NIP."""
    nip = normalize_nip(typed_nip)
    await check_not_locked(uow, telegram_user_id, nip, policy)
    return nip


async def link_account(uow: UnitOfWork, *, telegram_user_id: int, chat_id: int, nip: str, typed_code: str,
                       policy: LinkPolicy) -> Employee:
    """Link on a correct, unexpired, unused code; a wrong pair is recorded (and committed) before raising."""
    await check_not_locked(uow, telegram_user_id, nip, policy)
    now = uow.clock()
    employee = await uow.employees.by_nip(nip)
    code = await uow.codes.current(employee.id) if employee and employee.active else None
    if code is None or not code_matches(typed_code, code.code_hash):
        await _record_failure(uow, telegram_user_id, nip, code, employee, policy)
    if code.used_at is not None:
        raise Problem(N_("This activation code has already been used. Ask HR (Subbag Kepegawaian) for a new one."))
    if code.expires_at <= now:
        raise Problem(N_("This activation code expired on {expired_at}. Ask HR (Subbag Kepegawaian) for a new one."),
                      expired_at=code.expires_at)

    code.used_at = now
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


async def _record_failure(uow: UnitOfWork, telegram_user_id: int, nip: str, code: ActivationCode | None,
                          employee: Employee | None, policy: LinkPolicy) -> NoReturn:
    uow.codes.record_failure(telegram_user_id, nip, uow.clock())
    if code is not None:
        code.failed_attempts += 1
    await uow.commit()
    await check_not_locked(uow, telegram_user_id, nip, policy)
    owner = await uow.accounts.linked_to(employee.id) if employee is not None else None
    if owner is not None and owner.telegram_user_id != telegram_user_id and (code is None or code.used_at):
        raise Problem(N_("This NIP is already linked to another Telegram account. Ask HR (Subbag Kepegawaian) "
                         "for a new activation code to move it to this account."))
    raise Problem(N_("The NIP or the activation code does not match. Please check both and try again."))


async def purge_failures(uow: UnitOfWork, older_than: datetime) -> None:
    await uow.codes.delete_failures_before(older_than)
    await uow.commit()
