"""A restore written down before it moves anything, so that one the computer stopped half-way
(a crash, a flat battery, a kill) is put back as it was the next time anyone opens the school.

A restore moves the current file aside, puts the backup in its place and seals the audit head
again. Between those steps the school has no database, or a database whose sealed head is the
old file's: both would be read as a lost school or a tampered log. The note beside the
database (``school.db.restore-pending``) names the file kept aside; whoever next takes the
school's lock (the window or any command) undoes the unfinished restore before reading.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from pathlib import Path

from flexidesk.i18n import _

# What undoing and writing a note need (the audit head, moving files aside, atomic writes) is
# imported where it is used: every start checks for a note, and almost never finds one.

log = logging.getLogger(__name__)


def journal_path(db_path: Path | str) -> Path:
    """The note a restore in progress keeps beside the database."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".restore-pending")


def begin(db_path: Path, aside: Path) -> None:
    """Write down, before the current file moves, where it is about to be kept."""
    from flexidesk.store.files import atomic_write

    atomic_write(journal_path(db_path), json.dumps({"aside": aside.name}))


def finish(db_path: Path) -> None:
    """The restore is complete (or was undone): forget it."""
    journal_path(db_path).unlink(missing_ok=True)


def pending(db_path: Path | str) -> bool:
    return journal_path(db_path).exists()


def undo_unfinished(db_path: Path | str) -> str | None:
    """Put back a restore that stopped part-way; what to tell the person, or None if none did.

    Call it holding the school's lock (``store.instance_lock.acquire`` does), before
    anything reads the file. The copy the restore had put in place, if any, is kept under a
    new name (it is a copy of a backup that is still there); the file kept aside, its
    ``-wal`` and ``-shm`` and its sealed head go back where they were.
    """
    db_path = Path(db_path)
    note = journal_path(db_path)
    try:
        aside = db_path.with_name(str(json.loads(note.read_text("utf-8"))["aside"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        aside = None  # the note itself was cut short: nothing was moved after it was written
    if aside is None or aside.parent != db_path.parent or not aside.exists():
        finish(db_path)  # stopped before the current file was moved: nothing to undo
        _discard_copies(db_path)
        return None
    from flexidesk.store import audit_head
    from flexidesk.store.aside import _put_back, move_aside

    kept = None
    if db_path.exists():  # the backup had been put in place: keep it out of the way
        kept = move_aside(db_path, "unfinished-restore")
    old_head = audit_head.head_path(aside)
    if old_head.exists():
        os.replace(old_head, audit_head.head_path(db_path))
    _put_back(aside, db_path)
    finish(db_path)
    _discard_copies(db_path)
    log.warning("An unfinished restore was undone; %s is back in place", db_path.name)
    message = _("A restore of {path} stopped part-way (FlexiDesk or the computer closed "
                "before it finished). The database has been put back as it was before the "
                "restore; nothing in it was lost. Run the restore again if you still want "
                "it.").format(path=db_path)
    if kept is not None:
        message += " " + _("The copy it had started to put in place is kept as {kept}.").format(
            kept=kept)
    return message


def _discard_copies(db_path: Path) -> None:
    """Half-made copies of a backup (``school.db.XXXX.restoring``) a stopped restore left."""
    for stray in db_path.parent.glob(f"{db_path.name}.*.restoring"):
        with contextlib.suppress(OSError):
            stray.unlink()
