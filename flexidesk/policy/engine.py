"""Which engine holds the open school: its own file, or a trust's server."""

from __future__ import annotations

from flexidesk.store.database import db


def on_server() -> bool:
    """Whether the open school is on a trust's server (its staff are the server's logins,
    and the server writes the audit and guards what is shared)."""
    return getattr(db.obj, "engine", "") == "postgresql"
