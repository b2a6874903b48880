"""Backups and restores as audited actions: who took or put back which copy, and when."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from flexidesk.i18n import _
from flexidesk.policy.records.access import Actor, action
from flexidesk.store import audit
from flexidesk.store.backup import BackupOutcome
from flexidesk.store.database import db
from flexidesk.store.models import AuditEntry


def backs_up_to_files() -> bool:
    """Whether this school's data is backed up by FlexiDesk to files (a laptop's file); a
    server's backups are the server's own (pg_dump, PITR)."""
    return getattr(db.obj, "engine", "") != "postgresql"


def last_backup() -> dt.datetime | None:
    """When the last backup was written, as its audit row says (None: never).

    The one answer to "when was the last backup": the status bar and Today both ask here,
    so they can never disagree. It names no child, so no permission is needed to read it.
    """
    at = (AuditEntry.select(AuditEntry.at).where(AuditEntry.action == "backup.write")
          .order_by(AuditEntry.id.desc()).scalar())
    return dt.datetime.fromisoformat(at) if at else None


@action("backup.run")
def note_backup(actor: Actor, outcome: BackupOutcome, automatic: bool = False) -> None:
    """Audit a backup just written (file names only: no child's data in the log)."""
    after = {"file": outcome.primary.name, "automatic": automatic}
    if outcome.second is not None:
        after["second_copy"] = str(outcome.second.parent)
    if outcome.second_problem:
        after["second_copy_missing"] = True
    audit.record(actor.username, "backup.write", "", None, after=after)
    # The governors' file follows the school at each backup (records.governors says why).
    from flexidesk.policy.records.governors import refresh_quietly
    from flexidesk.store.database import db

    refresh_quietly(db.obj)


def unrecorded_backup(path: Path, problem: Exception) -> str:
    """What to say when a backup was written and checked but its audit row could not be
    saved (the database busy with another program, or the disk full): the backup exists."""
    from flexidesk.store.errors import DatabaseLocked, DiskFull

    if isinstance(problem, DatabaseLocked):
        reason = _("another program was writing to the database")
    elif isinstance(problem, DiskFull):
        reason = _("the disk is full")
    else:
        reason = str(problem)
    return _("The backup {path} is written and checked, but it could not be recorded in "
             "the audit log ({reason}). Back up again later, so that the log records a "
             "backup.").format(path=path, reason=reason)


@action("backup.restore")
def note_restore(actor: Actor, backup_path: Path, kept_aside: Path | None) -> None:
    """Audit, in the restored database, which backup was put back and where the old file went.

    A restore on purpose is not a school gone backwards: this computer now remembers the
    restored log (records.continuity) and moves on from it."""
    from flexidesk.policy.records.continuity import remember_as_is
    from flexidesk.store.database import db

    remember_as_is(db.obj)
    audit.record(actor.username, "backup.restore", "", None, after={
        "from": Path(backup_path).name,
        "previous_file_kept_as": Path(kept_aside).name if kept_aside else None})
