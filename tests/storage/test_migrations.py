from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from storage.migrate import alembic_config
from storage.models import Base


async def test_upgrade_on_an_empty_database_gives_exactly_the_models_schema(engine):
    def differences(connection):
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)

    async with engine.connect() as connection:
        assert await connection.run_sync(differences) == []


async def test_migration_history_is_linear(engine):
    scripts = ScriptDirectory.from_config(alembic_config(str(engine.url)))
    assert len(scripts.get_heads()) == 1
