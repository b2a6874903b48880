"""The one database entry point: open plain SQLite or SQLCipher 4, set pragmas, refuse bad files."""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import functools
import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import peewee

from flexidesk.store import audit_head
from flexidesk.store.errors import (
    DatabaseMissing,
    KeyDoesNotFit,
    NotADatabase,
    SchemaTooNew,
    StoreError,
    WrongPassphrase,
    access_error,
    file_write_error,
    primary_name,
)
from flexidesk.store.schema import LATEST_VERSION

log = logging.getLogger(__name__)


@functools.cache
def sqlcipher_driver():
    """SQLCipher's DB-API module, loaded when a keyed file is first opened (not for a plain one)."""
    from sqlcipher3 import dbapi2 as sqlcipher

    # Peewee registers these with the stdlib sqlite3 driver only; SQLCipher needs them too,
    # or binding a meeting time (or a Decimal) fails on every encrypted database.
    for kind in (dt.time, dt.date, dt.datetime, decimal.Decimal):
        sqlcipher.register_adapter(kind, str)
    return sqlcipher


#: The single proxy every model is bound to; ``open_database`` initialises it.
db = peewee.DatabaseProxy()

SQLITE_HEADER = b"SQLite format 3\x00"
#: How long a write waits for another writer's lock before saying the file is in use: long
#: enough to outlast another program's save (or an import's) on a slow, busy laptop.
BUSY_TIMEOUT_MS = 5000
PRAGMAS = (
    ("foreign_keys", 1),
    ("journal_mode", "wal"),
    ("synchronous", "full"),
    ("busy_timeout", BUSY_TIMEOUT_MS),
)
#: How long a writer waits, after its commit, to take the lock again and tidy the sealed
#: head; a writer holding the lock longer seals the head itself.
SEAL_WAIT_MS = 200

Key = str | bytes | None


def _key_pragma(key: str | bytes) -> str:
    """The PRAGMA key statement: a raw 256-bit key skips SQLCipher's own KDF; text is a passphrase."""
    if isinstance(key, bytes):
        return f"PRAGMA key = \"x'{key.hex()}'\""
    return "PRAGMA key = '{}'".format(key.replace("'", "''"))


def apply_key(conn, key: str | bytes) -> None:
    """Key a SQLCipher connection, with SQLCipher's own log silenced first.

    Otherwise a wrong key (or a damaged page) prints "ERROR CORE ..." lines straight to the
    user's terminal; the user reads FlexiDesk's plain message instead.
    """
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(_key_pragma(key))


