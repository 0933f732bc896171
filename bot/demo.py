"""A complete fictional office for the console's first minute: employees, appraisals (one still open to an
objection), workshops (one nearly full, with enrolments), an announcement waiting to be confirmed and a
rotation not yet confirmed.

Everything goes through the services the importers and screens use (the spreadsheet importers read files
written here from today's date, so the demo never goes stale); every name is marked CONTOH.
"""

from __future__ import annotations

import csv
import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

from bot.announcement_text import prepare_parts
from bot.config import Settings
from bot.policies import policies
from storage.periods import parse_period
from storage.services.appraisal_import import COLUMNS as APPRAISAL_COLUMNS
from storage.services.appraisal_import import import_appraisals
from storage.services.audience import Audience
from storage.services.broadcasts import publish as publish_broadcast
from storage.services.codes import IssuedCode, issue_codes
from storage.services.employee_import import import_employees
from storage.services.rotations import COLUMNS as ROTATION_COLUMNS
from storage.services.rotations import import_rotations
from storage.services.workshop_import import COLUMNS as WORKSHOP_COLUMNS
from storage.services.workshop_import import import_workshops
from storage.services.workshops import enrol
from storage.uow import UnitOfWork

EMPLOYEES = Path(__file__).with_name("demo_employees.csv")
ACTOR = "console-demo"
CAMAT, SEKCAM, BUDI, DEWI, ANDI, SRI = ("197805122003121002", "198109232006042003", "198503152010011001",
                                       "199007082015032004", "199211302019031005", "199404172022212006")
CODES_FOR = (BUDI, ANDI)  # Kepegawaian and a staff member: the two sides of every feature
ANNOUNCEMENT = ("<b>Apel pagi gabungan (CONTOH)</b>\nSeluruh pegawai Kecamatan Plaju diharapkan hadir pada apel "
                "pagi hari Senin pukul 07.30 WIB di halaman kantor camat, berpakaian Korpri.")


async def load_demo_office(uow: UnitOfWork, settings: Settings) -> list[IssuedCode]:
    """Load the office into an empty database; return activation codes for Budi (Kepegawaian) and Andi."""
    today = uow.clock().astimezone(settings.timezone).date()
    rules = policies(settings)
    with tempfile.TemporaryDirectory() as folder:
        files = Path(folder)
        async with uow:
            await import_employees(uow, EMPLOYEES, actor=ACTOR)
        async with uow:
            await import_appraisals(uow, _write(files / "skp.csv", APPRAISAL_COLUMNS, _appraisals(today)),
                                    actor=ACTOR, policy=rules.objections)
        async with uow:
            await import_workshops(uow, _write(files / "pelatihan.csv", WORKSHOP_COLUMNS, _workshops(today)),
                                   policy=rules.training, actor=ACTOR)
        async with uow:
            await import_rotations(uow, _write(files / "rotasi.csv", ROTATION_COLUMNS, _rotations(today)),
                                   actor=ACTOR, tz=settings.timezone, min_years_in_post=settings.rotation_min_years)
    async with uow:
        people = await uow.employees.by_nips([CAMAT, SEKCAM, BUDI, DEWI, ANDI, SRI])
        nearly_full = (await uow.workshops.by_codes(["CONTOH-02"]))["CONTOH-02"]
        for nip in (CAMAT, SEKCAM, DEWI):  # 3 of 4 seats taken: one left
            await enrol(uow, people[nip], nearly_full.id, rules.training)
    async with uow:
        await publish_broadcast(uow, author=people[BUDI], parts=prepare_parts(ANNOUNCEMENT), audience=Audience(),
                                ask_acknowledgement=True, actor=ACTOR)
    async with uow:
        issued = await issue_codes(uow, [people[nip] for nip in CODES_FOR], ttl=settings.activation_code_ttl,
                                   actor=ACTOR)
        await uow.commit()
    return issued


def _write(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="raise")
        writer.writeheader()
        writer.writerows(rows)
    return path


def _previous_quarter(today: date, back: int) -> str:
    """``2026-Q3``: the quarter ``back`` quarters before today's."""
    index = today.year * 4 + (today.month - 1) // 3 - back
    return f"{index // 4}-Q{index % 4 + 1}"


def _appraisals(today: date) -> list[dict[str, str]]:
    """Last quarter's results, published three days ago (Andi's below Baik, so he may still object), and the
    quarter before, whose objection window has closed."""
    last, before = _previous_quarter(today, 1), _previous_quarter(today, 2)
    published = today - timedelta(days=3)
    earlier = parse_period(before).start + timedelta(days=100)  # after that quarter, weeks before today
    rows = [
        (ANDI, last, "Di Bawah Ekspektasi", "Sesuai Ekspektasi", DEWI,
         "Target penyelesaian surat belum tercapai; mari susun rencana perbaikan bersama.", published),
        (SRI, last, "Sesuai Ekspektasi", "Di Atas Ekspektasi", DEWI, "Pelayanan kepada warga sangat baik.",
         published),
        (DEWI, last, "Di Atas Ekspektasi", "Di Atas Ekspektasi", SEKCAM, "Koordinasi seksi sangat baik.",
         published),
        (ANDI, before, "Sesuai Ekspektasi", "Sesuai Ekspektasi", DEWI, "Pertahankan.", earlier),
    ]
    return [dict(zip(APPRAISAL_COLUMNS, (nip, period, work, behaviour, rater, feedback, day.isoformat()),
                     strict=True)) for nip, period, work, behaviour, rater, feedback, day in rows]


def _workshops(today: date) -> list[dict[str, str]]:
    def at(days: int, hour: int) -> str:
        return datetime.combine(today + timedelta(days=days), time(hour)).strftime("%Y-%m-%d %H:%M")

    rows = [
        ("CONTOH-01", "Literasi Digital untuk ASN", "Surel dinas, tanda tangan elektronik, keamanan data.",
         "Teknis", "Daring", "Zoom BPSDM Sumsel", "BPSDM Provinsi Sumatera Selatan", at(9, 9), at(9, 15), at(6, 16),
         "30", "8"),
        ("CONTOH-02", "Pelayanan Publik Prima", "Standar pelayanan dan penanganan pengaduan.", "Sosial Kultural",
         "Luring", "Aula Kantor Camat Plaju", "Subbag Umum dan Kepegawaian", at(12, 8), at(13, 16), at(10, 16),
         "4", "16"),
    ]
    return [dict(zip(WORKSHOP_COLUMNS, row, strict=True)) for row in rows]


def _rotations(today: date) -> list[dict[str, str]]:
    return [dict(zip(ROTATION_COLUMNS, (
        SRI, "Pengadministrasi Perkantoran", "Kelurahan Plaju Ulu", "800/015/KPTS/PLAJU/CONTOH",
        (today - timedelta(days=1)).isoformat(), (today + timedelta(days=14)).isoformat(),
        datetime.combine(today + timedelta(days=13), time(9)).strftime("%d/%m/%Y %H.%M"), "Aula Kantor Camat Plaju",
        "Data CONTOH"), strict=True))]
