"""Activation codes: HR issues them, an employee types one once to link Telegram to their record."""

from __future__ import annotations

import functools
import hashlib
import hmac
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from storage.models import ActivationCode, Employee
from storage.problems import N_, Problem
from storage.uow import UnitOfWork

# No 0/O, 1/I/L, 5/S, 2/Z: codes are read aloud and copied from paper.
ALPHABET = "346789ABCDEFGHJKMNPQRTUVWXY"
CODE_LENGTH = 10  # 27**10 ≈ 2**47: safe to keep only a hash, with an online lockout on top
_SCRYPT = {"n": 2**12, "r": 8, "p": 1, "dklen": 32}


def generate_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def normalize_code(typed: str) -> str:
    """Accept what people type: lower case, spaces, dashes; ``o``/``0``... stay wrong rather than guessed."""
    return re.sub(r"[\s\-]+", "", typed or "").upper()


def hash_code(code: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(normalize_code(code).encode(), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def code_matches(code: str, stored: str) -> bool:
    _, salt, digest = stored.split("$")
    candidate = hashlib.scrypt(normalize_code(code).encode(), salt=bytes.fromhex(salt), **_SCRYPT)
    return hmac.compare_digest(candidate.hex(), digest)


@functools.cache
def decoy_hash() -> str:
    """Compared against when a NIP has no code, so an unknown NIP takes as long to refuse as a known one."""
    return hash_code(generate_code())


@dataclass(frozen=True)
class IssuedCode:
    nip: str
    name: str
    code: str


async def issue_codes(uow: UnitOfWork, employees: Sequence[Employee], *, ttl: timedelta,
                      actor: str) -> list[IssuedCode]:
    """Give each employee a fresh code, replacing any unused one; the caller commits."""
    now = uow.clock()
    issued = []
    for employee in employees:
        if not employee.active:
            raise Problem(N_("Employee {nip} is inactive; no code was issued."), nip=employee.nip)
        await uow.codes.revoke_unused(employee.id, now)
        code = generate_code()
        uow.codes.add(ActivationCode(employee_id=employee.id, code_hash=hash_code(code), created_at=now,
                                     expires_at=now + ttl, failed_attempts=0))
        uow.audit.record(actor, "code.issued", employee.nip, expires_at=(now + ttl).isoformat())
        issued.append(IssuedCode(employee.nip, employee.name, code))
    return issued
