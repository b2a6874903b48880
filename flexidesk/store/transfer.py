"""Moving a school's file into the trust's server: copy every table, then verify each count
and the audit chain against the file (``flexidesk move-to-server``)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import peewee

from flexidesk.i18n import _
from flexidesk.store import close_database, engines, server_audit
from flexidesk.store.audit import GENESIS
from flexidesk.store.errors import StoreError
from flexidesk.store.server_security import TRUST_TABLES

#: A shared table's natural key: a provider the trust already knows is the same provider.
SHARED_KEYS = {"provider": ("name",), "provider_site": ("provider_id", "name"),
               "due_diligence_item": ("provider_id", "item"),
               "checklist_template_item": ("code",)}


@dataclass
class MoveReport:
    """What was copied: the new school's id, rows per table, and what verification found."""

    school_id: int
    code: str = ""  # in the school's staff's logins: head@CODE
    copied: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    audit_rows: int = 0
    last_hash: str = ""
    #: shared table -> the trust's rows the file's rows became (found or added)
    mapped: dict[str, list[int]] = field(default_factory=dict)
    #: checks on a provider the trust knew, taken from the file because they were newer
    checks_kept: int = 0


def read_file(path: Path, key: bytes | None) -> dict[str, tuple[list[str], list[tuple]]]:
    """Every table's columns and rows from the school's file, read-only (nothing written)."""
    from flexidesk.store.migrations import LATEST_VERSION, schema_version
    from flexidesk.store.opening import open_database

    database = open_database(path, key, migrate=False)
    try:
        version = schema_version(database)
        if version != LATEST_VERSION:
            raise StoreError(path, _(
                "Open {path} in this FlexiDesk once (it upgrades the file), then move it "
                "to the server.").format(path=path))
        tables = {}
        for model in engines.all_models():
            columns = [f.column_name for f in model._meta.sorted_fields]
            quoted = ", ".join(f'"{c}"' for c in columns)
            rows = database.execute_sql(
                f'SELECT {quoted} FROM "{model._meta.table_name}" ORDER BY "id"').fetchall()
            tables[model._meta.table_name] = (columns, rows)
        return tables
    finally:
        database.close()
        close_database()


def _typed(model: type[peewee.Model], columns: list[str], row: tuple) -> list:
    """SQLite's 0/1 become PostgreSQL's booleans; everything else passes as it is."""
    out = []
    for name, value in zip(columns, row, strict=True):
        kind = model._meta.columns[name]
        if isinstance(kind, peewee.BooleanField) and value is not None:
            value = bool(value)
        out.append(value)
    return out


def file_fingerprint(tables: dict) -> str:
    """What names a school's file whatever it is copied as: the first link of its audit
    chain (which covers its first moment), or its school's name and creation."""
    columns, rows = tables["audit_entry"]
    if rows:
        first = rows[0][columns.index("hash")]
    else:
        school_columns, school_rows = tables["school"]
        first = repr([school_rows[0][school_columns.index(c)] for c in ("name", "created_at")])
    return hashlib.sha256(first.encode("utf-8")).hexdigest()


