"""Kepegawaian's career plan: the lists come from the career outlooks, cut at the right dates, and the XLSX
carries them with typed text as text."""

import io
from datetime import date
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from bot.career_plan import plan_sheets, plan_summary
from bot.i18n import I18n
from bot.talent_chart import talent_png
from storage.models import AspirationKind, AuditEntry
from storage.problems import Problem
from storage.ratings import Rating
from storage.services.aspirations import add_aspiration
from storage.services.career import CareerPolicy, Check
from storage.services.career_planning import career_plan, next_periods
from storage.services.employee_import import COLUMNS, import_employees
from storage.services.talent import Potential, parse_potential, talent_box
from storage.services.training_hours import TrainingPolicy
from storage.spreadsheet import workbook_xlsx
from tests.appraisal_factories import ANDI, BUDI, CAMAT, DEWI, RINA, SRI, add_appraisal, add_office, employee
from tests.storage.test_employee_import import write_csv

TODAY = date(2026, 11, 27)  # the clock fixture's WIB day
POLICY = CareerPolicy()
TRAINING = TrainingPolicy()


@pytest.fixture
async def office(uow):
    people = await add_office(uow)
    career = {
        # KP from 1 January 2027 (4 years in III/c), S1 allows III/d; KGB on 1 March 2027; 6 years in the post
        ANDI: dict(grade="III/c", rank_since=date(2023, 1, 1), rank_service_years=4, rank_service_months=0,
                   education="S1", post_kind="pelaksana", last_pay_rise_on=date(2025, 3, 1),
                   position_since=date(2021, 1, 1)),
        # III/d with S1: the ceiling is reached, so no KP period; KGB on 1 December 2026
        DEWI: dict(grade="III/d", rank_since=date(2020, 1, 1), education="S1", post_kind="pengawas",
                   last_pay_rise_on=date(2024, 12, 1), position_since=date(2024, 1, 1)),
        # turns 58 on 10 February 2027 as an administrator: pension TMT 1 March 2027
        RINA: dict(birth_date=date(1969, 2, 10), post_kind="administrator"),
        # the same birth date as JF ahli madya retires at 60: not within the year
        CAMAT: dict(birth_date=date(1969, 2, 10), post_kind="jf_ahli_madya"),
        SRI: dict(grade="IX", contract_end=date(2027, 4, 30), post_kind="jf_keterampilan"),  # PPPK
    }
    async with uow:
        for nip, fields in career.items():
            person = await employee(uow, nip)
            for name, value in fields.items():
                setattr(person, name, value)
        await uow.commit()
    await add_appraisal(uow, ANDI, "2025", results=Rating.MEETS, behaviour=Rating.MEETS,
                        published_on=date(2026, 1, 20))
    return people


async def plan(uow, months=6):
    async with uow:
        return await career_plan(uow, TODAY, months, POLICY, TRAINING, actor="test")


def names(items) -> list[str]:
    return [item.employee.nip for item in items]


def test_the_next_periods_skip_those_whose_usulan_window_closed():
    # December 2026's window closed on 15 November; January 2027's runs 16 November to 15 December
    assert next_periods(TODAY, 3, POLICY) == (date(2027, 1, 1), date(2027, 2, 1), date(2027, 3, 1))
    old_scheme = CareerPolicy(kp_period_months=(4, 10))
    assert next_periods(TODAY, 2, old_scheme) == (date(2027, 4, 1), date(2027, 10, 1))


async def test_each_list_holds_whom_the_outlooks_put_there(uow, office):
    found = await plan(uow)
    assert found.periods[0] == date(2027, 1, 1) and len(found.periods) == 6
    assert names(found.promotions) == [ANDI]  # Dewi's ceiling is reached
    promotion = found.promotions[0].outlook.promotion
    assert (promotion.period, promotion.next_grade) == (date(2027, 1, 1), "III/d")
    assert [(requirement.check, requirement.params.get("year")) for requirement in promotion.unmet] == [
        (Check.NOT_YET, None), (Check.MISSING, "2024")]  # 4 years on 1 January; no 2024 result
    assert names(found.pay_rises) == [DEWI, ANDI]  # 1 December 2026, 1 March 2027: soonest first
    assert names(found.pensions) == [RINA]
    assert found.pensions[0].outlook.pension.tmt == date(2027, 3, 1)
    assert names(found.contracts) == [SRI]
    assert names(found.overdue_posts) == [ANDI]
    assert SRI not in [row.employee.nip for row in found.jp_short]  # PPPK have a ceiling, not a minimum
    assert {row.employee.nip for row in found.jp_short} == {ANDI, BUDI, CAMAT, DEWI, RINA}
    async with uow:
        assert await uow.session.scalar(select(AuditEntry.action)) == "career_plan.reported"


async def test_a_shorter_horizon_leaves_later_dates_out(uow, office):
    found = await plan(uow, months=2)
    assert found.periods == (date(2027, 1, 1), date(2027, 2, 1))
    assert names(found.pay_rises) == [DEWI]          # Andi's KGB (March) is beyond two months
    assert names(found.contracts) == [SRI]           # contracts: at least the 6 months a proposal needs
    assert names(found.pensions) == [RINA]           # pension: the 12 notice months, whatever the horizon


