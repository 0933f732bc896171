from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from storage.models import Appraisal, AuditEntry, OutboxMessage
from storage.periods import parse_period
from storage.problems import Problem
from storage.ratings import Predikat, Rating
from storage.rendered import DaysAfterReceipt
from storage.services.appraisal_import import COLUMNS, import_appraisals
from storage.services.appraisals import ObjectionPolicy
from storage.services.objections import accept_objection, file_objection
from storage.services.outbox import decode_params
from tests.appraisal_factories import ANDI, DEWI, RINA, SRI, add_office, employee

POLICY = ObjectionPolicy(window_days=14)
HEADER = ",".join(COLUMNS)
GOOD_ROWS = [
    f"{ANDI},2026-Q3,Di Atas Ekspektasi,sesuai,{DEWI},Pertahankan kinerja.,2026-11-20",
    f'19940417 2022 21 2 006,2026-q3,DIATAS,Di Atas,{DEWI},"Sangat baik; terus belajar,\nterutama Excel.",20/11/2026',
    f"{DEWI},2025,dibawah,Di bawah ekspektasi,{RINA},,2026-01-15",  # a year ago: no message to Dewi
]


def write_csv(path: Path, rows, header=HEADER) -> Path:
    path.write_text("\r\n".join([header, *rows]) + "\r\n", encoding="utf-8")
    return path


async def run_import(uow, path, **options):
    async with uow:
        return await import_appraisals(uow, path, actor="cli:hr", policy=POLICY, **options)


async def appraisals(uow) -> list[Appraisal]:
    async with uow:
        query = select(Appraisal).order_by(Appraisal.employee_id, Appraisal.period, Appraisal.version)
        return list(await uow.session.scalars(query))