def copy_into(database, tables: dict, *, role_name: str, again: bool = False,
              code: str | None = None) -> MoveReport:
    """Insert the file's rows as a new school (one transaction), ids renumbered, links kept.

    The rows come in as they were (the file's audit entries are its history): the server's
    own audit is quiet while they do, and its chain for the school starts after them. A
    file already moved in is refused, unless ``again`` (a deliberate second school)."""
    from psycopg2.extras import execute_values

    school_columns, school_rows = tables["school"]
    if len(school_rows) != 1:
        raise StoreError("", _("The file holds no school profile to move."))
    source = file_fingerprint(tables)
    moved = database.execute_sql('SELECT school_id FROM "flexidesk_school_role" '
                                 'WHERE "source" = %s', (source,)).fetchone()
    if moved is not None and not again:
        raise StoreError("", _(
            "This file was already moved to the server (it is school {id} there). Nothing "
            "was copied again.").format(id=moved[0]))
    profile = dict(zip(school_columns, _typed(engines.models.School, school_columns,
                                               school_rows[0]), strict=True))
    profile.pop("id")
    ids: dict[str, dict[int, int]] = {}
    newer: list[tuple[int, dict]] = []  # the file's checks on the trust's providers
    with database.atomic():
        shared_before = {t: database.execute_sql(f'SELECT coalesce(max(id), 0) FROM "{t}"')
                         .fetchone()[0] for t in SHARED_KEYS}
        database.execute_sql("SELECT set_config('flexidesk.importing', 'on', true)")
        school_id = engines.add_school(database, role_name=role_name, code=code,
                                       source=None if again else source, **profile)
        database.use_school(school_id)
        report = MoveReport(school_id, code=database.execute_sql(
            'SELECT "code" FROM "flexidesk_school_role" WHERE school_id = %s',
            (school_id,)).fetchone()[0])
        ids["school"] = {school_rows[0][0]: school_id}
        cursor = database.cursor()
        for model in engines.all_models():
            table = model._meta.table_name
            if table == "school" or table in TRUST_TABLES:
                continue  # the trust's own tables are the server's (a file has none)
            columns, rows = tables[table]
            foreign = {f.column_name: f.rel_model._meta.table_name
                       for f in model._meta.sorted_fields
                       if isinstance(f, peewee.ForeignKeyField)}
            data, old_ids = [], []
            for row in rows:
                values = dict(zip(columns, _typed(model, columns, row), strict=True))
                old_ids.append(values.pop("id"))
                for column, parent in foreign.items():
                    if values[column] is not None:
                        values[column] = ids[parent][values[column]]
                data.append(values)
            ids[table] = {}
            if table in SHARED_KEYS:
                data, old_ids = _reuse_shared(database, table, data, old_ids, ids[table],
                                              newer)
            if data:
                names = list(data[0])
                quoted = ", ".join(f'"{c}"' for c in names)
                new = execute_values(
                    cursor, f'INSERT INTO "{table}" ({quoted}) VALUES %s RETURNING "id"',
                    [tuple(d[c] for c in names) for d in data], page_size=1000, fetch=True)
                ids[table].update({old: n[0] for old, n in zip(old_ids, new, strict=True)})
            report.copied[table] = len(rows)
        report.mapped = {t: list(ids[t].values()) for t in SHARED_KEYS}
        _start_chain(database, school_id)
        database.execute_sql("SELECT set_config('flexidesk.importing', '', true)")
        # Every row as it came, sealed at once.
        tables_moved = [m._meta.table_name for m in engines.all_models()]
        server_audit.reseal(database, tables_moved, school_id=school_id, since=shared_before)
        # A newer check on a provider the trust knew is a change to the trust's record: it
        # is made now, with the audit writing its entry in the incoming school's chain.
        server_audit.name_change(database, "due_diligence.moved_in", None)
        for item_id, values in newer:
            report.checks_kept += _keep_newer_check(database, item_id, values)
        server_audit.name_change(database, "", None)
    return report


def _start_chain(database, school_id: int) -> None:
    """The school's chain head: the file's last entry; the server's keyed links follow it."""
    from flexidesk.store.server_security import SCHEMA

    database.execute_sql(
        f"INSERT INTO {SCHEMA}.audit_head (school_id, last_id, last_hash, rows, "
        "imported_through) SELECT %s, coalesce(max(id), 0), coalesce((SELECT hash FROM "
        "audit_entry WHERE id = max(a.id)), %s), count(*), coalesce(max(id), 0) "
        "FROM audit_entry a WHERE a.school_id = %s ON CONFLICT (school_id) DO UPDATE SET "
        "last_id = excluded.last_id, last_hash = excluded.last_hash, rows = excluded.rows, "
        "imported_through = excluded.imported_through",
        (school_id, GENESIS, school_id))


def _reuse_shared(database, table: str, data: list[dict], old_ids: list[int],
                  mapping: dict[int, int], newer: list[tuple[int, dict]]
                  ) -> tuple[list[dict], list[int]]:
    """Map rows the trust already holds (by natural key) to theirs; return the rest to insert.

    A due-diligence check the incoming school holds on a provider the trust already knows
    is not dropped: it goes on ``newer``, to be kept if it is the newer of the two."""
    key = SHARED_KEYS[table]
    quoted = ", ".join(f'"{c}"' for c in key)
    existing = {tuple(r[:-1]): r[-1] for r in database.execute_sql(
        f'SELECT {quoted}, "id" FROM "{table}"').fetchall()}
    fresh, fresh_ids = [], []
    for values, old in zip(data, old_ids, strict=True):
        natural = tuple(values[c] for c in key)
        if natural in existing:
            mapping[old] = existing[natural]
            if table == "due_diligence_item":
                newer.append((existing[natural], values))
        else:
            fresh.append(values)
            fresh_ids.append(old)
    return fresh, fresh_ids


