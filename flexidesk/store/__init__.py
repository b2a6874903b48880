"""Persistence: the database, its models, migrations, backups and audit log (no Qt, no policy)."""

from flexidesk.store.database import close_database, db, open_database

__all__ = ["db", "open_database", "close_database"]
