"""The career rules on their own (no database): KP periods and windows, predikat, the education ceiling, KGB
parity, BUP by kind of post, PPPK contracts, time in post; with dates on each side of every boundary."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from storage.career_terms import Education, PostKind, parse_education, parse_post_kind
from storage.models import EmployeeKind
from storage.problems import Problem
from storage.ratings import Predikat
from storage.services.career import (
    CareerFacts,
    CareerPolicy,
    Check,
    TenureState,
    kp_window,
    outlook,
    pay_rise,
    pension,
    post_tenure,
    promotion,
)
from storage.services.career_dates import Span, add_months, months_between

POLICY = CareerPolicy()
GOOD = {2024: Predikat.GOOD, 2025: Predikat.VERY_GOOD}
# Born 15 March 1985, CPNS January 2010.
BUDI = CareerFacts(employee_id=1, nip="198503152010011001", kind=EmployeeKind.PNS, grade="III/b",
                   rank_since=date(2022, 4, 1), rank_service=Span(8 * 12), education=Education.S1,
                   post_kind=PostKind.PELAKSANA, annual_predikats=GOOD)


def test_months_between_counts_whole_months_only():
    assert months_between(date(2022, 4, 1), date(2026, 3, 31)) == 47
    assert months_between(date(2022, 4, 1), date(2026, 4, 1)) == 48
    assert months_between(date(2024, 1, 31), date(2024, 2, 28)) == 0
    assert months_between(date(2024, 1, 31), date(2024, 2, 29)) == 1  # month end to month end
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)


def test_usulan_window_is_16th_of_m_minus_2_to_15th_of_m_minus_1():
    assert kp_window(date(2026, 4, 1), POLICY) == (date(2026, 2, 16), date(2026, 3, 15))
    assert kp_window(date(2026, 1, 1), POLICY) == (date(2025, 11, 16), date(2025, 12, 15))


def test_kp_exactly_at_four_years_is_that_period():
    """TMT pangkat 1 April 2022: four years on 1 April 2026, the period of that very day (a `>` instead of `>=`
    would move it to May)."""
    kp = promotion(BUDI, date(2026, 2, 16), POLICY)
    assert (kp.next_grade, kp.period) == ("III/c", date(2026, 4, 1))
    assert (kp.window_opens, kp.window_closes) == (date(2026, 2, 16), date(2026, 3, 15))
    assert [r.check for r in kp.requirements] == [Check.NOT_YET, Check.MET, Check.MET, Check.MET]
    assert kp.eligible


def test_one_day_short_of_four_years_moves_to_the_next_period():
    kp = promotion(replace(BUDI, rank_since=date(2022, 4, 2)), date(2026, 2, 16), POLICY)
    assert kp.period == date(2026, 5, 1)


def test_a_closed_window_moves_to_the_next_period():
    """On 16 March the April window (to 15 March) has closed: the next chance is May."""
    assert promotion(BUDI, date(2026, 3, 15), POLICY).period == date(2026, 4, 1)
    assert promotion(BUDI, date(2026, 3, 16), POLICY).period == date(2026, 5, 1)


def test_old_april_october_scheme():
    old = CareerPolicy(kp_period_months=(4, 10))
    assert promotion(BUDI, date(2026, 3, 16), old).period == date(2026, 10, 1)
    assert promotion(BUDI, date(2026, 1, 5), old).period == date(2026, 4, 1)


def test_butuh_perbaikan_two_years_ago_postpones_until_that_year_no_longer_counts():
    """2024 Butuh Perbaikan: usulan made in 2026 look at 2024 and 2025, so the first period whose window opens
    in 2027 (March 2027, window from 16 January) is the earliest, and it waits for the 2026 result."""
    facts = replace(BUDI, annual_predikats={2024: Predikat.NEEDS_IMPROVEMENT, 2025: Predikat.GOOD})
    kp = promotion(facts, date(2026, 2, 16), POLICY)
    assert kp.postponed_by == (2024, Predikat.NEEDS_IMPROVEMENT)
    assert kp.period == date(2027, 3, 1)
    assert kp.window_opens == date(2027, 1, 16)
    predikat_checks = [(r.params["year"], r.check) for r in kp.requirements if "year" in r.params]
    assert predikat_checks == [("2025", Check.MET), ("2026", Check.NOT_YET)]


def test_predikat_not_out_yet_is_waited_for_not_missing():
    facts = replace(BUDI, annual_predikats={2024: Predikat.GOOD})
    kp = promotion(facts, date(2026, 2, 16), POLICY)
    assert [(r.params["year"], r.check) for r in kp.requirements if "year" in r.params] == [
        ("2024", Check.MET), ("2025", Check.NOT_YET)]
    assert kp.eligible


def test_iii_d_with_s1_has_reached_the_ceiling_and_s2_lifts_it():
    kp = promotion(replace(BUDI, grade="III/d"), date(2026, 2, 16), POLICY)
    assert kp.ceiling_reached and kp.period is None and not kp.eligible
    assert (kp.ceiling, kp.lifting_education) == ("III/d", Education.S2)
    assert kp.requirements[0].check == Check.NOT_MET


def test_iii_c_with_s1_is_within_the_ceiling():
    kp = promotion(replace(BUDI, grade="III/c"), date(2026, 2, 16), POLICY)
    assert not kp.ceiling_reached and kp.next_grade == "III/d" and kp.eligible


def test_the_ceiling_table_is_configurable():
    raised = CareerPolicy(education_ceilings={**POLICY.education_ceilings, Education.S1: "IV/a"})
    assert not promotion(replace(BUDI, grade="III/d"), date(2026, 2, 16), raised).ceiling_reached


def test_missing_data_is_named():
    kp = promotion(replace(BUDI, rank_since=None, education=None), date(2026, 2, 16), POLICY)
    assert kp.period is None
    assert [r.check for r in kp.requirements] == [Check.MISSING, Check.MISSING]
    assert "TMT pangkat" in kp.requirements[0].message and "Education" in kp.requirements[1].message


def test_top_of_the_scale_has_no_next_grade():
    kp = promotion(replace(BUDI, grade="IV/e"), date(2026, 2, 16), POLICY)
    assert kp.next_grade is None and kp.period is None and kp.requirements == ()


def test_kgb_golongan_ii_at_odd_mkg_years():
    """II/a with MKG 2 years 0 months on 1 March 2024: the next odd MKG is 3, on 1 March 2025; then 5 (2027)."""
    facts = replace(BUDI, grade="II/a", rank_since=date(2024, 3, 1), rank_service=Span(24))
    kgb = pay_rise(facts, date(2025, 3, 1), POLICY)
    assert (kgb.tmt, kgb.service_years, kgb.notice_on) == (date(2025, 3, 1), 3, date(2025, 1, 1))
    assert pay_rise(facts, date(2025, 3, 2), POLICY).tmt == date(2027, 3, 1)


def test_kgb_golongan_iii_at_even_mkg_years():
    """III/a with MKG 2 years 6 months on 1 January 2024: MKG 4 comes on 1 July 2025."""
    facts = replace(BUDI, grade="III/a", rank_since=date(2024, 1, 1), rank_service=Span(30))
    kgb = pay_rise(facts, date(2025, 1, 1), POLICY)
    assert (kgb.tmt, kgb.service_years, kgb.notice_on) == (date(2025, 7, 1), 4, date(2025, 5, 1))
    three_months = CareerPolicy(kgb_notice_months=3)
    assert pay_rise(facts, date(2025, 1, 1), three_months).notice_on == date(2025, 4, 1)


def test_kgb_from_the_last_kgb_every_two_years():
    facts = replace(BUDI, last_pay_rise_on=date(2024, 10, 1))
    assert pay_rise(facts, date(2026, 10, 1), POLICY).tmt == date(2026, 10, 1)
    assert pay_rise(facts, date(2026, 10, 2), POLICY).tmt == date(2028, 10, 1)


def test_kgb_with_a_poor_result_may_be_postponed():
    facts = replace(BUDI, annual_predikats={2025: Predikat.POOR})
    assert pay_rise(facts, date(2026, 2, 1), POLICY).requirements[0].check == Check.NOT_MET


@pytest.mark.parametrize(("kind", "age", "tmt"), [
    (PostKind.PELAKSANA, 58, date(2043, 4, 1)),
    (PostKind.JF_AHLI_MADYA, 60, date(2045, 4, 1)),
    (PostKind.JPT, 60, date(2045, 4, 1)),
    (PostKind.JF_AHLI_UTAMA, 65, date(2050, 4, 1)),
])
def test_bup_by_kind_of_post_and_tmt_the_first_of_the_next_month(kind, age, tmt):
    """Born 15 March 1985: BUP reached in March, pension TMT 1 April."""
    found = pension(replace(BUDI, post_kind=kind), date(2026, 1, 1), POLICY)
    assert (found.age, found.tmt, found.notice_on) == (age, tmt, add_months(tmt, -12))


def test_bup_shown_from_five_years_before():
    facts = replace(BUDI, post_kind=PostKind.PELAKSANA)
    assert not pension(facts, date(2038, 3, 31), POLICY).shown
    assert pension(facts, date(2038, 4, 1), POLICY).shown


def test_bup_born_in_december_retires_in_january():
    facts = replace(BUDI, nip="196812012000031001")
    assert pension(facts, date(2026, 1, 1), POLICY).tmt == date(2027, 1, 1)


def test_bup_without_kind_of_post_names_it():
    found = pension(replace(BUDI, post_kind=None), date(2026, 1, 1), POLICY)
    assert found.tmt is None and found.requirements[0].check == Check.MISSING


def test_pppk_contract_end_and_extension_proposal_six_months_before():
    facts = CareerFacts(employee_id=2, nip="199404172022212006", kind=EmployeeKind.PPPK, grade="IX",
                        contract_end=date(2027, 3, 31), post_kind=PostKind.JF_AHLI_PERTAMA,
                        annual_predikats={2025: Predikat.GOOD})
    found = outlook(facts, date(2026, 9, 30), POLICY)
    assert found.promotion is None and found.pay_rise is None
    assert (found.contract.ends_on, found.contract.proposal_due) == (date(2027, 3, 31), date(2026, 9, 30))
    assert found.contract.requirements[0].check == Check.MET
    assert found.pension.tmt == date(2052, 5, 1)
    missing = outlook(replace(facts, contract_end=None), date(2026, 9, 30), POLICY).contract
    assert missing.ends_on is None and missing.requirements[0].check == Check.MISSING


def test_masa_kerja_golongan_and_overall():
    found = outlook(BUDI, date(2026, 3, 31), POLICY)
    assert found.rank_service == Span(8 * 12 + 47)    # MKG 8 years on the SK + 3 years 11 months
    assert found.overall_service == Span(16 * 12 + 2)  # CPNS January 2010


def test_a_nip_without_dates_gives_no_service_length_and_no_crash():
    """Records that did not come through the import (demo data, a database filled by hand) may carry a NIP
    whose digits are no dates: the outlook says "not recorded" instead of failing for the whole office."""
    found = outlook(replace(BUDI, nip="123456780000001001"), date(2026, 3, 31), POLICY)
    assert found.overall_service is None and found.pension.tmt is None


def test_time_in_post_against_the_two_to_five_year_window():
    facts = replace(BUDI, position_since=date(2021, 6, 1))
    assert post_tenure(facts, date(2023, 5, 31), POLICY).state == TenureState.EARLY
    assert post_tenure(facts, date(2023, 6, 1), POLICY).state == TenureState.WITHIN
    at_max = post_tenure(facts, date(2026, 6, 1), POLICY)
    assert (at_max.state, at_max.maximum_on, at_max.length) == (TenureState.OVERDUE, date(2026, 6, 1), Span(60))
    assert post_tenure(replace(facts, position_since=None), date(2026, 1, 1), POLICY).state == TenureState.UNKNOWN


def test_spellings_of_education_and_kind_of_post():
    assert parse_education("s-1") == Education.S1 and parse_education("D III") == Education.D3
    assert parse_education("SMK") == Education.SLTA
    assert parse_post_kind("JF Ahli Muda") == PostKind.JF_AHLI_MUDA
    assert parse_post_kind("Fungsional Keterampilan") == PostKind.JF_KETERAMPILAN
    with pytest.raises(Problem, match="education level"):
        parse_education("SMA kelas 2")
