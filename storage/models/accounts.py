"""Telegram accounts, activation codes and failed linking attempts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, UTCDateTime
from storage.models.employees import Employee


class TelegramAccount(Base):
    """A Telegram user who has talked to the bot; linked once ``employee_id`` is set."""

    __tablename__ = "telegram_accounts"

    telegram_user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    language: Mapped[str | None] = mapped_column(String(5))
    employee_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="SET NULL"), unique=True)
    linked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    blocked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # End of the latest lockout of this account's NIP the owner was told about: once per lockout, not per attempt.
    lockout_alert_until: Mapped[datetime | None] = mapped_column(UTCDateTime)

    employee: Mapped[Employee | None] = relationship(lazy="raise")


class ActivationCode(Base):
    """A one-time code HR hands out; only a salted hash is kept."""

    __tablename__ = "activation_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)


class LinkFailure(Base):
    """A wrong NIP/code pair, counted per Telegram user and per NIP for the brute-force lockout.

    Written before the code is compared, so attempts at the same moment count each other; removed again
    when the code turns out right."""

    __tablename__ = "link_failures"
    __table_args__ = (
        Index("ix_link_failures_user_at", "telegram_user_id", "failed_at"),
        Index("ix_link_failures_nip_at", "nip", "failed_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    telegram_user_id: Mapped[int] = mapped_column(BigInteger)
    nip: Mapped[str] = mapped_column(String(18))
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime)
