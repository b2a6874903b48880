"""The server's schema: the models' tables on PostgreSQL, each school's rows behind row-level security.

SQLite files are migrated by the numbered modules in ``store.migrations`` (their SQL is
SQLite's). A server follows the same numbers: its version is kept in ``flexidesk_schema``;
a new server gets every table as the models define them at LATEST_VERSION; an older one
gains the tables and columns the models have since added, then runs each pending
migration's optional ``server_up(database)`` (data changes only a migration knows). Then
the wall is put up again: roles and grants (``server_security``), the audit triggers
(``server_audit``) and the staff-account functions (``server_accounts``).
"""

from __future__ import annotations

import re

import peewee
from playhouse.migrate import PostgresqlMigrator, migrate

from flexidesk.i18n import _
from flexidesk.store import models, server_accounts, server_audit, server_shared
from flexidesk.store import server_security as security
from flexidesk.store.codes import ROLES, TRUST_ROLES
from flexidesk.store.errors import SchemaTooNew, StoreError
from flexidesk.store.server_security import (  # noqa: F401 - named here as before
    APP_ROLE,
    SHARED_TABLES,
    TRUST_ROLE,
    TRUST_TABLES,
    ServerPolicy,
)

MIGRATE_LOCK = 4241


def all_models() -> list[type[peewee.Model]]:
    """Every table the application uses, parents before children."""
    found = [m for m in vars(models).values() if isinstance(m, type)
             and issubclass(m, models.BaseModel) and m is not models.BaseModel]
    return peewee.sort_models(found)  # type: ignore[attr-defined]  # missing from peewee's stubs


def school_tables() -> list[str]:
    """Tables whose rows belong to one school (all but the school, the shared ones and the
    trust's own)."""
    return [m._meta.table_name for m in all_models()
            if m._meta.table_name not in SHARED_TABLES | TRUST_TABLES | {"school"}]


def server_version(database: peewee.Database) -> int:
    """The server's schema version (0 for an empty database)."""
    database.execute_sql('CREATE TABLE IF NOT EXISTS "flexidesk_schema" '
                         '("version" integer NOT NULL)')
    row = database.execute_sql('SELECT max("version") FROM "flexidesk_schema"').fetchone()
    return row[0] or 0


def check_server_version(database: peewee.Database) -> int:
    """Refuse a server whose schema is newer than this FlexiDesk knows; return the version."""
    from flexidesk.store.migrations import LATEST_VERSION

    row = database.execute_sql("SELECT to_regclass('flexidesk_schema') IS NOT NULL").fetchone()
    version = 0
    if row[0]:
        version = database.execute_sql(
            'SELECT max("version") FROM "flexidesk_schema"').fetchone()[0] or 0
    if version > LATEST_VERSION:
        raise SchemaTooNew(database.path, version, LATEST_VERSION)  # type: ignore[attr-defined]  # ServerDatabase.path
    return version


def migrate_server(database: peewee.Database, policy: ServerPolicy) -> list[int]:
    """Bring the server to LATEST_VERSION in one transaction; returns the versions run.

    Run by the IT team's login (a member of the owner role it makes). The security (roles,
    grants, row-level security, audit triggers) is applied again every time, so a newer
    FlexiDesk's permission matrix reaches a server whose schema did not change."""
    from flexidesk.store.migrations import LATEST_VERSION, steps

    with database.atomic():
        # Two IT staff upgrading at once would both add the same columns.
        database.execute_sql("SELECT pg_advisory_xact_lock(%s)", (MIGRATE_LOCK,))
        current = check_server_version(database)
        server_version(database)  # makes the version table on a new server
        security.prepare_owner(database)  # from here on, objects are the owner's
        changed: list[str] = []
        # The report views are made again at the end: a step may change their tables.
        database.execute_sql(f"DROP SCHEMA IF EXISTS {security.REPORT_SCHEMA} CASCADE")
        if current == 0:
            _create_schema(database)
        elif current < LATEST_VERSION:
            changed = _add_missing(database)
        pending = [s for s in steps() if s.VERSION > current]
        for step in pending:
            server_up = getattr(step, "server_up", None)
            if server_up is not None and current > 0:
                server_up(database)
        tables = [m._meta.table_name for m in all_models()]
        for table in tables:
            _identity(database, table)
        _keep_cascades_in_school(database)
        security.secure(database, tables, school_tables(), policy)
        audit_begins = server_audit.install(database, tables)
        server_accounts.install(database)
        server_shared.install(database)
        _same_school_links(database)
        # A log written before the server kept its own audit is taken as moved in; every
        # row as it stands is sealed when that audit begins, and after a step changed tables.
        _start_chains(database)
        if audit_begins or changed or (pending and current > 0):
            server_audit.reseal(database, tables)
        database.execute_sql('DELETE FROM "flexidesk_schema"')
        database.execute_sql('INSERT INTO "flexidesk_schema" VALUES (%s)', (LATEST_VERSION,))
        database.execute_sql("RESET ROLE")
    return [s.VERSION for s in pending]


