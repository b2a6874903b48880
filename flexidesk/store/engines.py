"""The server's schema: the models' tables on PostgreSQL, each school's rows behind row-level security.

SQLite files are migrated by the numbered modules in ``store.migrations`` (their SQL is
SQLite's). A server follows the same numbers: its version is kept in ``flexidesk_schema``;
a new server gets every table as the models define them at LATEST_VERSION; an older one
gains the tables and columns the models have since added, then runs each pending
migration's optional ``server_up(database)`` (data changes only a migration knows).
"""

from __future__ import annotations

import peewee
from playhouse.migrate import PostgresqlMigrator, migrate

from flexidesk.store import models
from flexidesk.store.codes import ROLES, TRUST_ROLES
from flexidesk.store.errors import SchemaTooNew

#: Tables the whole trust shares: one provider's record and checks serve every school.
SHARED_TABLES = frozenset({"provider", "provider_site", "due_diligence_item",
                           "checklist_template_item"})
#: Group roles: every FlexiDesk login is in APP_ROLE; trust roles are also in TRUST_ROLE.
APP_ROLE = "flexidesk_app"
TRUST_ROLE = "flexidesk_trust"
MIGRATE_LOCK = 4241


def all_models() -> list[type[peewee.Model]]:
    """Every table the application uses, parents before children."""
    found = [m for m in vars(models).values() if isinstance(m, type)
             and issubclass(m, models.BaseModel) and m is not models.BaseModel]
    return peewee.sort_models(found)  # type: ignore[attr-defined]  # missing from peewee's stubs


def school_tables() -> list[str]:
    """Tables whose rows belong to one school (all but the school and the shared ones)."""
    return [m._meta.table_name for m in all_models()
            if m._meta.table_name not in SHARED_TABLES | {"school"}]


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


def migrate_server(database: peewee.Database) -> list[int]:
    """Bring the server to LATEST_VERSION in one transaction; returns the versions run."""
    from flexidesk.store.migrations import LATEST_VERSION, steps

    with database.atomic():
        # Two IT staff upgrading at once would both add the same columns.
        database.execute_sql("SELECT pg_advisory_xact_lock(%s)", (MIGRATE_LOCK,))
        current = check_server_version(database)
        server_version(database)  # makes the version table on a new server
        if current == LATEST_VERSION:
            return []
        if current == 0:
            _create_schema(database)
        else:
            _add_missing(database)
        pending = [s for s in steps() if s.VERSION > current]
        for step in pending:
            server_up = getattr(step, "server_up", None)
            if server_up is not None and current > 0:
                server_up(database)
        _secure(database)
        database.execute_sql('DELETE FROM "flexidesk_schema"')
        database.execute_sql('INSERT INTO "flexidesk_schema" VALUES (%s)', (LATEST_VERSION,))
    return [s.VERSION for s in pending]


def _create_schema(database: peewee.Database) -> None:
    for model in all_models():
        _create_table(database, model)
    database.execute_sql(
        'CREATE TABLE "flexidesk_school_role" ("school_id" integer PRIMARY KEY '
        'REFERENCES "school" ("id") ON DELETE CASCADE, "role_name" text NOT NULL UNIQUE)')
    # Trust roles are a server's own: a school's file knows only the four school roles.
    roles = ", ".join(f"'{r}'" for r in (*ROLES, *TRUST_ROLES))
    database.execute_sql('ALTER TABLE "staff_user" DROP CONSTRAINT IF EXISTS "staff_user_role_check"')
    database.execute_sql(f'ALTER TABLE "staff_user" ADD CONSTRAINT "staff_user_role_check" '
                         f'CHECK (role IN ({roles}))')
    database.execute_sql('ALTER TABLE "staff_user" ALTER COLUMN "school_id" DROP NOT NULL')


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


def _add_missing(database: peewee.Database) -> None:
    """An older server gains the tables and columns the models have since added."""
    migrator = PostgresqlMigrator(database)
    tables = set(database.get_tables())
    for model in all_models():
        table = model._meta.table_name
        if table not in tables:
            _create_table(database, model)
            continue
        present = {c.name for c in database.get_columns(table)}
        for field in model._meta.sorted_fields:
            if field.column_name not in present:
                migrate(migrator.add_column(table, field.column_name, field))


