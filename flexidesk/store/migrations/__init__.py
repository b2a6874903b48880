"""Numbered schema migrations: each runs in one transaction with its version bump, after a backup."""

from __future__ import annotations

import functools
import importlib
from types import ModuleType

import peewee

from flexidesk.store.schema import LATEST_VERSION, STEP_NAMES

__all__ = ["LATEST_VERSION", "STEP_NAMES", "migrate", "schema_version", "steps"]


@functools.cache
def steps() -> tuple[ModuleType, ...]:
    """The migration modules, imported on first need (an up-to-date file needs none)."""
    modules = tuple(importlib.import_module(f"{__name__}.{name}") for name in STEP_NAMES)
    for number, step in enumerate(modules, start=1):
        assert step.VERSION == number, f"migration {step.__name__} is out of sequence"
    return modules


def __getattr__(name: str):
    if name == "STEPS":
        return steps()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def schema_version(database: peewee.Database) -> int:
    """The schema version written in the file (PRAGMA user_version)."""
    return database.execute_sql("PRAGMA user_version").fetchone()[0]


def migrate(database: peewee.Database, target: int = LATEST_VERSION, *,
            backup: bool = True) -> list[int]:
    """Bring the file up to ``target``; a file holding data is backed up first. Returns steps run."""
    current = schema_version(database)
    if current >= target:
        return []
    pending = [s for s in steps() if current < s.VERSION <= target]
    if not pending:
        return []
    if backup and current > 0:
        from flexidesk.store.backup import pre_migration_backup
        from flexidesk.store.database import FlexiDatabase

        if isinstance(database, FlexiDatabase):  # a server has its own backups (pg_dump)
            pre_migration_backup(database, current)
    for step in pending:
        with database.atomic():
            step.up(database)
            database.execute_sql(f"PRAGMA user_version = {int(step.VERSION)}")
    return [s.VERSION for s in pending]
