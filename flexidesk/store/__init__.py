"""Persistence: the database, its models, migrations, backups and audit log (no Qt, no policy).

The package itself loads nothing heavy: ``db`` and ``close_database`` come from
``store.database``, and ``open_database`` from ``store.opening`` (and so Peewee), when first
asked for, so that the key file and the sign-in form can be used before the database layer
has loaded.
"""

__all__ = ["db", "open_database", "close_database"]


def __getattr__(name: str):
    if name == "open_database":
        from flexidesk.store import opening

        return opening.open_database
    if name in __all__:
        from flexidesk.store import database

        return getattr(database, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
