import re

import pytest

from storage.nip import format_nip, looks_like_nip, normalize_nip
from storage.problems import Problem
from storage.ranks import normalize_pns_grade, normalize_pppk_grade, pns_rank_name


@pytest.mark.parametrize("typed", ["198503152010011001", "19850315 201001 1 001", " 19850315-201001-1-001 ",
                                   "19850315.201001.1.001"])
def test_nip_typed_with_separators_is_normalised(typed):
    assert normalize_nip(typed, civil_servant=True) == "198503152010011001"


@pytest.mark.parametrize("typed, message", [
    ("", "The NIP is empty."),
    ("19850315201001100", "A NIP has 18 digits; this one has {count}."),
    ("1985031520100110011", "A NIP has 18 digits; this one has {count}."),
    ("19850315201001100A", "A NIP contains digits only (spaces are fine); “{character}” is not a digit."),
    ("NIP saya 1985", "A NIP contains digits only (spaces are fine); “{character}” is not a digit."),
    ("1985031520100110⅓", "A NIP contains digits only (spaces are fine); “{character}” is not a digit."),
    ("198502302010011001", "The first 8 digits of a NIP are the birth date (YYYYMMDD); {digits} is not a valid date."),
    ("198513152010011001", "The first 8 digits of a NIP are the birth date (YYYYMMDD); {digits} is not a valid date."),
])
def test_malformed_nips_are_rejected(typed, message):
    with pytest.raises(Problem, match=re.escape(message)) as caught:
        normalize_nip(typed, civil_servant=True)
    assert caught.value.message == message


@pytest.mark.parametrize("nip, fragment", [
    ("198503152010131001", "valid month"),
    ("198503152002011001", "18th birthday"),
    ("198503152010013001", "sex"),
])
def test_pns_only_parts_are_checked_for_pns(nip, fragment):
    with pytest.raises(Problem, match=fragment) as caught:
        normalize_nip(nip, civil_servant=True)
    assert fragment in caught.value.message
    assert normalize_nip(nip) == nip  # a PPPK number shares only length, digits and birth date


@pytest.mark.parametrize("typed", ["１９８５０３１５２０１００１１００１", "19850315 201001 1 00¹",
                                   "١٩٨٥٠٣١٥٢٠١٠٠١١٠٠١", "۱۹۸۵۰۳۱۵۲۰۱۰۰۱۱۰۰۱"])
@pytest.mark.parametrize("civil_servant", [True, False])
def test_digits_of_other_scripts_are_stored_as_ascii(typed, civil_servant):
    """Full-width, superscript, Arabic-Indic and Persian digits. Deliberate bugs caught: without the folding a
    superscript crashed the PNS path with ValueError (``int("¹")``) and the PPPK path stored the NIP
    non-ASCII, so the same person could have two records."""
    assert normalize_nip(typed, civil_servant=civil_servant) == "198503152010011001"
    assert looks_like_nip(typed)


def test_sequence_000_is_refused_for_pns():
    """Deliberate bug caught: the sequence check left out (000 accepted)."""
    with pytest.raises(Problem, match="sequence number from 001"):
        normalize_nip("198503152010011000", civil_servant=True)
    assert normalize_nip("198503152010011001", civil_servant=True) == "198503152010011001"


def test_nip_formatting_matches_sk_documents():
    assert format_nip("198503152010011001") == "19850315 201001 1 001"


@pytest.mark.parametrize("typed, grade", [("III/a", "III/a"), ("iii/a", "III/a"), ("III a", "III/a"),
                                          ("3a", "III/a"), ("IV/E", "IV/e"), ("2-d", "II/d")])
def test_pns_grades_are_normalised(typed, grade):
    assert normalize_pns_grade(typed) == grade


@pytest.mark.parametrize("typed", ["III/f", "V/a", "IX", "", "Penata"])
def test_unknown_pns_grades_are_rejected(typed):
    with pytest.raises(Problem, match="is not a PNS golongan"):
        normalize_pns_grade(typed)


@pytest.mark.parametrize("typed, grade", [("ix", "IX"), ("9", "IX"), ("XVII", "XVII"), ("1", "I")])
def test_pppk_grades_are_normalised(typed, grade):
    assert normalize_pppk_grade(typed) == grade


@pytest.mark.parametrize("typed", ["XVIII", "0", "18", "III/a"])
def test_unknown_pppk_grades_are_rejected(typed):
    with pytest.raises(Problem, match="is not a PPPK golongan"):
        normalize_pppk_grade(typed)


def test_rank_names_follow_the_golongan():
    assert pns_rank_name("III/a") == "Penata Muda"
    assert pns_rank_name("IV/e") == "Pembina Utama"
