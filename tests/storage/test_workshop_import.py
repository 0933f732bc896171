"""Importing workshops, attendance and outside JP: per-row reports, all-or-nothing, idempotent re-imports."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from storage.models import AuditEntry, Enrolment, EnrolmentState, JpCredit, OutboxMessage, Workshop
from storage.problems import Problem
from storage.services.attendance_import import import_attendance
from storage.services.jp_import import import_jp
from storage.services.workshop_import import COLUMNS, import_workshops
from storage.services.workshops import enrol
from tests.factories import BUDI, SITI, add_employee
from tests.storage.test_employee_import import write_csv
from tests.workshop_factories import POLICY, WIB, add_staff, add_workshop, wib

HEADER = ",".join((*COLUMNS, "sasaran_unit", "sasaran_jenis", "sasaran_golongan"))
TIME_MANAGEMENT = ("PLT-01,Manajemen Waktu,Mengatur prioritas kerja,teknis,luring,Aula Kantor Camat Plaju,"
                   "BPSDM Sumsel,2026-12-03 09:00,2026-12-03 16:00,2026-12-01,20,8,,,")
COMMUNICATION = ("plt-02,Komunikasi Efektif,,Sosial Kultural,daring,https://zoom.us/j/123,,03/12/2026 13.00,"
                 "03/12/2026 15.00,02/12/2026 12.00,50,2,seksi pemerintahan;Kelurahan Plaju Ulu,PNS,III/a-IV/e")


async def run(uow, importer, path, **options):
    async with uow:
        return await importer(uow, path, actor="test", **options)


async def workshops(uow) -> dict[str, Workshop]:
    async with uow:
        return {workshop.code: workshop for workshop in await uow.session.scalars(select(Workshop))}


def workshops_csv(tmp_path, rows, name="pelatihan.csv"):
    return write_csv(tmp_path / name, rows, header=HEADER)


async def test_good_file_creates_workshops_in_wib_with_audiences(uow, tmp_path):
    await add_employee(uow, BUDI, unit="Seksi Pemerintahan")
    await add_employee(uow, SITI, "Siti", unit="Kelurahan Plaju Ulu")
    report = await run(uow, import_workshops, workshops_csv(tmp_path, [TIME_MANAGEMENT, COMMUNICATION]),
                       policy=POLICY)
    assert (report.created, report.updated, report.errors, report.written) == (2, 0, [], True)
    found = await workshops(uow)
    first, second = found["PLT-01"], found["PLT-02"]
    assert first.starts_at == datetime(2026, 12, 3, 2, 0, tzinfo=UTC)
    assert first.registration_deadline == wib(2026, 12, 1, 23, 59)  # a bare date: the end of that day
    assert (first.kind, first.capacity, first.jp, first.status, first.audience_units) == (
        "teknis", 20, 8, "open", None)
    assert (second.kind, second.mode, second.starts_at, second.registration_deadline) == (
        "sosial kultural", "daring", wib(2026, 12, 3, 13), wib(2026, 12, 2, 12))
    assert second.audience_units == ["Seksi Pemerintahan", "Kelurahan Plaju Ulu"]
    assert (second.audience_kind, second.audience_grade_min, second.audience_grade_max) == ("PNS", "III/a", "IV/e")
    async with uow:
        audit = await uow.session.scalar(select(AuditEntry).where(AuditEntry.action == "workshops.imported"))
    assert audit.details["created"] == 2


async def test_bad_rows_are_reported_per_row_and_nothing_is_written(uow, tmp_path):
    def variant(**cells):
        values = dict(zip(HEADER.split(","), TIME_MANAGEMENT.split(","), strict=True))
        return ",".join({**values, **cells}.values())

    rows = [
        TIME_MANAGEMENT,
        variant(kode="PLT-03", selesai="2026-12-03 08:00"),            # row 3: ends before it starts
        variant(kode="PLT-04", batas_daftar="2026-12-04 09:00"),       # row 4: deadline after the start
        variant(kode="PLT-05", kuota="-5"),                            # row 5: negative capacity
        variant(kode="PLT-06", jenis="pelatihan"),                     # row 6: unknown kind
        variant(),                                                     # row 7: duplicate code
        variant(kode="PLT-08", mulai="31/02/2026 09.00", moda="zoom"),  # row 8: no such date, unknown mode
        variant(kode="PLT-09", sasaran_unit="Dinas Pariwisata"),       # row 9: no such unit
        variant(kode="PLT-10", sasaran_golongan="IV/e-III/a"),         # row 10: range upside down
        variant(kode="", judul=""),                                    # row 11: no code, no title
    ]
    report = await run(uow, import_workshops, workshops_csv(tmp_path, rows), policy=POLICY)
    assert not report.written
    assert sorted((error.row, error.column) for error in report.errors) == [
        (3, "selesai"), (4, "batas_daftar"), (5, "kuota"), (6, "jenis"), (7, "kode"), (8, "moda"), (8, "mulai"),
        (9, "sasaran_unit"), (10, "sasaran_golongan"), (11, "judul"), (11, "kode")]
    duplicate = next(error for error in report.errors if error.row == 7)
    assert duplicate.problem.params == {"code": "PLT-01", "other": 2}
    assert await workshops(uow) == {}


async def test_skip_invalid_and_dry_run(uow, tmp_path):
    bad = TIME_MANAGEMENT.replace("PLT-01", "PLT-09").replace(",20,", ",x,")
    path = workshops_csv(tmp_path, [TIME_MANAGEMENT, bad])
    dry = await run(uow, import_workshops, path, policy=POLICY, dry_run=True)
    assert len(dry.errors) == 1 and not dry.written and await workshops(uow) == {}
    report = await run(uow, import_workshops, path, policy=POLICY, skip_invalid=True)
    assert report.created == 1 and list(await workshops(uow)) == ["PLT-01"]


async def test_reimport_updates_moves_the_waitlist_up_and_tells_the_enrolled(uow, tmp_path):
    path = workshops_csv(tmp_path, [TIME_MANAGEMENT.replace(",20,", ",1,")])
    await run(uow, import_workshops, path, policy=POLICY)
    staff = await add_staff(uow, 3)
    workshop_id = (await workshops(uow))["PLT-01"].id
    for employee in staff:
        async with uow:
            await enrol(uow, employee, workshop_id, POLICY)
    same = await run(uow, import_workshops, path, policy=POLICY)
    assert (same.created, same.updated, same.unchanged) == (0, 0, 1)

    moved = TIME_MANAGEMENT.replace(",20,", ",2,").replace("2026-12-03 09:00", "2026-12-03 10:00")
    report = await run(uow, import_workshops, workshops_csv(tmp_path, [moved], "b.csv"), policy=POLICY)
    assert report.updated == 1
    async with uow:
        rows = {row.employee_id: (row.state, row.waitlist_position)
                for row in await uow.session.scalars(select(Enrolment))}
        messages = list(await uow.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
    assert rows == {staff[0].id: (EnrolmentState.REGISTERED, None), staff[1].id: (EnrolmentState.REGISTERED, None),
                    staff[2].id: (EnrolmentState.WAITLISTED, 1)}
    assert sorted((message.kind, message.employee_id) for message in messages) == sorted([
        ("workshop.changed", staff[0].id), ("workshop.changed", staff[1].id), ("workshop.changed", staff[2].id),
        ("workshop.promoted", staff[1].id)])

    fewer = TIME_MANAGEMENT.replace(",20,", ",1,")
    refused = await run(uow, import_workshops, workshops_csv(tmp_path, [fewer], "c.csv"), policy=POLICY)
    assert [(error.column, error.problem.params) for error in refused.errors] == [("kuota", {"count": 2})]


async def test_a_cancelled_code_cannot_be_reused(uow, tmp_path):
    await add_workshop(uow, status="cancelled")
    report = await run(uow, import_workshops, workshops_csv(tmp_path, [TIME_MANAGEMENT]), policy=POLICY)
    assert [(error.row, error.column) for error in report.errors] == [(2, "kode")]


async def test_attendance_marks_seated_people_and_skips_empty_cells(uow, tmp_path, clock):
    workshop = await add_workshop(uow, capacity=2, starts=wib(2026, 11, 30), deadline=wib(2026, 11, 29))
    later = await add_workshop(uow, "LATER", starts=wib(2026, 12, 20))
    staff = await add_staff(uow, 4)
    for employee in staff:
        async with uow:
            await enrol(uow, employee, workshop.id, POLICY)
    clock.now = wib(2026, 12, 1)
    nips = [employee.nip for employee in staff]
    rows = [f"PLT-01,{nips[0]},ya", f"plt-01,{nips[1]},Tidak", f"PLT-01,{nips[2]},",   # rows 2-4: fine
            f"PLT-01,{nips[3]},ya",            # row 5: on the waitlist, no seat
            f"LATER,{nips[0]},ya",             # row 6: has not started
            "PLT-01,199001012015011001,ya",   # row 7: unknown NIP
            f"PLT-01,{nips[2]},mungkin",       # row 8: neither ya nor tidak
            f"PLT-01,{nips[1]},ya",            # row 9: the same person twice
            f"NOPE,{nips[0]},ya"]              # row 10: no such workshop
    path = write_csv(tmp_path / "hadir.csv", rows, header="kode,nip,hadir")
    report = await run(uow, import_attendance, path)
    assert sorted((error.row, error.column) for error in report.errors) == [
        (5, "nip"), (6, "hadir"), (7, "nip"), (8, "hadir"), (9, "nip"), (10, "kode")]
    assert not report.written
    report = await run(uow, import_attendance, path, skip_invalid=True)
    assert (report.updated, report.unchanged) == (2, 1)
    async with uow:
        states = {row.employee_id: row.state for row in await uow.session.scalars(
            select(Enrolment).where(Enrolment.workshop_id == workshop.id))}
    assert states == {staff[0].id: EnrolmentState.ATTENDED, staff[1].id: EnrolmentState.ABSENT,
                      staff[2].id: EnrolmentState.WAITLISTED, staff[3].id: EnrolmentState.WAITLISTED}
    again = await run(uow, import_attendance, path, skip_invalid=True)
    assert (again.updated, again.unchanged) == (0, 3)
    assert later.status == "open"


async def test_attendance_of_a_cancelled_workshop_is_refused(uow, tmp_path, clock):
    await add_workshop(uow, status="cancelled", starts=wib(2026, 11, 30), deadline=wib(2026, 11, 29))
    await add_employee(uow)
    clock.now = wib(2026, 12, 1)
    report = await run(uow, import_attendance, write_csv(tmp_path / "h.csv", [f"PLT-01,{BUDI},ya"],
                                                         header="kode,nip,hadir"))
    assert [(error.row, error.column) for error in report.errors] == [(2, "kode")]


JP_HEADER = "nip,tanggal,jp,keterangan"


async def test_outside_jp_is_imported_once_and_corrected_in_place(uow, tmp_path):
    budi = await add_employee(uow)
    rows = [f"{BUDI},2026-03-15,4,Webinar Literasi Digital", f"{BUDI},20/06/2026,8,Diklat Pelayanan Publik"]
    path = write_csv(tmp_path / "jp.csv", rows, header=JP_HEADER)
    first = await run(uow, import_jp, path, timezone=WIB)
    assert (first.created, first.written) == (2, True)
    again = await run(uow, import_jp, path, timezone=WIB)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    corrected = write_csv(tmp_path / "jp2.csv", [rows[0].replace(",4,", ",5,")], header=JP_HEADER)
    assert (await run(uow, import_jp, corrected, timezone=WIB)).updated == 1
    async with uow:
        credits = {credit.description: (credit.day, credit.jp) for credit in await uow.session.scalars(
            select(JpCredit).where(JpCredit.employee_id == budi.id))}
    assert credits == {"Webinar Literasi Digital": (date(2026, 3, 15), 5),
                       "Diklat Pelayanan Publik": (date(2026, 6, 20), 8)}


async def test_bad_jp_rows_are_reported(uow, tmp_path):
    await add_employee(uow)
    rows = [f"{BUDI},2026-03-15,4,Webinar",
            f"{BUDI},2026-12-25,4,Belum terjadi",        # row 3: in the future (today is 27 November 2026)
            f"{BUDI},2026-03-16,0,Nol",                  # row 4: no JP
            f"{BUDI},2026-03-17,2,",                     # row 5: no description
            "199001012015011001,2026-03-18,2,Orang lain",  # row 6: unknown NIP
            f"{BUDI},2026-03-15,4,Webinar",               # row 7: same as row 2
            f"{BUDI},15 Maret,4,Format salah"]            # row 8: no year: not a date we read
    report = await run(uow, import_jp, write_csv(tmp_path / "jp.csv", rows, header=JP_HEADER), timezone=WIB)
    assert sorted((error.row, error.column) for error in report.errors) == [
        (3, "tanggal"), (4, "jp"), (5, "keterangan"), (6, "nip"), (7, "keterangan"), (8, "tanggal")]
    assert not report.written


async def test_wrong_header_is_refused(uow, tmp_path):
    with pytest.raises(Problem, match="Missing column"):
        await run(uow, import_jp, write_csv(tmp_path / "jp.csv", [], header="nip,jp"), timezone=WIB)
