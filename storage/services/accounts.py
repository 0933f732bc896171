"""A Telegram user's own account: who they are to the bot, their language, unlinking."""

from __future__ import annotations

from dataclasses import dataclass

from storage.models import Employee, Role, TelegramAccount
from storage.problems import N_, Problem
from storage.repositories.audit import telegram_actor
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class Viewer:
    """The person behind an update, as loaded once at the start of handling it."""

    telegram_user_id: int
    account: TelegramAccount | None

    @property
    def employee(self) -> Employee | None:
        return self.account.employee if self.account else None

    @property
    def language(self) -> str | None:
        return self.account.language if self.account else None

    @property
    def is_hr(self) -> bool:
        return self.employee is not None and self.employee.has_role(Role.HR)


async def load_viewer(uow: UnitOfWork, telegram_user_id: int) -> Viewer:
    return Viewer(telegram_user_id, await uow.accounts.get(telegram_user_id))


async def set_language(uow: UnitOfWork, viewer: Viewer, chat_id: int, language: str) -> None:
    account = viewer.account
    if account is None:
        account = TelegramAccount(telegram_user_id=viewer.telegram_user_id, chat_id=chat_id,
                                  created_at=uow.clock())
        uow.accounts.add(account)
    account.language = language
    await uow.commit()


async def unlink(uow: UnitOfWork, viewer: Viewer) -> Employee:
    """Detach the employee record from this Telegram account; HR must issue a new code to link again."""
    employee = viewer.employee
    if employee is None:
        raise Problem(N_("This Telegram account is not linked to any employee record."))
    viewer.account.employee_id = None
    viewer.account.linked_at = None
    uow.audit.record(telegram_actor(viewer.telegram_user_id), "account.unlinked", employee.nip)
    await uow.commit()
    return employee


async def mark_unblocked(uow: UnitOfWork, telegram_user_id: int) -> None:
    """They wrote to the bot again: messages may flow again."""
    account = await uow.accounts.get(telegram_user_id)
    if account is not None and account.blocked_at is not None:
        account.blocked_at = None
        await uow.commit()


async def mark_blocked(uow: UnitOfWork, telegram_user_id: int) -> None:
    """Telegram said 403: remember it so nothing is sent until the user talks to the bot again."""
    account = await uow.accounts.get(telegram_user_id)
    if account is not None and account.blocked_at is None:
        account.blocked_at = uow.clock()
        await uow.commit()
