"""The governors' report as a file of its own, the only thing a governor's key opens.

What governors may see (the anonymised counts, the list the governing body's rule asks
for, the Headteacher's overrides and the audit fingerprint) is written, encrypted under
the governors' key, beside the database (``store.governors_file``). Staff hold the database
key and, through it, the governors' key; a governor's slot holds only the governors' key.

When it is written: whenever the Headteacher publishes it (Tools > Publish the governors'
report), at the first signing of an older school's roles, and after each backup (the
window backs up every 30 minutes of work when anything changed, and at close; the
``backup`` command too) when the audit log has moved since the file was written. A write
transaction does not pay for a whole report; a governor sees figures at most half an hour
of work old, or as published.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import asdict
from pathlib import Path

from flexidesk.i18n import _
from flexidesk.policy.errors import PolicyError
from flexidesk.policy.providers.read import OverrideLine, override_lines
from flexidesk.policy.records.access import GOVERNOR, Actor, action, create, update
from flexidesk.policy.records.reports import Report, Table, build_report
from flexidesk.store import audit, governors_file
from flexidesk.store.database import db
from flexidesk.store.keyslots import KeyFileError, KeySlots, Unlocked, keyfile_path
from flexidesk.store.models import Setting

log = logging.getLogger(__name__)

PAYLOAD_FORMAT = 1


def payload(published_by: str | None = None) -> dict:
    """What the file holds, read from the open database now (no child named)."""
    today = dt.date.today()
    report = build_report(today)
    head = audit.chain_head()
    return {
        "format": PAYLOAD_FORMAT,
        "written_at": dt.datetime.now().isoformat(timespec="seconds"),
        "published_by": published_by,
        "audit_head": [head.last_id, head.hash],
        "report": {"school": report.school, "today": report.today.isoformat(),
                   "since": report.since.isoformat(),
                   "audit_fingerprint": report.audit_fingerprint,
                   "tables": [asdict(t) for t in report.tables]},
        "overrides": [{"provider": o.provider, "start_date": o.start_date.isoformat(),
                       "reason": o.reason, "status": o.status, "checked": o.checked}
                      for o in override_lines(report.since, today)],
    }


def report_of(data: dict) -> tuple[Report, list[OverrideLine]]:
    """The report and overrides a payload holds, as the report page and the PDF take them."""
    raw = data["report"]
    tables = [Table(t["title"], list(t["headers"]), [list(r) for r in t["rows"]],
                    t.get("note", ""), bool(t.get("chart"))) for t in raw["tables"]]
    report = Report(raw["school"], dt.date.fromisoformat(raw["today"]),
                    dt.date.fromisoformat(raw["since"]), tables, False,
                    raw.get("audit_fingerprint", ""))
    overrides = [OverrideLine(o["provider"], dt.date.fromisoformat(o["start_date"]),
                              o["reason"], o["status"], o.get("checked", True))
                 for o in data.get("overrides", [])]
    return report, overrides


def _keys(database) -> tuple[bytes, str] | None:
    """The governors' key and school id, opened with the database key (None: a plain file,
    or a school whose roles are not signed yet)."""
    path = getattr(database, "path", None)
    key = getattr(database, "key", None)
    if path is None or not isinstance(key, bytes) or not keyfile_path(path).exists():
        return None
    ring = KeySlots.load(path)
    governors_key = ring.governors_key(key)
    return (governors_key, ring.school_id) if governors_key is not None else None


def write(database, published_by: str | None = None) -> bool:
    """Write the governors' file from the open database; False when there is no governors'
    key yet. OSError (disk full, read-only) for the caller."""
    keys = _keys(database)
    if keys is None:
        return False
    governors_file.write(database.path, keys[0], keys[1], payload(published_by))
    return True


def refresh_quietly(database) -> None:
    """Write the file again if the audit log has moved since it was written; a failure is
    logged, never in the way of the work that led here (a backup, a sign-in)."""
    try:
        keys = _keys(database)
        if keys is None:
            return
        head = audit.chain_head()
        try:
            old = governors_file.read(database.path, keys[0])
            if old.get("audit_head") == [head.last_id, head.hash]:
                return
        except governors_file.GovernorsFileError:
            pass  # none yet, or unreadable: write it afresh
        governors_file.write(database.path, keys[0], keys[1], payload())
    except (OSError, KeyFileError, PolicyError):
        log.warning("The governors' report file could not be refreshed", exc_info=True)


@action("school.edit")
def publish(actor: Actor) -> Path:
    """The Headteacher publishes the governors' report now; audited. Returns the file."""
    database = db.obj
    try:
        written = write(database, published_by=actor.display_name or actor.username)
    except OSError as exc:
        raise PolicyError(_("The governors' report could not be written ({reason}). Nothing "
                            "else has changed.").format(reason=exc.strerror or exc)) from exc
    if not written:
        raise PolicyError(_("This school has no governors' key yet: it is made when the "
                            "Headteacher signs in to a school with a key file."))
    audit.record(actor.username, "governors.publish", "", None)
    _note_published(actor, dt.date.today())
    return governors_file.governors_path(database.path)


def _note_published(actor: Actor, today: dt.date) -> None:
    """Remember the day, so that the next report says what changed in our policy since."""
    from flexidesk.policy.ourpolicy.report import PUBLISHED_KEY, published_value

    value = published_value(today)
    row = Setting.get_or_none(Setting.key == PUBLISHED_KEY)
    if row is None:
        create(actor, "setting.add", Setting, key=PUBLISHED_KEY, value=value)
    elif row.value != value:
        update(actor, "setting.edit", row, value=value)


class GovernorsDesk:
    """A governor's session: the governors' file and its key, and nothing else.

    It stands where a staff session has its database (the window locks it the same way:
    ``close`` forgets the key)."""

    encrypted = True

    def __init__(self, db_path: Path, governors_key: bytes | None):
        self.path = Path(db_path)
        self.key: bytes | None = governors_key
        self.signer = None
        self.warnings: list[str] = []

    def read(self) -> tuple[Report, list[OverrideLine], dict]:
        """The report, its overrides and when (and by whom) it was written;
        GovernorsFileError when the file cannot be read, PolicyError while locked."""
        if self.key is None:
            raise PolicyError(_("FlexiDesk is locked."))
        data = governors_file.read(self.path, self.key)
        report, overrides = report_of(data)
        return report, overrides, {"written_at": data.get("written_at", ""),
                                   "published_by": data.get("published_by")}

    def is_closed(self) -> bool:
        return self.key is None

    def close(self) -> None:
        self.key = None


def open_governors(db_path: Path, opened: Unlocked) -> tuple[GovernorsDesk, Actor]:
    """A governor signed in: their desk over the governors' file, and who they are."""
    ring = KeySlots.load(db_path)
    name = ring.display_names.get(opened.username, opened.username)
    return GovernorsDesk(db_path, opened.governors_key), Actor(opened.username, GOVERNOR, name)