async def test_the_xlsx_has_a_sheet_per_list_and_typed_text_stays_text(uow, office):
    async with uow:
        for nip in (ANDI, SRI):
            await add_aspiration(uow, await employee(uow, nip), AspirationKind.TOPIC, '=HYPERLINK("http://x")',
                                 from_list=False)
        await add_aspiration(uow, await employee(uow, ANDI), AspirationKind.POST, "jf_ahli_pertama", from_list=True)
    found = await plan(uow)
    _ = I18n(ZoneInfo("Asia/Jakarta"), "id").translator("id")
    workbook = load_workbook(io.BytesIO(workbook_xlsx(plan_sheets(_, found))))
    assert workbook.sheetnames == ["KP", "KGB", "Pensiun", "Kontrak PPPK", "Masa jabatan", "JP", "Aspirasi"]
    kp = list(workbook["KP"].iter_rows(values_only=True))
    assert kp[0][:4] == ("NIP", "Nama", "Unit kerja", "Golongan")
    assert kp[1][:5] == (ANDI, "Andi Pratama, A.Md.", "Seksi Pemerintahan", "III/c", "III/d")
    unmet = kp[1][8].split("; ")
    assert [line[0] for line in unmet] == ["⏳", "❓"] and "2024" in unmet[1]
    aspirations = list(workbook["Aspirasi"].iter_rows(values_only=True))
    assert aspirations[1:] == [("Jenis jabatan", "JF Ahli Pertama", 1, "Andi Pratama, A.Md."),
                               ("Topik pelatihan", '=HYPERLINK("http://x")', 2,
                                "Andi Pratama, A.Md., Sri Wahyuni <Sri> & Co")]
    assert workbook["Aspirasi"]["B3"].data_type == "s"  # text, not a formula
    summary = plan_summary(_, found)
    assert "⬆️ <b>KP 1 Januari 2027</b> (1); usulan sampai 15 Desember 2026" in summary
    assert "Sri Wahyuni &lt;Sri&gt; &amp; Co: berakhir 30 April 2027" in summary


async def test_the_talent_box_places_the_latest_annual_result_against_the_potential(uow, office):
    async with uow:
        assert await talent_box(uow) is None  # until a potensial is imported
        for nip, potential in ((ANDI, "tinggi"), (SRI, "rendah"), (DEWI, "menengah"), (RINA, "tinggi")):
            (await employee(uow, nip)).potential = parse_potential(potential).value
        await uow.commit()
    await add_appraisal(uow, ANDI, "2024", results=Rating.BELOW, behaviour=Rating.BELOW)  # an older year: ignored
    await add_appraisal(uow, SRI, "2025", results=Rating.ABOVE, behaviour=Rating.ABOVE)   # Sangat Baik
    await add_appraisal(uow, DEWI, "2025", results=Rating.BELOW, behaviour=Rating.MEETS)  # Butuh Perbaikan
    async with uow:
        talent = await talent_box(uow)
    assert talent.year == 2025
    assert [(placement.employee.nip, placement.box) for placement in talent.placements] == [
        (ANDI, 8), (SRI, 4), (DEWI, 3)]  # Baik × tinggi, above × rendah, below × menengah
    assert [employee.nip for employee in talent.unplaced] == [RINA] and talent.pool_size == 1
    found = await plan(uow)
    _ = I18n(ZoneInfo("Asia/Jakarta"), "id").translator("id")
    sheet = {sheet.title: sheet.rows for sheet in plan_sheets(_, found)}["Kotak talenta"]
    assert [row[:2] for row in sheet] == [[8, ANDI], [4, SRI], [3, DEWI], ["", RINA]]
    assert talent_png(_, talent).startswith(b"\x89PNG")


def test_potential_is_read_as_hr_writes_it():
    assert [parse_potential(raw) for raw in ("Tinggi", " sedang ", "R")] == [
        Potential.HIGH, Potential.MEDIUM, Potential.LOW]
    with pytest.raises(Problem, match="not a potensial"):
        parse_potential("luar biasa")


async def test_the_employee_file_brings_the_potential_and_names_a_bad_cell(uow, tmp_path):
    header = ",".join(COLUMNS + ("potensial",))
    good = write_csv(tmp_path / "pegawai.csv", [f"{BUDI},Budi Santoso,PNS,III/c,Analis,Seksi Pemerintahan,,,Tinggi"],
                     header=header)
    bad = write_csv(tmp_path / "salah.csv", [f"{BUDI},Budi Santoso,PNS,III/c,Analis,Seksi Pemerintahan,,,hebat"],
                    header=header)
    async with uow:
        assert (await import_employees(uow, good, actor="test")).errors == []
    async with uow:
        report = await import_employees(uow, bad, actor="test")
        assert [(error.row, error.column) for error in report.errors] == [(2, "potensial")]
        assert (await employee(uow, BUDI)).potential == "tinggi"
