"""The training commands as HR runs them: import workshops, print the enrolment sheet, fill it in, import
it back as attendance, add outside JP, and read the JP report in a spreadsheet program's library."""

import asyncio
from datetime import datetime, timedelta

import pytest
from openpyxl import load_workbook

from bot.cli import main
from storage.db import create_engine, create_session_factory
from storage.services.workshops import enrol
from storage.uow import UnitOfWork
from tests.storage.test_employee_import import GOOD_ROWS, write_csv
from tests.workshop_factories import POLICY, WIB

HEADER = "kode,judul,deskripsi,jenis,moda,lokasi,penyelenggara,mulai,selesai,batas_daftar,kuota,jp"
BUDI, CAMAT, SRI = "198503152010011001", "197805122003121002", "199404172022212006"


@pytest.fixture(autouse=True)
def environment(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    for name in ("TELEGRAM_BOT_TOKEN", "BOT_DEFAULT_LOCALE", "BOT_TIMEZONE", "JP_TARGET_PNS", "JP_CEILING_PPPK"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")


def wib_text(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def test_workshop_year_from_import_to_jp_report(tmp_path, capsys):
    """Dates are relative to today: the CLI runs on the real clock. The workshop ran yesterday from 09.00 to
    15.00, so it is one day's session whatever the hour the test runs (three hours either side of now crossed
    midnight when run after 21.00 WIB, and a session past midnight holds no JP)."""
    assert main(["import", "employees", str(write_csv(tmp_path / "pegawai.csv", GOOD_ROWS))]) == 0
    started = (datetime.now(WIB) - timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)
    row = (f"PLT-01,Etika ASN,,manajerial,luring,Aula Kantor Camat Plaju,BKPSDM Palembang,{wib_text(started)},"
           f"{wib_text(started + timedelta(hours=6))},{wib_text(started - timedelta(hours=1))},10,6")
    assert main(["import", "workshops", str(write_csv(tmp_path / "pelatihan.csv", [row], header=HEADER))]) == 0
    assert "1 baris dibaca: 1 baru" in capsys.readouterr().out

    # nobody could still enrol through Telegram (the deadline passed), so seat two people directly
    _seat(tmp_path, [BUDI, CAMAT])
    assert main(["report", "enrolments", "plt-01"]) == 0
    assert "2 peserta ditulis ke peserta-PLT-01.xlsx" in capsys.readouterr().out
    workbook = load_workbook("peserta-PLT-01.xlsx")
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("kode", "nip", "nama", "unit_kerja", "status", "posisi_tunggu", "hadir")
    assert {row[1] for row in rows[1:]} == {BUDI, CAMAT} and {row[4] for row in rows[1:]} == {"terdaftar"}
    for line in range(2, 4):
        sheet.cell(line, 7, "ya" if sheet.cell(line, 2).value == BUDI else "tidak")
    workbook.save("peserta-PLT-01.xlsx")
    assert main(["import", "attendance", "peserta-PLT-01.xlsx"]) == 0
    assert "2 diperbarui" in capsys.readouterr().out

    jp_row = f"{BUDI},{started.date().isoformat()},4,Webinar Literasi Digital"
    jp_file = write_csv(tmp_path / "jp.csv", [jp_row], header="nip,tanggal,jp,keterangan")
    assert main(["import", "jp", str(jp_file)]) == 0
    assert main(["report", "jp", "--year", str(started.year), "--out", "jp.xlsx"]) == 0
    assert "3 pegawai ditulis ke jp.xlsx; 2 di bawah batas minimal." in capsys.readouterr().out
    report = list(load_workbook("jp.xlsx").active.iter_rows(values_only=True))
    assert report[0] == ("NIP", "Nama", "Jenis", "Unit kerja", "JP dari pelatihan", "JP dari kegiatan lain", "Total JP",
                         "Terdaftar, kehadiran belum dicatat", "Minimal (PNS)", "Batas maksimal (PPPK)", "Kekurangan")
    assert [(row[0], row[6], row[10]) for row in report[1:]] == [(CAMAT, 0, 20), (BUDI, 10, 10), (SRI, 0, 0)]
    assert report[3][8:10] == (None, 24)


def _seat(tmp_path, nips):
    """Enrol people as the bot would have, two days ago, before the deadline."""

    async def run():
        engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
        early = datetime.now(WIB) - timedelta(days=2)
        try:
            for nip in nips:
                async with UnitOfWork(create_session_factory(engine), lambda: early) as uow:
                    (workshop,) = (await uow.workshops.by_codes(["PLT-01"])).values()
                    await enrol(uow, await uow.employees.by_nip(nip), workshop.id, POLICY)
        finally:
            await engine.dispose()

    asyncio.run(run())


def test_bad_workshop_rows_are_reported_in_indonesian(tmp_path, capsys):
    row = "PLT-01,Etika ASN,,teknis,luring,Aula,,2026-12-03 09:00,2026-12-03 08:00,2026-12-04,-3,6"
    assert main(["import", "workshops", str(write_csv(tmp_path / "p.csv", [row], header=HEADER))]) == 1
    err = capsys.readouterr().err
    assert "Baris 2, kolom selesai: Waktu selesai harus sesudah waktu mulai." in err
    assert "Baris 2, kolom batas_daftar: Batas pendaftaran jatuh setelah waktu mulai." in err
    assert "Baris 2, kolom kuota: “-3” bukan bilangan bulat paling sedikit 1." in err
    assert main(["report", "enrolments", "PLT-01"]) == 1
    assert "Tidak ada pelatihan dengan kode PLT-01" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["JP_TARGET_PNS", "JP_CEILING_PPPK"])
def test_jp_settings_are_validated(monkeypatch, capsys, name):
    monkeypatch.setenv(name, "dua puluh")
    assert main(["db", "upgrade"]) == 2
    assert f"{name} must be a positive whole number" in capsys.readouterr().err
