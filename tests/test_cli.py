"""The asnbot command line, called as HR would call it (in-process, on a SQLite file)."""

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from storage.services.codes import ALPHABET
from tests.storage.test_employee_import import GOOD_ROWS, write_csv

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def environment(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    for name in ("TELEGRAM_BOT_TOKEN", "BOT_DEFAULT_LOCALE", "BOT_TIMEZONE", "TELEGRAM_API_BASE_URL",
                 "TELEGRAM_WEBHOOK_SECRET", "TELEGRAM_MESSAGES_PER_SECOND", "BOT_CONCURRENT_UPDATES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")


def test_import_codes_and_roles(tmp_path, capsys):
    path = write_csv(tmp_path / "pegawai.csv", GOOD_ROWS, delimiter=";", bom=True)
    assert main(["import", "employees", str(path)]) == 0
    assert "3 baris dibaca: 3 baru, 0 diperbarui, 0 tetap, 0 dilewati." in capsys.readouterr().out

    assert main(["codes", "issue", "19850315 201001 1 001", "--out", "kode.csv"]) == 0
    out = capsys.readouterr()
    nip, code = out.out.strip().split("\t")
    assert nip == "198503152010011001" and re.fullmatch(f"[{ALPHABET}]{{5}}-[{ALPHABET}]{{5}}", code)
    assert "1 kode aktivasi diterbitkan, berlaku 14 hari." in out.err
    with open("kode.csv", encoding="utf-8-sig", newline="") as handle:
        assert list(csv.reader(handle, delimiter=";"))[1] == [nip, "Budi Santoso", code]

    assert main(["codes", "issue", "--all-unlinked"]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 3

    assert main(["hr", "revoke", "198503152010011001"]) == 0
    assert "tidak lagi memegang peran petugas kepegawaian" in capsys.readouterr().out
    assert main(["hr", "revoke", "198503152010011001"]) == 1
    # the role in words, not its stored value "hr" (deliberate bug tried: role=role.value in revoke_role)
    assert "Budi Santoso tidak memegang peran petugas kepegawaian." in capsys.readouterr().err
    assert main(["hr", "grant", "198503152010011001"]) == 0
    assert "kini memegang peran petugas kepegawaian" in capsys.readouterr().out


def test_bad_rows_are_reported_in_indonesian_with_row_and_column(tmp_path, capsys):
    path = write_csv(tmp_path / "pegawai.csv", GOOD_ROWS + ["1985,Salah,PNS,,,,,"])
    assert main(["import", "employees", str(path)]) == 1
    out = capsys.readouterr()
    assert "Baris 5, kolom nip: NIP terdiri dari 18 digit; yang ini 4." in out.err
    assert "Tidak ada yang disimpan" in out.out
    assert main(["import", "employees", str(path), "--dry-run"]) == 0
    assert main(["import", "employees", str(path), "--skip-invalid"]) == 0
    assert "3 baru" in capsys.readouterr().out


def test_template_then_import_it_as_filled_in(tmp_path, capsys):
    assert main(["template", "employees", "--out", str(tmp_path / "templat.xlsx")]) == 0
    assert "templat.xlsx" in capsys.readouterr().out
    assert main(["import", "employees", str(tmp_path / "templat.xlsx")]) == 0
    assert "1 baru" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["template", "gaji"])  # not a kind of import: argparse lists the kinds


def test_unknown_nip_and_missing_arguments(capsys):
    assert main(["codes", "issue", "198503152010011001"]) == 1
    assert "Tidak ada pegawai dengan NIP 198503152010011001" in capsys.readouterr().err
    assert main(["codes", "issue"]) == 1
    assert main(["codes", "issue", "12"]) == 1
    assert "18 digit" in capsys.readouterr().err


@pytest.mark.parametrize("name, value, fragment", [
    ("DATABASE_URL", "mysql://x", "DATABASE_URL must start with"),
    ("TELEGRAM_BOT_TOKEN", "not-a-token", "TELEGRAM_BOT_TOKEN is malformed"),
    ("BOT_TIMEZONE", "Asia/Plaju", "BOT_TIMEZONE is not a known time zone"),
    ("BOT_DEFAULT_LOCALE", "jv", "BOT_DEFAULT_LOCALE must be one of id, en"),
    ("TELEGRAM_API_BASE_URL", "127.0.0.1:8081", "TELEGRAM_API_BASE_URL must be an http(s) URL"),
    ("TELEGRAM_WEBHOOK_SECRET", "short", "TELEGRAM_WEBHOOK_SECRET must be 16 to 256 characters"),
    ("TELEGRAM_MESSAGES_PER_SECOND", "-1", "TELEGRAM_MESSAGES_PER_SECOND must be a whole number of at least 0"),
    ("BOT_CONCURRENT_UPDATES", "0", "BOT_CONCURRENT_UPDATES must be a positive whole number"),
])
def test_bad_settings_stop_with_one_clear_line(monkeypatch, capsys, name, value, fragment):
    monkeypatch.setenv(name, value)
    assert main(["db", "upgrade"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("asnbot: ") and fragment in err and len(err.strip().splitlines()) == 1


def test_dotenv_file_is_read_and_environment_wins(monkeypatch, capsys, tmp_path):
    monkeypatch.delenv("DATABASE_URL")
    Path(".env").write_text(f"DATABASE_URL=sqlite+aiosqlite:///{tmp_path / 'from-dotenv.db'}\nBOT_DEFAULT_LOCALE=en\n")
    assert main(["db", "upgrade"]) == 0
    assert capsys.readouterr().out.strip() == "Database is up to date."
    assert (tmp_path / "from-dotenv.db").exists()
    monkeypatch.setenv("BOT_DEFAULT_LOCALE", "id")
    assert main(["db", "upgrade"]) == 0
    assert capsys.readouterr().out.strip() == "Basis data sudah mutakhir."


def test_run_without_token_explains_itself(capsys):
    assert main(["run"]) == 2
    assert "TELEGRAM_BOT_TOKEN is not set" in capsys.readouterr().err


def test_python_dash_m_bot_works(tmp_path):
    result = subprocess.run([sys.executable, "-m", "bot", "db", "upgrade"], cwd=tmp_path, capture_output=True,
                            text=True, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT),
                                            "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'm.db'}"})
    assert result.returncode == 0, result.stderr
    assert "Basis data sudah mutakhir." in result.stdout


def test_audit_report_opens_as_a_spreadsheet(tmp_path, capsys):
    from openpyxl import load_workbook

    main(["import", "employees", str(write_csv(tmp_path / "p.csv", GOOD_ROWS))])
    main(["codes", "issue", "198503152010011001"])
    assert main(["report", "audit", "--out", "audit.xlsx"]) == 0
    assert "2 entri ditulis ke audit.xlsx" in capsys.readouterr().out
    sheet = load_workbook("audit.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Waktu (WIB)", "Pelaku", "Tindakan", "Objek", "Rincian")
    assert [row[2] for row in rows[1:]] == ["employees.imported", "code.issued"]
    assert rows[2][3] == "198503152010011001" and rows[1][1].startswith("cli:")
    assert main(["report", "audit", "--since", "2999-01-01", "--out", "audit.csv"]) == 0
    header = "Waktu (WIB);Pelaku;Tindakan;Objek;Rincian"
    assert Path("audit.csv").read_text(encoding="utf-8-sig").splitlines() == [header]


def test_reminder_reports_past_and_upcoming(tmp_path, capsys, monkeypatch):
    from openpyxl import load_workbook

    monkeypatch.setenv("SKP_ANNUAL_DEADLINE", "12-10")  # 3 and 14 days before fall in the coming week
    main(["import", "employees", str(write_csv(tmp_path / "p.csv", GOOD_ROWS))])
    assert main(["report", "reminders", "--out", "sent.xlsx"]) == 0
    assert "0 baris ditulis ke sent.xlsx" in capsys.readouterr().out
    assert main(["report", "reminders", "--upcoming", "--days", "14", "--out", "next.csv"]) == 0
    lines = Path("next.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "Waktu (WIB);Kategori;Acara;Tahap;Penerima"
    assert len(lines) == 1  # nobody is linked yet: no recipients, nothing planned
    assert load_workbook("sent.xlsx").active.max_row == 1


def test_broadcast_from_the_command_line_checks_formatting_and_splits_long_text(tmp_path, capsys):
    main(["import", "employees", str(write_csv(tmp_path / "p.csv", GOOD_ROWS))])
    assert main(["broadcast", "send", "--text", "<b>Apel pagi", "--yes"]) == 1
    assert "Telegram akan menolak format ini" in capsys.readouterr().err
    long_text = "\n\n".join(f"<b>Paragraf {number}</b> " + "kata " * 150 for number in range(12))
    Path("pengumuman.html").write_text(long_text, encoding="utf-8")
    assert main(["broadcast", "send", "--text-file", "pengumuman.html", "--unit", "Kecamatan Plaju", "--yes"]) == 0
    assert "untuk 1 penerima" in capsys.readouterr().out
    assert main(["report", "broadcast", "1", "--out", "laporan.csv"]) == 0
    rows = Path("laporan.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) == 2 and ";dalam antrean;" in rows[1]
    assert main(["broadcast", "cancel", "1"]) == 0
    assert "3 pesan yang belum terkirim ditarik" in capsys.readouterr().out  # the long text went as 3 parts


def test_career_plan_report_is_written_as_xlsx(tmp_path, capsys):
    from openpyxl import load_workbook

    path = write_csv(tmp_path / "pegawai.csv", GOOD_ROWS)
    assert main(["import", "employees", str(path)]) == 0
    capsys.readouterr()
    assert main(["report", "career", "--months", "3", "--out", "rencana.xlsx"]) == 0
    assert "Perencanaan karier untuk 3 bulan ke depan ditulis ke rencana.xlsx." in capsys.readouterr().out
    workbook = load_workbook("rencana.xlsx")
    assert workbook.sheetnames == ["KP", "KGB", "Pensiun", "Kontrak PPPK", "Masa jabatan", "JP", "Aspirasi"]
    assert workbook["JP"].max_row == 1 + 2  # the two PNS in the file, each short of 20 JP


def test_rotation_dry_run_prints_the_warnings_and_long_in_post_is_a_report(tmp_path, capsys):
    """``--dry-run`` shows what HR would be warned about before anything is published (bug caught: warnings
    only from a real import)."""
    from openpyxl import load_workbook

    from storage.services.rotations import COLUMNS, SUPERIOR_COLUMN
    main(["import", "employees", str(write_csv(tmp_path / "p.csv", GOOD_ROWS))])
    rows = ["199404172022212006,Lurah,Kelurahan Plaju Ilir,821/1/2027,02/01/2027,01/02/2027,,,,",
            "199404172022212006,Camat,Kecamatan Plaju,821/2/2027,02/01/2027,01/03/2027,,,,198503152010011001"]
    path = write_csv(tmp_path / "rotasi.csv", rows, header=",".join((*COLUMNS, SUPERIOR_COLUMN)))
    capsys.readouterr()
    assert main(["import", "rotations", str(path), "--dry-run"]) == 0
    err = capsys.readouterr().err
    assert "Baris 3, kolom nomor_sk: peringatan: Sri Wahyuni sudah memiliki rotasi yang belum berlaku: " \
           "SK 821/1/2027, TMT 1 Februari 2027." in err
    assert main(["report", "long-in-post", "--out", "lama.xlsx"]) == 0
    assert load_workbook("lama.xlsx").active["A1"].value == "NIP"
