"""User-facing messages from the business rules, translated only when shown.

Services must not pick a language, so they raise a :class:`Problem` carrying a gettext message id
(marked with :func:`N_` for extraction) and its parameters, or queue :class:`Messages`; the Telegram
handlers, the outbox sender and the CLI translate them for whoever reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


def N_(message: str) -> str:
    """Mark a message for extraction without translating it yet."""
    return message


class Problem(Exception):
    """A rule was broken by the input; ``message`` is an untranslated msgid with ``{named}`` fields."""

    def __init__(self, message: str, **params: Any) -> None:
        super().__init__(message)
        self.message = message
        self.params = params

    def __repr__(self) -> str:
        return f"Problem({self.message!r}, {self.params!r})"


class Html(str):
    """A parameter that is already checked HTML (an announcement HR wrote), placed into a template as it is."""


@dataclass(frozen=True)
class Label:
    """A parameter that is itself a msgid (e.g. the name of a field), translated for the reader when sent."""

    msgid: str


@dataclass(frozen=True)
class Messages:
    """Several templated messages rendered as one list (e.g. a digest), each in the reader's language."""

    items: tuple[tuple[str, dict[str, Any]], ...]
