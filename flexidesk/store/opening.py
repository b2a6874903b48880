"""Opening the school's file: refuse what cannot be opened safely, bind the models, migrate.

Apart from ``database`` (the connection itself) so that the connection never needs the
migrations, and the migrations (which back up first) never need this module.
"""

from __future__ import annotations

import os
from pathlib import Path

from flexidesk.store.database import FlexiDatabase, Key, db, looks_plain
from flexidesk.store.errors import (
    DatabaseMissing,
    DatabaseReadOnly,
    NotADatabase,
    NotAFile,
    refuse_non_file,
)
from flexidesk.store.migrations import migrate as run_migrations


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
        if not create:
            refuse_non_file(path)
        if not path.is_file():
            raise NotAFile(path)
        if not os.access(path, os.R_OK):
            raise DatabaseReadOnly(path)
        if not os.access(path, os.W_OK):
            raise DatabaseReadOnly(path)
        if passphrase is None and path.stat().st_size and not looks_plain(path):
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
        run_migrations(database)
    return database


