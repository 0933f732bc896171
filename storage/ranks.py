"""Golongan (rank groups) of PNS and PPPK, normalised from what spreadsheets contain."""

from __future__ import annotations

import re

from storage.problems import N_, Problem

PNS_RANKS: dict[str, str] = {
    "I/a": "Juru Muda", "I/b": "Juru Muda Tingkat I", "I/c": "Juru", "I/d": "Juru Tingkat I",
    "II/a": "Pengatur Muda", "II/b": "Pengatur Muda Tingkat I", "II/c": "Pengatur", "II/d": "Pengatur Tingkat I",
    "III/a": "Penata Muda", "III/b": "Penata Muda Tingkat I", "III/c": "Penata", "III/d": "Penata Tingkat I",
    "IV/a": "Pembina", "IV/b": "Pembina Tingkat I", "IV/c": "Pembina Utama Muda", "IV/d": "Pembina Utama Madya",
    "IV/e": "Pembina Utama",
}
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
          "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII"]
PPPK_GRADES: tuple[str, ...] = tuple(_ROMAN)
_PNS_PATTERN = re.compile(r"^(IV|III|II|I|[1-4])\s*[/\-. ]?\s*([A-E])$", re.IGNORECASE)


def normalize_pns_grade(raw: str) -> str:
    """``"iii/a"``, ``"III a"``, ``"3a"`` → ``"III/a"``; raise Problem for anything else."""
    match = _PNS_PATTERN.match(raw.strip())
    if match:
        group = match.group(1).upper()
        group = _ROMAN[int(group) - 1] if group.isdigit() else group
        grade = f"{group}/{match.group(2).lower()}"
        if grade in PNS_RANKS:
            return grade
    raise Problem(N_("“{value}” is not a PNS golongan (I/a to IV/e)."), value=raw)


def normalize_pppk_grade(raw: str) -> str:
    """``"ix"``, ``"9"`` → ``"IX"``; PPPK golongan run from I to XVII."""
    value = raw.strip().upper()
    if value.isdigit() and 1 <= int(value) <= len(_ROMAN):
        return _ROMAN[int(value) - 1]
    if value in _ROMAN:
        return value
    raise Problem(N_("“{value}” is not a PPPK golongan (I to XVII)."), value=raw)


def pns_rank_name(grade: str) -> str | None:
    """The pangkat belonging to a PNS golongan, e.g. ``"III/a"`` → ``"Penata Muda"``."""
    return PNS_RANKS.get(grade)
