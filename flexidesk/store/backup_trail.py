"""What the newest automatic backup beside a school says its audit log had reached.

Each backup carries its log's head, sealed under the database key (``log_check.carry_head``).
A school whose log stops short of its own newest backup has been put back to an older copy,
even when nothing else remembers how far it had gone (this computer's memory removed or
edited by the person who put it back).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from flexidesk.store import audit_head
from flexidesk.store.audit_head import Head


def newest_backup(db_path: Path, since: str = "") -> tuple[Path, dt.datetime] | None:
    """The newest automatic backup in the folder beside ``db_path`` taken after ``since``
    (an ISO date and time; '' for any), with when it was taken."""
    from flexidesk.store.backup import automatic_backups

    found = automatic_backups(Path(db_path).parent / "backups", Path(db_path))
    after = dt.datetime.fromisoformat(since) if since else None
    taken = [(when, path) for path, when in found.items() if after is None or when > after]
    if not taken:
        return None
    when, path = max(taken)
    return path, when


def carried_head(backup_path: Path, keys) -> Head | None:
    """The log head a backup carries, opened with the first of ``keys`` that reads it (None
    when none does, or the backup carries none: the backups' own check says why)."""
    from flexidesk.store.backup import _open_raw
    from flexidesk.store.log_check import carried_head as carried

    for key in keys:
        try:
            conn = _open_raw(backup_path, key)
        except Exception:  # noqa: BLE001 - an unreadable backup is no evidence either way
            continue
        try:
            sealed = carried(conn, keys)
        except Exception:  # noqa: BLE001 - not this key, or damaged: try the next
            continue
        finally:
            conn.close()
        return sealed.head if sealed is not None else None
    return None


def log_behind_backup(conn, head: Head) -> bool:
    """Whether the log at ``conn`` lacks the entry a backup's head names (or has another in
    its place)."""
    return not head.same_link(audit_head.link_at(conn, head.last_id))
