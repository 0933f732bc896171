"""Indonesian as a government office writes it (issue 14), checked over the whole catalog.

The terms: "Kepegawaian" / "petugas kepegawaian", never the English "HR"; the office named one way, "Subbag
Umum dan Kepegawaian"; "berkas" for a file; "Pelatihan Saya"; "Lepaskan tautan akun" (not "Putuskan", which
reads as "decide"); formal "Anda", and the bot never speaks of itself as "saya" or "kami" ("saya" belongs to
the user's own buttons). No text sent on Telegram tells anyone to type an ``asnbot`` command: only what the
terminal prints may. Every translation keeps its msgid's placeholders, HTML tags and emoji.
"""

import re
import unicodedata
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from handlers.commands import COMMANDS

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "N_": None, "html": None, "ngettext": (1, 2), "counted": (2, 3)}
TERMINAL = ("bot/cli/", "bot/console.py", "bot/__main__.py")  # what only a terminal prints
PLACEHOLDER = re.compile(r"{(\w+)}")
TAG = re.compile(r"</?([a-z]+)(?:\s[^<>]*)?>")
QUOTED = re.compile(r"“[^”]*”")  # a button's own label quoted inside a sentence
SHELL = re.compile(r"\basnbot\b|(?:^|\s)--[a-z][a-z-]+")


def entries(language):
    """(msgid, plural msgid or None, translations) for every entry of the catalog."""
    with (ROOT / "locales" / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=language)
    found = []
    for message in catalog:
        if message.id:
            ids = message.id if isinstance(message.id, tuple) else (message.id, None)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            found.append((ids[0], ids[1], strings))
    return found


def indonesian():
    """Each id translation with its msgid, placeholders taken out (``{file}`` is not the word "file")."""
    return [(msgid, PLACEHOLDER.sub("", string)) for msgid, _plural, strings in entries("id") for string in strings]


@cache
def telegram_msgids() -> frozenset[str]:
    """Msgids extracted from any module that talks to Telegram (everything but the terminal's own modules)."""
    found = set()
    for package in ("bot", "handlers", "storage"):
        for filename, _line, message, _comments, _context in extract_from_dir(
                ROOT / package, method_map=[("**.py", "python")], keywords=KEYWORDS):
            if not f"{package}/{filename}".startswith(TERMINAL):
                found.add(message if isinstance(message, str) else message[0])
    return frozenset(found)


def test_no_english_hr_in_indonesian():
    """Deliberate bug tried: "🗂 Rotasi (HR)" put back as the msgstr of "🗂 Rotations (HR)"."""
    assert [string for _msgid, string in indonesian() if re.search(r"\bHR\b", string)] == []


def test_the_office_has_one_name():
    """Deliberate bug tried: "Mintalah kode baru ke Subbag Kepegawaian." for an expired activation code."""
    assert [string for _msgid, string in indonesian()
            if re.search(r"Subbag(?! Umum dan Kepegawaian)", string)] == []


def test_a_file_is_berkas():
    """Deliberate bug tried: "📅 File kalender (.ics)" put back as the calendar button."""
    assert [string for _msgid, string in indonesian() if re.search(r"\b(file|spreadsheet)\b", string, re.I)] == []


def test_pelatihan_saya_not_pelatihanku():
    """Deliberate bugs tried: "📚 Pelatihanku & JP" put back as the button, and the command renamed back to
    /pelatihanku in handlers/commands.py."""
    assert [string for _msgid, string in indonesian() if "pelatihanku" in string.lower()] == []
    assert "pelatihanku" not in {command.name for command in COMMANDS}


def test_unlinking_is_lepaskan_tautan_not_putuskan():
    """"Putuskan" reads as "decide" next to "diputuskan"; "Mohon periksa SK-nya dan putuskan" (decide) stays.
    Deliberate bugs tried: "Ya, putuskan" put back as the confirming button, and /putuskan listed again."""
    unlinking = [string for msgid, string in indonesian() if re.search(r"\bunlink\b", msgid, re.I)]
    assert len(unlinking) >= 4
    assert [string for string in unlinking if "putus" in string.lower() or "lepas" not in string.lower()] == []
    assert {"putuskan", "rotasi_hr"}.isdisjoint(command.name for command in COMMANDS)


def test_the_bot_has_one_voice_and_says_anda():
    """The bot never says "kami", and "saya" only in the user's own labels (no sentence: "📊 Hasil penilaian
    saya", "✅ Saya sudah membaca"), never in a sentence the bot says. Deliberate bugs tried: "Maaf, terjadi
    gangguan di sisi kami." and "Saya hanya bisa membaca teks dan tombol." put back."""
    strings = [QUOTED.sub("", string) for _msgid, string in indonesian()]
    assert [string for string in strings if re.search(r"\b(kami|kamu|kau|engkau)\b", string, re.I)] == []
    assert [string for string in strings if re.search(r"\bsaya\b", string, re.I) and re.search(r"[.!?]", string)
            ] == []


@pytest.mark.parametrize("phrase", ["sudah sedang", "Anda daftari", "memegang kursi", "mana yang ingin Anda ajukan",
                                    "sedekat itu", "tidak setelah", "tidak sesudah"])
def test_the_worst_phrasings_found_stay_gone(phrase):
    """Deliberate bug tried: "Keberatan no. {number} sudah sedang diproses." put back."""
    assert [string for _msgid, string in indonesian() if phrase in string] == []


@pytest.mark.parametrize("language", ["id", "en"])
def test_no_shell_command_in_a_telegram_text(language):
    """Only the terminal may name ``asnbot`` commands or their --options; Telegram texts say what to press or
    send instead. The same words printed by bot/cli/broadcasts.py pass. Deliberate bugs tried: "report: asnbot
    report broadcast {id}" added to a button's msgid in handlers/broadcasts.py, and "Jalankan lagi dengan
    --dry-run." added to the id msgstr of "✅ Saved."."""
    telegram = telegram_msgids()
    assert len(telegram) > 500
    offending = [msgid for msgid in telegram if SHELL.search(msgid)] + [
        string for msgid, _plural, strings in entries(language) if msgid in telegram for string in strings
        if SHELL.search(string)]
    assert offending == []


@pytest.mark.parametrize("language", ["id", "en"])
def test_translations_keep_placeholders_tags_and_emoji(language):
    """Plural forms included. Deliberate bugs tried: "<b>" dropped from "<b>Pelatihan Saya</b>", "{workshop}"
    renamed "{pelatihan}" in a plural msgstr, and the 📚 left out of "📚 Pelatihan Saya & JP"."""
    def kept(text):
        return (set(PLACEHOLDER.findall(text)), Counter(TAG.findall(text)),
                Counter(ch for ch in text if unicodedata.category(ch) == "So"))

    broken = [msgid for msgid, plural, strings in entries(language) for string in strings
              if kept(string) != kept(plural or msgid)]
    assert broken == []
