"""The layers read top-down (ARCHITECTURE.md): no module imports a layer above its own.

Imports are read from the source with :mod:`ast`, including those inside functions; imports only for type
annotations (under ``if TYPE_CHECKING:``) do not count, as they make no arrow at run time.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WIRING = ("bot.application", "bot.jobs", "bot.runner", "bot.console", "bot.cli", "bot.__main__", "bot.errors")
TRANSPORT = ("bot.telegram",)
FOUNDATION = ("bot.config", "bot.i18n")  # settings and translations: everything above uses them
# Taking updates in journals them first: the only services transport may use.
TRANSPORT_SERVICES = ("storage.services.update_journal", "storage.services.health")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def within(name: str, packages: tuple[str, ...]) -> bool:
    return any(name == package or name.startswith(package + ".") for package in packages)


def imported(path: Path) -> set[str]:
    """Every module ``path`` imports at run time (``from a import b`` counts as ``a`` and ``a.b``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    type_only = {id(node) for block in ast.walk(tree) if isinstance(block, ast.If) and
                 isinstance(block.test, ast.Name) and block.test.id == "TYPE_CHECKING"
                 for statement in block.body for node in ast.walk(statement)}
    names = set()
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def modules(*folders: str) -> list[Path]:
    return sorted(path for folder in folders for path in (ROOT / folder).rglob("*.py")
                  if "migrations" not in path.parts)


def forbidden(path: Path) -> tuple[str, ...]:
    """What the module at ``path`` must not import, by its layer."""
    name = module_name(path)
    if within(name, ("storage",)):
        services_extra = ("telegram",) if within(name, ("storage.services",)) else ()
        return ("bot", "handlers", *services_extra)
    if within(name, TRANSPORT) or within(name, FOUNDATION):
        return ("handlers", "bot", "storage.services")
    if within(name, ("bot.emulator",)):
        return ("handlers", "storage", "bot")
    if within(name, ("handlers",)):
        return WIRING
    if within(name, WIRING):
        return ()
    return ("handlers", *WIRING)  # the application's runtime: context, config, i18n, policies, the outbox sender


def allowed(name: str, importer: str) -> bool:
    """Exceptions to :func:`forbidden`; a package on the way to an allowed module (``from a import b``) too."""
    if within(importer, TRANSPORT):
        exceptions = (*TRANSPORT, *TRANSPORT_SERVICES)
    elif within(importer, ("bot.emulator",)):
        exceptions = ("bot.emulator", "bot.telegram.html")  # it parses Telegram HTML as the bot does
    else:
        return False
    return within(name, exceptions) or any(exception.startswith(name + ".") for exception in exceptions)


@pytest.mark.parametrize("path", modules("bot", "handlers", "storage"), ids=lambda path: module_name(path))
def test_no_arrow_goes_back_up(path):
    importer = module_name(path)
    wrong = sorted(name for name in imported(path)
                   if any(within(name, (layer,)) for layer in forbidden(path)) and not allowed(name, importer))
    assert not wrong, f"{importer} imports {wrong}, a layer above it (see ARCHITECTURE.md)"


def test_the_check_sees_an_arrow_going_up(tmp_path):
    """The parser finds imports in functions and skips type-only ones, so the rule above can fail."""
    source = tmp_path / "example.py"
    source.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from bot.context import A\n"
                      "def f():\n    from handlers.menu import show_main_menu\n")
    assert imported(source) == {"typing", "typing.TYPE_CHECKING", "handlers.menu", "handlers.menu.show_main_menu"}


def reaches_the_database(path: Path) -> list[str]:
    """Where the module at ``path`` bypasses the repositories: a ``.session`` attribute (``uow.session``,
    ``self.uow.session``) or SQLAlchemy imported (statements, dialects, ORM helpers and its errors)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = [f"line {node.lineno}: .session" for node in ast.walk(tree)
             if isinstance(node, ast.Attribute) and node.attr == "session"]
    found += [f"imports {name}" for name in sorted(imported(path)) if within(name, ("sqlalchemy",))]
    return found


@pytest.mark.parametrize("path", modules("storage/services"), ids=lambda path: module_name(path))
def test_services_query_only_through_repositories(path):
    """One rule for data access: a new query is a repository method, so what reaches the database, and how
    SQLite and PostgreSQL differ, stays in storage/repositories and storage/db.py.

    Deliberate bug it caught: ``broadcasts.cancel`` back to ``uow.session.execute(update(Broadcast)...)``."""
    assert not reaches_the_database(path), f"{module_name(path)} bypasses the repositories: " \
                                           f"{reaches_the_database(path)}"


def test_no_relationship_loads_behind_a_screens_back():
    """Every relationship is ``lazy="raise"``: what a screen walks was loaded by the repository method that
    returned it, so a missing load fails in tests instead of costing a query per row (or failing under
    asyncio) in production.

    Deliberate bug it caught: ``Employee.roles`` back to ``lazy="selectin"``."""
    from storage.models import Base

    loading = sorted(f"{mapper.class_.__name__}.{name}" for mapper in Base.registry.mappers
                     for name, relationship in mapper.relationships.items() if relationship.lazy != "raise")
    assert not loading, f"relationships that load by themselves: {loading}"