def _create_schema(database: peewee.Database) -> None:
    for model in all_models():
        _create_table(database, model)
    _registry(database)
    # Trust roles are a server's own: a school's file knows only the four school roles.
    roles = ", ".join(f"'{r}'" for r in (*ROLES, *TRUST_ROLES))
    database.execute_sql('ALTER TABLE "staff_user" DROP CONSTRAINT IF EXISTS "staff_user_role_check"')
    database.execute_sql(f'ALTER TABLE "staff_user" ADD CONSTRAINT "staff_user_role_check" '
                         f'CHECK (role IN ({roles}))')
    database.execute_sql('ALTER TABLE "staff_user" ALTER COLUMN "school_id" DROP NOT NULL')


def _registry(database: peewee.Database) -> None:
    """Which group role holds each school's staff, and the code in their login names."""
    database.execute_sql(
        'CREATE TABLE IF NOT EXISTS "flexidesk_school_role" ("school_id" integer PRIMARY KEY '
        'REFERENCES "school" ("id") ON DELETE RESTRICT, "role_name" text NOT NULL UNIQUE)')
    database.execute_sql('ALTER TABLE "flexidesk_school_role" ADD COLUMN IF NOT EXISTS '
                         '"code" text')
    database.execute_sql('UPDATE "flexidesk_school_role" SET "code" = '
                         "regexp_replace(role_name, '^school_', '') WHERE \"code\" IS NULL")
    database.execute_sql('ALTER TABLE "flexidesk_school_role" ALTER COLUMN "code" SET NOT NULL')
    database.execute_sql('CREATE UNIQUE INDEX IF NOT EXISTS "flexidesk_school_role_code" '
                         'ON "flexidesk_school_role" ("code")')
    # Where a school moved in from its file came from: the same file is never moved twice.
    database.execute_sql('ALTER TABLE "flexidesk_school_role" ADD COLUMN IF NOT EXISTS '
                         '"source" text UNIQUE')


def _create_table(database: peewee.Database, model: type[peewee.Model]) -> None:
    """The model's table; a school's table gains school_id, its unique keys become per school."""
    table = model._meta.table_name
    model._schema.create_table(safe=False)  # type: ignore[attr-defined]  # missing from peewee's stubs
    owned = table in school_tables()
    if owned:
        database.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN "school_id" integer NOT NULL')
        # Set apart from ADD COLUMN, which would evaluate it (with no school) there and then.
        database.execute_sql(f'ALTER TABLE "{table}" ALTER COLUMN "school_id" '
                             f"SET DEFAULT (current_setting('app.school_id')::int)")
        database.execute_sql(f'CREATE INDEX "{table}_school_id" ON "{table}" ("school_id")')
    for index in model._meta.fields_to_index():
        columns = [f'"{field.column_name}"' for field in index._expressions]
        if owned and index._unique:
            columns.insert(0, '"school_id"')
        unique = "UNIQUE " if index._unique else ""
        database.execute_sql(f'CREATE {unique}INDEX "{index._name}" ON "{table}" '
                             f'({", ".join(columns)})')


def _add_missing(database: peewee.Database) -> list[str]:
    """An older server gains the tables and columns the models have since added; returns
    the tables whose columns changed."""
    migrator = PostgresqlMigrator(database)
    tables = set(database.get_tables())
    changed = []
    for model in all_models():
        table = model._meta.table_name
        if table not in tables:
            _create_table(database, model)
            continue
        present = {c.name for c in database.get_columns(table)}
        for field in model._meta.sorted_fields:
            if field.column_name not in present:
                migrate(migrator.add_column(table, field.column_name, field))
                changed.append(table)
    _registry(database)
    return changed


