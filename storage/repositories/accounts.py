"""Queries over Telegram accounts, activation codes and failed linking attempts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, delete, insert, or_, select, update
from sqlalchemy.orm import joinedload

from storage.models import ActivationCode, Employee, LinkFailure, TelegramAccount
from storage.repositories.base import Repository

# Built once: every update loads its sender this way, and constructing the query cost as much as running it.
_ACCOUNT_WITH_EMPLOYEE = (select(TelegramAccount)
                          .where(TelegramAccount.telegram_user_id == bindparam("telegram_user_id"))
                          .options(joinedload(TelegramAccount.employee).joinedload(Employee.roles)))
# Built once too: every stranger's /start asks it. A NIP of None compares as NULL, which matches no row.
_FAILURES_SINCE = (select(LinkFailure)
                   .where(LinkFailure.failed_at >= bindparam("since"),
                          or_(LinkFailure.telegram_user_id == bindparam("telegram_user_id"),
                              LinkFailure.nip == bindparam("nip")))
                   .order_by(LinkFailure.failed_at))


class AccountRepository(Repository):
    async def get(self, telegram_user_id: int) -> TelegramAccount | None:
        result = await self.session.execute(_ACCOUNT_WITH_EMPLOYEE, {"telegram_user_id": telegram_user_id})
        return result.unique().scalar_one_or_none()

    async def linked_to(self, employee_id: int) -> TelegramAccount | None:
        return await self.session.scalar(select(TelegramAccount).where(TelegramAccount.employee_id == employee_id))

    def add(self, account: TelegramAccount) -> None:
        self.session.add(account)

    async def claim_lockout_alert(self, telegram_user_id: int, until: datetime, now: datetime) -> bool:
        """Note that the owner is told of a lockout lasting until ``until``, unless they were told of this one
        already; whether they should be told (exactly one of several attempts at once gets True)."""
        result = await self.session.execute(
            update(TelegramAccount).where(
                TelegramAccount.telegram_user_id == telegram_user_id,
                or_(TelegramAccount.lockout_alert_until.is_(None), TelegramAccount.lockout_alert_until <= now))
            .values(lockout_alert_until=until))
        return result.rowcount == 1


class CodeRepository(Repository):
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

    async def use(self, code_id: int, now: datetime) -> bool:
        """Mark the code used if it still is usable; of two accounts typing it at once, exactly one gets True."""
        result = await self.session.execute(
            update(ActivationCode)
            .where(ActivationCode.id == code_id, ActivationCode.used_at.is_(None), ActivationCode.revoked_at.is_(None),
                   ActivationCode.expires_at > now)
            .values(used_at=now))
        return result.rowcount == 1

    async def count_failed_attempt(self, code_id: int) -> None:
        await self.session.execute(update(ActivationCode).where(ActivationCode.id == code_id)
                                   .values(failed_attempts=ActivationCode.failed_attempts + 1))

    async def record_attempt(self, telegram_user_id: int, nip: str, at: datetime) -> int:
        """Write an attempt down as a failure until it proves right; return its id."""
        return await self.session.scalar(
            insert(LinkFailure).values(telegram_user_id=telegram_user_id, nip=nip, failed_at=at)
            .returning(LinkFailure.id))

    async def forget_attempt(self, attempt_id: int) -> None:
        await self.session.execute(delete(LinkFailure).where(LinkFailure.id == attempt_id))

    async def delete_failures_before(self, moment: datetime) -> None:
        await self.session.execute(delete(LinkFailure).where(LinkFailure.failed_at < moment))

    async def failures_since(self, since: datetime, telegram_user_id: int,
                             nip: str | None) -> list[LinkFailure]:
        rows = await self.session.scalars(_FAILURES_SINCE, {"since": since, "telegram_user_id": telegram_user_id,
                                                            "nip": nip})
        return list(rows)
