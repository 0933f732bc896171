"""Queries over Telegram accounts, activation codes and failed linking attempts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from storage.models import ActivationCode, Employee, LinkFailure, TelegramAccount

# Built once: every update loads its sender this way, and constructing the query cost as much as running it.
_ACCOUNT_WITH_EMPLOYEE = (select(TelegramAccount)
                          .where(TelegramAccount.telegram_user_id == bindparam("telegram_user_id"))
                          .options(joinedload(TelegramAccount.employee).joinedload(Employee.roles)))


class AccountRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, telegram_user_id: int) -> TelegramAccount | None:
        result = await self.session.execute(_ACCOUNT_WITH_EMPLOYEE, {"telegram_user_id": telegram_user_id})
        return result.unique().scalar_one_or_none()

    async def linked_to(self, employee_id: int) -> TelegramAccount | None:
        return await self.session.scalar(select(TelegramAccount).where(TelegramAccount.employee_id == employee_id))

    def add(self, account: TelegramAccount) -> None:
        self.session.add(account)


class CodeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def current(self, employee_id: int) -> ActivationCode | None:
        """The newest code that was neither used nor replaced; it may have expired."""
        return await self.session.scalar(
            select(ActivationCode)
            .where(ActivationCode.employee_id == employee_id, ActivationCode.revoked_at.is_(None))
            .order_by(ActivationCode.created_at.desc(), ActivationCode.id.desc())
            .limit(1))

    async def revoke_unused(self, employee_id: int, now: datetime) -> None:
        await self.session.execute(
            update(ActivationCode)
            .where(ActivationCode.employee_id == employee_id, ActivationCode.used_at.is_(None),
                   ActivationCode.revoked_at.is_(None))
            .values(revoked_at=now))

    def add(self, code: ActivationCode) -> None:
        self.session.add(code)

    def record_failure(self, telegram_user_id: int, nip: str, at: datetime) -> None:
        self.session.add(LinkFailure(telegram_user_id=telegram_user_id, nip=nip, failed_at=at))

    async def delete_failures_before(self, moment: datetime) -> None:
        await self.session.execute(delete(LinkFailure).where(LinkFailure.failed_at < moment))

    async def failures_since(self, since: datetime, telegram_user_id: int,
                             nip: str | None) -> list[LinkFailure]:
        keys = [LinkFailure.telegram_user_id == telegram_user_id]
        if nip is not None:
            keys.append(LinkFailure.nip == nip)
        rows = await self.session.scalars(
            select(LinkFailure).where(LinkFailure.failed_at >= since, or_(*keys)).order_by(LinkFailure.failed_at))
        return list(rows)
