"""Engine and session factory for SQLite (embedded default) and PostgreSQL (production)."""

from __future__ import annotations

import os

from sqlalchemy import Table, event, make_url
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import ORMExecuteState, Session

from storage.sqlite_inline import InlineConnection


def create_engine(url: str, *, pool_size: int = 10, **kwargs) -> AsyncEngine:
    """Create the async engine; SQLite gets WAL, foreign keys and a busy timeout for concurrent writers.

    Every update being handled holds a connection until its reply is sent, so the bot asks for a pool as
    large as its concurrency. Connections are not pinged before each use: that round trip cost a quarter
    of the database time of a typical update; a connection lost with a restarted server fails one request
    and the pool then replaces them all.
    """
    pool = _pool(url, pool_size)
    if url.startswith("sqlite"):
        engine = create_async_engine(url, connect_args={"timeout": 30}, **pool, **kwargs)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    return create_async_engine(url, **pool, **kwargs)


def create_reading_engine(url: str, *, pool_size: int = 10) -> AsyncEngine:
    """The engine for read-only requests (see :class:`ReadingSession`), a pool of its own: measured faster
    than switching connections of a shared pool back and forth. PostgreSQL connections are in AUTOCOMMIT; a
    SQLite file named by a plain path is read on the event loop's thread without aiosqlite (see
    :mod:`storage.sqlite_inline`); URLs with options (``uri=true``, ``mode=ro``, ...) keep aiosqlite, which
    understands them."""
    parsed = make_url(url)
    if url.startswith("sqlite") and parsed.database not in (None, "", ":memory:") and not parsed.query:
        path = os.path.abspath(parsed.database)  # as SQLAlchemy's own driver does: a later chdir changes nothing
        return create_async_engine(url, async_creator=lambda: InlineConnection.open(path),
                                   **_pool(url, pool_size))
    return create_engine(url, pool_size=pool_size, isolation_level="AUTOCOMMIT")


def _pool(url: str, pool_size: int) -> dict[str, int]:
    """An in-memory SQLite database lives in one connection, so it gets SQLAlchemy's single-connection pool."""
    return {} if ":memory:" in url else {"pool_size": pool_size, "max_overflow": 10}


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class WriteTrackingSession(Session):
    """A session that knows whether it has written since its last commit, so a unit of work can tell when
    giving its connection back is harmless (:meth:`storage.uow.UnitOfWork.pause`). The listeners are
    registered once for the class: per session they cost more than the queries of a short request."""

    wrote = False


@event.listens_for(WriteTrackingSession, "after_flush")
def _flushed(session: WriteTrackingSession, _flush_context) -> None:
    session.wrote = True


@event.listens_for(WriteTrackingSession, "do_orm_execute")
def _executing(state: ORMExecuteState) -> None:
    if _writes(state):
        state.session.wrote = True


@event.listens_for(WriteTrackingSession, "after_commit")
def _committed(session: WriteTrackingSession) -> None:
    session.wrote = False


class ReadingSession(WriteTrackingSession):
    """For requests that only read (a screen): on a connection in AUTOCOMMIT, each query stands alone.

    Under PostgreSQL's READ COMMITTED every statement sees what was committed when it started, inside a
    transaction or not, so a read-only request loses nothing without one and saves BEGIN and COMMIT: two of
    the four round trips of a typical screen. (SQLite's driver never begins a transaction for a read.)
    Writing through such a session is a programming error; it raises before anything reaches the database.
    """


class WriteInReadingSession(RuntimeError):
    """A request declared read-only tried to write."""


@event.listens_for(ReadingSession, "before_flush")
def _refuse_flush(session: ReadingSession, _flush_context, _instances) -> None:
    changed = [*session.new, *session.dirty, *session.deleted]
    raise WriteInReadingSession(f"changes to {changed!r} in a read-only request")


@event.listens_for(ReadingSession, "do_orm_execute")
def _refuse_statement(state: ORMExecuteState) -> None:
    if _writes(state) or (state.is_select and state.statement._for_update_arg is not None):  # or locks rows
        raise WriteInReadingSession(f"{state.statement} in a read-only request")


def _writes(state: ORMExecuteState) -> bool:
    return state.is_insert or state.is_update or state.is_delete


def insert_for(session: AsyncSession, target: type | Table):
    """INSERT into a model or a table in the session's dialect, which offers ``on_conflict_do_nothing`` on SQLite
    and PostgreSQL alike."""
    return (postgresql if session.bind.dialect.name == "postgresql" else sqlite).insert(target)


_RETRYABLE_SQLSTATES = {"40001", "40P01"}  # PostgreSQL: serialization_failure, deadlock_detected


def is_contention(error: BaseException) -> bool:
    """Whether ``error`` means the transaction lost a race for a lock, so redoing it may succeed: SQLite's
    busy timeout ran out ("database is locked"), or PostgreSQL aborted it (serialization failure, deadlock)."""
    if not isinstance(error, DBAPIError):
        return False
    if getattr(error.orig, "sqlstate", None) in _RETRYABLE_SQLSTATES:
        return True
    return "database is locked" in str(error.orig)


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, sync_session_class=WriteTrackingSession)


def create_reading_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions for read-only requests (see :class:`ReadingSession`) over ``engine``, which should be in
    AUTOCOMMIT: :func:`create_reading_engine`, or a writing engine's pool switched to it per request."""
    return async_sessionmaker(engine, expire_on_commit=False, sync_session_class=ReadingSession)
