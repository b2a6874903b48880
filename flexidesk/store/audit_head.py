"""The audit log's head (last id and hash) kept outside the database, in a small sealed file.

Someone holding the database key can drop the append-only triggers and rewrite, shorten or
extend the log, re-chaining every hash. The chain alone cannot show that; a copy of its
newest link kept elsewhere can. After each transaction that adds audit rows the head is
written to ``school.db.audit-head``, sealed with an HMAC under a key derived from the
database key, so that it cannot be edited unnoticed by anyone without that key. Each
backup carries the head too, and the governors' report prints a short fingerprint of it.

A commit is a two-step affair so that a crash in between is never taken for tampering:
before COMMIT the file names both the head the transaction started from and the one it
will leave; after COMMIT only the new one. The log's last row must match one of them.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from flexidesk.i18n import _
from flexidesk.store.files import atomic_write

SUFFIX = ".audit-head"
FORMAT = 1
GENESIS = "0" * 64
#: The ``setting`` row in which a backup carries the head it was taken at.
BACKUP_SETTING = "audit.head"

log = logging.getLogger(__name__)


class HeadError(Exception):
    """The sealed head could not be read or written; the message is fit for the user."""


@dataclass(frozen=True)
class Head:
    """One link of the chain: the row's id, its hash and when it was written."""

    last_id: int
    hash: str
    at: str = ""

    def as_list(self) -> list:
        return [self.last_id, self.hash, self.at]

    @classmethod
    def from_list(cls, value) -> Head:
        last_id, digest, at = value
        return cls(int(last_id), str(digest), str(at))

    def same_link(self, other: Head | None) -> bool:
        return other is not None and (self.last_id, self.hash) == (other.last_id, other.hash)


EMPTY = Head(0, GENESIS, "")


@dataclass
class SealedHead:
    """What the file holds: the head, the one a commit in flight will leave, past alarms."""

    head: Head
    pending: Head | None = None
    alarms: list[str] = field(default_factory=list)

    def accepts(self, found: Head) -> bool:
        """Whether the log's last row is the sealed head (or the one a commit was writing)."""
        return self.head.same_link(found) or (self.pending is not None
                                              and self.pending.same_link(found))


def head_path(db_path: Path | str) -> Path:
    """Where the sealed head of a database lives."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + SUFFIX)


def _mac_key(key) -> bytes:
    """The sealing key, derived from the database key (plain files: a fixed one, which
    still catches an accidental edit but not a deliberate one; such files protect nothing)."""
    raw = key if isinstance(key, bytes) else (key or "").encode("utf-8")
    return hmac.new(raw, b"flexidesk audit head v1", hashlib.sha256).digest()


def _body(sealed: SealedHead) -> dict:
    return {"format": FORMAT, "head": sealed.head.as_list(),
            "pending": sealed.pending.as_list() if sealed.pending else None,
            "alarms": sealed.alarms}


def _mac(body: dict, key) -> str:
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hmac.new(_mac_key(key), text.encode("utf-8"), hashlib.sha256).hexdigest()


def seal_text(sealed: SealedHead, key) -> str:
    """The sealed head as the text stored in the file (and in each backup)."""
    body = _body(sealed)
    return json.dumps({**body, "mac": _mac(body, key)}, indent=1, ensure_ascii=False)


def unseal_text(text: str, keys: Iterable) -> SealedHead:
    """Read sealed text, trying each key; HeadError if it is damaged or was edited."""
    try:
        data = json.loads(text)
        body = {k: data[k] for k in ("format", "head", "pending", "alarms")}
        mac = str(data["mac"])
        sealed = SealedHead(Head.from_list(body["head"]),
                            Head.from_list(body["pending"]) if body["pending"] else None,
                            [str(a) for a in body["alarms"]])
    except (ValueError, KeyError, TypeError) as exc:
        raise HeadError(_("The sealed audit head is damaged: it cannot be read.")) from exc
    if not any(hmac.compare_digest(_mac(body, k), mac) for k in keys):
        raise HeadError(_("The sealed audit head has been edited: its seal does not match."))
    return sealed


def read_head(db_path: Path | str, keys: Iterable) -> SealedHead | None:
    """The sealed head beside ``db_path`` (None when there is no file); HeadError if altered."""
    path = head_path(db_path)
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise HeadError(_("The sealed audit head {path} cannot be read ({reason}).").format(
            path=path, reason=exc.strerror)) from exc
    except UnicodeDecodeError as exc:  # garbage bytes, not even text
        raise HeadError(_("The sealed audit head is damaged: it cannot be read.")) from exc
    return unseal_text(text, keys)


def write_head(db_path: Path | str, key, sealed: SealedHead) -> None:
    """Write the sealed head atomically; a failure leaves no temporary file behind.

    Raises OSError (disk full, read-only folder) for the caller to turn into its message.
    """
    atomic_write(head_path(db_path), seal_text(sealed, key))


def last_link(conn) -> Head:
    """The newest row of the log as a Head (EMPTY for an empty log), from any connection."""
    row = conn.execute("SELECT id, hash, at FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()
    return Head(row[0], row[1], row[2]) if row else EMPTY


def link_at(conn, row_id: int) -> Head | None:
    """The row with ``row_id`` as a Head, or None when there is no such row."""
    row = conn.execute("SELECT id, hash, at FROM audit_entry WHERE id = ?", (row_id,)).fetchone()
    return Head(row[0], row[1], row[2]) if row else None


def fingerprint(head: Head) -> str:
    """A short form of a head for paper: the entry number and 16 hex digits of its hash."""
    digits = head.hash[:16].upper()
    return "{n} \u00b7 {h}".format(n=head.last_id, h="-".join(digits[i:i + 4]
                                                               for i in range(0, 16, 4)))


def compare(sealed: SealedHead | None, conn) -> list[str]:
    """What is wrong between the sealed head and the log at ``conn``; empty when they agree.

    Run it after the chain itself has been verified: this finds what a re-chained log hides.
    """
    found = last_link(conn)
    if sealed is None:
        if found.last_id == 0:
            return []
        return [_("There is no sealed audit head beside the database, so a shortened or "
                  "rewritten log could not be told apart. (It is written again the next "
                  "time FlexiDesk saves a change.)")]
    problems = list(sealed.alarms)
    if sealed.accepts(found):
        return problems
    if found.last_id == 0:
        problems.append(_("Every audit entry has been deleted: the sealed head says the log "
                          "ran to entry {n}.").format(n=sealed.head.last_id))
        return problems
    at_head = link_at(conn, sealed.head.last_id)
    if at_head is None:
        problems.append(_("The audit log has been cut short: it ends at entry {found}, but the "
                          "sealed head says it ran to entry {n}.").format(
                              found=found.last_id, n=sealed.head.last_id))
    elif not sealed.head.same_link(at_head):
        problems.append(_("The audit log has been rewritten: entry {n} no longer matches the "
                          "sealed head.").format(n=sealed.head.last_id))
    else:
        start = sealed.head
        if sealed.pending is not None and sealed.pending.same_link(
                link_at(conn, sealed.pending.last_id)):
            start = sealed.pending
        problems.append(_("{count} audit entries (from entry {first}, dated {at}) were added "
                          "without FlexiDesk: they come after the sealed head.").format(
                              count=found.last_id - start.last_id, first=start.last_id + 1,
                              at=_first_date(conn, start.last_id)))
    return problems


def _first_date(conn, after_id: int) -> str:
    row = conn.execute("SELECT at FROM audit_entry WHERE id > ? ORDER BY id LIMIT 1",
                       (after_id,)).fetchone()
    return row[0] if row else ""