class FlexiDatabase(peewee.SqliteDatabase):
    """SQLite, or SQLCipher when a key is given, that validates a file before touching it.

    Write transactions begin IMMEDIATE, so that a second writer waits out the busy timeout
    instead of failing half-way; each commit that added audit rows updates the sealed
    audit head beside the file (``store.audit_head``).
    """

    _state: Any  # peewee's per-thread connection state (set by peewee's __init__)

    def __init__(self, path: Path, key: Key = None, create: bool = False, **kwargs):
        self.path = Path(path)
        #: Keys the file had before a re-key in this session, newest first: the sealed head
        #: written under the old key is still read, then sealed again under the new one.
        self.earlier_keys: list[Key] = []
        self._key: Key = key
        self.encrypted = key is not None
        #: A Headteacher's session on a laptop: the authority that signs roles
        #: (store.authority.Signer); None otherwise, and while the window is locked.
        self.signer: Any = None
        #: This computer's memory of the school, told of each new head of the log once the
        #: log was found to carry on from what it remembered (store.seen.Memory).
        self.memory: Any = None
        #: What signing in found wrong and the window must say (policy.records.continuity).
        self.warnings: list[str] = []
        mode = "rwc" if create else "rw"
        uri = f"file:{quote(str(self.path.resolve()))}?mode={mode}"
        super().__init__(uri, pragmas=PRAGMAS, uri=True, lock_type="IMMEDIATE", **kwargs)

    @property
    def key(self) -> Key:
        return self._key

    @key.setter
    def key(self, value: Key) -> None:
        if self._key is not None and value != self._key:
            self.earlier_keys.insert(0, self._key)
        self._key = value

    # --- the sealed audit head ------------------------------------------------------------

    def note_audit(self, base: audit_head.Head, new: audit_head.Head) -> None:
        """An audit row was appended: ``base`` is the log's head before it, ``new`` after."""
        state = self._state
        if getattr(state, "audit_pending", None) is None:
            state.audit_base = base
        state.audit_pending = new
        if not self.in_transaction():  # autocommit: the row is already saved
            was, now = self._take_audit_marks()
            self._seal_after(now, since=was)

    def _take_audit_marks(self) -> tuple[audit_head.Head | None, audit_head.Head | None]:
        state = self._state
        marks = (getattr(state, "audit_base", None), getattr(state, "audit_pending", None))
        state.audit_base = state.audit_pending = None
        return marks

    def seal_head(self, head: audit_head.Head, pending: audit_head.Head | None = None, *,
                  alarms: list[str] | None = None, since: audit_head.Head | None = None) -> None:
        """Write the sealed head; a full disk or read-only folder raises its StoreError.

        ``since`` is the link the file should already hold (default ``head``): if it holds
        another, an alarm is kept in the file from then on.
        """
        if alarms is None:
            alarms = self._carried_alarms(since or head)
        try:
            audit_head.write_head(self.path, self.key,
                                  audit_head.SealedHead(head, pending, alarms))
        except OSError as exc:
            known = file_write_error(exc, self.path)
            if known is None:
                raise
            raise known from exc

    def _carried_alarms(self, base: audit_head.Head) -> list[str]:
        """Alarms already in the file, plus one if the log did not start from its head."""
        from flexidesk.i18n import _

        try:
            current = audit_head.read_head(self.path, [self.key, *self.earlier_keys])
        except audit_head.HeadError as exc:
            return [str(exc)]
        if current is None:
            return [_("The sealed audit head was missing; it was started again at entry "
                      "{n} on {at}.").format(n=base.last_id, at=base.at or "-")]
        if current.accepts(base):
            return current.alarms
        return [*current.alarms, _(
            "The audit log did not match its sealed head (entry {n}) when FlexiDesk next "
            "saved a change: it ended at entry {found}.").format(
                n=current.head.last_id, found=base.last_id)]

    def _seal_after(self, head: audit_head.Head | None,
                    since: audit_head.Head | None = None) -> None:
        """Once a commit is saved, name its head alone, under the write lock taken again.

        Another writer may have committed in between: then the log no longer ends at
        ``head``, that writer's own seal (written under the lock) already covers this
        commit, and writing ``head`` now would put an older link back. So the head is
        written only if the log still ends at it; if the lock is busy, the writer holding
        it seals the head when it commits. Either way the change itself is saved.
        """
        if head is None:
            return
        expected: tuple[type[Exception], ...] = (OSError, StoreError, *self._driver_errors())
        try:
            with self._write_lock(SEAL_WAIT_MS) as conn:
                if head.same_link(audit_head.last_link(conn)):
                    self.seal_head(head, since=since)
        except expected:
            # The file still names this commit as the one in flight, which check accepts.
            log.warning("The sealed audit head could not be updated after a commit",
                        exc_info=True)
        if self.memory is not None:
            self.memory(head)

    def _driver_errors(self) -> tuple[type[Exception], ...]:
        if self.encrypted:
            return (sqlite3.DatabaseError, sqlcipher_driver().DatabaseError)
        return (sqlite3.DatabaseError,)

    @contextlib.contextmanager
    def _write_lock(self, wait_ms: int) -> Iterator[Any]:
        """SQLite's write lock on this thread's connection, held briefly and changing nothing."""
        conn = self.connection()
        conn.execute(f"PRAGMA busy_timeout = {int(wait_ms)}")
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            finally:
                conn.execute("ROLLBACK")
        finally:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    def commit(self):
        base, pending = self._take_audit_marks()
        if pending is None:
            return super().commit()
        # Still inside the transaction: the head is written under the database's write lock.
        self.seal_head(base or audit_head.EMPTY, pending)
        result = super().commit()
        self._seal_after(pending)
        return result

    def rollback(self):
        self._take_audit_marks()
        return super().rollback()

    def _connect(self):
        driver = sqlcipher_driver() if self.encrypted else sqlite3
        try:
            conn = driver.connect(self.database, timeout=self._timeout,
                                  isolation_level=None, **self.connect_params)
        except driver.OperationalError as exc:
            raise _translate(exc, self.path, self.key) from exc
        try:
            if self.encrypted:
                apply_key(conn, self.key)
            self._check_readable(conn)
            self._add_conn_hooks(conn)
        except StoreError:
            conn.close()
            raise
        except (sqlite3.DatabaseError, driver.DatabaseError) as exc:
            conn.close()
            raise _translate(exc, self.path, self.key) from exc
        return conn

    def _check_readable(self, conn) -> None:
        """Read the schema version before any pragma writes: a bad key or newer schema stops here."""
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if version > LATEST_VERSION:
            raise SchemaTooNew(self.path, version, LATEST_VERSION)


def key_opens(path: Path | str, key: str | bytes) -> bool:
    """Whether ``key`` reads the encrypted file at ``path`` (nothing is written to it)."""
    driver = sqlcipher_driver()
    uri = f"file:{quote(str(Path(path).resolve()))}?mode=rw"
    try:
        conn = driver.connect(uri, uri=True, isolation_level=None)
    except driver.Error:
        return False
    try:
        apply_key(conn, key)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except driver.DatabaseError:
        return False
    finally:
        conn.close()


def _translate(exc: Exception, path: Path, key: Key) -> StoreError:
    """Map a driver error to the user's kind of problem, by SQLite's error code.

    A raw key (bytes) came out of a key slot that the password opened, so it is the right
    key: a file it cannot read is damaged or not this school's, never a wrong password.
    """
    kind = primary_name(exc)
    if kind == "SQLITE_CANTOPEN" and not path.exists():
        return DatabaseMissing(path)
    known = access_error(exc, path)  # busy, a read-only file or folder, a full disk
    if known is not None:
        return known
    if kind == "SQLITE_NOTADB" and not looks_plain(path):
        if isinstance(key, str):
            return WrongPassphrase(path)  # a typed passphrase may simply be wrong
        if key is not None:
            return KeyDoesNotFit(path)
    return NotADatabase(path)


def looks_plain(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == SQLITE_HEADER
    except OSError:
        return False


def close_database() -> None:
    """Close the bound database, if any (checkpointing its WAL)."""
    if db.obj is not None and not db.obj.is_closed():
        db.obj.close()
