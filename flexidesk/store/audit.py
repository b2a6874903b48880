"""The append-only audit log, each row chained by SHA-256 to the row before it.

In a school's file FlexiDesk writes each entry itself, in the transaction that makes the
change. On a trust's server the database writes them (``store.server_audit``): a change
made through ``changing`` is named by it, and ``changed`` then has nothing left to do.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass

from peewee import fn

from flexidesk.store.audit_head import Head
from flexidesk.store.models import AuditEntry

GENESIS = "0" * 64


def _digest(prev_hash: str, at: str, username: str, action: str, table_name: str,
            record_id: int | None, pupil_id: int | None, before: str | None,
            after: str | None) -> str:
    payload = json.dumps([prev_hash, at, username, action, table_name, record_id, pupil_id,
                          before, after], separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _dump(value: dict | None) -> str | None:
    if value is None:
        return None
    return json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)


def _scoped(query, *, lock: bool = False):
    """On a server, one school's chain (locked for an append); a file has one chain."""
    scope = getattr(AuditEntry._meta.database.obj, "audit_chain", None)
    return query if scope is None else scope(query, lock=lock)


def _server():
    """The server engine when the database writes its own audit (None for a school's file)."""
    database = AuditEntry._meta.database.obj
    return database if getattr(database, "audits_rows", False) else None


@contextlib.contextmanager
def changing(action: str, *, pupil_id: int | None = None) -> Iterator[None]:
    """Name the row change made inside the block (on a server, its trigger's entry).

    The name holds until the next one, or the transaction's end: a row an action writes
    afterwards without naming it is written under the same action (one round trip less
    for every save)."""
    server = _server()
    if server is not None:
        server.audit_change(action, pupil_id)
    yield


def changed(username: str, action: str, table_name: str, record_id: int | None, *,
            pupil_id: int | None = None, before: dict | None = None,
            after: dict | None = None) -> None:
    """The entry for a row change just made inside ``changing`` (a server has written it)."""
    if _server() is None:
        record(username, action, table_name, record_id, pupil_id=pupil_id, before=before,
               after=after)


def _last_head(*, lock: bool = True) -> Head:
    """The newest link of the chain (on a server, of this school's chain, locked)."""
    last = _scoped(AuditEntry.select(AuditEntry.id, AuditEntry.hash, AuditEntry.at),
                   lock=lock).order_by(AuditEntry.id.desc()).limit(1).first()
    return Head(last.id, last.hash, last.at) if last else Head(0, GENESIS, "")


def chain_head() -> Head:
    """The newest link of the chain, read through the models so it works on either engine."""
    server = _server()
    if server is not None:
        return server.audit_head()
    return _last_head(lock=False)


def _note(before: Head, after: Head) -> None:
    """Tell the sealed head (store.audit_head) that the log moved from ``before`` to ``after``."""
    note = getattr(AuditEntry._meta.database.obj, "note_audit", None)
    if note is not None:
        note(before, after)


def record(username: str, action: str, table_name: str = "", record_id: int | None = None,
           *, pupil_id: int | None = None, before: dict | None = None,
           after: dict | None = None) -> AuditEntry | None:
    """Append one audit row; call it inside the transaction that makes the change.

    On a server the row is written by the database, in the signed-in login's own name."""
    server = _server()
    if server is not None:
        server.audit_note(action, table_name, record_id, pupil_id, _dump(before), _dump(after))
        return None
    head = _last_head()
    prev_hash = head.hash
    at = dt.datetime.now().isoformat(timespec="seconds")
    before_s, after_s = _dump(before), _dump(after)
    digest = _digest(prev_hash, at, username, action, table_name, record_id, pupil_id,
                     before_s, after_s)
    entry = AuditEntry.create(at=at, username=username, action=action, table_name=table_name,
                              record_id=record_id, pupil_id=pupil_id, before=before_s,
                              after=after_s, prev_hash=prev_hash, hash=digest)
    _note(head, Head(entry.id, digest, at))  # the sealed head follows the log
    return entry