def _identity(database: peewee.Database, table: str) -> None:
    """The table's id as GENERATED ALWAYS AS IDENTITY: nobody chooses an id."""
    kind = database.execute_sql(
        "SELECT attidentity FROM pg_attribute WHERE attrelid = %s::regclass AND attname = 'id'",
        (f'public."{table}"',)).fetchone()[0]
    if kind == "a":
        return
    sequence = database.execute_sql("SELECT pg_get_serial_sequence(%s, 'id')",
                                    (f'public."{table}"',)).fetchone()[0]
    start = database.execute_sql(f'SELECT coalesce(max(id), 0) + 1 FROM "{table}"').fetchone()[0]
    database.execute_sql(f'ALTER TABLE "{table}" ALTER COLUMN "id" DROP DEFAULT')
    if sequence:
        database.execute_sql(f"DROP SEQUENCE {sequence}")
    database.execute_sql(f'ALTER TABLE "{table}" ALTER COLUMN "id" ADD GENERATED ALWAYS AS '
                         f"IDENTITY (START WITH {int(start)})")


def _keep_cascades_in_school(database: peewee.Database) -> None:
    """A school's row that points at a shared row holds it: deleting a provider's site
    never cascades into (or empties a column of) any school's placements."""
    found = database.execute_sql(
        "SELECT rel.relname, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
        "JOIN pg_class rel ON rel.oid = c.conrelid JOIN pg_class ref ON ref.oid = c.confrelid "
        "WHERE c.contype = 'f' AND ref.relname = ANY(%s) AND NOT rel.relname = ANY(%s) "
        "AND c.confdeltype IN ('c', 'n')", (sorted(SHARED_TABLES), sorted(SHARED_TABLES)))
    for table, name, definition in found.fetchall():
        kept = re.sub(r"ON DELETE (CASCADE|SET NULL)", "ON DELETE RESTRICT", definition)
        database.execute_sql(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
        database.execute_sql(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {kept}')


def _same_school_links(database: peewee.Database) -> None:
    """A school's row may point only at rows of its own school (a foreign key check alone
    would accept another school's child); a shared row only at its writer's staff."""
    for model in all_models():
        table = model._meta.table_name
        checks, columns = [], []
        for field in model._meta.sorted_fields:
            if not isinstance(field, peewee.ForeignKeyField):
                continue
            parent = field.rel_model._meta.table_name
            if parent in SHARED_TABLES:
                continue
            column = field.column_name
            columns.append(column)
            if table in SHARED_TABLES:
                school = f"coalesce(p.school_id, 0) = {security.SCHEMA}.session_chain()"
            else:
                school = ("p.id = NEW.school_id" if parent == "school"
                          else "p.school_id = NEW.school_id")
            checks.append(
                f"IF NEW.{column} IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.{column} IS "
                f"DISTINCT FROM OLD.{column}) AND NOT EXISTS (SELECT 1 FROM public.\"{parent}\" "
                f"p WHERE p.id = NEW.{column} AND {school}) THEN RAISE EXCEPTION "
                f"'FlexiDesk: {table}.{column} points outside this school' USING ERRCODE = "
                f"'foreign_key_violation'; END IF;")
        function = f'{security.SCHEMA}."same_school_{table}"'
        database.execute_sql(f'DROP TRIGGER IF EXISTS same_school ON "{table}"')
        database.execute_sql(f'DROP TRIGGER IF EXISTS same_school_moved ON "{table}"')
        if not checks:
            continue
        database.execute_sql(
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql "
            f"SECURITY DEFINER {security.SQL_PATH} AS $f$ BEGIN "
            f"IF {server_audit.IMPORTING} THEN RETURN NEW; END IF; {' '.join(checks)} "
            f"RETURN NEW; END $f$")
        database.execute_sql(f"REVOKE ALL ON FUNCTION {function}() FROM PUBLIC")
        database.execute_sql(f'CREATE TRIGGER same_school BEFORE INSERT ON "{table}" '
                             f"FOR EACH ROW EXECUTE FUNCTION {function}()")
        # An update is checked only when it moves a link (most saves move none).
        moved = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in columns)
        database.execute_sql(f'CREATE TRIGGER same_school_moved BEFORE UPDATE ON "{table}" '
                             f"FOR EACH ROW WHEN ({moved}) EXECUTE FUNCTION {function}()")


def _start_chains(database: peewee.Database) -> None:
    """Each school's chain head, kept apart from the log; a log written before the server
    kept its own (unkeyed, by the application) is taken as moved in, up to its last row."""
    database.execute_sql(f"""
        INSERT INTO {security.SCHEMA}.audit_head (school_id, last_id, last_hash, rows,
                                                 imported_through)
        SELECT s.school_id, coalesce(l.id, 0), coalesce(l.hash, %s), coalesce(l.n, 0),
               coalesce(l.id, 0)
        FROM (SELECT school_id FROM "flexidesk_school_role" UNION SELECT 0) s
        LEFT JOIN LATERAL (SELECT a.id, a.hash, (SELECT count(*) FROM audit_entry b
                                                 WHERE b.school_id = s.school_id) AS n
                           FROM audit_entry a WHERE a.school_id = s.school_id
                           ORDER BY a.id DESC LIMIT 1) l ON true
        ON CONFLICT (school_id) DO NOTHING""", (server_audit.GENESIS,))


def add_school(database: peewee.Database, *, name: str, headteacher_name: str,
               role_name: str, code: str | None = None, source: str | None = None,
               **fields) -> int:
    """Register a school on the server (the IT team): its row, the group role of its staff
    and the code in their logins (``head@CODE``). Returns the new school's id.

    ``source`` names the file a school was moved in from, so that it is never moved twice."""
    code = code or re.sub(r"^school_", "", role_name)
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,29}", code):
        raise StoreError("", _("A school's code is up to 30 small letters, digits, dashes or "
                               "underscores (staff sign in as head@CODE): {code} will not "
                               "do.").format(code=code))
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", role_name):
        raise StoreError("", _("A school's group role is small letters, digits and "
                               "underscores (for example school_ashlane): {role} will not "
                               "do.").format(role=role_name))
    with database.atomic():
        database.execute_sql(f"SET LOCAL ROLE {security.OWNER_ROLE}")
        security.ensure_role(database, role_name)
        database.execute_sql(f'GRANT {APP_ROLE} TO "{role_name}"')
        school = models.School.create(name=name, headteacher_name=headteacher_name, **fields)
        database.execute_sql('INSERT INTO "flexidesk_school_role" ("school_id", "role_name", '
                             '"code", "source") VALUES (%s, %s, %s, %s)',
                             (school.id, role_name, code, source))
        database.execute_sql(f"INSERT INTO {security.SCHEMA}.audit_head (school_id) "
                             "VALUES (%s) ON CONFLICT DO NOTHING", (school.id,))
        database.execute_sql("RESET ROLE")
    return school.id


