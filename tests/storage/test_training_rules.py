"""The JP rules of issue 14: a workshop's JP fit its schedule, 0 JP only for a non-training event, the PPPK
ceiling per year of contract from the TMT kontrak; on SQLite and PostgreSQL."""

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from storage.models import EmployeeKind, JpCredit, OutboxMessage, Workshop
from storage.problems import Problem
from storage.services import reminders
from storage.services.employee_import import import_employees
from storage.services.import_kinds import ImportOptions, import_kind
from storage.services.reminder_timing import QuietRules
from storage.services.training_hours import jp_report
from storage.services.training_reminders import JpShortfallReminders, WorkshopReminders
from storage.services.uploads import preview
from storage.services.workshop_import import import_workshops
from storage.services.workshops import enrol
from storage.tabular import SpreadsheetFile
from tests.factories import PPPK, add_employee, add_linked_employees
from tests.storage.test_employee_import import write_csv
from tests.storage.test_workshop_import import HEADER, TIME_MANAGEMENT
from tests.workshop_factories import POLICY, WIB, add_workshop, wib

RULES = QuietRules(WIB)
CELLS = dict(zip(HEADER.split(","), TIME_MANAGEMENT.split(","), strict=True))


def row(**cells) -> str:
    return ",".join({**CELLS, **cells}.values())


async def imported(uow, tmp_path, rows, *, policy=POLICY, header=HEADER):
    async with uow:
        return await import_workshops(uow, write_csv(tmp_path / "pelatihan.csv", rows, header=header),
                                      policy=policy, actor="test")


async def stored(uow) -> dict[str, Workshop]:
    async with uow:
        return {workshop.code: workshop for workshop in await uow.session.scalars(select(Workshop))}


async def test_jp_above_what_a_two_hour_webinar_holds_is_refused_with_its_row(uow, tmp_path):
    """Bug caught: no JP check at all (the reported 2-hour webinar with jp=20 is accepted)."""
    webinar = dict(mulai="2026-12-03 09:00", selesai="2026-12-03 11:00")
    report = await imported(uow, tmp_path, [row(kode="WEB-1", jp="20", **webinar),
                                            row(kode="WEB-2", jp="2", **webinar)])
    assert [(error.row, error.column, error.problem.params["allowed"]) for error in report.errors] == [
        (2, "jp", 2)]
    assert "do not fit the schedule" in report.errors[0].problem.message
    assert not report.written and await stored(uow) == {}
    accepted = await imported(uow, tmp_path, [row(kode="WEB-2", jp="2", **webinar)])
    assert accepted.created == 1


async def test_the_jp_minutes_setting_decides_what_fits(uow, tmp_path):
    """Bug caught: 45 minutes written into the check instead of ``policy.jp_minutes`` (135 minutes hold 3 JP of
    45 minutes but only 2 of an hour)."""
    session = row(mulai="2026-12-03 09:00", selesai="2026-12-03 11:15", jp="3")
    hourly = await imported(uow, tmp_path, [session], policy=replace(POLICY, jp_minutes=60))
    assert [(error.column, error.problem.params["allowed"]) for error in hourly.errors] == [("jp", 2)]
    assert (await imported(uow, tmp_path, [session])).created == 1


async def test_several_days_count_the_daily_hours_not_the_nights(uow, tmp_path):
    """Bug caught: the time from the first start to the last end taken as scheduled (3 to 5 December, 08.00 to
    16.00, is 56 hours that way and would accept 74 JP; the three days of 8 hours hold 32)."""
    three_days = dict(mulai="2026-12-03 08:00", selesai="2026-12-05 16:00", batas_daftar="2026-12-01")
    report = await imported(uow, tmp_path, [row(kode="DIK-1", jp="33", **three_days),
                                            row(kode="DIK-2", jp="32", **three_days)])
    assert [(error.row, error.column) for error in report.errors] == [(2, "jp")]
    problem = report.errors[0].problem
    assert (problem.params["allowed"], problem.params["start"], problem.params["end"]) == (32, "08.00", "16.00")
    assert problem.params["days"].count == 3
    # a several-day row whose end time is not after its start time has no scheduled hours to hold JP
    overnight = await imported(uow, tmp_path, [row(kode="DIK-3", jp="4", mulai="2026-12-03 13:00",
                                                   selesai="2026-12-04 12:00")])
    assert [(error.column, error.problem.params["allowed"]) for error in overnight.errors] == [("jp", 0)]
    assert (await imported(uow, tmp_path, [row(kode="DIK-2", jp="32", **three_days)])).created == 1


