"""Education levels (pendidikan) and kinds of post (jenis jabatan) as HR writes them in the employee file.

Both decide career rules: education sets the highest golongan a regular KP can reach, the kind of post
the retirement age (BUP). The tables with the numbers live in :mod:`storage.services.career`.
"""

from __future__ import annotations

import re
from enum import StrEnum

from storage.problems import N_, Problem


class Education(StrEnum):
    """Ijazah levels, lowest first (the order matters: a higher one never lowers the KP ceiling)."""

    SD = "SD"
    SLTP = "SLTP"
    SLTA = "SLTA"
    D1 = "D-I"
    D2 = "D-II"
    D3 = "D-III"
    D4 = "D-IV"
    S1 = "S1"
    S2 = "S2"
    S3 = "S3"


class PostKind(StrEnum):
    """Jenis jabatan: pejabat administrasi, jabatan fungsional (JF) by level, and JPT."""

    PELAKSANA = "pelaksana"
    PENGAWAS = "pengawas"
    ADMINISTRATOR = "administrator"
    JF_AHLI_PERTAMA = "jf_ahli_pertama"
    JF_AHLI_MUDA = "jf_ahli_muda"
    JF_AHLI_MADYA = "jf_ahli_madya"
    JF_AHLI_UTAMA = "jf_ahli_utama"
    JF_KETERAMPILAN = "jf_keterampilan"
    JPT = "jpt"


POST_KIND_LABELS = {
    PostKind.PELAKSANA: N_("Pelaksana"),
    PostKind.PENGAWAS: N_("Pengawas"),
    PostKind.ADMINISTRATOR: N_("Administrator"),
    PostKind.JF_AHLI_PERTAMA: N_("JF Ahli Pertama"),
    PostKind.JF_AHLI_MUDA: N_("JF Ahli Muda"),
    PostKind.JF_AHLI_MADYA: N_("JF Ahli Madya"),
    PostKind.JF_AHLI_UTAMA: N_("JF Ahli Utama"),
    PostKind.JF_KETERAMPILAN: N_("JF Keterampilan"),
    PostKind.JPT: N_("JPT"),
}

_EDUCATION_SPELLINGS = {
    "sd": Education.SD, "mi": Education.SD,
    "sltp": Education.SLTP, "smp": Education.SLTP, "mts": Education.SLTP,
    "slta": Education.SLTA, "sma": Education.SLTA, "smk": Education.SLTA, "ma": Education.SLTA,
    "d1": Education.D1, "di": Education.D1, "d2": Education.D2, "dii": Education.D2,
    "d3": Education.D3, "diii": Education.D3, "d4": Education.D4, "div": Education.D4,
    "s1": Education.S1, "s2": Education.S2, "s3": Education.S3,
}
_POST_KIND_SPELLINGS = {
    "pelaksana": PostKind.PELAKSANA, "pengawas": PostKind.PENGAWAS, "administrator": PostKind.ADMINISTRATOR,
    "jfahlipertama": PostKind.JF_AHLI_PERTAMA, "ahlipertama": PostKind.JF_AHLI_PERTAMA,
    "jfahlimuda": PostKind.JF_AHLI_MUDA, "ahlimuda": PostKind.JF_AHLI_MUDA,
    "jfahlimadya": PostKind.JF_AHLI_MADYA, "ahlimadya": PostKind.JF_AHLI_MADYA,
    "jfahliutama": PostKind.JF_AHLI_UTAMA, "ahliutama": PostKind.JF_AHLI_UTAMA,
    "jfketerampilan": PostKind.JF_KETERAMPILAN, "keterampilan": PostKind.JF_KETERAMPILAN,
    "jfterampil": PostKind.JF_KETERAMPILAN, "terampil": PostKind.JF_KETERAMPILAN,
    "jpt": PostKind.JPT, "jptpratama": PostKind.JPT, "jptmadya": PostKind.JPT, "jptutama": PostKind.JPT,
}
_NOT_LETTERS = re.compile(r"[^a-z0-9]")


def parse_education(raw: str) -> Education:
    """``S1``, ``s-1``, ``D III``, ``D3``, ``SMA``, ``SMK``… (any case, with or without separators)."""
    key = _NOT_LETTERS.sub("", raw.lower())
    if key in _EDUCATION_SPELLINGS:
        return _EDUCATION_SPELLINGS[key]
    raise Problem(N_("“{value}” is not an education level: write SD, SLTP, SLTA, D-I, D-II, D-III, D-IV, S1, S2 "
                     "or S3."), value=raw)


def parse_post_kind(raw: str) -> PostKind:
    """``pelaksana``, ``JF Ahli Muda``, ``ahli muda``, ``JF keterampilan``, ``JPT Pratama``…"""
    key = _NOT_LETTERS.sub("", raw.lower()).replace("fungsional", "jf")
    if key in _POST_KIND_SPELLINGS:
        return _POST_KIND_SPELLINGS[key]
    raise Problem(N_("“{value}” is not a kind of post: write pelaksana, pengawas, administrator, JF ahli "
                     "pertama, JF ahli muda, JF ahli madya, JF ahli utama, JF keterampilan or JPT."), value=raw)
