"""``asnbot import appraisals`` and ``asnbot report objections`` as HR runs them (in-process, SQLite file)."""

import asyncio
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.cli import main
from bot.config import ConfigError, load_settings
from storage.db import create_engine, create_session_factory
from storage.services.appraisals import ObjectionPolicy
from storage.services.objections import file_objection
from storage.uow import UnitOfWork
from tests.appraisal_factories import ANDI
from tests.conftest import FakeClock
from tests.storage.test_appraisal_import import GOOD_ROWS, write_csv
from tests.storage.test_employee_import import write_csv as write_employees

EMPLOYEES = [
    "197805122003121002,Drs. Ahmad Fauzi,PNS,IV/b,Camat,Kecamatan Plaju,,",
    "198109232006042003,Rina Marlina,PNS,III/d,Sekretaris Kecamatan,Kecamatan Plaju,197805122003121002,",
    "199007082015032004,Dewi Lestari,PNS,III/b,Kepala Seksi,Seksi Pemerintahan,198109232006042003,",
    "199211302019031005,Andi Pratama,PNS,II/d,Pengadministrasi,Kelurahan Plaju Ulu,199007082015032004,",
    "199404172022212006,Sri Wahyuni,PPPK,IX,Penata Layanan,Kelurahan Bagus Kuning,199007082015032004,",
]


@pytest.fixture(autouse=True)
def environment(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    for name in ("TELEGRAM_BOT_TOKEN", "BOT_DEFAULT_LOCALE", "BOT_TIMEZONE", "KEBERATAN_WINDOW_DAYS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    assert main(["import", "employees", str(write_employees(tmp_path / "pegawai.csv", EMPLOYEES))]) == 0


def test_import_reports_bad_rows_in_indonesian_then_imports_and_reimports(tmp_path, capsys):
    capsys.readouterr()
    bad = write_csv(tmp_path / "skp.csv", [*GOOD_ROWS, f"{ANDI},2026-Q4,baik,sesuai,,,2026-11-20"])
    assert main(["import", "appraisals", str(bad)]) == 1
    out = capsys.readouterr()
    assert "Baris 5, kolom hasil_kerja: “baik” bukan penilaian yang dikenal" in out.err
    assert "Tidak ada yang disimpan" in out.out
    good = write_csv(tmp_path / "skp.csv", GOOD_ROWS)
    assert main(["import", "appraisals", str(good)]) == 0
    assert "3 baris dibaca: 3 baru, 0 diperbarui, 0 tetap, 0 dilewati." in capsys.readouterr().out
    assert main(["import", "appraisals", str(good)]) == 0
    assert "3 baris dibaca: 0 baru, 0 diperbarui, 3 tetap, 0 dilewati." in capsys.readouterr().out


def test_objections_report_as_a_spreadsheet(tmp_path, capsys):
    main(["import", "appraisals", str(write_csv(tmp_path / "skp.csv", GOOD_ROWS))])

    async def file_one() -> None:  # the objection comes from Telegram; here straight through the service
        engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
        async with UnitOfWork(create_session_factory(engine), FakeClock()) as uow:
            andi = await uow.employees.by_nip(ANDI)
            (appraisal,) = await uow.appraisals.current_of([andi.id])
            await file_objection(uow, andi, appraisal.id, "Hasil kerja saya sudah melebihi target triwulan.",
                                 ObjectionPolicy(14), actor="telegram:1")
        await engine.dispose()

    asyncio.run(file_one())
    capsys.readouterr()
    assert main(["report", "objections", "--out", "keberatan.xlsx"]) == 0
    assert "1 keberatan ditulis ke keberatan.xlsx." in capsys.readouterr().out
    rows = list(load_workbook("keberatan.xlsx").active.iter_rows(values_only=True))
    assert rows[0][:5] == ("No.", "Diajukan (WIB)", "NIP", "Nama", "Periode")
    assert rows[1][2:12] == (ANDI, "Andi Pratama", "Triwulan III 2026", "Di Atas Ekspektasi", "Sesuai Ekspektasi",
                             "Baik", "Dewi Lestari", "Rina Marlina", "diajukan",
                             "Hasil kerja saya sudah melebihi target triwulan.")
    assert rows[1][1].hour == 9  # 09.00 WIB, not UTC
    assert main(["report", "objections", "--out", "keberatan.csv"]) == 0
    assert Path("keberatan.csv").read_text(encoding="utf-8-sig").splitlines()[0].startswith("No.;Diajukan (WIB);NIP")


@pytest.mark.parametrize("value", ["0", "-3", "dua", "14.5"])
def test_keberatan_window_must_be_a_positive_whole_number(value):
    with pytest.raises(ConfigError, match="KEBERATAN_WINDOW_DAYS must be a positive whole number"):
        load_settings({"KEBERATAN_WINDOW_DAYS": value}, env_file=None)
    assert load_settings({"KEBERATAN_WINDOW_DAYS": "30"}, env_file=None).objection_window_days == 30
    assert load_settings({}, env_file=None).objection_window_days == 14
