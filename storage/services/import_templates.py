"""Blank spreadsheets HR fills in for each import: the right header, one example row, NIP columns stored as
text (Excel otherwise turns an 18-digit NIP into 1.98503E+17), drop-down lists where the value comes from a
list, and a second sheet explaining every column.

The lists live on that explanation sheet, which the reader skips, so a filled template imports as it is. Cells
are written by :func:`storage.spreadsheet.put`, the report writer's own rule: a unit typed as ``=...`` stays text.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from storage.career_terms import Education
from storage.models import EmployeeKind, WorkshopKind, WorkshopMode
from storage.problems import N_
from storage.ranks import PNS_RANKS, PPPK_GRADES
from storage.services.import_kinds import IMPORT_KINDS, ImportKind
from storage.services.talent import Potential
from storage.spreadsheet import put
from storage.tabular import GUIDE_SHEET
from storage.uow import UnitOfWork

POST_KIND_SPELLINGS = ("pelaksana", "pengawas", "administrator", "JF ahli pertama", "JF ahli muda", "JF ahli madya",
                       "JF ahli utama", "JF keterampilan", "JPT")  # as the employee file's readers accept them
UNITS = "units"  # a column whose list is the units employees work in today, read when the template is made
GRADES = (*PNS_RANKS, *PPPK_GRADES)
RATINGS = ("Di Atas Ekspektasi", "Sesuai Ekspektasi", "Di Bawah Ekspektasi")
NIP_EXAMPLE = "198503152010011001"
TEMPLATE_ROWS = 1000  # rows the drop-downs and the text format cover


@dataclass(frozen=True)
class TemplateColumn:
    name: str
    meaning: str  # msgid: what to write, in the explanation sheet
    example: str
    choices: Sequence[str] | str = ()  # a fixed list, or UNITS
    nip: bool = False  # stored as text


def _nip(name: str, meaning: str, example: str = NIP_EXAMPLE) -> TemplateColumn:
    return TemplateColumn(name, meaning, example, nip=True)


TEMPLATES: dict[str, tuple[TemplateColumn, ...]] = {
    "employees": (
        _nip("nip", N_("NIP: 18 digits for PNS; PPPK use their NI PPPK. Spaces are allowed.")),
        TemplateColumn("nama", N_("Full name with titles, as in the personnel records."), "Budi Santoso, S.E."),
        TemplateColumn("jenis", N_("PNS or PPPK."), "PNS", tuple(EmployeeKind)),
        TemplateColumn("golongan", N_("Golongan: I/a to IV/e for PNS, I to XVII for PPPK."), "III/c", GRADES),
        TemplateColumn("jabatan", N_("Current position (jabatan)."), "Analis Kebijakan"),
        TemplateColumn("unit_kerja", N_("Unit of work; pick an existing one or type a new one."), "Seksi Pemerintahan",
                       UNITS),
        _nip("atasan_nip", N_("NIP of the direct superior; empty for the head of office."), ""),
        TemplateColumn("peran", N_("Write hr for Kepegawaian staff who manage the bot; otherwise leave empty."), "",
                       ("hr",)),
        TemplateColumn("tmt_jabatan", N_("Optional: the date the current position began (TMT jabatan)."),
                       "2024-01-02"),
        TemplateColumn("tmt_pangkat", N_("Optional: TMT of the last golongan SK (kenaikan pangkat)."), "2022-04-01"),
        TemplateColumn("mkg_tahun", N_("Optional: masa kerja golongan in years, as written on that SK."), "12"),
        TemplateColumn("mkg_bulan", N_("Optional: the months of that masa kerja golongan (0 to 11)."), "3"),
        TemplateColumn("pendidikan", N_("Optional: highest recognised ijazah."), "S1", tuple(Education)),
        TemplateColumn("jenis_jabatan", N_("Optional: kind of post; sets the pension age (BUP)."), "pelaksana",
                       tuple(POST_KIND_SPELLINGS)),
        TemplateColumn("tmt_kgb_terakhir", N_("Optional: TMT of the last periodic pay rise (KGB)."), "2024-04-01"),
        TemplateColumn("tmt_kontrak", N_("Optional, PPPK only: the day the current contract began (TMT kontrak); "
                                         "the yearly JP ceiling counts from it."), ""),
        TemplateColumn("akhir_kontrak", N_("Optional, PPPK only: the day the current contract ends."), ""),
        TemplateColumn("potensial", N_("Optional: potential from assessment results, for the talent box."), "",
                       tuple(Potential)),
    ),
    "appraisals": (
        _nip("nip", N_("NIP of the appraised employee.")),
        TemplateColumn("periode", N_("Period: a year (2025), a half year (2025-S1), a quarter (2025-Q3) or a month "
                                     "(2025-07)."), "2025"),
        TemplateColumn("hasil_kerja", N_("Work results rating."), "Sesuai Ekspektasi", RATINGS),
        TemplateColumn("perilaku_kerja", N_("Work behaviour rating."), "Di Atas Ekspektasi", RATINGS),
        _nip("penilai_nip", N_("NIP of the rater (pejabat penilai); may be empty."), ""),
        TemplateColumn("umpan_balik", N_("Feedback for the employee; may be empty."), "Pertahankan kinerja."),
        TemplateColumn("tanggal_terbit", N_("Publication date of the result; the objection period counts from it."),
                       "2026-01-15"),
    ),
    "workshops": (
        TemplateColumn("kode", N_("A short unique code, e.g. PLT-2027-01; the same code updates the workshop."),
                       "PLT-2027-01"),
        TemplateColumn("judul", N_("Title."), "Manajemen Waktu dan Prioritas Kerja"),
        TemplateColumn("deskripsi", N_("Description; may be empty."), "Pelatihan satu hari untuk staf pelaksana."),
        TemplateColumn("jenis", N_("Kind of training."), "teknis", tuple(WorkshopKind)),
        TemplateColumn("moda", N_("Mode: luring (in person), daring (online) or blended."), "luring",
                       tuple(WorkshopMode)),
        TemplateColumn("lokasi", N_("Place, or the link for online sessions."), "Aula Kantor Camat Plaju"),
        TemplateColumn("penyelenggara", N_("Organiser; may be empty."), "BKPSDM Kota Palembang"),
        TemplateColumn("mulai", N_("Start, WIB: 2027-02-10 08:00 or 10/02/2027 08.00."), "2027-02-10 08:00"),
        TemplateColumn("selesai", N_("End, WIB, after the start."), "2027-02-10 16:00"),
        TemplateColumn("batas_daftar", N_("Registration deadline; a date alone means the end of that day."),
                       "2027-02-03"),
        TemplateColumn("kuota", N_("Number of seats."), "30"),
        TemplateColumn("jp", N_("Training hours (JP) earned by attending: no more than the scheduled time holds "
                                "(1 JP is 45 minutes unless the office set otherwise); 0 only for an event that is "
                                "not a training."), "8"),
        TemplateColumn("sasaran_unit", N_("Optional: only these units may enrol; separate several with ;."), "",
                       UNITS),
        TemplateColumn("sasaran_jenis", N_("Optional: only PNS or only PPPK may enrol."), "", tuple(EmployeeKind)),
        TemplateColumn("sasaran_golongan", N_("Optional: a golongan range such as III/a-IV/e."), ""),
        TemplateColumn("bukan_pelatihan", N_("Optional: ya for an event that is not a training (a briefing, "
                                             "ceremony or meeting); it carries 0 JP and shows no JP."), "",
                       ("ya", "tidak")),
    ),
    "attendance": (
        TemplateColumn("kode", N_("Workshop code."), "PLT-2027-01"),
        _nip("nip", N_("NIP of a participant holding a seat.")),
        TemplateColumn("hadir", N_("ya if present, tidak if absent; leave empty if not known yet."), "ya",
                       ("ya", "tidak")),
    ),
    "jp": (
        _nip("nip", N_("NIP of the employee.")),
        TemplateColumn("tanggal", N_("Date of the activity, not in the future."), "2026-03-15"),
        TemplateColumn("jp", N_("Training hours (JP) earned."), "10"),
        TemplateColumn("keterangan", N_("What it was, e.g. the course or webinar title."), "Webinar Kebijakan Publik"),
    ),
    "history": (
        _nip("nip", N_("NIP of the employee.")),
        TemplateColumn("tmt", N_("TMT of the past SK."), "2018-04-01"),
        TemplateColumn("golongan", N_("Golongan the SK gave; empty for a post SK."), "III/a", GRADES),
        TemplateColumn("mkg_tahun", N_("Masa kerja golongan in years on that SK; may be empty."), "4"),
        TemplateColumn("mkg_bulan", N_("The months of that masa kerja golongan (0 to 11); may be empty."), "0"),
        TemplateColumn("jabatan", N_("Post the SK gave; empty for a golongan SK."), ""),
        TemplateColumn("unit_kerja", N_("Unit of that post; may be empty."), "", UNITS),
        TemplateColumn("nomor_sk", N_("Number of the SK; may be empty."), "823.3/112/BKPSDM/2018"),
        TemplateColumn("tanggal_sk", N_("Date of the SK; may be empty."), "2018-03-20"),
    ),
    "rotations": (
        _nip("nip", N_("NIP of the employee being moved.")),
        TemplateColumn("jabatan_baru", N_("New position."), "Kepala Seksi Pemerintahan"),
        TemplateColumn("unit_baru", N_("New unit of work."), "Seksi Pemerintahan", UNITS),
        TemplateColumn("nomor_sk", N_("Number of the decree (SK); the same number corrects the notice."),
                       "821.2/045/BKPSDM/2026"),
        TemplateColumn("tanggal_sk", N_("Date of the decree."), "2026-11-20"),
        TemplateColumn("tmt", N_("Effective date (TMT), not before the decree."), "2026-12-01"),
        TemplateColumn("jadwal_pelantikan", N_("Optional: inauguration date and time, WIB, not before the decree; "
                                               "empty leaves the line out of the notice."), "2026-12-01 09:00"),
        TemplateColumn("lokasi_pelantikan", N_("Optional: inauguration place."), "Aula Kantor Camat Plaju"),
        TemplateColumn("catatan", N_("Optional: a note for the employee."), ""),
        _nip("atasan_baru_nip", N_("Optional: NIP of the direct superior from the TMT (objections and team views "
                                   "follow from that day); empty keeps the current superior."), ""),
    ),
    "days_off": (
        TemplateColumn("tanggal", N_("The date Kepegawaian sets apart from the national calendar."), "2027-03-16"),
        TemplateColumn("libur", N_("ya: a day off (e.g. cuti bersama); tidak: a working day although the national "
                                   "calendar lists a holiday."), "ya", ("ya", "tidak")),
        TemplateColumn("keterangan", N_("Optional: what the day is, e.g. Cuti bersama Nyepi."), "Cuti bersama Nyepi"),
    ),
}


@dataclass(frozen=True)
class GuideWording:
    """The explanation sheet's fixed words, in HR's language."""

    column: str
    meaning: str
    example: str
    choices: str


def template_kinds() -> list[ImportKind]:
    return [kind for kind in IMPORT_KINDS if kind.key in TEMPLATES]


async def template_xlsx(uow: UnitOfWork, kind: ImportKind, translate: Callable[[str], str],
                        wording: GuideWording) -> bytes:
    """The template for ``kind``, its unit lists from today's employee records."""
    return build_template(kind, translate, wording, await uow.employees.units())