def _secure(database: peewee.Database) -> None:
    """Roles, grants and row-level security (re-applied at every upgrade: idempotent)."""
    for role in (APP_ROLE, TRUST_ROLE):
        database.execute_sql(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') "
            f"THEN CREATE ROLE {role} NOLOGIN; END IF; END $$")
    database.execute_sql(f"GRANT {APP_ROLE} TO {TRUST_ROLE}")
    # The schools this login may read: its own school's role, or every school for the
    # trust (0 is the trust's own chain of audit rows); app.school_id narrows it to one.
    database.execute_sql(f"""
        CREATE OR REPLACE FUNCTION flexidesk_visible_schools() RETURNS int[]
        LANGUAGE sql STABLE AS $$
          SELECT CASE
            WHEN pg_has_role(current_user, '{TRUST_ROLE}', 'MEMBER') THEN
              CASE WHEN coalesce(current_setting('app.school_id', true), '') IN ('', '0')
                   THEN array(SELECT school_id FROM flexidesk_school_role) || 0
                   ELSE ARRAY[current_setting('app.school_id')::int] END
            ELSE array(SELECT school_id FROM flexidesk_school_role
                       WHERE pg_has_role(current_user, role_name, 'MEMBER')
                         AND school_id::text = current_setting('app.school_id', true))
          END
        $$""")
    database.execute_sql(f"""
        CREATE OR REPLACE FUNCTION flexidesk_writable_school() RETURNS int
        LANGUAGE sql STABLE AS $$
          SELECT s FROM (SELECT nullif(current_setting('app.school_id', true), '')::int AS s) q
          WHERE s = ANY (flexidesk_visible_schools())
             OR (s = 0 AND pg_has_role(current_user, '{TRUST_ROLE}', 'MEMBER'))
        $$""")
    # The school a staff login belongs to (0 for the trust's central team); set at sign-in.
    database.execute_sql(f"""
        CREATE OR REPLACE FUNCTION flexidesk_login_school() RETURNS int
        LANGUAGE sql STABLE AS $$
          SELECT CASE WHEN pg_has_role(current_user, '{TRUST_ROLE}', 'MEMBER') THEN 0 ELSE
            (SELECT min(school_id) FROM flexidesk_school_role
             WHERE pg_has_role(current_user, role_name, 'MEMBER')) END
        $$""")
    visible = "((SELECT flexidesk_visible_schools())::int[])"  # one initplan, not per row
    writable = "(SELECT flexidesk_writable_school())"
    policies = {t: ("school_id", False) for t in school_tables()}
    policies["school"] = ("id", False)
    policies["staff_user"] = ("school_id", True)
    for table, (column, shared_null) in policies.items():
        read = f'"{column}" = ANY {visible}'
        if shared_null:  # trust accounts (no school) can sign in anywhere
            read = f'("{column}" IS NULL OR {read})'
        database.execute_sql(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
        database.execute_sql(f'DROP POLICY IF EXISTS "school_rows" ON "{table}"')
        database.execute_sql(f'CREATE POLICY "school_rows" ON "{table}" USING ({read}) '
                             f'WITH CHECK ("{column}" = {writable})')
    tables = [m._meta.table_name for m in all_models()]
    quoted = ", ".join(f'"{t}"' for t in tables if t != "audit_entry")
    database.execute_sql(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {quoted} TO {APP_ROLE}")
    # The audit log is append-only for the application: no login may rewrite history.
    database.execute_sql(f'GRANT SELECT, INSERT ON "audit_entry" TO {APP_ROLE}')
    database.execute_sql('GRANT SELECT ON "flexidesk_schema", "flexidesk_school_role" '
                         f"TO {APP_ROLE}")
    database.execute_sql(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {APP_ROLE}")


def add_school(database: peewee.Database, *, name: str, headteacher_name: str,
               role_name: str, **fields) -> int:
    """Register a school on the server (owner only): its row and the group role of its staff.

    Returns the new school's id. Its staff's logins are then made members of
    ``role_name`` by the IT team (docs/server.md)."""
    with database.atomic():
        database.execute_sql(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role_name}') "
            f"THEN CREATE ROLE \"{role_name}\" NOLOGIN; END IF; END $$")
        database.execute_sql(f'GRANT {APP_ROLE} TO "{role_name}"')
        school = models.School.create(name=name, headteacher_name=headteacher_name, **fields)
        database.execute_sql('INSERT INTO "flexidesk_school_role" VALUES (%s, %s)',
                             (school.id, role_name))
    return school.id


def school_ids(database: peewee.Database) -> list[int]:
    """Every school registered on the server (owner or trust roles)."""
    return [r[0] for r in database.execute_sql(
        'SELECT school_id FROM "flexidesk_school_role" ORDER BY school_id').fetchall()]


def add_trust_account(database: peewee.Database, *, username: str, display_name: str,
                      role: str) -> None:
    """A FlexiDesk account for the trust's central team (owner only): no school of its own.

    Their login (named ``username``) is made a member of TRUST_ROLE by the IT team."""
    if role not in TRUST_ROLES:
        raise ValueError(f"not a trust role: {role}")
    database.execute_sql(
        'INSERT INTO "staff_user" ("username", "display_name", "role", "email", "active", '
        '"created_at", "school_id") VALUES (%s, %s, %s, \'\', true, now(), NULL)',
        (username, display_name, role))