#: How far a check has got: a held (or not-applicable) check beats a request, which beats none.
_CHECK_RANK = {"missing": 0, "expired": 1, "requested": 1, "held": 2, "not_applicable": 2}
_CHECK_FIELDS = ("status", "evidence", "checked_on", "checked_by_id", "expires_on")


def _keep_newer_check(database, item_id: int, incoming: dict) -> int:
    """Put the incoming school's check on the trust's item when it is further on or newer."""
    row = database.execute_sql(
        f'SELECT {", ".join(_CHECK_FIELDS)} FROM "due_diligence_item" WHERE id = %s',
        (item_id,)).fetchone()
    held = dict(zip(_CHECK_FIELDS, row, strict=True))
    theirs = (_CHECK_RANK.get(incoming["status"], 0), str(incoming["checked_on"] or ""))
    ours = (_CHECK_RANK.get(held["status"], 0), str(held["checked_on"] or ""))
    if theirs <= ours:
        return 0
    database.execute_sql(
        'UPDATE "due_diligence_item" SET ' + ", ".join(f'"{f}" = %s' for f in _CHECK_FIELDS)
        + " WHERE id = %s", (*(incoming[f] for f in _CHECK_FIELDS), item_id))
    return 1


def verify(database, tables: dict, report: MoveReport) -> None:
    """Counts per table, the audit chain and its last hash, and every document's hash.

    The school's chain on the server is the file's entries, then any the server has written
    since (a newer check merged in): the file's part is counted and its end compared."""
    from flexidesk.store.server_security import SCHEMA

    database.use_school(report.school_id)
    boundary = database.execute_sql(
        f"SELECT imported_through FROM {SCHEMA}.audit_head WHERE school_id = %s",
        (report.school_id,)).fetchone()[0]
    for table, (_columns, rows) in tables.items():
        if table == "school" or table in TRUST_TABLES:
            continue
        if table in SHARED_KEYS:
            # Each of the file's rows is one of the trust's: found by its key, or added.
            mapped = report.mapped.get(table, [])
            count = database.execute_sql(f'SELECT count(*) FROM "{table}" '
                                         "WHERE id = ANY(%s)", (mapped,)).fetchone()[0]
            if len(mapped) != len(rows) or count != len(set(mapped)):
                report.problems.append(_(
                    "{table}: {n} rows in the file, {m} of the trust's on the server").format(
                        table=table, n=len(rows), m=count))
            continue
        moved = ' AND "id" <= %s' if table == "audit_entry" else ""
        count = database.execute_sql(
            f'SELECT count(*) FROM "{table}" WHERE school_id = %s{moved}',
            (report.school_id, boundary) if moved else (report.school_id,)).fetchone()[0]
        if count != len(rows):
            report.problems.append(_("{table}: {n} rows in the file, {m} on the server").format(
                table=table, n=len(rows), m=count))
    chain = server_audit.verify_school(database, report.school_id)
    report.audit_rows = chain.rows
    if not chain.ok:
        report.problems.append(_("the audit chain is broken at row {row}").format(
            row=chain.broken_at))
    columns, rows = tables["audit_entry"]
    file_last = rows[-1][columns.index("hash")] if rows else GENESIS
    server_last = database.execute_sql(
        'SELECT "hash" FROM audit_entry WHERE school_id = %s AND "id" <= %s '
        'ORDER BY "id" DESC LIMIT 1', (report.school_id, boundary)).fetchone()
    report.last_hash = server_last[0] if server_last else GENESIS
    if report.last_hash != file_last:
        report.problems.append(_("the audit chain's last hash differs from the file's"))
    columns, rows = tables["issued_document"]
    file_docs = sorted(r[columns.index("sha256")] for r in rows)
    server_docs = sorted(r[0] for r in database.execute_sql(
        'SELECT sha256 FROM issued_document WHERE school_id = %s', (report.school_id,)))
    if file_docs != server_docs:
        report.problems.append(_("the issued documents' hashes differ"))


def move_to_server(path: Path, key: bytes | None, database, *, role_name: str,
                   again: bool = False, code: str | None = None) -> MoveReport:
    """Copy the file at ``path`` into ``database`` (the owner's connection) and verify it."""
    tables = read_file(path, key)
    from flexidesk.store.database import db

    db.initialize(database)
    report = copy_into(database, tables, role_name=role_name, again=again, code=code)
    verify(database, tables, report)
    return report
