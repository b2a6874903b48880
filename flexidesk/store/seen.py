"""What this computer remembers of each school: how far its audit log reached, the newest
signed staff list and the authority key it has seen.

Kept in the signed-in person's own settings (``paths.config_dir``), one small file per
school (named by the key file's school id, so two schools never collide), outside the
school's folder: copying the database, its key file and its sealed head back to an older
copy does not take this memory with them, so the window and ``check`` can say the school
has gone backwards.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

from flexidesk.i18n import _
from flexidesk.store.audit_head import Head, last_link, link_at
from flexidesk.store.files import atomic_write

log = logging.getLogger(__name__)

_SCHOOL_ID = re.compile(r"^[0-9a-f]{8,64}$")


@dataclass(frozen=True)
class Seen:
    """The furthest point this computer saw one school reach."""

    school_id: str
    log: Head | None = None
    roster: int = 0
    authority: str = ""
    at: str = ""  # when it was last moved on (ISO date and time)

    def moved_to(self, *, log_head: Head | None = None, roster: int | None = None,
                 authority: str | None = None) -> Seen:
        """This memory moved on (only forwards: the roster serial never goes down here)."""
        return replace(self, log=log_head if log_head is not None else self.log,
                       roster=max(self.roster, roster or 0),
                       authority=authority if authority is not None else self.authority,
                       at=dt.datetime.now().isoformat(timespec="seconds"))


def seen_path(school_id: str) -> Path:
    from flexidesk.paths import config_dir

    if not _SCHOOL_ID.match(school_id):
        raise ValueError("not a school id")
    return config_dir() / "schools" / f"{school_id}.json"


def recall(school_id: str) -> Seen | None:
    """What this computer remembers of the school (None: never seen it, or unreadable)."""
    try:
        data = json.loads(seen_path(school_id).read_text("utf-8"))
        head = Head.from_list(data["log"]) if data.get("log") else None
        return Seen(school_id, head, int(data.get("roster") or 0),
                    str(data.get("authority") or ""), str(data.get("at") or ""))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        log.warning("This computer's memory of a school could not be read", exc_info=True)
        return None


def remember(seen: Seen) -> None:
    """Write the memory (a failure is logged: the school's own data is unaffected)."""
    path = seen_path(seen.school_id)
    data = {"log": seen.log.as_list() if seen.log else None, "roster": seen.roster,
            "authority": seen.authority, "at": seen.at}
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(path.parent, 0o700)  # owner-only, as every FlexiDesk folder
        atomic_write(path, json.dumps(data, indent=1))
    except OSError:
        log.warning("This computer's memory of a school could not be written", exc_info=True)


def log_behind(seen: Seen | None, conn) -> str:
    """Why the log at ``conn`` is behind what this computer saw ('' when it is not)."""
    if seen is None or seen.log is None or seen.log.last_id == 0:
        return ""
    when = _day(seen.log.at or seen.at)
    found = last_link(conn)
    at_mark = link_at(conn, seen.log.last_id)
    if at_mark is None:
        return _("The audit log ends at entry {found}, but this computer saw it reach entry "
                 "{n} (on {when}). The database has been put back to an earlier copy, or "
                 "entries have been removed.").format(found=found.last_id,
                                                      n=seen.log.last_id, when=when)
    if not seen.log.same_link(at_mark):
        return _("Entry {n} of the audit log is not the entry this computer saw (on {when}): "
                 "the database has been replaced by another copy, and what was written "
                 "since that copy was made is not in it.").format(n=seen.log.last_id,
                                                                  when=when)
    return ""


def _day(stamp: str) -> str:
    """An ISO date and time as a person reads the day (Babel, the interface's locale)."""
    from flexidesk.i18n import format_date

    try:
        return format_date(dt.date.fromisoformat(stamp[:10]))
    except ValueError:
        return stamp[:10]


def roster_behind(seen: Seen | None, serial: int) -> str:
    """Why the key file's signed staff list is older than one this computer saw ('' if not)."""
    if seen is None or serial >= seen.roster:
        return ""
    return _("The key file's signed staff list is number {found}, but this computer has seen "
             "number {n}: an older key file has been put back, so roles or accounts changed "
             "since then are undone.").format(found=serial, n=seen.roster)


class Memory:
    """Moves one school's memory on after each commit that added audit rows (the database
    calls it, once the log has been found to carry on from what was remembered)."""

    def __init__(self, seen: Seen):
        self.seen = seen

    def __call__(self, head: Head) -> None:
        self.seen = self.seen.moved_to(log_head=head)
        remember(self.seen)

    def roster_signed(self, serial: int, authority: str) -> None:
        self.seen = self.seen.moved_to(roster=serial, authority=authority)
        remember(self.seen)