def build_template(kind: ImportKind, translate: Callable[[str], str], wording: GuideWording,
                   units: Sequence[str]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    columns = TEMPLATES[kind.key]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = kind.key
    guide = workbook.create_sheet(GUIDE_SHEET)
    for position, title in enumerate((wording.column, wording.meaning, wording.example, wording.choices), start=1):
        put(guide, 1, position, title)
    list_column = 6  # the lists sit right of the explanations, one column each
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        put(sheet, 1, index, column.name).font = Font(bold=True)
        example = put(sheet, 2, index, column.example)
        sheet.column_dimensions[letter].width = max(len(column.name), len(column.example), 10) + 2
        choices = list(units) if column.choices == UNITS else list(column.choices)
        explanation = (column.name, translate(column.meaning), column.example,
                       ", ".join(choices[:12]) + (" …" if len(choices) > 12 else ""))
        for position, value in enumerate(explanation, start=1):
            put(guide, index + 1, position, value)  # by position: the lists below fill rows too
        if column.nip:
            sheet.column_dimensions[letter].number_format = "@"
            example.number_format = "@"
        if choices:
            list_letter = get_column_letter(list_column)
            put(guide, 1, list_column, column.name).font = Font(bold=True)
            for row, choice in enumerate(choices, start=2):
                put(guide, row, list_column, choice)
            validation = DataValidation(type="list", allow_blank=True,
                                        formula1=f"'{GUIDE_SHEET}'!${list_letter}$2:${list_letter}${len(choices) + 1}",
                                        showErrorMessage=column.choices != UNITS)  # a new unit may be typed
            validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")
            sheet.add_data_validation(validation)
            list_column += 1
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for letter, width in (("A", 20), ("B", 70), ("C", 24), ("D", 40)):
        guide.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
