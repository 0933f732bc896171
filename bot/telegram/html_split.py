"""Splitting Telegram HTML into messages that each fit Telegram's length limit.

Telegram counts the limit (4096) in UTF-16 code units of the text *after* parsing the HTML, so tags
cost nothing and ``&amp;`` costs one. A split prefers a paragraph break, then a line break, then a
space (each only if it leaves the chunk at least half full), and cuts hard only inside a single word
longer than the limit; it never cuts a tag or an entity. Tags open at a cut are closed at the end of
the chunk and reopened at the start of the next, so every chunk parses on its own.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

TELEGRAM_LIMIT = 4096
# A tag, an entity, or one character (a stray < or & too: it stays, for Telegram to refuse as it would anyway).
_TOKEN = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>|&#?\w+;|.""", re.DOTALL)
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z][\w-]*)")


@dataclass(frozen=True)
class _Token:
    source: str
    width: int = 0             # UTF-16 code units it adds to the parsed text
    opens: str | None = None   # tag name, for an opening tag
    closes: str | None = None  # tag name, for a closing tag

    @property
    def is_space(self) -> bool:
        return self.source in (" ", "\n")


def split_html(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """``text`` as one or more chunks of at most ``limit`` parsed UTF-16 units each; blank chunks are dropped."""
    if len(text.encode("utf-16-le")) // 2 <= limit:  # the source is never shorter than what it parses to
        return [text] if text.strip() else []
    tokens = [_token(match.group()) for match in _TOKEN.finditer(text)]
    chunks: list[str] = []
    start, reopen = 0, []
    while start < len(tokens):
        end, resume = _cut(tokens, start, limit)
        still_open = _open_after(reopen, tokens[start:end])
        body = tokens[start:end]
        while body and body[-1].is_space:
            body.pop()
        chunk = "".join(token.source for token in [*reopen, *body])
        chunk += "".join(f"</{token.opens}>" for token in reversed(still_open))
        if any(token.width and not token.is_space for token in body):
            chunks.append(chunk)
        start, reopen = resume, still_open
    return chunks


def _token(source: str) -> _Token:
    if source.startswith("<") and len(source) > 1:
        name = _TAG_NAME.match(source)
        tag = name.group(1).lower() if name else ""
        return _Token(source, closes=tag) if source.startswith("</") else _Token(source, opens=tag)
    decoded = html.unescape(source) if source.startswith("&") else source
    return _Token(source, width=len(decoded.encode("utf-16-le")) // 2)


def _cut(tokens: list[_Token], start: int, limit: int) -> tuple[int, int]:
    """Where the chunk starting at ``start`` ends, and where the next one starts (after the break's spaces).

    A break that would leave the chunk less than half full is passed over for a lesser kind further on, so a
    short heading does not become a message of its own.
    """
    width = 0  # of tokens[start:index]
    breaks: dict[str, tuple[int, int]] = {}  # kind of break → (index of its first whitespace token, width before it)
    for index in range(start + 1, len(tokens)):
        token, previous = tokens[index], tokens[index - 1]
        width += previous.width
        if token.source == "\n" and previous.source == "\n":
            breaks["paragraph"] = (index - 1, width - 1)
        elif token.source == "\n":
            breaks["line"] = (index, width)
        elif token.source == " ":
            breaks["word"] = (index, width)
        if width + token.width > limit:
            break
    else:
        return len(tokens), len(tokens)
    found = [breaks[kind] for kind in ("paragraph", "line", "word") if kind in breaks and breaks[kind][0] > start]
    end = next((at for at, before in found if 2 * before >= limit), max(found)[0] if found else None)
    if end is None:  # one word longer than a whole message
        return index, index
    return end, _skip_spaces(tokens, end)


def _skip_spaces(tokens: list[_Token], index: int) -> int:
    while index < len(tokens) and tokens[index].is_space:
        index += 1
    return index


def _open_after(open_tags: list[_Token], tokens: list[_Token]) -> list[_Token]:
    """The opening tags still open after ``tokens``, outermost first."""
    stack = list(open_tags)
    for token in tokens:
        if token.opens:
            stack.append(token)
        elif token.closes and stack and stack[-1].opens == token.closes:
            stack.pop()
    return stack
