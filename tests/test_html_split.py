"""Splitting long HTML messages: every chunk parses as Telegram would parse it and fits the limit."""

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.emulator import parse_html, utf16_len
from bot.telegram.html_split import split_html


def plain_lengths(chunks):
    return [utf16_len(parse_html(chunk)[0]) for chunk in chunks]


def words(text: str) -> list[str]:
    return text.split()


def test_short_text_is_returned_as_it_is():
    assert split_html("<b>Halo</b> Budi &amp; Siti\n") == ["<b>Halo</b> Budi &amp; Siti\n"]
    assert split_html("  \n ") == []


def test_tags_do_not_count_towards_the_limit():
    text = "<b>" + "a" * 10 + "</b>"
    assert split_html(text, limit=10) == [text]


def test_paragraph_break_is_preferred_to_line_and_word_breaks():
    text = "satu dua\ntiga\n\nempat lima enam"
    assert split_html(text, limit=20) == ["satu dua\ntiga", "empat lima enam"]


def test_line_break_is_preferred_to_word_break():
    assert split_html("satu dua tiga\nempat lima", limit=17) == ["satu dua tiga", "empat lima"]


def test_words_are_never_cut_when_a_space_is_available():
    text = " ".join(["keberatan"] * 50)
    chunks = split_html(text, limit=40)
    assert all(set(words(chunk)) == {"keberatan"} for chunk in chunks)
    assert sum(len(words(chunk)) for chunk in chunks) == 50


def test_open_tags_are_closed_and_reopened_with_their_attributes():
    text = '<b>Tebal <a href="https://example.com/x?a=1&amp;b=2">tautan ' + "kata " * 20 + "</a> akhir</b>"
    chunks = split_html(text, limit=30)
    assert len(chunks) > 2
    for chunk in chunks:
        parse_html(chunk)  # raises if a tag is left open or closed twice
    assert chunks[1].startswith('<b><a href="https://example.com/x?a=1&amp;b=2">')
    assert chunks[0].endswith("</a></b>")


def test_entities_stay_whole_and_count_as_one_character():
    text = "&lt;&gt;&amp; " * 30
    chunks = split_html(text, limit=16)
    assert all(re.fullmatch(r"(?:&lt;&gt;&amp;\s?)+", chunk) for chunk in chunks)
    assert max(plain_lengths(chunks)) <= 16


def test_length_is_counted_in_utf16_units_like_telegram():
    text = "😀" * 10  # each emoji is two UTF-16 units
    chunks = split_html(text, limit=8)
    assert chunks == ["😀" * 4, "😀" * 4, "😀" * 2]


def test_a_word_longer_than_the_limit_is_cut_hard():
    assert split_html("x" * 25, limit=10) == ["x" * 10, "x" * 10, "x" * 5]


def test_feedback_at_telegrams_limit_fits_in_two_messages():
    feedback = html.escape("Pertahankan kinerja & kedisiplinan <terus>. " * 100)
    text = "<b>Hasil Penilaian</b>\nPredikat: <b>Baik</b>\n\n<blockquote>" + feedback + "</blockquote>"
    chunks = split_html(text)
    assert len(chunks) == 2 and max(plain_lengths(chunks)) <= 4096
    assert chunks[1].startswith("<blockquote>") and chunks[0].endswith("</blockquote>")
    assert " ".join(parse_html(chunk)[0] for chunk in chunks).split() == parse_html(text)[0].split()


FRAGMENTS = st.lists(st.one_of(
    st.sampled_from([" ", "\n", "\n\n", "&amp;", "&lt;", "😀", "é", "kata", "panjangsekali" * 3]),
    st.text(alphabet="abc XYZ", min_size=1, max_size=12),
), min_size=1, max_size=60)


@st.composite
def html_documents(draw):
    """Well-formed Telegram HTML: text fragments inside randomly nested tags."""
    parts = []
    for fragment in draw(FRAGMENTS):
        tag = draw(st.sampled_from([None, None, "b", "i", "code", 'a href="https://t.me/x"', "blockquote"]))
        inner = fragment if tag is None or not draw(st.booleans()) else f"<u>{fragment}</u>"
        parts.append(inner if tag is None else f"<{tag}>{inner}</{tag.split()[0]}>")
    return "".join(parts)


@settings(max_examples=200, deadline=None)
@given(html_documents(), st.integers(min_value=4, max_value=60))
def test_every_chunk_parses_fits_and_nothing_visible_is_lost(text, limit):
    chunks = split_html(text, limit)
    assert all(length <= limit for length in plain_lengths(chunks))
    original = parse_html(text)[0]
    joined = "".join(parse_html(chunk)[0] for chunk in chunks)
    assert re.sub(r"\s", "", joined) == re.sub(r"\s", "", original)
