"""Reading the audit log for the Headteacher: filter by child, user, dates and action, a page at a time.

The log grows by a row for every view and change, so a search never reads it whole: it
walks back from the newest row (or from where the last page stopped) and stops once a
page is full. Each search is itself written to the audit, with the child's id when the
search names one child, so that child's own record shows who looked.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass, field

from flexidesk.i18n import _
from flexidesk.policy.records.access import Actor, require, transaction
from flexidesk.store import audit, audit_head
from flexidesk.store.database import db
from flexidesk.store.log_check import log_problems
from flexidesk.store.models import AuditEntry, Pupil, StaffUser
from flexidesk.store.query import as_tuples
from flexidesk.store.recovery import keys_for_backups

PAGE_SIZE = 500


@dataclass(frozen=True)
class AuditRow:
    """One audit entry as the viewer shows it."""

    id: int
    at: dt.datetime
    username: str
    action: str
    table_name: str
    record_id: int | None
    pupil_id: int | None
    pupil_name: str
    before: dict | None
    after: dict | None


@dataclass
class AuditPage:
    """A page of rows, newest first; ``more`` says an older page exists (ask with before_id)."""

    rows: list[AuditRow] = field(default_factory=list)
    more: bool = False
    matched_pupils: int = 0

    @property
    def last_id(self) -> int | None:
        return self.rows[-1].id if self.rows else None


def _load(text: str | None) -> dict | None:
    if not text:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return {"?": text}
    return value if isinstance(value, dict) else {"value": value}


def pupils_matching(text: str) -> list[int]:
    """Ids of children whose legal or preferred name contains every word of ``text``."""
    words = text.split()
    if not words:
        return []
    query = Pupil.select(Pupil.id)
    for word in words:
        like = f"%{word}%"
        query = query.where(Pupil.legal_first_name ** like | Pupil.legal_last_name ** like
                            | Pupil.preferred_name ** like)
    return [pid for (pid,) in as_tuples(query)]


def action_names() -> list[str]:
    """Every action that occurs in the log, for the filter's drop-down (uses the index)."""
    return [a for (a,) in as_tuples(AuditEntry.select(AuditEntry.action).distinct()
            .order_by(AuditEntry.action))]


def staff_usernames() -> list[tuple[str, str]]:
    """(username, display name) of every account that ever existed, for the user filter."""
    return [(u.username, u.display_name) for u in StaffUser.select().order_by(StaffUser.display_name)]


def search_audit(actor: Actor, *, child: str = "", pupil_id: int | None = None,
                 username: str = "", date_from: dt.date | None = None,
                 date_to: dt.date | None = None, action: str = "",
                 before_id: int | None = None, limit: int = PAGE_SIZE) -> AuditPage:
    """One page of the audit matching the filters, newest first (permission "audit.view").

    ``child`` is typed text matched against names; ``action`` matches an exact action or,
    ending in '.', every action starting with it. The search itself is audited.
    """
    require(actor, "audit.view")
    query = AuditEntry.select()
    page = AuditPage()
    if pupil_id is not None:
        ids = [pupil_id]
    elif child.strip():
        ids = pupils_matching(child)
        if not ids:
            _audit_search(actor, None, child, username, date_from, date_to, action)
            return page
    else:
        ids = []
    page.matched_pupils = len(ids)
    if ids:
        query = query.where(AuditEntry.pupil_id.in_(ids))
    if username:
        query = query.where(AuditEntry.username == username)
    if action:
        if action.endswith("."):
            query = query.where(AuditEntry.action.startswith(action))
        else:
            query = query.where(AuditEntry.action == action)
    if date_from:
        query = query.where(AuditEntry.at >= date_from.isoformat())
    if date_to:
        query = query.where(AuditEntry.at < (date_to + dt.timedelta(days=1)).isoformat())
    if before_id is not None:
        query = query.where(AuditEntry.id < before_id)
    entries = list(query.order_by(AuditEntry.id.desc()).limit(limit + 1))
    page.more = len(entries) > limit
    entries = entries[:limit]
    names = _names({e.pupil_id for e in entries if e.pupil_id is not None})
    page.rows = [AuditRow(e.id, dt.datetime.fromisoformat(e.at), e.username, e.action,
                          e.table_name, e.record_id, e.pupil_id,
                          names.get(e.pupil_id, _("(record removed)") if e.pupil_id else ""),
                          _load(e.before), _load(e.after))
                 for e in entries]
    if before_id is None:  # the first page of a search; "more" pages are the same look
        _audit_search(actor, ids[0] if len(ids) == 1 else None, child, username,
                      date_from, date_to, action)
    return page


def _names(ids: set[int]) -> dict[int | None, str]:  # looked up with optional keys
    if not ids:
        return {}
    return {p.id: p.known_as for p in Pupil.select(Pupil.id, Pupil.legal_first_name,
                                                   Pupil.legal_last_name, Pupil.preferred_name)
            .where(Pupil.id.in_(list(ids)))}


def _audit_search(actor: Actor, pupil_id: int | None, child: str, username: str,
                  date_from: dt.date | None, date_to: dt.date | None, action: str) -> None:
    filters = {k: v for k, v in (("child", child.strip()), ("user", username),
                                 ("from", date_from and date_from.isoformat()),
                                 ("to", date_to and date_to.isoformat()), ("action", action)) if v}
    with transaction():
        audit.record(actor.username, "view.audit", "audit_entry", None, pupil_id=pupil_id,
                     after=filters or None)


def verify(actor: Actor) -> audit.ChainReport:
    """Check the whole chain, the append-only triggers and the sealed head (permission
    "audit.view"), and note that it was checked. ``problems`` lists what a sound chain
    can still hide. Safe from a worker thread: it uses that thread's own connection."""
    require(actor, "audit.view")
    report = audit.verify_chain()
    if report.ok:
        database = db.obj
        keys = [database.key, *getattr(database, "earlier_keys", [])]
        keys += keys_for_backups(database.path, database.key)[1:]
        report = dataclasses.replace(report, problems=tuple(log_problems(database, keys)))
    with transaction():
        audit.record(actor.username, "audit.verify", "audit_entry", report.broken_at,
                     after={"rows": report.rows, "ok": report.ok and not report.problems})
    return report


def head_fingerprint(actor: Actor) -> str:
    """The log's newest entry and a short fingerprint of its hash, for a printed report
    (permission "report.anonymised"). Kept on paper, it shows later whether the log was
    cut short or rewritten: ``flexidesk check`` prints the same form."""
    require(actor, "report.anonymised")
    return audit_head.fingerprint(audit.chain_head())


def describe_change(row: AuditRow) -> list[tuple[str, str, str]]:
    """(field, before, after) for each field the row touched, values as text."""
    before, after = row.before or {}, row.after or {}
    fields = list(dict.fromkeys([*before, *after]))

    def text(value) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        return str(value)

    return [(name.replace("_", " "), text(before.get(name)), text(after.get(name)))
            for name in fields]
