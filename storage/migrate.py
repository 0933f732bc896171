"""Applying and writing Alembic migrations without an alembic.ini: the CLI passes the database URL."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


async def upgrade(engine: AsyncEngine) -> None:
    """Bring the schema to the newest revision, over a connection of the running engine."""
    async with engine.begin() as connection:
        await connection.run_sync(_upgrade_on, str(engine.url.render_as_string(hide_password=False)))


def _upgrade_on(connection, url: str) -> None:
    config = alembic_config(url)
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


async def autogenerate_revision(engine: AsyncEngine, message: str) -> None:
    """Write a new migration from the difference between the models and the upgraded database."""
    await upgrade(engine)
    url = engine.url.render_as_string(hide_password=False)
    await asyncio.to_thread(command.revision, alembic_config(url), message=message, autogenerate=True)
