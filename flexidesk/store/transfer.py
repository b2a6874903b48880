"""Moving a school's file into the trust's server: copy every table, then verify each count
and the audit chain against the file (``flexidesk move-to-server``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import peewee

from flexidesk.i18n import _
from flexidesk.store import close_database, engines
from flexidesk.store.errors import StoreError

#: A shared table's natural key: a provider the trust already knows is the same provider.
SHARED_KEYS = {"provider": ("name",), "provider_site": ("provider_id", "name"),
               "due_diligence_item": ("provider_id", "item"),
               "checklist_template_item": ("code",)}


@dataclass
class MoveReport:
    """What was copied: the new school's id, rows per table, and what verification found."""

    school_id: int
    copied: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    audit_rows: int = 0
    last_hash: str = ""


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


def copy_into(database, tables: dict, *, role_name: str) -> MoveReport:
    """Insert the file's rows as a new school (one transaction), ids renumbered, links kept."""
    from psycopg2.extras import execute_values

    school_columns, school_rows = tables["school"]
    if len(school_rows) != 1:
        raise StoreError("", _("The file holds no school profile to move."))
    profile = dict(zip(school_columns, _typed(engines.models.School, school_columns,
                                               school_rows[0]), strict=True))
    profile.pop("id")
    ids: dict[str, dict[int, int]] = {}
    with database.atomic():
        school_id = engines.add_school(database, role_name=role_name, **profile)
        database.use_school(school_id)
        report = MoveReport(school_id)
        ids["school"] = {school_rows[0][0]: school_id}
        cursor = database.cursor()
        for model in engines.all_models():
            table = model._meta.table_name
            if table == "school":
                continue
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
                data, old_ids = _reuse_shared(database, table, data, old_ids, ids[table])
            if data:
                names = list(data[0])
                quoted = ", ".join(f'"{c}"' for c in names)
                new = execute_values(
                    cursor, f'INSERT INTO "{table}" ({quoted}) VALUES %s RETURNING "id"',
                    [tuple(d[c] for c in names) for d in data], page_size=1000, fetch=True)
                ids[table].update({old: n[0] for old, n in zip(old_ids, new, strict=True)})
            report.copied[table] = len(rows)
    return report


def _reuse_shared(database, table: str, data: list[dict], old_ids: list[int],
                  mapping: dict[int, int]) -> tuple[list[dict], list[int]]:
    """Map rows the trust already holds (by natural key) to theirs; return the rest to insert."""
    key = SHARED_KEYS[table]
    quoted = ", ".join(f'"{c}"' for c in key)
    existing = {tuple(r[:-1]): r[-1] for r in database.execute_sql(
        f'SELECT {quoted}, "id" FROM "{table}"').fetchall()}
    fresh, fresh_ids = [], []
    for values, old in zip(data, old_ids, strict=True):
        natural = tuple(values[c] for c in key)
        if natural in existing:
            mapping[old] = existing[natural]
        else:
            fresh.append(values)
            fresh_ids.append(old)
    return fresh, fresh_ids


def verify(database, tables: dict, report: MoveReport) -> None:
    """Counts per table, the audit chain and its last hash, and every document's hash."""
    from flexidesk.store import audit

    database.use_school(report.school_id)
    for table, (_columns, rows) in tables.items():
        if table in SHARED_KEYS or table == "school":
            continue
        count = database.execute_sql(
            f'SELECT count(*) FROM "{table}" WHERE school_id = %s', (report.school_id,)
        ).fetchone()[0]
        if count != len(rows):
            report.problems.append(_("{table}: {n} rows in the file, {m} on the server").format(
                table=table, n=len(rows), m=count))
    chain = audit.verify_chain()
    report.audit_rows = chain.rows
    if not chain.ok:
        report.problems.append(_("the audit chain is broken at row {row}").format(
            row=chain.broken_at))
    columns, rows = tables["audit_entry"]
    file_last = rows[-1][columns.index("hash")] if rows else audit.GENESIS
    server_last = database.execute_sql(
        'SELECT "hash" FROM audit_entry WHERE school_id = %s ORDER BY "id" DESC LIMIT 1',
        (report.school_id,)).fetchone()
    report.last_hash = server_last[0] if server_last else audit.GENESIS
    if report.last_hash != file_last:
        report.problems.append(_("the audit chain's last hash differs from the file's"))
    columns, rows = tables["issued_document"]
    file_docs = sorted(r[columns.index("sha256")] for r in rows)
    server_docs = sorted(r[0] for r in database.execute_sql(
        'SELECT sha256 FROM issued_document WHERE school_id = %s', (report.school_id,)))
    if file_docs != server_docs:
        report.problems.append(_("the issued documents' hashes differ"))


def move_to_server(path: Path, key: bytes | None, database, *, role_name: str) -> MoveReport:
    """Copy the file at ``path`` into ``database`` (the owner's connection) and verify it."""
    tables = read_file(path, key)
    from flexidesk.store.database import db

    db.initialize(database)
    report = copy_into(database, tables, role_name=role_name)
    verify(database, tables, report)
    return report
