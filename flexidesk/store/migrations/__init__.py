"""Numbered schema migrations: each runs in one transaction with its version bump, after a backup."""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

import peewee


def _steps() -> list[ModuleType]:
    names = sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name[:1] == "m"
                   and m.name[1:5].isdigit())
    steps = [importlib.import_module(f"{__name__}.{name}") for name in names]
    for number, step in enumerate(steps, start=1):
        assert step.VERSION == number, f"migration {step.__name__} is out of sequence"
    return steps


STEPS = _steps()
LATEST_VERSION = len(STEPS)


def schema_version(database: peewee.Database) -> int:
    """The schema version written in the file (PRAGMA user_version)."""
    return database.execute_sql("PRAGMA user_version").fetchone()[0]


def migrate(database: peewee.Database, target: int = LATEST_VERSION, *,
            backup: bool = True) -> list[int]:
    """Bring the file up to ``target``; a file holding data is backed up first. Returns steps run."""
    current = schema_version(database)
    pending = [s for s in STEPS if current < s.VERSION <= target]
    if not pending:
        return []
    if backup and current > 0:
        from flexidesk.store.backup import pre_migration_backup

        pre_migration_backup(database, current)
    for step in pending:
        with database.atomic():
            step.up(database)
            database.execute_sql(f"PRAGMA user_version = {int(step.VERSION)}")
    return [s.VERSION for s in pending]
