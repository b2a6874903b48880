"""Checking an audit log through any connection: chain, append-only triggers, sealed head."""

from __future__ import annotations

from flexidesk.i18n import _
from flexidesk.store import audit_head
from flexidesk.store.audit import COLUMNS, ChainReport, verify_rows

#: The triggers that make the log append-only (migration m0002); dropping one is the first
#: step of any quiet rewrite.
TRIGGERS = ("audit_entry_no_update", "audit_entry_no_delete")


def missing_triggers(conn) -> list[str]:
    """The append-only triggers the file no longer has."""
    present = {name for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_entry'")}
    return [name for name in TRIGGERS if name not in present]


def verify_log(conn) -> ChainReport:
    """The chain of the log at ``conn`` walked in order, as audit.verify_chain does."""
    return verify_rows(conn.execute(f"SELECT {COLUMNS} FROM audit_entry ORDER BY id"))


def _has_settings(conn) -> bool:
    return bool(conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                             "AND name = 'setting'").fetchone()[0])


def carry_head(conn, key) -> None:
    """Write the log's head, sealed, into a backup's own settings (at ``conn``).

    The backup then says what its log held when it was taken: a log altered later, in the
    backup or in the database restored from it, no longer matches.
    """
    if not _has_settings(conn):
        return  # a backup taken before a migration, from a schema without settings
    sealed = audit_head.SealedHead(audit_head.last_link(conn))
    conn.execute('INSERT INTO setting ("key", "value") VALUES (?, ?) '
                 'ON CONFLICT ("key") DO UPDATE SET "value" = excluded."value"',
                 (audit_head.BACKUP_SETTING, audit_head.seal_text(sealed, key)))


def carried_head(conn, keys) -> audit_head.SealedHead | None:
    """The head a backup carries (None for a backup from before heads were carried)."""
    if not _has_settings(conn):
        return None
    row = conn.execute('SELECT "value" FROM setting WHERE "key" = ?',
                       (audit_head.BACKUP_SETTING,)).fetchone()
    return audit_head.unseal_text(row[0], keys) if row else None


def backup_log_problems(conn, keys) -> list[str]:
    """Why a backup's audit log cannot be trusted: a broken chain or a head it no longer
    matches. Empty when it is sound."""
    chain = verify_log(conn)
    if not chain.ok:
        return [_("its audit log is broken at entry {id} ({reason})").format(
            id=chain.broken_at, reason=_(chain.reason))]
    try:
        sealed = carried_head(conn, keys)
    except audit_head.HeadError as exc:
        return [str(exc)]
    if sealed is None:
        return []
    return audit_head.compare(sealed, conn)


def log_problems(database, keys) -> list[str]:
    """What is wrong with an open database's log beyond its chain: the append-only triggers
    gone, or a log that no longer matches the sealed head beside the file."""
    conn = database.connection()
    problems = []
    gone = missing_triggers(conn)
    if gone:
        problems.append(_("The audit log's append-only protection has been removed "
                          "(missing: {names}).").format(names=", ".join(gone)))
    try:
        sealed = audit_head.read_head(database.path, keys)
    except audit_head.HeadError as exc:
        return [*problems, str(exc)]
    if sealed is None and _before_sealed_heads(conn):
        return problems  # written by an older FlexiDesk: the head is sealed when it next opens
    return problems + audit_head.compare(sealed, conn)


def _before_sealed_heads(conn) -> bool:
    from flexidesk.store.schema import LATEST_VERSION, STEP_NAMES

    sealed_from = STEP_NAMES.index("m0010_audit_head") + 1
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    return version < min(sealed_from, LATEST_VERSION)
