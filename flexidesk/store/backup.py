"""Backups through SQLite's online backup API (never a file copy), each reopened and verified."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from sqlcipher3 import dbapi2 as sqlcipher

from flexidesk.store.database import FlexiDatabase, _key_pragma


class BackupError(Exception):
    """A backup could not be written or did not verify; the message is fit for the user."""


def backup_folder_for(database: FlexiDatabase) -> Path:
    """The folder of automatic backups kept beside a database file."""
    folder = database.path.parent / "backups"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _open_raw(path: Path, key):
    driver = sqlcipher if key is not None else sqlite3
    conn = driver.connect(str(path), isolation_level=None)
    if key is not None:
        conn.execute(_key_pragma(key))
    return conn


def verify_backup(path: Path, key) -> None:
    """Reopen a backup and run SQLite's integrity check; raise BackupError if it is not sound."""
    try:
        conn = _open_raw(path, key)
        try:
            result = conn.execute("PRAGMA quick_check").fetchone()[0]
            if key is not None:
                problems = conn.execute("PRAGMA cipher_integrity_check").fetchall()
                if problems:
                    raise BackupError(f"The backup {path} failed its encryption check.")
        finally:
            conn.close()
    except (sqlite3.DatabaseError, sqlcipher.DatabaseError) as exc:
        raise BackupError(f"The backup {path} could not be read back: {exc}") from exc
    if result != "ok":
        raise BackupError(f"The backup {path} failed its integrity check: {result}")


def backup_database(database: FlexiDatabase, dest: Path,
                    progress: Callable[[int, int], None] | None = None) -> Path:
    """Copy the open database to ``dest`` page by page, keyed as the source is, then verify it."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".partial")
    if tmp.exists():
        tmp.unlink()
    fd = os.open(tmp, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    target = _open_raw(tmp, database.key)
    try:
        def _report(status, remaining, total):
            if progress:
                progress(total - remaining, total)

        database.connection().backup(target, pages=256, progress=_report)
    except OSError as exc:
        target.close()
        tmp.unlink(missing_ok=True)
        raise BackupError(f"The backup to {dest} could not be written: {exc.strerror}") from exc
    finally:
        target.close()
    verify_backup(tmp, database.key)
    os.replace(tmp, dest)
    return dest


def pre_migration_backup(database: FlexiDatabase, version: int) -> Path:
    """The verified backup taken before a schema migration."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    name = f"{database.path.stem}-before-v{version + 1}-{stamp}.db"
    return backup_database(database, backup_folder_for(database) / name)