def school_ids(database: peewee.Database) -> list[int]:
    """Every school registered on the server (owner or trust roles)."""
    return [r[0] for r in database.execute_sql(
        'SELECT school_id FROM "flexidesk_school_role" ORDER BY school_id').fetchall()]


def add_trust_account(database: peewee.Database, *, username: str, display_name: str,
                      role: str, password: str | None = None) -> None:
    """A FlexiDesk account for the trust's central team (the IT team): no school of its own,
    and (with ``password``) its login in the trust role's group."""
    if role not in TRUST_ROLES:
        raise ValueError(f"not a trust role: {role}")
    with database.atomic():
        database.execute_sql(
            'INSERT INTO "staff_user" ("username", "display_name", "role", "email", "active", '
            '"created_at", "school_id") VALUES (%s, %s, %s, \'\', true, localtimestamp(0), '
            'NULL)', (username, display_name, role))
        if password is not None:
            server_accounts.add_trust_login(database, username, role, password)


def add_trust_login(database: peewee.Database, username: str, display_name: str, role: str,
                    password: str) -> None:
    """A member of the trust's central team: their account (once) and a login, or a new
    password for it (the IT team)."""
    exists = database.execute_sql("SELECT count(*) FROM staff_user WHERE school_id IS NULL "
                                  "AND username = %s", (username,)).fetchone()[0]
    if exists:
        server_accounts.add_trust_login(database, username, role, password)
    else:
        add_trust_account(database, username=username, display_name=display_name, role=role,
                          password=password)

