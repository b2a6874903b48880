"""The one database entry point: open plain SQLite or SQLCipher 4, set pragmas, refuse bad files."""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

import peewee

from flexidesk.store.errors import (
    DatabaseLocked,
    DatabaseMissing,
    DatabaseReadOnly,
    NotADatabase,
    SchemaTooNew,
    StoreError,
    WrongPassphrase,
)


@functools.cache
def sqlcipher_driver():
    """SQLCipher's DB-API module, loaded when a keyed file is first opened (not for a plain one)."""
    from sqlcipher3 import dbapi2 as sqlcipher

    # Peewee registers these with the stdlib sqlite3 driver only; SQLCipher needs them too,
    # or binding a meeting time (or a Decimal) fails on every encrypted database.
    for kind in (dt.time, dt.date, dt.datetime, decimal.Decimal):
        sqlcipher.register_adapter(kind, str)
    return sqlcipher


#: The single proxy every model is bound to; ``open_database`` initialises it.
db = peewee.DatabaseProxy()

SQLITE_HEADER = b"SQLite format 3\x00"
PRAGMAS = (
    ("foreign_keys", 1),
    ("journal_mode", "wal"),
    ("synchronous", "full"),
    ("busy_timeout", 2000),
)

Key = str | bytes | None


def _key_pragma(key: str | bytes) -> str:
    """The PRAGMA key statement: a raw 256-bit key skips SQLCipher's own KDF; text is a passphrase."""
    if isinstance(key, bytes):
        return f"PRAGMA key = \"x'{key.hex()}'\""
    return "PRAGMA key = '{}'".format(key.replace("'", "''"))


class FlexiDatabase(peewee.SqliteDatabase):
    """SQLite, or SQLCipher when a key is given, that validates a file before touching it."""

    def __init__(self, path: Path, key: Key = None, create: bool = False, **kwargs):
        self.path = Path(path)
        self.key = key
        self.encrypted = key is not None
        mode = "rwc" if create else "rw"
        uri = f"file:{quote(str(self.path.resolve()))}?mode={mode}"
        super().__init__(uri, pragmas=PRAGMAS, uri=True, **kwargs)

    def _connect(self):
        driver = sqlcipher_driver() if self.encrypted else sqlite3
        try:
            conn = driver.connect(self.database, timeout=self._timeout,
                                  isolation_level=None, **self.connect_params)
        except driver.OperationalError as exc:
            raise _translate(exc, self.path, self.encrypted) from exc
        try:
            if self.encrypted:
                conn.execute(_key_pragma(self.key))
            self._check_readable(conn)
            self._add_conn_hooks(conn)
        except StoreError:
            conn.close()
            raise
        except (sqlite3.DatabaseError, driver.DatabaseError) as exc:
            conn.close()
            raise _translate(exc, self.path, self.encrypted) from exc
        return conn

    def _check_readable(self, conn) -> None:
        """Read the schema version before any pragma writes: a bad key or newer schema stops here."""
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        from flexidesk.store.migrations import LATEST_VERSION

        if version > LATEST_VERSION:
            raise SchemaTooNew(self.path, version, LATEST_VERSION)


def key_opens(path: Path | str, key: Key) -> bool:
    """Whether ``key`` reads the encrypted file at ``path`` (nothing is written to it)."""
    driver = sqlcipher_driver()
    uri = f"file:{quote(str(Path(path).resolve()))}?mode=rw"
    try:
        conn = driver.connect(uri, uri=True, isolation_level=None)
    except driver.Error:
        return False
    try:
        conn.execute(_key_pragma(key))
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except driver.DatabaseError:
        return False
    finally:
        conn.close()


def _translate(exc: Exception, path: Path, encrypted: bool) -> StoreError:
    """Map a driver error to the user's kind of problem."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return DatabaseLocked(path)
    if "readonly" in text or "read-only" in text:
        return DatabaseReadOnly(path)
    if "not a database" in text or "malformed" in text or "encrypted" in text:
        if encrypted and not _looks_plain(path):
            return WrongPassphrase(path)
        return NotADatabase(path)
    if "unable to open" in text:
        return DatabaseMissing(path) if not path.exists() else DatabaseReadOnly(path)
    return NotADatabase(path)


def _looks_plain(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == SQLITE_HEADER
    except OSError:
        return False


def open_database(path: Path | str, passphrase: Key = None, *, create: bool = False,
                  migrate: bool = True) -> FlexiDatabase:
    """Open (or with ``create`` make) the school's database and bind every model to it.

    ``passphrase`` is None for plain SQLite, text for a SQLCipher passphrase, or 32 raw
    bytes for a SQLCipher raw key. A file that is missing, read-only, locked, not a
    database, keyed differently, or from a newer FlexiDesk raises a StoreError whose
    message says what to do; such a file is never written to.
    """
    path = Path(path)
    if path.exists():
        if not path.is_file():
            raise NotADatabase(path)
        if not os.access(path, os.R_OK):
            raise DatabaseReadOnly(path)
        if not os.access(path, os.W_OK):
            raise DatabaseReadOnly(path)
        if passphrase is None and path.stat().st_size and not _looks_plain(path):
            raise NotADatabase(path)
    elif not create:
        raise DatabaseMissing(path)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)

    database = FlexiDatabase(path, passphrase, create=create)
    database.connect()
    db.initialize(database)
    if migrate:
        from flexidesk.store.migrations import migrate as run_migrations

        run_migrations(database)
    return database


def close_database() -> None:
    """Close the bound database, if any (checkpointing its WAL)."""
    if db.obj is not None and not db.obj.is_closed():
        db.obj.close()
