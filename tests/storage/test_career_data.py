"""Career data in the database: the optional employee-file columns, the history that imports and rotations
append to, the history import, outlooks read in bulk, and the milestones the reminder planner reads."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from storage.models import CareerMilestone, Employee, GradeHistory, OutboxMessage, PostHistory
from storage.ratings import Rating
from storage.rendered import When
from storage.services import career_milestones, reminders, rotations
from storage.services.career import CareerPolicy, Check
from storage.services.career_history import timeline
from storage.services.career_outlooks import career_outlook, outlooks
from storage.services.career_reminders import CareerReminders
from storage.services.employee_import import COLUMNS, import_employees
from storage.services.history_import import import_history
from storage.services.outbox import decode_params
from storage.services.reminder_timing import QuietRules
from storage.services.rotations import RotationOrder
from tests.appraisal_factories import add_appraisal
from tests.factories import BUDI, PPPK, link_user, make_hr
from tests.storage.test_employee_import import write_csv

WIB = ZoneInfo("Asia/Jakarta")
POLICY = CareerPolicy()
CAREER = ("tmt_jabatan", "tmt_pangkat", "mkg_tahun", "mkg_bulan", "pendidikan", "jenis_jabatan", "tmt_kgb_terakhir",
          "akhir_kontrak", "tanggal_lahir")
HEADER = ",".join(COLUMNS + CAREER)
BUDI_ROW = f"{BUDI},Budi Santoso,PNS,III/b,Analis Kebijakan,Seksi Pemerintahan,,,02/01/2023,01/04/2022,8,0,S1," \
           "pelaksana,01/04/2024,,"
SRI_ROW = f"{PPPK},Sri Wahyuni,PPPK,IX,Penata Layanan Operasional,Kelurahan Bagus Kuning,,,,,,,D-III," \
          "JF keterampilan,,31/03/2027,"


async def import_file(uow, tmp_path, rows, header=HEADER, name="pegawai.csv"):
    async with uow:
        return await import_employees(uow, write_csv(tmp_path / name, rows, header=header), actor="test")


async def load(uow, model, nip=BUDI):
    async with uow:
        employee = await uow.employees.by_nip(nip)
        return list(await uow.session.scalars(select(model).where(model.employee_id == employee.id)
                                              .order_by(model.id)))


async def test_career_columns_are_read_and_start_the_history(uow, tmp_path):
    report = await import_file(uow, tmp_path, [BUDI_ROW, SRI_ROW])
    assert report.errors == [] and report.created == 2
    async with uow:
        budi, sri = (await uow.employees.by_nip(BUDI)), (await uow.employees.by_nip(PPPK))
        assert (budi.rank_since, budi.rank_service_years, budi.rank_service_months) == (date(2022, 4, 1), 8, 0)
        assert (budi.education, budi.post_kind, budi.last_pay_rise_on) == ("S1", "pelaksana", date(2024, 4, 1))
        assert (sri.education, sri.post_kind, sri.contract_end) == ("D-III", "jf_keterampilan", date(2027, 3, 31))
    grades = await load(uow, GradeHistory)
    assert [(g.grade, g.effective_date, g.service_years, g.source) for g in grades] == [
        ("III/b", date(2022, 4, 1), 8, "employees")]
    posts = await load(uow, PostHistory)
    assert [(p.position, p.unit, p.effective_date) for p in posts] == [
        ("Analis Kebijakan", "Seksi Pemerintahan", date(2023, 1, 2))]


async def test_a_new_golongan_is_appended_never_overwritten(uow, tmp_path):
    await import_file(uow, tmp_path, [BUDI_ROW])
    promoted = BUDI_ROW.replace("III/b", "III/c").replace("01/04/2022,8", "01/04/2026,12")
    report = await import_file(uow, tmp_path, [promoted], name="again.csv")
    assert report.updated == 1
    grades = await load(uow, GradeHistory)
    assert [(g.grade, g.effective_date) for g in grades] == [("III/b", date(2022, 4, 1)), ("III/c", date(2026, 4, 1))]
    report = await import_file(uow, tmp_path, [promoted], name="third.csv")  # the same file again: nothing new
    assert report.unchanged == 1 and len(await load(uow, GradeHistory)) == 2


async def test_files_without_career_columns_keep_working_and_keep_the_stored_values(uow, tmp_path):
    await import_file(uow, tmp_path, [BUDI_ROW])
    plain = f"{BUDI},Budi Santoso,PNS,III/b,Analis Kebijakan,Seksi Pemerintahan,,"
    report = await import_file(uow, tmp_path, [plain], header=",".join(COLUMNS), name="plain.csv")
    assert report.errors == [] and report.unchanged == 1
    async with uow:
        budi = await uow.employees.by_nip(BUDI)
        assert (budi.rank_since, budi.education) == (date(2022, 4, 1), "S1")


async def test_bad_career_cells_are_named_by_row_and_column(uow, tmp_path):
    bad = BUDI_ROW.replace(",8,0,S1,pelaksana", ",8,14,SMA kelas 2,kepala")
    report = await import_file(uow, tmp_path, [bad])
    assert {(error.row, error.column) for error in report.errors} == {
        (2, "mkg_bulan"), (2, "pendidikan"), (2, "jenis_jabatan")}
    assert not report.written


async def test_history_import_adds_past_sks_completes_and_is_idempotent(uow, tmp_path):
    plain = f"{BUDI},Budi Santoso,PNS,III/b,Analis Kebijakan,Seksi Pemerintahan,,"
    await import_file(uow, tmp_path, [plain], header=",".join(COLUMNS))  # no TMT pangkat yet
    rows = ["nip,tmt,golongan,mkg_tahun,mkg_bulan,jabatan,unit_kerja,nomor_sk,tanggal_sk",
            f"{BUDI},01/01/2010,III/a,0,0,,,813/1/2010,15/12/2009",
            f"{BUDI},01/04/2018,III/b,8,3,,,823/4/2018,01/03/2018",
            f"{BUDI},02/01/2012,,,,Pengadministrasi Umum,Kelurahan Plaju Ulu,821/7/2012,",
            f"{BUDI},01/05/2019,,,,Analis Kebijakan,Seksi Pemerintahan,821/9/2019,"]
    path = tmp_path / "riwayat.csv"
    path.write_text("\n".join(rows), encoding="utf-8")
    async with uow:
        report = await import_history(uow, path, actor="test")
    # III/b completed the employee file's undated entry; the post likewise; two new ones
    assert (report.created, report.updated, report.unchanged, report.errors) == (2, 2, 0, [])
    async with uow:
        budi = await uow.employees.by_nip(BUDI)
        assert (budi.rank_since, budi.rank_service_years, budi.rank_service_months) == (date(2018, 4, 1), 8, 3)
        assert budi.position_since == date(2019, 5, 1)
        found = await timeline(uow, budi.id)
    assert [(g.grade, g.effective_date, g.sk_number) for g in found.grades] == [
        ("III/a", date(2010, 1, 1), "813/1/2010"), ("III/b", date(2018, 4, 1), "823/4/2018")]
    assert [p.position for p in found.posts] == ["Pengadministrasi Umum", "Analis Kebijakan"]
    async with uow:
        again = await import_history(uow, path, actor="test")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)


async def test_history_import_refuses_unknown_nip_and_empty_sk(uow, tmp_path):
    await import_file(uow, tmp_path, [BUDI_ROW])
    path = tmp_path / "riwayat.csv"
    path.write_text("nip,tmt,golongan,jabatan\n198001012005011001,01/01/2010,III/a,\n"
                    f"{BUDI},01/01/2010,,\n{BUDI},01/01/2010,X/z,\n", encoding="utf-8")
    async with uow:
        report = await import_history(uow, path, actor="test")
    assert [(error.row, error.column) for error in report.errors] == [(3, "golongan"), (2, "nip"), (4, "golongan")]
    assert not report.written and len(await load(uow, GradeHistory)) == 1


async def test_a_rotation_taking_effect_appends_the_post_with_its_sk(uow, tmp_path):
    await import_file(uow, tmp_path, [BUDI_ROW])
    async with uow:
        await rotations.publish(uow, RotationOrder(nip=BUDI, new_position="Kepala Seksi", new_unit="Seksi Ekbang",
                                                   sk_number="821/5/2026", sk_date=date(2026, 11, 20),
                                                   effective_date=date(2026, 12, 1)),
                                actor="test", tz=ZoneInfo("Asia/Jakarta"))
        await uow.commit()
    async with uow:
        await rotations.apply_due(uow, date(2026, 12, 1))
    posts = await load(uow, PostHistory)
    assert [(p.position, p.effective_date, p.sk_number, p.source) for p in posts] == [
        ("Analis Kebijakan", date(2023, 1, 2), None, "employees"),
        ("Kepala Seksi", date(2026, 12, 1), "821/5/2026", "rotation")]


async def test_outlooks_read_annual_results_only_and_agree_one_by_one_and_in_bulk(uow, tmp_path):
    await import_file(uow, tmp_path, [BUDI_ROW, SRI_ROW])
    await add_appraisal(uow, BUDI, "2024", results=Rating.BELOW, behaviour=Rating.MEETS, rater=None,
                        published_on=date(2025, 1, 20))
    await add_appraisal(uow, BUDI, "2025", results=Rating.MEETS, behaviour=Rating.MEETS, rater=None,
                        published_on=date(2026, 1, 20))
    await add_appraisal(uow, BUDI, "2025-Q4", results=Rating.BELOW, behaviour=Rating.BELOW, rater=None,
                        published_on=date(2026, 1, 10))
    async with uow:
        budi = await uow.employees.by_nip(BUDI)
        every = await outlooks(uow, date(2026, 2, 16), POLICY)
        one = await career_outlook(uow, budi.id, date(2026, 2, 16), POLICY)
    assert every[budi.id] == one and len(every) == 2
    # 2024 Butuh Perbaikan postpones the KP; the quarterly Sangat Kurang is not an annual result
    assert one.promotion.postponed_by[0] == 2024 and one.promotion.period == date(2027, 3, 1)
    assert [r.check for r in one.promotion.requirements[1:3]] == [Check.MET, Check.NOT_YET]


async def plan(uow, clock, moment):
    clock.now = datetime.fromisoformat(moment).replace(tzinfo=WIB)
    rules = QuietRules(WIB)
    async with uow:
        return await reminders.plan(uow, [CareerReminders(rules, POLICY)], rules)


async def queued(uow):
    async with uow:
        return list(await uow.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


async def test_milestones_remind_the_employee_and_kepegawaian_once(uow, clock, tmp_path):
    """Budi (III/b since 1 April 2022, S1, good results) may be proposed for April 2026: the window opens on 16
    February, cuti bersama before Imlek on the 17th, so he and Kepegawaian hear of it once, on the 18th when work
    resumes, in words that name the opening day; Sri's contract ends 31 March 2027: both hear of it on 30
    September."""
    await import_file(uow, tmp_path, [BUDI_ROW, SRI_ROW])
    for year in ("2024", "2025"):
        await add_appraisal(uow, BUDI, year, results=Rating.MEETS, behaviour=Rating.MEETS, rater=None,
                            published_on=date(int(year) + 1, 1, 20))
    await link_user(uow, BUDI, 1)
    await link_user(uow, PPPK, 2)
    await make_hr(uow, PPPK)
    async with uow:
        assert await career_milestones.refresh(uow, date(2026, 2, 1), POLICY) > 0
        stored = {(m.employee_id, m.kind): (m.due_on, m.notice_on)
                  for m in await uow.session.scalars(select(CareerMilestone))}
        budi = await uow.employees.by_nip(BUDI)
    assert stored[(budi.id, "kp")] == (date(2026, 4, 1), date(2026, 2, 16))
    assert stored[(budi.id, "kgb")] == (date(2026, 4, 1), date(2026, 2, 1))

    assert (await plan(uow, clock, "2026-02-16 07:00")).queued == 0  # (the 1 February KGB notice is long past)
    assert (await plan(uow, clock, "2026-02-18 05:59")).queued == 0
    before = len(await queued(uow))
    result = await plan(uow, clock, "2026-02-18 06:00")
    assert sorted(result.stages) == ["career-hr:kp:2026-02-16/hr", f"career:kp:{budi.id}:2026-04-01/own"]
    messages = (await queued(uow))[before:]
    own = next(m for m in messages if m.kind == "reminder.career")
    assert own.employee_id == budi.id
    assert {name: decode_params(own.params)[name] for name in ("opens", "closes")} == {
        "opens": When(date(2026, 2, 16)), "closes": date(2026, 3, 15)}
    hr = next(m for m in messages if m.kind == "reminder.career_hr")
    assert hr.employee_id != budi.id and "Budi Santoso" in str(hr.params)
    assert decode_params(hr.params)["day"] == When(date(2026, 2, 16))
    assert (await plan(uow, clock, "2026-02-18 06:01")).queued == 0
    async with uow:  # planned stages are not even candidates any more: quiet minutes stay cheap
        rules = QuietRules(WIB)
        assert await CareerReminders(rules, POLICY).stages(uow, clock.now - reminders.LOOKBACK, clock.now) == []

    async with uow:
        await career_milestones.refresh(uow, date(2026, 9, 1), POLICY)
    result = await plan(uow, clock, "2026-09-30 07:00")
    assert {stage.split(":")[1] for stage in result.stages} == {"contract"}
    assert result.queued == 2  # Sri herself, and Sri as Kepegawaian (the list)


async def test_a_moved_date_moves_the_milestone(uow, tmp_path):
    await import_file(uow, tmp_path, [BUDI_ROW])
    async with uow:
        await career_milestones.refresh(uow, date(2026, 2, 1), POLICY)
        budi = await uow.employees.by_nip(BUDI)
        budi.contract_end = None
        budi.last_pay_rise_on = date(2025, 4, 1)
        await uow.commit()
    async with uow:
        assert await career_milestones.refresh(uow, date(2026, 2, 1), POLICY, employee_ids=[budi.id]) == 1
        kgb = await uow.session.get(CareerMilestone, (budi.id, "kgb"))
        assert (kgb.due_on, kgb.notice_on) == (date(2027, 4, 1), date(2027, 2, 1))
        (await uow.employees.by_nip(BUDI)).active = False
        await uow.commit()
    async with uow:
        await career_milestones.refresh(uow, date(2026, 2, 1), POLICY)
        assert list(await uow.session.scalars(select(Employee.id).join(
            CareerMilestone, CareerMilestone.employee_id == Employee.id))) == []


def readme_block(after: str) -> list[str]:
    """The first ```csv block after ``after`` in the README: the examples HR copies must import."""
    text = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    block = text[text.index(after):].split("```csv\n", 1)[1].split("```", 1)[0]
    return block.strip().splitlines()


async def test_the_readme_examples_import(uow, tmp_path):
    header, *rows = readme_block("Example (CSV; the same columns in XLSX)")
    report = await import_file(uow, tmp_path, rows, header=header)
    assert (report.created, report.errors) == (2, [])
    path = tmp_path / "riwayat.csv"
    path.write_text("\n".join(readme_block("### Career history file")), encoding="utf-8")
    async with uow:
        history = await import_history(uow, path, actor="test")
    assert (history.created, history.updated, history.errors) == (2, 1, [])  # the current III/b gets its SK


async def test_maximum_time_in_post_goes_to_kepegawaian_only_once(uow, clock, tmp_path):
    """In post since 16 February 2021: on 16 February 2026 (cuti bersama) the five years are reached; when work
    resumes on the 18th Kepegawaian's list names him, he gets nothing himself (rotation is Kepegawaian's
    decision), and the next minute has no candidates."""
    await import_file(uow, tmp_path, [BUDI_ROW.replace("02/01/2023", "16/02/2021"), SRI_ROW])
    await link_user(uow, BUDI, 1)
    await link_user(uow, PPPK, 2)
    await make_hr(uow, PPPK)
    async with uow:
        await career_milestones.refresh(uow, date(2026, 2, 1), POLICY)
    result = await plan(uow, clock, "2026-02-18 06:00")
    assert "career-hr:post_max:2026-02-16/hr" in result.stages
    hr = [m for m in await queued(uow) if m.kind == "reminder.career_hr" and "post" in m.template]
    assert len(hr) == 1 and "Budi Santoso" in str(hr[0].params)
    async with uow:
        rules = QuietRules(WIB)
        later = await CareerReminders(rules, POLICY).stages(uow, clock.now - reminders.LOOKBACK, clock.now)
    assert [stage.event_key for stage in later if "post_max" in stage.event_key] == []
