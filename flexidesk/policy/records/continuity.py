"""Whether the school opened is the one this computer saw last: its audit log not behind,
its signed staff list not older, its signing key one the computer knew.

This computer's memory of each school (``store.seen``) moves on with every change saved
here. Opening a school that has gone backwards (yesterday's database, key file and sealed
head copied back) is said plainly, in the window and by ``check``, and the memory is left
where it was until the Headteacher accepts what happened; a restore on purpose, through
FlexiDesk, moves the memory to the restored log instead of raising a false alarm.
"""

from __future__ import annotations

from flexidesk.i18n import _
from flexidesk.policy.records.access import Actor, action
from flexidesk.store import audit, roster, seen
from flexidesk.store.audit_head import last_link
from flexidesk.store.database import FlexiDatabase, db
from flexidesk.store.keyslots import KeyFileError, KeySlots, keyfile_path


def _ring(database: FlexiDatabase) -> KeySlots | None:
    """The key file of a laptop's school with a school id (None for plain files)."""
    path = getattr(database, "path", None)
    if path is None or not keyfile_path(path).exists():
        return None
    try:
        ring = KeySlots.load(path)
    except KeyFileError:
        return None
    if not ring.school_id:
        roster.ensure_school_id(ring)
        ring.save()
    return ring


def problems(database: FlexiDatabase, ring: KeySlots | None = None) -> list[str]:
    """What is behind, or unknown, compared with this computer's memory (empty when all
    is as it was, or the computer has never seen this school)."""
    ring = ring or _ring(database)
    if ring is None:
        return []
    remembered = seen.recall(ring.school_id)
    found = [seen.log_behind(remembered, database.connection()),
             seen.roster_behind(remembered, roster.roster_serial(ring))]
    if (remembered is not None and remembered.authority and roster.has_authority(ring)
            and not roster.knows(ring, remembered.authority)):
        found.append(_("The school's signing key in the key file is not the one this computer "
                       "knew, nor one that key vouched for: the key file has been replaced."))
    return [line for line in found if line]


def _current(database: FlexiDatabase, ring: KeySlots) -> seen.Seen:
    return seen.Seen(ring.school_id).moved_to(
        log_head=last_link(database.connection()), roster=roster.roster_serial(ring),
        authority=str(ring.authority.get("public") or ""))


def attach(database: FlexiDatabase, ring: KeySlots | None = None) -> None:
    """All is as remembered: move the memory to the school as it is now, and on with each
    change saved from here."""
    ring = ring or _ring(database)
    if ring is None:
        return
    remembered = seen.recall(ring.school_id) or seen.Seen(ring.school_id)
    now = _current(database, ring)
    moved = remembered.moved_to(log_head=now.log, roster=now.roster,
                                authority=now.authority or remembered.authority)
    seen.remember(moved)
    database.memory = seen.Memory(moved)


def remember_as_is(database: FlexiDatabase) -> None:
    """Forget what this computer saw before and remember the school as it is now (after a
    restore on purpose, or the Headteacher's acceptance), moving on with each change."""
    ring = _ring(database)
    if ring is None:
        return
    now = _current(database, ring)
    seen.remember(now)
    database.memory = seen.Memory(now)
    database.warnings = []


def check_at_open(database: FlexiDatabase, ring: KeySlots | None = None) -> list[str]:
    """At sign-in: the problems, kept on the database for the window to show; the memory
    moves on only when there are none."""
    ring = ring or _ring(database)
    found = problems(database, ring)
    database.warnings = [*getattr(database, "warnings", []), *found]
    if not found:
        attach(database, ring)
    return found


@action("backup.restore")
def accept_as_is(actor: Actor, found: list[str]) -> None:
    """The Headteacher has read what went backwards and carries on from the school as it is:
    audited (with what was found), and this computer remembers it from now on."""
    remember_as_is(db.obj)
    audit.record(actor.username, "school.accept_rollback", "", None,
                 after={"found": found})