async def test_zero_jp_only_for_an_event_marked_as_not_a_training(uow, tmp_path):
    """Bug caught: ``jp`` read as any whole number from 0 with no look at ``bukan_pelatihan`` (jp=0 on a training
    is accepted), and the flag not stored."""
    header = HEADER + ",bukan_pelatihan"
    report = await imported(uow, tmp_path, [row(kode="RPT-1", jp="0") + ",", row(kode="RPT-2", jp="0") + ",tidak",
                                            row(kode="RPT-3", jp="4") + ",ya"], header=header)
    assert [(error.row, error.column) for error in report.errors] == [(2, "jp"), (3, "jp"), (4, "jp")]
    assert "bukan_pelatihan" in report.errors[0].problem.message
    assert "carries no JP" in report.errors[2].problem.message
    accepted = await imported(uow, tmp_path, [row(kode="RPT-4", jp="0") + ",ya", row() + ","], header=header)
    assert accepted.created == 2
    found = await stored(uow)
    assert (found["RPT-4"].non_training, found["RPT-4"].jp) == (True, 0)
    assert found["PLT-01"].non_training is False


async def planned(uow, source):
    async with uow:
        return await reminders.plan(uow, [source], RULES)


async def pppk_with_contract(uow, start: date | None):
    sri = await add_employee(uow, PPPK, "Sri Wahyuni", kind=EmployeeKind.PPPK, grade="IX")
    async with uow:
        employee = await uow.employees.by_nip(PPPK)
        employee.contract_start = start
        await uow.commit()
    return sri


async def credit(uow, employee, day: date, jp: int) -> None:
    async with uow:
        now = uow.clock()
        uow.jp_credits.add(JpCredit(employee_id=employee.id, day=day, jp=jp, description=f"Diklat {day}",
                                    created_at=now, updated_at=now))
        await uow.commit()


async def enrolling(uow, employee, workshop):
    async with uow:
        member = await uow.employees.by_nip(employee.nip)
        return await enrol(uow, member, workshop.id, POLICY)


def test_a_year_of_contract_runs_from_each_anniversary_of_the_tmt_kontrak():
    """Bug caught: the ceiling counted per calendar year for a PPPK whose TMT kontrak is on file (the code
    disagreed with the settings text; domain.md: "at most 24 JP a year of contract")."""
    sri = type("Employee", (), {"kind": EmployeeKind.PPPK, "contract_start": date(2025, 3, 1)})()
    assert POLICY.counting_year(sri, date(2027, 2, 28)) == POLICY.counting_year(sri, date(2026, 3, 1))
    year = POLICY.counting_year(sri, date(2027, 3, 1))
    assert (year.start, year.last_day) == (date(2027, 3, 1), date(2028, 2, 29))
    leap = type("Employee", (), {"kind": EmployeeKind.PPPK, "contract_start": date(2024, 2, 29)})()
    assert POLICY.counting_year(leap, date(2026, 2, 28)).start == date(2025, 3, 1)
    pns = type("Employee", (), {"kind": EmployeeKind.PNS, "contract_start": date(2025, 3, 1)})()
    assert POLICY.counting_year(pns, date(2027, 2, 28)).start == date(2027, 1, 1)


async def test_the_pppk_ceiling_counts_within_the_year_of_contract(uow):
    """Bug caught: the enrolment check counting the calendar year of the workshop (Sri's 20 JP of December 2026
    would not count against a workshop in February 2027, though both fall in her contract year from 1 March
    2026; and the 21 JP of February 2026, a past contract year, would block a workshop in December)."""
    sri = await pppk_with_contract(uow, date(2025, 3, 1))
    await credit(uow, sri, date(2026, 2, 27), 21)   # the last contract year (1 March 2025 to 28 February 2026)
    december = await add_workshop(uow, "DES", starts=wib(2026, 12, 3), jp=4)
    assert not (await enrolling(uow, sri, december)).already  # 4 of 24 in the year from 1 March 2026
    await credit(uow, sri, date(2026, 12, 10), 16)   # now 20 of 24
    last_day = await add_workshop(uow, "FEB", starts=wib(2027, 2, 28, 8), jp=8)
    with pytest.raises(Problem, match="a year of contract") as refused:
        await enrolling(uow, sri, last_day)
    assert (refused.value.params["total"], refused.value.params["start"]) == (28, date(2026, 3, 1))
    first_day = await add_workshop(uow, "MAR", starts=wib(2027, 3, 1, 8), jp=8)
    assert not (await enrolling(uow, sri, first_day)).already  # a new contract year starts on 1 March


