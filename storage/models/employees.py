"""Employee records and the roles granted on them."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Boolean, Date, ForeignKey, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, UTCDateTime


class EmployeeKind(StrEnum):
    PNS = "PNS"
    PPPK = "PPPK"


class Role(StrEnum):
    HR = "hr"


class Employee(Base):
    __tablename__ = "employees"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nip: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(4))
    grade: Mapped[str | None] = mapped_column(String(8))
    position: Mapped[str | None] = mapped_column(String(200))
    unit: Mapped[str | None] = mapped_column(String(200), index=True)
    position_since: Mapped[date | None] = mapped_column(Date)  # TMT jabatan: start in the current post
    # Career data from the employee file (all optional): see storage.services.career for the rules using it.
    rank_since: Mapped[date | None] = mapped_column(Date)                 # TMT of the last golongan SK
    rank_service_years: Mapped[int | None] = mapped_column(SmallInteger)  # MKG stated on that SK
    rank_service_months: Mapped[int | None] = mapped_column(SmallInteger)
    education: Mapped[str | None] = mapped_column(String(8))     # storage.career_terms.Education
    post_kind: Mapped[str | None] = mapped_column(String(24))    # jenis jabatan, storage.career_terms.PostKind
    last_pay_rise_on: Mapped[date | None] = mapped_column(Date)  # TMT of the last KGB
    contract_start: Mapped[date | None] = mapped_column(Date)    # PPPK: TMT kontrak, starts each contract year
    contract_end: Mapped[date | None] = mapped_column(Date)      # PPPK
    birth_date: Mapped[date | None] = mapped_column(Date)        # only where the NIP cannot give it
    potential: Mapped[str | None] = mapped_column(String(10))    # potensial from assessment, storage.services.talent
    superior_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id", ondelete="SET NULL"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    superior: Mapped[Employee | None] = relationship(remote_side=[id], lazy="raise")
    roles: Mapped[list[RoleGrant]] = relationship(back_populates="employee", lazy="selectin",
                                                  cascade="all, delete-orphan")

    def has_role(self, role: Role) -> bool:
        return any(grant.role == role for grant in self.roles)


class RoleGrant(Base):
    __tablename__ = "role_grants"

    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(20), primary_key=True)
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime)

    employee: Mapped[Employee] = relationship(back_populates="roles", lazy="raise")