async def outbox(uow) -> list[OutboxMessage]:
    async with uow:
        return list(await uow.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


@pytest.fixture
async def office(uow):
    return await add_office(uow)


async def test_good_file_creates_results_with_derived_predikat_and_rater(uow, office, tmp_path):
    report = await run_import(uow, write_csv(tmp_path / "skp.csv", GOOD_ROWS))
    assert (report.created, report.updated, report.errors, report.written) == (3, 0, [], True)
    by_employee = {appraisal.employee_id: appraisal for appraisal in await appraisals(uow)}
    andi, sri, dewi = by_employee[office[ANDI].id], by_employee[office[SRI].id], by_employee[office[DEWI].id]
    assert (andi.period, andi.period_kind, andi.predikat, andi.published_on) == (
        "2026-Q3", "quarter", Predikat.GOOD, date(2026, 11, 20))
    assert (andi.rater_id, andi.rater_name, andi.rater_position) == (
        office[DEWI].id, "Dewi Lestari, S.Sos.", "Kepala Seksi Pemerintahan")
    assert (sri.predikat, sri.feedback, sri.published_on) == (Predikat.VERY_GOOD, "Sangat baik; terus belajar,\n"
                                                              "terutama Excel.", date(2026, 11, 20))
    assert (dewi.period, dewi.period_end, dewi.predikat, dewi.feedback) == (
        "2025", date(2025, 12, 31), Predikat.VERY_POOR, None)
    messages = await outbox(uow)
    assert [(message.employee_id, message.kind) for message in messages] == [
        (office[ANDI].id, "appraisal.published"), (office[SRI].id, "appraisal.published")]
    assert decode_params(messages[0].params) == {"period": parse_period("2026-Q3"),
                                                 "deadline": DaysAfterReceipt(date(2026, 11, 20), 14)}
    assert messages[0].buttons == [[{"label": "📊 View result", "callback_data": f"ap:v:{andi.id}"}]]


async def test_bad_rows_are_reported_by_row_and_column_and_nothing_is_written(uow, office, tmp_path):
    rows = GOOD_ROWS + [
        f"199001012015011001,2026-Q3,sesuai,sesuai,{DEWI},,2026-11-20",   # row 5: unknown NIP
        f"{RINA},2026-Q3,sesuai,sesuai,199001012015011001,,2026-11-20",   # row 6: unknown rater
        f"{RINA},2026-Q5,baik,sesuai,{DEWI},,2026-11-20",                 # row 7: bad period and rating
        f"{RINA},2026-Q2,sesuai,Sesuai Ekspetasi,{DEWI},,31/02/2026",     # row 8: misspelt rating, no such date
        f"{RINA},2026-Q4,sesuai,sesuai,{DEWI},,2026-11-28",               # row 9: published tomorrow
        f"{RINA},2026-12,sesuai,sesuai,{DEWI},,2026-11-20",               # row 10: before the period starts
        f"{ANDI},2026-Q3,sesuai,sesuai,{DEWI},,2026-11-20",               # row 11: Andi's 2026-Q3 again
        f"{RINA},2026-S2,sesuai,sesuai,{RINA},,2026-11-20",               # row 12: rates herself
        f"{RINA},2026-S1,sesuai,sesuai,,{'x' * 4001},2026-11-20",         # row 13: feedback too long
        f"1234,2026,sesuai,sesuai,{DEWI},,",                              # row 14: short NIP, no date
        f"{RINA},2026-10,Predikat Baik,sesuai,{DEWI},,2026-11-20",        # row 15: a predikat is not a rating
    ]
    report = await run_import(uow, write_csv(tmp_path / "skp.csv", rows))
    assert not report.written
    assert sorted((error.row, error.column) for error in report.errors) == [
        (5, "nip"), (6, "penilai_nip"), (7, "hasil_kerja"), (7, "periode"), (8, "perilaku_kerja"),
        (8, "tanggal_terbit"), (9, "tanggal_terbit"), (10, "tanggal_terbit"), (11, "periode"), (12, "penilai_nip"),
        (13, "umpan_balik"), (14, "nip"), (14, "tanggal_terbit"), (15, "hasil_kerja")]
    messages = {error.row: error.problem for error in report.errors}
    assert messages[5].params == {"nips": "199001012015011001"} and messages[11].params["other"] == 2
    assert await appraisals(uow) == [] and await outbox(uow) == []


async def test_reimport_updates_by_nip_and_period_and_is_audited(uow, office, tmp_path, clock):
    await run_import(uow, write_csv(tmp_path / "a.csv", GOOD_ROWS))
    clock.advance(hours=2)
    changed = [GOOD_ROWS[0].replace("Di Atas Ekspektasi,sesuai", "sesuai,di bawah"), *GOOD_ROWS[1:]]
    report = await run_import(uow, write_csv(tmp_path / "b.csv", changed))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    andi = next(appraisal for appraisal in await appraisals(uow) if appraisal.employee_id == office[ANDI].id)
    assert (andi.version, andi.work_results, andi.predikat) == (1, Rating.MEETS, Predikat.POOR)
    async with uow:
        audit = await uow.session.scalar(select(AuditEntry).where(AuditEntry.action == "appraisal.updated"))
    assert (audit.actor, audit.subject) == ("cli:hr", ANDI)
    assert audit.details["changed"] == ["work_results", "work_behaviour"]
    assert audit.details["before"]["work_results"] == "above" and audit.details["after"]["work_behaviour"] == "below"
    assert (await outbox(uow))[-1].kind == "appraisal.updated"
    again = await run_import(uow, write_csv(tmp_path / "c.csv", changed))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert len(await appraisals(uow)) == 3


async def test_a_result_corrected_after_an_objection_is_not_overwritten(uow, office, tmp_path):
    await run_import(uow, write_csv(tmp_path / "a.csv", GOOD_ROWS[:1]))
    (original,) = await appraisals(uow)
    async with uow:
        objection = await file_objection(uow, await employee(uow, ANDI), original.id, "Perilaku kerja saya selama "
                                         "triwulan ini sesuai dengan nilai BerAKHLAK.", POLICY, actor="t")
    async with uow:
        await accept_objection(uow, await employee(uow, RINA), objection.id, Rating.ABOVE, Rating.ABOVE,
                               "Bukti dukung lengkap, target triwulan tercapai seluruhnya.", actor="t")
    stale = await run_import(uow, write_csv(tmp_path / "b.csv", GOOD_ROWS[:1]))
    assert [(error.row, error.column) for error in stale.errors] == [(2, "periode")] and not stale.written
    matching = GOOD_ROWS[0].replace("Di Atas Ekspektasi,sesuai", "diatas,diatas")
    assert (await run_import(uow, write_csv(tmp_path / "c.csv", [matching]))).unchanged == 1


async def test_xlsx_with_date_cells_and_a_nip_typed_as_a_number(uow, office, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([column.upper() for column in COLUMNS])
    sheet.append([ANDI, "2026-Q3", "Sesuai Ekspektasi", "Sesuai Ekspektasi", DEWI, "Baik.", datetime(2026, 11, 20)])
    sheet.append([SRI, 2026, "sesuai", "sesuai", int(DEWI), None, datetime(2026, 11, 20, 10, 30)])
    path = tmp_path / "skp.xlsx"
    workbook.save(path)
    report = await run_import(uow, path, skip_invalid=True)
    assert [(error.row, error.column) for error in report.errors] == [(3, "penilai_nip")]
    assert report.created == 1 and report.written


async def test_dry_run_writes_nothing_and_missing_columns_are_refused(uow, office, tmp_path):
    report = await run_import(uow, write_csv(tmp_path / "skp.csv", GOOD_ROWS), dry_run=True)
    assert (report.errors, report.written) == ([], False) and await appraisals(uow) == []
    with pytest.raises(Problem, match="Missing column"):
        await run_import(uow, write_csv(tmp_path / "p.csv", [], header="nip,periode,predikat"))
