"""SQLite connections for reading that run on the event loop's own thread.

aiosqlite runs every call (open a cursor, execute, fetch, close, roll back) on a thread of its own and
wakes the event loop with the answer, and a screen takes about ten hand-offs, each costing more CPU than
the query itself on a local file. Readers in WAL mode neither wait
for nor block anyone, so a read-only request can run its queries directly: this module gives SQLAlchemy's
aiosqlite dialect the same interface over plain ``sqlite3``, without the thread. Writers keep aiosqlite: a
writer may wait for the write lock, and waiting on the event loop's thread would stop the whole bot.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

BUSY_TIMEOUT_SECONDS = 2.0  # a reader waits only while SQLite recovers or resets the WAL: rare and short


class InlineCursor:
    """aiosqlite's cursor interface over a ``sqlite3`` cursor, answering at once."""

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    async def __aenter__(self) -> InlineCursor:
        return self

    async def execute(self, operation: str, parameters: Sequence[Any] = ()) -> InlineCursor:
        self._cursor.execute(operation, parameters)
        return self

    async def executemany(self, operation: str, seq_of_parameters: Sequence[Sequence[Any]]) -> InlineCursor:
        self._cursor.executemany(operation, seq_of_parameters)
        return self

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(size if size is not None else self._cursor.arraysize)

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value


class InlineConnection:
    """aiosqlite's connection interface over a ``sqlite3`` connection in autocommit mode with
    ``query_only`` on: each query is its own read transaction and a write fails inside SQLite too."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection: sqlite3.Connection | None = connection  # SQLAlchemy's adapter checks it is open

    @classmethod
    async def open(cls, path: str) -> InlineConnection:
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        connection.execute("PRAGMA query_only=ON")
        return cls(connection)

    @property
    def _open(self) -> sqlite3.Connection:
        if self._connection is None:
            raise ValueError("no active connection")
        return self._connection

    @property
    def isolation_level(self) -> str | None:
        return self._open.isolation_level

    def cursor(self) -> InlineCursor:
        return InlineCursor(self._open.cursor())

    async def commit(self) -> None:
        self._open.commit()

    async def rollback(self) -> None:
        self._open.rollback()

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._open.create_function(*args, **kwargs)

    async def close(self) -> None:
        self.stop()

    def stop(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