async def test_without_a_tmt_kontrak_the_pppk_ceiling_counts_per_calendar_year(uow):
    """Bug caught: a PPPK without a TMT kontrak on file left without any ceiling."""
    sri = await pppk_with_contract(uow, None)
    await credit(uow, sri, date(2026, 1, 5), 20)
    workshop = await add_workshop(uow, starts=wib(2026, 12, 3), jp=8)
    with pytest.raises(Problem, match="at most {ceiling} JP a year; with this workshop") as refused:
        await enrolling(uow, sri, workshop)
    assert refused.value.params["year"] == "2026"


async def test_tmt_kontrak_is_imported_and_must_come_before_the_contract_end(uow, tmp_path):
    """Bug caught: ``tmt_kontrak`` not read from the employee file (the contract year could never be used)."""
    header = "nip,nama,jenis,golongan,jabatan,unit_kerja,atasan_nip,peran,tmt_kontrak,akhir_kontrak"
    rows = [f"{PPPK},Sri Wahyuni,PPPK,IX,Penata Layanan Operasional,Kelurahan Bagus Kuning,,,01/03/2025,"
            "28/02/2030"]
    async with uow:
        report = await import_employees(uow, write_csv(tmp_path / "a.csv", rows, header=header), actor="test")
    assert report.created == 1
    async with uow:
        sri = await uow.employees.by_nip(PPPK)
        assert (sri.contract_start, sri.contract_end) == (date(2025, 3, 1), date(2030, 2, 28))
    backwards = [rows[0].replace("01/03/2025,28/02/2030", "01/03/2025,01/03/2024")]
    async with uow:
        refused = await import_employees(uow, write_csv(tmp_path / "b.csv", backwards, header=header), actor="test")
    assert [(error.column, error.problem.message) for error in refused.errors] == [
        ("akhir_kontrak", "The contract end is not after tmt_kontrak.")]


async def test_an_event_that_is_not_a_training_is_not_offered_against_a_jp_shortfall(uow, clock):
    """Bug caught: the "registration closes" and shortfall reminders offering a 0-JP briefing to PNS short of
    JP as if it closed their gap."""
    await add_linked_employees(uow, 1)
    await add_workshop(uow, "RPT-1", title="Apel Pagi", jp=0, non_training=True, starts=wib(2026, 12, 3))
    clock.now = wib(2026, 11, 30, 9)  # two days before registration closes
    assert (await planned(uow, WorkshopReminders(RULES, POLICY))).queued == 0
    clock.now = wib(2026, 9, 20)
    await add_workshop(uow, "RPT-2", title="Rapat Koordinasi", jp=0, non_training=True, starts=wib(2026, 10, 20))
    clock.now = wib(2026, 10, 1, 7)
    assert (await planned(uow, JpShortfallReminders(RULES, POLICY))).queued == 1
    async with uow:
        (message,) = await uow.session.scalars(select(OutboxMessage).where(OutboxMessage.kind.like("reminder%")))
    assert "Rapat Koordinasi" not in str(message.params)


async def test_the_jp_report_shows_a_pppk_her_year_of_contract(uow, clock):
    """Bug caught: HR's JP report counting a PPPK with a TMT kontrak per calendar year (her 20 JP of November
    2025 belong to the contract year running on the report's day, 1 April 2025 to 31 March 2026)."""
    sri = await pppk_with_contract(uow, date(2024, 4, 1))
    await credit(uow, sri, date(2025, 11, 10), 20)
    clock.now = wib(2026, 3, 20)
    async with uow:
        (row,) = await jp_report(uow, 2026, POLICY)
    assert (row.progress.total, row.progress.room, row.progress.contract_year.start) == (20, 4, date(2025, 4, 1))


async def test_a_workshop_file_sent_on_telegram_is_held_to_the_office_jp_minutes(uow):
    """The Telegram upload runs the same check with the office's policy. Bug caught: the workshop import kind
    building its own default policy instead of passing ``ImportOptions.training`` (JP_MINUTES=60 ignored)."""
    options = ImportOptions(WIB, objection_window_days=14, rotation_min_years=2,
                            training=replace(POLICY, jp_minutes=60))
    upload = SpreadsheetFile("pelatihan.csv", "\n".join(
        [HEADER, row(mulai="2026-12-03 09:00", selesai="2026-12-03 11:15", jp="3")]).encode())
    async with uow:
        seen = await preview(uow, upload, import_kind("workshops"), options, actor="telegram:1")
    assert not seen.importable
    assert [(error.row, error.column, error.problem.params["allowed"]) for error in seen.report.errors] == [
        (2, "jp", 2)]
