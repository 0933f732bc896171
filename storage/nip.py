"""NIP (Nomor Induk Pegawai) validation, as in Perka BKN 22/2007.

PNS: 18 digits = birth date YYYYMMDD + TMT CPNS YYYYMM + sex digit (1/2) + 3-digit sequence.
PPPK numbers share the length and the leading birth date only.
"""

from __future__ import annotations

import re
from datetime import date

from storage.problems import N_, Problem

NIP_LENGTH = 18
_SEPARATORS = re.compile(r"[\s.\-]+")


def looks_like_nip(raw: str) -> bool:
    """An 18-digit number, however spaced: typed where an activation code is expected, it is a corrected NIP
    (codes always contain letters), never a wrong code."""
    return len(digits := _SEPARATORS.sub("", raw or "")) == NIP_LENGTH and digits.isdigit()


def normalize_nip(raw: str, *, civil_servant: bool = False) -> str:
    """Return the 18-digit NIP typed as ``raw`` (spaces, dots, dashes allowed) or raise Problem.

    With ``civil_servant`` the PNS-only parts (TMT CPNS, sex digit) are checked too.
    """
    nip = _SEPARATORS.sub("", raw or "")
    if not nip:
        raise Problem(N_("The NIP is empty."))
    if not nip.isdigit():
        raise Problem(N_("A NIP contains digits only (spaces are fine)."))
    if len(nip) != NIP_LENGTH:
        raise Problem(N_("A NIP has 18 digits; this one has {count}."), count=len(nip))
    birth = _birth_date(nip)
    if civil_servant:
        _check_pns_parts(nip, birth)
    return nip


def _birth_date(nip: str) -> date:
    try:
        birth = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        birth = None
    if birth is None or birth.year < 1900:
        raise Problem(N_("The first 8 digits of a NIP are the birth date (YYYYMMDD); {digits} is not a valid date."),
                      digits=nip[0:8])
    return birth


def _check_pns_parts(nip: str, birth: date) -> None:
    year, month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= month <= 12 or year < 1900:
        raise Problem(N_("Digits 9-14 of a NIP are the TMT CPNS (YYYYMM); {digits} is not a valid month."),
                      digits=nip[8:14])
    if (year, month) < (birth.year + 18, birth.month):
        raise Problem(N_("The TMT CPNS in this NIP ({digits}) is before the 18th birthday."), digits=nip[8:14])
    if nip[14] not in "12":
        raise Problem(N_("Digit 15 of a NIP is the sex (1 or 2); it is {digit}."), digit=nip[14])


def format_nip(nip: str) -> str:
    """Group a NIP the way it is printed on SK documents: ``19850315 201001 1 001``."""
    return f"{nip[0:8]} {nip[8:14]} {nip[14]} {nip[15:18]}"
