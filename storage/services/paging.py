"""Cutting a list into the pages a chat shows, tolerant of page numbers from stale buttons."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")
PAGE_SIZE = 5


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    number: int  # from 0
    count: int   # pages, at least 1 even for an empty list
    total: int   # items on all pages
    size: int = PAGE_SIZE

    @property
    def has_previous(self) -> bool:
        return self.number > 0

    @property
    def has_next(self) -> bool:
        return self.number + 1 < self.count

    @property
    def first_index(self) -> int:
        return self.number * self.size


def page_of(items: Sequence[T], number: int, size: int = PAGE_SIZE) -> Page[T]:
    """Page ``number`` of ``items``; a number past the end (the list shrank since) gives the last page."""
    number, count = page_within(len(items), number, size)
    return Page(list(items[number * size:(number + 1) * size]), number, count, len(items), size)


def page_within(total: int, number: int, size: int = PAGE_SIZE) -> tuple[int, int]:
    """``number`` brought within the pages of ``total`` items, and how many pages there are (at least one),
    for lists paged by the database instead of :func:`page_of`."""
    count = max((total + size - 1) // size, 1)
    return min(max(number, 0), count - 1), count
