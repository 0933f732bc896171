"""Engine and session factory for SQLite (embedded default) and PostgreSQL (production)."""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import ORMExecuteState, Session


def create_engine(url: str, *, pool_size: int = 10, **kwargs) -> AsyncEngine:
    """Create the async engine; SQLite gets WAL, foreign keys and a busy timeout for concurrent writers.

    Every update being handled holds a connection until its reply is sent, so the bot asks for a pool as
    large as its concurrency. Connections are not pinged before each use: that round trip cost a quarter
    of the database time of a typical update; a connection lost with a restarted server fails one request
    and the pool then replaces them all.
    """
    pool = {} if ":memory:" in url else {"pool_size": pool_size, "max_overflow": 10}
    if url.startswith("sqlite"):
        engine = create_async_engine(url, connect_args={"timeout": 30}, **pool, **kwargs)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    return create_async_engine(url, **pool, **kwargs)


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
    if state.is_insert or state.is_update or state.is_delete:
        state.session.wrote = True


@event.listens_for(WriteTrackingSession, "after_commit")
def _committed(session: WriteTrackingSession) -> None:
    session.wrote = False


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, sync_session_class=WriteTrackingSession)
