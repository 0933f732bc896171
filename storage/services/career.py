"""Where an ASN's career stands on a given day and what comes next: the rules, without any database.

Kenaikan pangkat reguler (PP 99/2000 jo. PP 12/2002; periods by Peraturan BKN 4/2025), KGB (PP 7/1977
Art. 11-13), masa kerja, batas usia pensiun (PP 11/2017 Art. 239, UU 20/2023 Art. 55), PPPK contracts
(PermenPANRB 70/2020) and time in post (PP 11/2017 Art. 190). Each rule works on :class:`CareerFacts`
and a date, so the employee's screen, the reminders and Kepegawaian's planning report give the same
answer; :mod:`storage.services.career_outlooks` loads the facts, one employee or a whole office at once.
Each requirement says whether it is met, not yet met, or cannot be judged because data is missing, and
then which data.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from storage.career_terms import Education, PostKind
from storage.models import EmployeeKind
from storage.problems import N_
from storage.ranks import PNS_RANKS
from storage.ratings import Predikat
from storage.rendered import years as in_years
from storage.services.career_dates import Span, add_months, add_years, day_of_month, months_between

KP_YEARS_IN_RANK = 4       # PP 99/2000 Art. 7: at least 4 years in the current pangkat
KP_PREDIKAT_YEARS = 2      # predikat at least Baik in each of the last 2 years
KGB_INTERVAL_YEARS = 2     # PP 7/1977 Art. 11: every 2 years of MKG
GOOD_ENOUGH = (Predikat.VERY_GOOD, Predikat.GOOD)
PNS_GRADES = tuple(PNS_RANKS)  # I/a … IV/e, lowest first
ODD_MKG_GROUPS = ("I", "II")   # KGB at odd MKG years; III and IV at even ones
BUP_AGES: Mapping[PostKind, int] = {
    PostKind.PELAKSANA: 58, PostKind.PENGAWAS: 58, PostKind.ADMINISTRATOR: 58,
    PostKind.JF_AHLI_PERTAMA: 58, PostKind.JF_AHLI_MUDA: 58, PostKind.JF_KETERAMPILAN: 58,
    PostKind.JF_AHLI_MADYA: 60, PostKind.JPT: 60,
    PostKind.JF_AHLI_UTAMA: 65,
}
DEFAULT_EDUCATION_CEILINGS: Mapping[Education, str] = {
    Education.SD: "II/a", Education.SLTP: "II/c",
    Education.SLTA: "III/b", Education.D1: "III/b", Education.D2: "III/b",
    Education.D3: "III/c", Education.D4: "III/d", Education.S1: "III/d",
    Education.S2: "IV/a", Education.S3: "IV/b",
}


@dataclass(frozen=True)
class CareerPolicy:
    """The configurable numbers (README, Configuration); defaults as domain.md gives them."""

    education_ceilings: Mapping[Education, str] = field(default_factory=lambda: dict(DEFAULT_EDUCATION_CEILINGS))
    kp_period_months: tuple[int, ...] = tuple(range(1, 13))  # since Oct 2025 every month; old scheme (4, 10)
    kp_window_opens: tuple[int, int] = (2, 16)   # (months before the period, day): 16th of M-2
    kp_window_closes: tuple[int, int] = (1, 15)  # 15th of M-1
    kgb_notice_months: int = 2
    bup_notice_months: int = 12
    bup_shown_years: int = 5
    contract_notice_months: int = 6
    rotation_min_years: int = 2
    rotation_max_years: int = 5


class Check(StrEnum):
    MET = "met"            # ✅
    NOT_YET = "not_yet"    # ⏳ will be met by the date shown, or waits for a result not published yet
    MISSING = "missing"    # ❓ the data to judge it is not recorded
    NOT_MET = "not_met"    # ⛔ stands in the way


@dataclass(frozen=True)
class Requirement:
    """One line of a checklist: a msgid with its parameters (translated where it is shown) and its state."""

    check: Check
    message: str
    params: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class CareerFacts:
    """What the rules need to know about one employee, as stored."""

    employee_id: int
    nip: str
    kind: EmployeeKind
    grade: str | None = None
    rank_since: date | None = None           # TMT pangkat of the last golongan SK
    rank_service: Span | None = None         # MKG stated on that SK
    education: Education | None = None
    post_kind: PostKind | None = None
    last_pay_rise_on: date | None = None     # TMT of the last KGB
    contract_end: date | None = None
    birth_date: date | None = None           # from the file; otherwise read from the NIP
    position: str | None = None
    unit: str | None = None
    position_since: date | None = None
    annual_predikats: Mapping[int, Predikat] = field(default_factory=dict)  # year → predikat of the annual SKP
    first_appointment: date | None = None    # PPPK: earliest TMT in the history (PNS: TMT CPNS in the NIP)

    @property
    def born_on(self) -> date | None:
        if self.birth_date is not None:
            return self.birth_date
        try:
            return date(int(self.nip[0:4]), int(self.nip[4:6]), int(self.nip[6:8]))
        except ValueError:
            return None

    @property
    def appointed_on(self) -> date | None:
        """TMT CPNS from digits 9-14 of a PNS NIP; for a PPPK the first TMT on record. None when the digits are
        not a month (imports check PNS NIPs, but not every record came through an import)."""
        if self.kind != EmployeeKind.PNS:
            return self.first_appointment
        try:
            return date(int(self.nip[8:12]), int(self.nip[12:14]), 1)
        except ValueError:
            return None


@dataclass(frozen=True)
class Promotion:
    """The next kenaikan pangkat reguler: the earliest period, its usulan window, and the checklist."""

    grade: str | None
    next_grade: str | None
    period: date | None = None          # TMT of the KP (the 1st of a period month)
    window_opens: date | None = None
    window_closes: date | None = None
    requirements: tuple[Requirement, ...] = ()
    education: Education | None = None
    ceiling: str | None = None                       # highest golongan the education allows
    ceiling_reached: bool = False
    lifting_education: Education | None = None      # the lowest ijazah that would lift a reached ceiling
    postponed_by: tuple[int, Predikat] | None = None  # (year, predikat) that pushed the period later

    @property
    def unmet(self) -> tuple[Requirement, ...]:
        return tuple(requirement for requirement in self.requirements if requirement.check != Check.MET)

    @property
    def eligible(self) -> bool:
        """A period is known and nothing stands in its way but time and results still to come."""
        return self.period is not None and all(
            requirement.check in (Check.MET, Check.NOT_YET) for requirement in self.requirements)


@dataclass(frozen=True)
class PayRise:
    """The next KGB: its TMT, the MKG it comes at, and when the notice is due."""

    tmt: date | None
    notice_on: date | None
    service_years: int | None
    requirements: tuple[Requirement, ...]


@dataclass(frozen=True)
class Pension:
    """Retirement at the BUP: pension TMT is the 1st of the month after the BUP birthday."""

    post_kind: PostKind | None
    age: int | None
    tmt: date | None
    notice_on: date | None
    shown: bool  # within the years before it that the employee sees it (5 by default)
    requirements: tuple[Requirement, ...]


@dataclass(frozen=True)
class Contract:
    """A PPPK contract: when it ends and when the extension proposal is due."""

    ends_on: date | None
    proposal_due: date | None
    requirements: tuple[Requirement, ...]


class TenureState(StrEnum):
    UNKNOWN = "unknown"
    EARLY = "early"      # below the usual minimum
    WITHIN = "within"    # between minimum and maximum
    OVERDUE = "overdue"  # at or beyond the maximum


@dataclass(frozen=True)
class PostTenure:
    position: str | None
    unit: str | None
    since: date | None
    length: Span | None
    minimum_years: int
    maximum_years: int
    minimum_on: date | None  # the day the usual minimum is reached
    maximum_on: date | None  # the day the maximum is reached
    state: TenureState


@dataclass(frozen=True)
class CareerOutlook:
    """Everything about one employee's career on day ``on``: the employee's screen, the reminders and the
    planning report all read this."""

    employee_id: int
    on: date
    kind: EmployeeKind
    grade: str | None
    rank_since: date | None
    rank_service: Span | None     # masa kerja golongan on ``on``
    overall_service: Span | None  # masa kerja keseluruhan on ``on``
    promotion: Promotion | None   # PNS only
    pay_rise: PayRise | None
    pension: Pension
    contract: Contract | None     # PPPK only
    post: PostTenure


def outlook(facts: CareerFacts, on: date, policy: CareerPolicy) -> CareerOutlook:
    pns = facts.kind == EmployeeKind.PNS
    return CareerOutlook(
        employee_id=facts.employee_id, on=on, kind=facts.kind, grade=facts.grade, rank_since=facts.rank_since,
        rank_service=rank_service(facts, on), overall_service=overall_service(facts, on),
        promotion=promotion(facts, on, policy) if pns else None,
        pay_rise=pay_rise(facts, on, policy) if pns or facts.last_pay_rise_on else None,
        pension=pension(facts, on, policy),
        contract=None if pns else contract(facts, on, policy),
        post=post_tenure(facts, on, policy))


def rank_service(facts: CareerFacts, on: date) -> Span | None:
    """MKG = the MKG stated on the last golongan SK + the time since its TMT."""
    if facts.rank_since is None or facts.rank_service is None:
        return None
    return Span(max(facts.rank_service.months + months_between(facts.rank_since, on), 0))


def overall_service(facts: CareerFacts, on: date) -> Span | None:
    """MKS since the TMT CPNS (PNS) or the first appointment on record (PPPK)."""
    start = facts.appointed_on
    return None if start is None else Span(max(months_between(start, on), 0))


# --- kenaikan pangkat -------------------------------------------------------------------------------

def next_pns_grade(grade: str) -> str | None:
    index = PNS_GRADES.index(grade)
    return PNS_GRADES[index + 1] if index + 1 < len(PNS_GRADES) else None


def kp_window(period: date, policy: CareerPolicy) -> tuple[date, date]:
    """The usulan window for the period starting on ``period``: by default the 16th of M-2 to the 15th of M-1."""
    (open_before, open_day), (close_before, close_day) = policy.kp_window_opens, policy.kp_window_closes
    opens, closes = add_months(period, -open_before), add_months(period, -close_before)
    return day_of_month(opens.year, opens.month, open_day), day_of_month(closes.year, closes.month, close_day)


def kp_periods(policy: CareerPolicy, start: date) -> Iterator[date]:
    """Every KP period (1st of a period month) on or after ``start``."""
    year, month = start.year, start.month if start.day == 1 else start.month + 1
    while True:
        if month > 12:
            year, month = year + 1, 1
        if month in policy.kp_period_months:
            yield date(year, month, 1)
        month += 1


def promotion(facts: CareerFacts, on: date, policy: CareerPolicy) -> Promotion:
    if facts.grade not in PNS_GRADES:
        return Promotion(facts.grade, None, requirements=(Requirement(
            Check.MISSING, N_("Golongan is not recorded."), {}),))
    target = next_pns_grade(facts.grade)
    if target is None:
        return Promotion(facts.grade, None)  # IV/e: the top of the scale
    ceiling = policy.education_ceilings.get(facts.education) if facts.education else None
    if ceiling is not None and PNS_GRADES.index(target) > PNS_GRADES.index(ceiling):
        return _ceiling_reached(facts, target, ceiling, policy)
    ceiling_check = Requirement(Check.MISSING, N_("Education (pendidikan) is not recorded: it sets the highest "
                                                  "golongan a regular KP can reach."), {}) if ceiling is None \
        else Requirement(Check.MET, N_("{grade} is within the ceiling for {education} ({ceiling})."),
                         {"grade": target, "education": facts.education.value, "ceiling": ceiling})
    if facts.rank_since is None:
        return Promotion(facts.grade, target, education=facts.education, ceiling=ceiling, requirements=(
            Requirement(Check.MISSING, N_("TMT pangkat (date of the last golongan SK) is not recorded."), {}),
            ceiling_check))
    due = add_years(facts.rank_since, KP_YEARS_IN_RANK)
    period, postponed_by = _first_open_period(facts, max(due, on), on, policy)
    opens, closes = kp_window(period, policy)
    in_rank = Requirement(Check.MET if on >= due else Check.NOT_YET,
                          N_("{years} in golongan {grade} (since {since}): on {date}."),
                          {"years": in_years(KP_YEARS_IN_RANK), "grade": facts.grade, "since": facts.rank_since,
                           "date": due})
    return Promotion(facts.grade, target, period, opens, closes,
                     (in_rank, *_predikat_checks(facts, opens.year, on), ceiling_check),
                     education=facts.education, ceiling=ceiling, postponed_by=postponed_by)


def _first_open_period(facts: CareerFacts, earliest: date, on: date,
                       policy: CareerPolicy) -> tuple[date, tuple[int, Predikat] | None]:
    """The first period from ``earliest`` whose usulan window has not closed and whose two predikat years
    hold no result below Baik; a bad year moves the period to the first window opening when it no longer counts."""
    postponed_by = None
    periods = kp_periods(policy, earliest)
    period = next(periods)
    for _attempt in range(KP_PREDIKAT_YEARS + 2):  # each step skips a bad year; two years can be bad
        while kp_window(period, policy)[1] < on:
            period = next(periods)
        window_year = kp_window(period, policy)[0].year
        bad = [(year, facts.annual_predikats[year]) for year in _predikat_years(window_year)
               if year in facts.annual_predikats and facts.annual_predikats[year] not in GOOD_ENOUGH]
        if not bad:
            break
        postponed_by = max(bad)
        while kp_window(period, policy)[0].year <= postponed_by[0] + KP_PREDIKAT_YEARS:
            period = next(periods)
    return period, postponed_by


def _predikat_years(window_year: int) -> tuple[int, ...]:
    """The full years before the year the usulan is made in: their annual SKP results count."""
    return tuple(range(window_year - KP_PREDIKAT_YEARS, window_year))


def _predikat_checks(facts: CareerFacts, window_year: int, on: date) -> list[Requirement]:
    return [_predikat_check(facts, year, on) for year in _predikat_years(window_year)]


def _predikat_check(facts: CareerFacts, year: int, on: date) -> Requirement:
    predikat = facts.annual_predikats.get(year)
    if predikat is None:
        if _may_still_come(year, on):
            return Requirement(Check.NOT_YET, N_("Predikat {year} at least Baik: the annual result is not out "
                                                 "yet."), {"year": str(year)})
        return Requirement(Check.MISSING, N_("Predikat {year}: no annual SKP result is recorded."),
                           {"year": str(year)})
    return Requirement(Check.MET if predikat in GOOD_ENOUGH else Check.NOT_MET, N_("Predikat {year}: {predikat}."),
                       {"year": str(year), "predikat": predikat})


def _may_still_come(year: int, on: date) -> bool:
    """An annual result for a year not over yet, or one that ended less than a quarter ago."""
    return year >= on.year or (year == on.year - 1 and on.month <= 3)


def _ceiling_reached(facts: CareerFacts, target: str, ceiling: str, policy: CareerPolicy) -> Promotion:
    lifting = next((education for education in Education
                    if (limit := policy.education_ceilings.get(education)) is not None
                    and PNS_GRADES.index(limit) >= PNS_GRADES.index(target)), None)
    return Promotion(facts.grade, target, education=facts.education, ceiling=ceiling, ceiling_reached=True,
                     lifting_education=lifting,
                     requirements=(Requirement(
                         Check.NOT_MET, N_("{grade} is above the ceiling for {education} ({ceiling})."),
                         {"grade": target, "education": facts.education.value, "ceiling": ceiling}),))


# --- KGB ---------------------------------------------------------------------------------------------

def pay_rise(facts: CareerFacts, on: date, policy: CareerPolicy) -> PayRise:
    """Every 2 years of MKG: golongan I/II at odd MKG years, III/IV at even ones. From the last KGB's TMT
    when known, otherwise from the TMT and MKG of the last golongan SK."""
    tmt, service_years = _next_pay_rise(facts, on)
    if tmt is None:
        return PayRise(None, None, None, (Requirement(
            Check.MISSING, N_("TMT pangkat with the MKG of the last golongan SK, or the TMT of the last KGB, is not "
                              "recorded."), {}),))
    return PayRise(tmt, add_months(tmt, -policy.kgb_notice_months), service_years,
                   (_latest_predikat_check(facts, tmt, KGB_PERFORMANCE),))


def _next_pay_rise(facts: CareerFacts, on: date) -> tuple[date | None, int | None]:
    if facts.last_pay_rise_on is not None:
        tmt = add_years(facts.last_pay_rise_on, KGB_INTERVAL_YEARS)
        while tmt < on:
            tmt = add_years(tmt, KGB_INTERVAL_YEARS)
        service = rank_service(facts, tmt)
        return tmt, None if service is None else service.years
    if facts.rank_since is None or facts.rank_service is None or facts.grade is None:
        return None, None
    parity = 1 if facts.grade.split("/")[0] in ODD_MKG_GROUPS else 0
    stated = facts.rank_service.months
    years = stated // 12 + 1
    while True:
        if years % 2 == parity:
            tmt = add_months(facts.rank_since, years * 12 - stated)
            if tmt >= on:
                return tmt, years
        years += 1


KGB_PERFORMANCE = (N_("No annual SKP result is recorded; a KGB needs performance at least Baik."),
                   N_("Predikat {year}: {predikat}; the KGB may be postponed by up to a year."))
EXTENSION_PERFORMANCE = (N_("No annual SKP result is recorded; an extension depends on performance."),
                         N_("Predikat {year}: {predikat}; an extension depends on performance."))


def _latest_predikat_check(facts: CareerFacts, before: date, messages: tuple[str, str]) -> Requirement:
    """The latest annual result before ``before``; ``messages`` say what is missing and what falls short."""
    missing, short = messages
    years = [year for year in facts.annual_predikats if year < before.year]
    if not years:
        return Requirement(Check.MISSING, missing, {})
    year = max(years)
    predikat = facts.annual_predikats[year]
    params = {"year": str(year), "predikat": predikat}
    if predikat in GOOD_ENOUGH:
        return Requirement(Check.MET, N_("Predikat {year}: {predikat}."), params)
    return Requirement(Check.NOT_MET, short, params)


# --- pension, contract, post ----------------------------------------------------------------------------

def pension(facts: CareerFacts, on: date, policy: CareerPolicy) -> Pension:
    born = facts.born_on
    age = BUP_AGES.get(facts.post_kind) if facts.post_kind else None
    missing = []
    if facts.post_kind is None:
        missing.append(Requirement(Check.MISSING, N_("Kind of post (jenis jabatan) is not recorded: it sets the "
                                                     "retirement age (58, 60 or 65)."), {}))
    if born is None:
        missing.append(Requirement(Check.MISSING, N_("Birth date is not recorded."), {}))
    if missing:
        earliest = None if born is None else pension_tmt(born, min(BUP_AGES.values()))
        shown = earliest is not None and on >= add_years(earliest, -policy.bup_shown_years)
        return Pension(facts.post_kind, None, None, None, shown, tuple(missing))
    tmt = pension_tmt(born, age)
    return Pension(facts.post_kind, age, tmt, add_months(tmt, -policy.bup_notice_months),
                   on >= add_years(tmt, -policy.bup_shown_years), ())


def pension_tmt(born: date, age: int) -> date:
    """The 1st of the month after the month in which the employee turns ``age``."""
    return add_months(date(born.year + age, born.month, 1), 1)


def contract(facts: CareerFacts, on: date, policy: CareerPolicy) -> Contract:
    if facts.contract_end is None:
        return Contract(None, None, (Requirement(Check.MISSING, N_("The contract end date (akhir kontrak) is not "
                                                                   "recorded."), {}),))
    return Contract(facts.contract_end, add_months(facts.contract_end, -policy.contract_notice_months),
                    (_latest_predikat_check(facts, facts.contract_end, EXTENSION_PERFORMANCE),))


def post_tenure(facts: CareerFacts, on: date, policy: CareerPolicy) -> PostTenure:
    since, window = facts.position_since, (policy.rotation_min_years, policy.rotation_max_years)
    if since is None:
        return PostTenure(facts.position, facts.unit, None, None, *window, None, None, TenureState.UNKNOWN)
    minimum, maximum = add_years(since, window[0]), add_years(since, window[1])
    state = TenureState.EARLY if on < minimum else TenureState.WITHIN if on < maximum else TenureState.OVERDUE
    return PostTenure(facts.position, facts.unit, since, Span(max(months_between(since, on), 0)), *window, minimum,
                      maximum, state)
