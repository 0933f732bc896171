"""Parser for Telegram's HTML formatting subset.

Telegram turns ``parse_mode=HTML`` text into plain text plus a list of entities
whose offsets and lengths are counted in UTF-16 code units, and rejects markup
it does not understand. The emulator uses this to behave like Telegram; the bot
uses it to check HR-written text before queueing it for thousands of people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["EntityParseError", "parse_html", "utf16_len"]

# Tag name -> entity type. "span" and "pre"/"code" get special handling below.
_TAG_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[a-zA-Z]+);")
_NAME_RE = re.compile(r"[a-zA-Z0-9-]*")
_ATTR_NAME_RE = re.compile(r"[a-zA-Z0-9_-]*")
_BARE_VALUE_RE = re.compile(r"[^\s>]*")


class EntityParseError(ValueError):
    """Markup Telegram would refuse; the message mirrors Telegram's wording."""


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit Telegram uses for offsets and limits."""
    return len(text.encode("utf-16-le")) // 2


@dataclass
class _OpenTag:
    name: str
    entity: dict[str, object] | None  # None: produces no entity (e.g. code merged into pre)
    start: int  # UTF-16 offset in the plain text
    order: int  # opening order, keeps outer entities first on ties
    children: list[str] = field(default_factory=list)


class _Parser:
    """Single pass over the source; keeps the plain text and a stack of open tags."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.pos = 0
        self.parts: list[str] = []
        self.length = 0  # UTF-16 length of the plain text so far
        self.stack: list[_OpenTag] = []
        self.done: list[tuple[int, int, int, dict[str, object]]] = []  # offset, length, order
        self.opened = 0

    def run(self) -> tuple[str, list[dict[str, object]]]:
        while self.pos < len(self.source):
            char = self.source[self.pos]
            if char == "&":
                self._entity()
            elif char == "<":
                self._tag()
            else:
                self._emit(char)
                self.pos += 1
        if self.stack:
            raise EntityParseError(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1].name}"'
            )
        self.done.sort(key=lambda item: (item[0], -item[1], item[2]))
        return "".join(self.parts), [entity for *_, entity in self.done]

    def _byte_offset(self, index: int) -> int:
        return len(self.source[:index].encode("utf-8"))

    def _emit(self, text: str) -> None:
        self.parts.append(text)
        self.length += utf16_len(text)

    def _entity(self) -> None:
        match = _ENTITY_RE.match(self.source, self.pos)
        decoded = _decode_entity(match.group(1)) if match else None
        if match is None or decoded is None:
            raise EntityParseError(
                f'Character "&" at byte offset {self._byte_offset(self.pos)} '
                'must be escaped as "&amp;"'
            )
        self._emit(decoded)
        self.pos = match.end()

    def _tag(self) -> None:
        if self.source.startswith("</", self.pos):
            self._close_tag()
        else:
            self._open_tag()

    def _open_tag(self) -> None:
        begin = self.pos
        self.pos += 1
        name = self._take(_NAME_RE).lower()
        if name not in _TAG_TYPES:
            raise EntityParseError(
                f'Unsupported start tag "{name}" at byte offset {self._byte_offset(begin)}'
            )
        attrs = self._attributes(name, begin)
        entity = self._entity_for(name, attrs, begin)
        if self.stack:
            self.stack[-1].children.append(name)
        self.stack.append(_OpenTag(name, entity, self.length, self.opened))
        self.opened += 1

    def _attributes(self, tag: str, begin: int) -> dict[str, str]:
        attrs: dict[str, str] = {}
        while True:
            self._skip_spaces()
            if self.pos >= len(self.source):
                raise EntityParseError(
                    f"Unclosed start tag at byte offset {self._byte_offset(begin)}"
                )
            if self.source[self.pos] == ">":
                self.pos += 1
                return attrs
            name_at = self.pos
            name = self._take(_ATTR_NAME_RE).lower()
            if not name:
                raise EntityParseError(
                    f'Empty attribute name in the tag "{tag}" at byte offset '
                    f"{self._byte_offset(name_at)}"
                )
            self._skip_spaces()
            value = ""
            if self.source.startswith("=", self.pos):
                self.pos += 1
                self._skip_spaces()
                value = self._attribute_value(begin)
            attrs[name] = value

    def _attribute_value(self, begin: int) -> str:
        quote = self.source[self.pos : self.pos + 1]
        if quote in ('"', "'"):
            end = self.source.find(quote, self.pos + 1)
            if end < 0:
                raise EntityParseError(
                    f"Unclosed start tag at byte offset {self._byte_offset(begin)}"
                )
            raw, self.pos = self.source[self.pos + 1 : end], end + 1
        else:
            raw = self._take(_BARE_VALUE_RE)
        return _ENTITY_RE.sub(lambda m: _decode_entity(m.group(1)) or m.group(), raw)

    def _entity_for(self, tag: str, attrs: dict[str, str], begin: int) -> dict[str, object] | None:
        """Build the entity a start tag opens; validates tag-specific attributes."""
        kind = _TAG_TYPES[tag]
        if tag == "span" and attrs.get("class") != "tg-spoiler":
            raise EntityParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {self._byte_offset(begin)}'
            )
        if tag == "a":
            return {"type": kind, "url": attrs["href"]} if attrs.get("href") else None
        if tag == "tg-emoji":
            emoji_id = attrs.get("emoji-id", "")
            if not emoji_id.isdigit():
                raise EntityParseError(
                    f'Tag "tg-emoji" must have a numeric "emoji-id" at byte offset '
                    f"{self._byte_offset(begin)}"
                )
            return {"type": kind, "custom_emoji_id": emoji_id}
        if tag == "blockquote" and "expandable" in attrs:
            return {"type": "expandable_blockquote"}
        if tag == "code" and self._set_pre_language(attrs.get("class", "")):
            return None
        return {"type": kind}

    def _set_pre_language(self, css_class: str) -> bool:
        """``<pre><code class="language-x">`` is one pre entity with a language, as in Telegram."""
        parent = self.stack[-1] if self.stack else None
        if not css_class.startswith("language-") or parent is None or parent.name != "pre":
            return False
        if parent.entity is None or parent.children or parent.start != self.length:
            return False
        parent.entity["language"] = css_class.removeprefix("language-")
        return True

    def _close_tag(self) -> None:
        begin = self.pos
        self.pos += 2
        name = self._take(_NAME_RE).lower()
        self._skip_spaces()
        if not self.source.startswith(">", self.pos):
            raise EntityParseError(f"Unclosed end tag at byte offset {self._byte_offset(begin)}")
        self.pos += 1
        if not self.stack:
            raise EntityParseError(f"Unexpected end tag at byte offset {self._byte_offset(begin)}")
        top = self.stack[-1]
        if top.name != name:
            raise EntityParseError(
                f"Unmatched end tag at byte offset {self._byte_offset(begin)}, "
                f'expected "</{top.name}>", found "</{name}>"'
            )
        self.stack.pop()
        length = self.length - top.start
        if top.entity is not None and length > 0:
            entity = {"offset": top.start, "length": length, **top.entity}
            self.done.append((top.start, length, top.order, entity))

    def _take(self, pattern: re.Pattern[str]) -> str:
        """Consume what ``pattern`` (which may match empty) matches at the cursor."""
        match = pattern.match(self.source, self.pos)
        text = match.group() if match else ""
        self.pos += len(text)
        return text

    def _skip_spaces(self) -> None:
        while self.pos < len(self.source) and self.source[self.pos].isspace():
            self.pos += 1


def _decode_entity(body: str) -> str | None:
    """Decode the part between '&' and ';', or None if Telegram would not accept it."""
    if not body.startswith("#"):
        return _NAMED_ENTITIES.get(body)
    code = int(body[2:], 16) if body[1:2] in ("x", "X") else int(body[1:])
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code)


def parse_html(source: str) -> tuple[str, list[dict[str, object]]]:
    """Return ``(plain_text, entities)`` for Telegram-HTML ``source``.

    Raises EntityParseError with Telegram's wording (without the
    "can't parse entities: " prefix) for markup Telegram rejects.
    """
    return _Parser(source).run()
