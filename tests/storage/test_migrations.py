import re

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from storage.db import create_engine
from storage.migrate import alembic_config
from storage.models import Base
from tests.conftest import fresh_database


async def test_upgrade_on_an_empty_database_gives_exactly_the_models_schema(engine):
    def differences(connection):
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)

    async with engine.connect() as connection:
        assert await connection.run_sync(differences) == []


def _rules(connection) -> dict[str, set[tuple[str, str]]]:
    """Per table, the CHECK constraints and partial-index conditions the database holds, as (name, condition)
    with spacing, quoting and redundant brackets normalised: what alembic's comparison cannot see."""
    inspector = inspect(connection)
    rules = {}
    for table in inspector.get_table_names():
        checks = {(check["name"], _normalised(check["sqltext"])) for check in inspector.get_check_constraints(table)}
        wheres = {(index["name"], _normalised(str(where)))
                  for index in inspector.get_indexes(table)
                  for key, where in index.get("dialect_options", {}).items() if key.endswith("_where")}
        rules[table] = checks | wheres
    rules.pop("alembic_version", None)
    return rules


def _normalised(condition: str) -> str:
    condition = re.sub(r"::[a-z ]+", "", condition)  # PostgreSQL's casts, e.g. 'cancelled'::character varying
    condition = re.sub(r"[()\"\s]", "", condition)
    return condition.lower()


async def test_check_constraints_and_partial_indexes_of_migrations_equal_the_models(engine, backend, tmp_path):
    """The comparison above is blind to CHECK constraints and partial-index WHERE clauses; this one is not.
    Deliberate bug it caught: ``capacity >= 1`` changed to ``>= 2`` in the model only (and an enrolment index's
    WHERE changed in the model only) left the first test green on both databases, and fails this one."""
    async with fresh_database(backend, tmp_path) as url:
        from_models = create_engine(url)
        try:
            async with from_models.begin() as connection:
                await connection.run_sync(Base.metadata.create_all)
                expected = await connection.run_sync(_rules)
        finally:
            await from_models.dispose()
    async with engine.connect() as connection:
        migrated = await connection.run_sync(_rules)
    assert migrated == expected
    assert any(name == "ck_workshops_capacity_positive" for name, _ in expected["workshops"])


async def test_migration_history_is_linear(engine):
    scripts = ScriptDirectory.from_config(alembic_config(str(engine.url)))
    assert len(scripts.get_heads()) == 1
