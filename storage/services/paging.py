"""Splitting a list into the pages a chat screen shows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")
PAGE_SIZE = 8  # buttons per screen that still fit a phone without scrolling


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    number: int  # 0-based
    count: int   # number of pages, at least 1
    total: int   # items on all pages

    @property
    def first_index(self) -> int:
        return self.number * PAGE_SIZE


def page_of(items: Sequence[T], number: int) -> Page[T]:
    """Page ``number`` of ``items``; an out-of-range number (a stale button) gives the nearest page."""
    count = max(1, -(-len(items) // PAGE_SIZE))
    number = min(max(number, 0), count - 1)
    return Page(list(items[number * PAGE_SIZE:(number + 1) * PAGE_SIZE]), number, count, len(items))
