"""What every repository is: the queries of one aggregate over the unit of work's session."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession


class Repository:
    """Services call these methods and never the session: a new query is a method on the aggregate's
    repository, so what reaches the database (and how it differs between SQLite and PostgreSQL) is all here."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
