"""Catalogs are complete and in step with the code: every string a user reads is translated."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"{(\w+)}")
LANGUAGES = ["id", "en"]


def catalog(language):
    with (ROOT / "locales" / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=language)


def source_messages() -> set[str]:
    found = set()
    for package in ("bot", "handlers", "storage"):
        for _file, _line, message, _comments, _context in extract_from_dir(
                ROOT / package, method_map=[("**.py", "python")],
                keywords={"_": None, "N_": None, "html": None, "ngettext": (1, 2), "counted": (2, 3)}):
            found.add(message if isinstance(message, str) else message[0])
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_is_complete_without_fuzzy_entries(language):
    problems = [message.id for message in catalog(language) if message.id and (
        message.fuzzy or not (all(message.string) if isinstance(message.string, tuple) else message.string))]
    assert problems == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_match_between_msgid_and_msgstr(language):
    for message in catalog(language):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) == expected, message.id


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_in_the_code_is_in_the_catalog(language):
    known = {message.id if isinstance(message.id, str) else message.id[0] for message in catalog(language)}
    assert sorted(source_messages() - known) == []


def test_html_tags_are_kept_in_translations():
    for message in catalog("id"):
        if message.id and isinstance(message.id, str):
            assert re.findall(r"</?\w+>", message.id) == re.findall(r"</?\w+>", message.string), message.id