def record_many(username: str, entries: list[tuple[str, str, int | None, int | None,
                                                   dict | None, dict | None]]) -> int:
    """Append many audit rows at once, chained as ``record`` chains them: (action, table_name,
    record_id, pupil_id, before, after) each. An import of 40,000 pupils takes one insert.

    On a server the rows' own triggers have written these entries already."""
    if _server() is not None:
        return len(entries)
    head = _last_head()
    prev_hash = head.hash
    at = dt.datetime.now().isoformat(timespec="seconds")
    rows = []
    for action, table_name, record_id, pupil_id, before, after in entries:
        before_s, after_s = _dump(before), _dump(after)
        digest = _digest(prev_hash, at, username, action, table_name, record_id, pupil_id,
                         before_s, after_s)
        rows.append((at, username, action, table_name, record_id, pupil_id, before_s, after_s,
                     prev_hash, digest))
        prev_hash = digest
    # executemany: Peewee would spend seconds building the SQL of 40,000 rows.
    marks = ", ".join([AuditEntry._meta.database.obj.param] * 10)  # ? or %s
    AuditEntry._meta.database.cursor().executemany(
        'INSERT INTO "audit_entry" ("at", "username", "action", "table_name", "record_id", '
        f'"pupil_id", "before", "after", "prev_hash", "hash") VALUES ({marks})', rows)
    if rows:
        _note(head, _last_head())
    return len(rows)


@dataclass(frozen=True)
class ChainReport:
    """What verify_chain found: rows read and the first broken row, if any."""

    rows: int
    broken_at: int | None = None
    reason: str = ""
    #: What a sound chain can still hide (triggers gone, log not matching its sealed head),
    #: filled in by the checks that read the sealed head (store.log_check).
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify_chain() -> ChainReport:
    """Walk the log in order; a removed, inserted or altered row breaks the chain."""
    server = _server()
    if server is not None:
        return server.audit_verify()
    return verify_rows(_scoped(AuditEntry.select()).order_by(AuditEntry.id).tuples().iterator())


#: The columns verify_rows expects, in order, for reading a log through a raw connection.
COLUMNS = ("id, at, username, action, table_name, record_id, pupil_id, before, after, "
           "prev_hash, hash")


def verify_rows(rows) -> ChainReport:
    """Walk rows of the log (COLUMNS, in id order) and report the first broken link."""
    prev_hash = GENESIS
    count = 0
    for (row_id, at, username, action, table_name, record_id, pupil_id, before, after,
         stored_prev, stored_hash) in rows:
        count += 1
        if stored_prev != prev_hash:
            return ChainReport(count, row_id, "a row before this one is missing or altered")
        if _digest(prev_hash, at, username, action, table_name, record_id, pupil_id,
                   before, after) != stored_hash:
            return ChainReport(count, row_id, "this row has been altered")
        prev_hash = stored_hash
    return ChainReport(count)


@dataclass(frozen=True)
class Changes:
    """What was written since a mark in the audit log: the tables and the children touched.

    Every change writes its audit row in the same transaction, so the log itself says what
    changed (by this window, another window or another member of staff); reads ("view.")
    and the backups' own rows are left out.
    """

    mark: int  # the newest entry read: the next call starts after it
    tables: frozenset[str]
    pupils: frozenset[int]

    def touches(self, tables: frozenset[str] | None) -> bool:
        """Whether a view reading ``tables`` (None: every table) needs reading again."""
        if not self.tables:
            return False
        return tables is None or not tables.isdisjoint(self.tables)


def changes_since(mark: int) -> Changes:
    """The changes after audit entry ``mark`` (0: the whole log).

    On a server, where most roles may not read the log, the server says which tables and
    children its school's entries since ``mark`` touched (``flexidesk.changes_since``)."""
    server = _server()
    if server is not None:
        newest, tables, pupils = server.audit_changes(mark)
        return Changes(newest, frozenset(tables), frozenset(pupils))
    newest = _scoped(AuditEntry.select(fn.MAX(AuditEntry.id))).where(
        AuditEntry.id > mark).scalar()
    if newest is None:
        return Changes(mark, frozenset(), frozenset())
    written = list(_scoped(AuditEntry.select(AuditEntry.table_name, AuditEntry.pupil_id)
                           .distinct()).where(
        (AuditEntry.id > mark) & (AuditEntry.id <= newest)
        & ~AuditEntry.action.startswith("view.") & (AuditEntry.action != "backup.write"))
        .tuples())
    return Changes(newest, frozenset(table for table, _pupil in written if table),
                   frozenset(pupil for _table, pupil in written if pupil is not None))
