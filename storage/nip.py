"""NIP (Nomor Induk Pegawai) validation, as in Perka BKN 22/2007.

PNS: 18 digits = birth date YYYYMMDD + TMT CPNS YYYYMM + sex digit (1/2) + 3-digit sequence.
PPPK numbers share the length and the leading birth date only.

Digits from other scripts (full-width １, superscript ², Arabic-Indic ٣) are read as the digits they are and
stored in ASCII, so the same person never has two NIPs.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from storage.problems import N_, Problem

NIP_LENGTH = 18
_SEPARATORS = re.compile(r"[\s.\-]+")


def looks_like_nip(raw: str) -> bool:
    """An 18-digit number, however spaced: typed where an activation code is expected, it is a corrected NIP
    (codes always contain letters), never a wrong code."""
    digits = _ascii_digits(_SEPARATORS.sub("", raw or ""))
    return len(digits) == NIP_LENGTH and digits.isascii() and digits.isdigit()


def normalize_nip(raw: str, *, civil_servant: bool = False, today: date | None = None) -> str:
    """Return the 18-digit ASCII NIP typed as ``raw`` (spaces, dots, dashes allowed) or raise Problem.

    With ``civil_servant`` the PNS-only parts (TMT CPNS, sex digit, sequence) are checked too. ``today`` (the
    caller's clock) decides what is in the future; without it, the calendar date here, since a birth date or
    TMT that is only a few hours ahead is not the mistake this catches.
    """
    nip = _ascii_digits(_SEPARATORS.sub("", raw or ""))
    if not nip:
        raise Problem(N_("The NIP is empty."))
    if stray := next((character for character in nip if character not in "0123456789"), None):
        raise Problem(N_("A NIP contains digits only (spaces are fine); “{character}” is not a digit."),
                      character=stray)
    if len(nip) != NIP_LENGTH:
        raise Problem(N_("A NIP has 18 digits; this one has {count}."), count=len(nip))
    today = today or date.today()
    birth = _birth_date(nip, today)
    if civil_servant:
        _check_pns_parts(nip, birth, today)
    return nip


def _ascii_digits(text: str) -> str:
    """Every decimal digit as its ASCII digit (NFKC folds full-width and superscript digits, and
    ``unicodedata.decimal`` the other scripts'); anything else is left for the caller to refuse."""
    return "".join(character if character.isascii() or unicodedata.decimal(character, None) is None
                   else str(unicodedata.decimal(character)) for character in unicodedata.normalize("NFKC", text))


def _birth_date(nip: str, today: date) -> date:
    try:
        birth = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        birth = None
    if birth is None or birth.year < 1900:
        raise Problem(N_("The first 8 digits of a NIP are the birth date (YYYYMMDD); {digits} is not a valid date."),
                      digits=nip[0:8])
    if birth > today:
        raise Problem(N_("The birth date in this NIP ({date}) is in the future."), date=birth)
    return birth


def _check_pns_parts(nip: str, birth: date, today: date) -> None:
    year, month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= month <= 12 or year < 1900:
        raise Problem(N_("Digits 9-14 of a NIP are the TMT CPNS (YYYYMM); {digits} is not a valid month."),
                      digits=nip[8:14])
    tmt = date(year, month, 1)  # a TMT is always the first of a month
    if tmt > today:
        raise Problem(N_("The TMT CPNS in this NIP ({digits}) is in the future."), digits=nip[8:14])
    if tmt < _eighteenth_birthday(birth):
        raise Problem(N_("The TMT CPNS in this NIP ({digits}) is before the 18th birthday."), digits=nip[8:14])
    if nip[14] not in "12":
        raise Problem(N_("Digit 15 of a NIP is the sex (1 or 2); it is {digit}."), digit=nip[14])
    if nip[15:18] == "000":
        raise Problem(N_("The last 3 digits of a NIP are a sequence number from 001; 000 is not one."))


def _eighteenth_birthday(birth: date) -> date:
    """Someone born on 29 February turns 18 on 1 March of a common year."""
    try:
        return birth.replace(year=birth.year + 18)
    except ValueError:
        return date(birth.year + 18, 3, 1)


def format_nip(nip: str) -> str:
    """Group a NIP the way it is printed on SK documents: ``19850315 201001 1 001``."""
    return f"{nip[0:8]} {nip[8:14]} {nip[14]} {nip[15:18]}"
