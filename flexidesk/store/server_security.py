"""The server's wall: an owner nobody logs in as, a group role per staff role, grants derived
from the permission matrix, row-level security forced on every table, no temporary tables.

Everything a policy or a trigger calls lives in the ``flexidesk`` schema with a fixed
``search_path`` and schema-qualified names, so a login's own objects (it may create none)
can never stand in for ours. The matrix itself arrives as a ``ServerPolicy`` from the
policy layer (``policy.records.server_grants``); this module only turns it into SQL.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import peewee

from flexidesk.store.codes import ROLES, TRUST_ROLES

#: Owns every table, function and view; NOLOGIN. The IT team's login is a member of it.
OWNER_ROLE = "flexidesk_owner"
#: Every FlexiDesk login is in APP_ROLE; the trust's central team are also in TRUST_ROLE.
APP_ROLE = "flexidesk_app"
TRUST_ROLE = "flexidesk_trust"
SCHEMA = "flexidesk"
#: The governors' report views: each report table with what could name a child left out.
REPORT_SCHEMA = "flexidesk_report"
#: Tables the whole trust shares: one provider's record and checks serve every school.
SHARED_TABLES = frozenset({"provider", "provider_site", "due_diligence_item",
                           "checklist_template_item"})
#: Tables of the trust's own, published by its central team for every school to read (no
#: school's rows; written by the trust's AP lead alone, and never changed once written).
TRUST_TABLES = frozenset({"trust_policy_version"})
#: A shared row's columns that tie it to others: changing them would move one school's
#: placements or checks onto another provider, so only the trust's AP lead may.
SHARED_KEYS = {"provider_site": ("provider_id",), "due_diligence_item": ("provider_id", "item"),
               "checklist_template_item": ("code",)}
SQL_PATH = "SET search_path = pg_catalog, pg_temp"


def role_group(role: str) -> str:
    """The group role whose members hold ``role`` (headteacher, office, trust_ap_lead...)."""
    return f"flexidesk_{role}"


@dataclass(frozen=True)
class TableGrant:
    """What a role's group may do to one table (or view); ``columns`` narrows a SELECT."""

    table: str
    privileges: frozenset[str]
    columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class ServerPolicy:
    """The app's permission matrix and what it allows on each table, for each role."""

    permissions: Mapping[str, frozenset[str]]
    grants: Mapping[str, tuple[TableGrant, ...]]
    #: report view -> the table's columns shown to governors (the rest are blanked)
    report_columns: Mapping[str, frozenset[str]] = field(default_factory=dict)
    #: table -> permission that reads the change history of its rows (audit.view reads all)
    history: Mapping[str, str] = field(default_factory=dict)


def q(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    """A quoted SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def ensure_role(database: peewee.Database, name: str, attributes: str = "NOLOGIN") -> None:
    """Create a role unless it exists (roles are the cluster's, shared by its databases)."""
    database.execute_sql(
        f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {literal(name)}) "
        f"THEN CREATE ROLE {q(name)} {attributes}; END IF; END $$")


def prepare_owner(database: peewee.Database) -> None:
    """As the IT team's login: make the owner role, hand it every object, keep PUBLIC out.

    Runs inside migrate's transaction and ends with ``SET LOCAL ROLE`` to the owner, so
    every object made afterwards belongs to it (and roles it makes are its to grant)."""
    dbname = database.execute_sql("SELECT current_database()").fetchone()[0]
    ensure_role(database, OWNER_ROLE, "NOLOGIN CREATEROLE")
    database.execute_sql(f"GRANT {OWNER_ROLE} TO CURRENT_USER")
    database.execute_sql(f"GRANT CREATE, CONNECT ON DATABASE {q(dbname)} TO {OWNER_ROLE}")
    database.execute_sql(f"GRANT CREATE, USAGE ON SCHEMA public TO {OWNER_ROLE}")
    # Tables, views and functions made by an older FlexiDesk belong to the login that ran it.
    database.execute_sql(f"""
        DO $$ DECLARE r record; BEGIN
          FOR r IN SELECT c.relname, c.relkind FROM pg_class c
                   JOIN pg_namespace n ON n.oid = c.relnamespace
                   WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v')
                     AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
          LOOP
            EXECUTE format('ALTER %s public.%I OWNER TO {OWNER_ROLE}',
                           CASE r.relkind WHEN 'v' THEN 'VIEW' ELSE 'TABLE' END, r.relname);
          END LOOP;
        END $$""")
    database.execute_sql(f"SET LOCAL ROLE {OWNER_ROLE}")
    for role in (APP_ROLE, TRUST_ROLE, *(role_group(r) for r in (*ROLES, *TRUST_ROLES))):
        ensure_role(database, role)
    database.execute_sql("RESET ROLE")
    # Nobody but FlexiDesk's logins connects; nobody makes temporary tables or objects.
    database.execute_sql(f"REVOKE ALL ON DATABASE {q(dbname)} FROM PUBLIC")
    database.execute_sql(f"GRANT CONNECT ON DATABASE {q(dbname)} TO {APP_ROLE}")
    database.execute_sql("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    database.execute_sql(f"SET LOCAL ROLE {OWNER_ROLE}")


def _groups(database: peewee.Database) -> None:
    """The group roles and who is in which: each role's group in APP_ROLE, trust's in TRUST_ROLE."""
    for role in ROLES:
        database.execute_sql(f"GRANT {APP_ROLE} TO {role_group(role)}")
    for role in TRUST_ROLES:
        database.execute_sql(f"GRANT {TRUST_ROLE} TO {role_group(role)}")
    database.execute_sql(f"GRANT {APP_ROLE} TO {TRUST_ROLE}")


def _functions(database: peewee.Database, policy: ServerPolicy) -> None:
    """The helpers the policies call: who the login is, which schools it sees and writes."""
    database.execute_sql(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
    database.execute_sql(f"""CREATE TABLE IF NOT EXISTS {SCHEMA}.permission (
        permission text NOT NULL, role text NOT NULL, PRIMARY KEY (permission, role))""")
    database.execute_sql(f"DELETE FROM {SCHEMA}.permission")
    rows = sorted((p, r) for p, roles in policy.permissions.items() for r in roles)
    if rows:
        database.execute_sql(
            f"INSERT INTO {SCHEMA}.permission VALUES " + ", ".join(["(%s, %s)"] * len(rows)),
            [value for row in rows for value in row])
    registry = "public.flexidesk_school_role"
    functions = {
        # Membership, for any role: who = current_user (policies) or session_user (the
        # SECURITY DEFINER functions, where current_user is the owner).
        # (A role's oid from the catalogue's cache, no query: a SQL function is planned at
        # every call, and this one is called in every policy and audit entry.)
        "is_member(who name, grp text) RETURNS boolean":
            "SELECT coalesce(pg_catalog.pg_has_role(who, pg_catalog.to_regrole("
            "pg_catalog.quote_ident(grp)), 'MEMBER'), false)",
        "is_owner() RETURNS boolean": f"SELECT {SCHEMA}.is_member(current_user, '{OWNER_ROLE}')",
        "is_trust() RETURNS boolean": f"SELECT {SCHEMA}.is_member(current_user, '{TRUST_ROLE}')",
        "session_school() RETURNS int":
            "SELECT nullif(pg_catalog.current_setting('app.school_id', true), '')::int",
        # pg_has_role on the group's oid, not is_member a row: this runs in every policy
        # and every audit entry (a function call per registered school made saves slow).
        "schools_of(who name) RETURNS int[]":
            f"SELECT coalesce(array_agg(r.school_id ORDER BY r.school_id), '{{}}') FROM "
            f"{registry} r WHERE coalesce(pg_catalog.pg_has_role(who, pg_catalog.to_regrole("
            f"pg_catalog.quote_ident(r.role_name)), 'MEMBER'), false)",
        "all_schools() RETURNS int[]":
            f"SELECT coalesce(array_agg(school_id ORDER BY school_id), '{{}}') FROM {registry}",
        # The schools this login may read now: its own (when app.school_id names it), every
        # school for the owner, and for the trust's team every school or the one named.
        "visible_as(who name) RETURNS int[]": f"""
            SELECT CASE
              WHEN {SCHEMA}.is_member(who, '{OWNER_ROLE}') THEN {SCHEMA}.all_schools() || 0
              WHEN {SCHEMA}.is_member(who, '{TRUST_ROLE}') THEN
                CASE WHEN coalesce({SCHEMA}.session_school(), 0) = 0
                     THEN {SCHEMA}.all_schools() || 0
                     ELSE ARRAY[{SCHEMA}.session_school()] END
              WHEN {SCHEMA}.session_school() = ANY ({SCHEMA}.schools_of(who))
                THEN ARRAY[{SCHEMA}.session_school()]
              ELSE '{{}}'::int[] END""",
        "visible_schools() RETURNS int[]": f"SELECT {SCHEMA}.visible_as(current_user)",
        # The school new rows go to: the login's own (named by app.school_id); the owner's
        # chosen school; never one for the trust's team, who cannot write in schools.
        "writable_as(who name) RETURNS int": f"""
            SELECT CASE
              WHEN {SCHEMA}.is_member(who, '{OWNER_ROLE}') THEN {SCHEMA}.session_school()
              WHEN {SCHEMA}.is_member(who, '{TRUST_ROLE}') THEN NULL
              WHEN {SCHEMA}.session_school() = ANY ({SCHEMA}.schools_of(who))
                THEN {SCHEMA}.session_school() END""",
        "writable_school() RETURNS int": f"SELECT {SCHEMA}.writable_as(current_user)",
        "holds_as(who name, wanted text) RETURNS boolean": f"""
            SELECT EXISTS (SELECT 1 FROM {SCHEMA}.permission p WHERE p.permission = wanted
                           AND {SCHEMA}.is_member(who, 'flexidesk_' || p.role))""",
        "holds(wanted text) RETURNS boolean": f"SELECT {SCHEMA}.holds_as(current_user, wanted)",
        # A school's login is USERNAME@SCHOOLCODE (two schools may each have a "head"); the
        # trust's team and the IT team log in under their plain names.
        "staff_name() RETURNS text":
            "SELECT CASE WHEN pg_catalog.strpos(session_user, '@') > 0 "
            "THEN pg_catalog.split_part(session_user, '@', 1) ELSE session_user::text END",
        # Who signed in: their school (0 for the trust), their FlexiDesk name and the role
        # their login's group gives them (NULL when it is in none).
        "whoami(OUT school_id int, OUT username text, OUT role text) RETURNS record": f"""
            SELECT CASE WHEN {SCHEMA}.is_member(session_user, '{TRUST_ROLE}') THEN 0
                        ELSE ({SCHEMA}.schools_of(session_user))[1] END,
                   {SCHEMA}.staff_name(),
                   (SELECT min(r) FROM pg_catalog.unnest(ARRAY[{", ".join(
                       literal(r) for r in (*ROLES, *TRUST_ROLES))}]) r
                    WHERE {SCHEMA}.is_member(session_user, 'flexidesk_' || r))""",
    }
    # The registry's readers in PL/pgSQL, whose plans last the session (a SQL function's
    # are made again at every call, and these run in every policy and audit entry).
    cached = {"schools_of(who name) RETURNS int[]", "all_schools() RETURNS int[]"}
    for signature, body in functions.items():
        if signature in cached:
            database.execute_sql(
                f"CREATE OR REPLACE FUNCTION {SCHEMA}.{signature} LANGUAGE plpgsql STABLE "
                f"{SQL_PATH} AS $f$ BEGIN RETURN ({body}); END $f$")
            continue
        database.execute_sql(
            f"CREATE OR REPLACE FUNCTION {SCHEMA}.{signature} LANGUAGE sql STABLE "
            f"{SQL_PATH} AS $f$ {body} $f$")
    # Text with names taken out (the governors' reports): each name of more than one
    # letter, as a whole word, in any case, becomes an ellipsis.
    database.execute_sql(f"""
        CREATE OR REPLACE FUNCTION {SCHEMA}.without_names(body text, names text[]) RETURNS text
        LANGUAGE plpgsql IMMUTABLE {SQL_PATH} AS $f$
        DECLARE n text; BEGIN
          FOR n IN SELECT x FROM unnest(names) x WHERE length(x) > 1 ORDER BY length(x) DESC LOOP
            body := regexp_replace(body, '\\m' || regexp_replace(n, '([^[:alnum:][:space:]])',
                                   '\\\\\\1', 'g') || '\\M', '…', 'gi');
          END LOOP;
          RETURN body;
        END $f$""")


def _policies(database: peewee.Database, tables: list[str], school_tables: list[str],
              policy: ServerPolicy) -> None:
    """Forced row-level security on every table: a school's rows to its own logins only."""
    visible = f"((SELECT {SCHEMA}.visible_schools())::int[])"  # one initplan, not per row
    writable = f"(SELECT {SCHEMA}.writable_school())"
    owner = f"(SELECT {SCHEMA}.is_owner())"
    trust = f"(SELECT {SCHEMA}.is_trust())"

    def holds(permission: str) -> str:
        return f"(SELECT {SCHEMA}.holds({literal(permission)}))"

    rules: dict[str, tuple[str, str]] = {t: ("true", "true") for t in tables}
    for table in school_tables:
        rules[table] = (f"({owner} OR school_id = ANY {visible})", f"school_id = {writable}")
    rules["school"] = (f"({owner} OR id = ANY {visible})", f"(id = {writable} OR {owner})")
    rules["staff_user"] = (f"({owner} OR school_id = ANY {visible} OR (school_id IS NULL AND "
                           f"{trust}))",
                           f"(school_id = {writable} OR (school_id IS NULL AND {owner}))")
    history = " OR ".join(f"(table_name = {literal(t)} AND {holds(p)})"
                          for t, p in sorted(policy.history.items()))
    rules["audit_entry"] = (f"{owner} OR school_id = ANY {visible} AND ({holds('audit.view')}"
                            + (f" OR (action NOT LIKE 'view.%' AND ({history}))" if history else "")
                            + ")", owner)
    member = ("coalesce(pg_catalog.pg_has_role(current_user, pg_catalog.to_regrole("
              "pg_catalog.quote_ident(role_name)), 'MEMBER'), false)")
    rules["flexidesk_school_role"] = (f"({owner} OR {trust} OR {member})", owner)
    rules["flexidesk_schema"] = ("true", owner)
    for table, (read, check) in rules.items():
        database.execute_sql(f"ALTER TABLE public.{q(table)} ENABLE ROW LEVEL SECURITY")
        database.execute_sql(f"ALTER TABLE public.{q(table)} FORCE ROW LEVEL SECURITY")
        for old in ("school_rows", "confidential", "own_language_insert",
                    "own_language_update"):
            database.execute_sql(f"DROP POLICY IF EXISTS {old} ON public.{q(table)}")
        database.execute_sql(f"CREATE POLICY school_rows ON public.{q(table)} "
                             f"USING ({read}) WITH CHECK ({check})")
    # Confidential provision (counselling, say) only for those who may see it.
    may_see = f"(NOT confidential OR {holds('provision.confidential')} OR {owner})"
    database.execute_sql(f"CREATE POLICY confidential ON public.enrolment AS RESTRICTIVE "
                         f"FOR SELECT USING {may_see}")
    database.execute_sql("CREATE POLICY confidential ON public.enrolment_review AS RESTRICTIVE "
                         "FOR SELECT USING (EXISTS (SELECT 1 FROM public.enrolment e "
                         "WHERE e.id = enrolment_id))")
    # Anyone may choose their own language; only school-setting roles write the rest.
    settings = " OR ".join([owner, *(holds(p) for p in ("school.edit", "provision.catalogue"))])
    own = f"(key = 'language.' || {SCHEMA}.staff_name() OR {settings})"
    database.execute_sql(f"CREATE POLICY own_language_insert ON public.setting AS RESTRICTIVE "
                         f"FOR INSERT WITH CHECK {own}")
    database.execute_sql(f"CREATE POLICY own_language_update ON public.setting AS RESTRICTIVE "
                         f"FOR UPDATE USING {own} WITH CHECK {own}")


def _hidden_statistics(database: peewee.Database, school_tables: list[str]) -> None:
    """No statistics of what a school's rows hold: the planner's estimates would otherwise
    tell a login of one school that a surname (a birthday, a word in the log) is common in
    another's rows. Row security hides pg_stats, but not ``EXPLAIN``'s row counts, drawn
    from the whole table's statistics. Ids and school ids keep theirs (joins stay quick).

    A column once analysed loses what ANALYZE kept of it by being given its own type again
    (only the cluster's superuser may delete statistics); a column a policy reads keeps
    its old statistics (a flag, a setting's key), and gathers none from now on."""
    tables = ", ".join(literal(f"public.{q(t)}") for t in school_tables)
    database.execute_sql(f"""
        DO $$ DECLARE c record; BEGIN
          FOR c IN SELECT a.attrelid::regclass AS tbl, a.attname,
                          format_type(a.atttypid, a.atttypmod) AS kind,
                          EXISTS (SELECT 1 FROM pg_depend d WHERE d.refobjid = a.attrelid
                                  AND d.refobjsubid = a.attnum AND d.classid IN
                                  ('pg_policy'::regclass, 'pg_rewrite'::regclass)) AS pinned
                   FROM pg_attribute a
                   WHERE a.attrelid = ANY (ARRAY[{tables}]::regclass[]) AND a.attnum > 0
                     AND NOT a.attisdropped AND a.attname <> 'id' AND a.attname !~ '_id$'
                     AND coalesce(a.attstattarget, -1) <> 0
          LOOP
            EXECUTE format('ALTER TABLE %s ALTER COLUMN %I SET STATISTICS 0', c.tbl, c.attname);
            IF NOT c.pinned THEN
              EXECUTE format('ALTER TABLE %s ALTER COLUMN %I TYPE %s', c.tbl, c.attname, c.kind);
            END IF;
          END LOOP;
        END $$""")


def _report_views(database: peewee.Database, policy: ServerPolicy) -> None:
    """The governors' report views: the same tables, only their school, nothing that names.

    A column not shown is blank ('' for text, NULL otherwise); the free text governors
    read (``_RELEASED``) is only ever the wording the Headteacher released for it."""
    database.execute_sql(f"CREATE SCHEMA IF NOT EXISTS {REPORT_SCHEMA}")
    for table, shown in sorted(policy.report_columns.items()):
        columns = database.execute_sql(
            "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
            "WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped "
            "ORDER BY a.attnum", (f"public.{q(table)}",)).fetchall()
        parts = []
        for name, kind in columns:
            if name in shown or name == "id":
                parts.append(f"t.{q(name)}")
            elif (table, name) in _RELEASED:
                parts.append(_released(name, _RELEASED[(table, name)]))
            elif (table, name) == ("released_text", "text_sha256"):
                # The wording is what the views above show in the text's place.
                parts.append(f"{_fingerprint('t.wording')} AS text_sha256")
            elif kind == "text":
                parts.append(f"''::text AS {q(name)}")
            else:
                parts.append(f"NULL::{kind} AS {q(name)}")
        scope = "t.id" if table == "school" else "t.school_id"
        database.execute_sql(f"DROP VIEW IF EXISTS {REPORT_SCHEMA}.{q(table)}")
        database.execute_sql(
            f"CREATE VIEW {REPORT_SCHEMA}.{q(table)} WITH (security_barrier) AS SELECT "
            f"{', '.join(parts)} FROM public.{q(table)} t "
            f"WHERE {scope} = ANY ({SCHEMA}.visible_schools())")


#: Free text the governors read only as the Headteacher released it (``records.release``):
#: (table, column) -> the released_text source naming it.
_RELEASED = {("flexi_request", "agree_justification"): "flexi_request.agree_justification",
             ("placement", "override_justification"): "placement.override_justification",
             ("flexi_meeting", "head_absent_reason"): "flexi_meeting.head_absent_reason"}


def _fingerprint(text: str) -> str:
    return f"pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to({text}, 'UTF8')), 'hex')"


def _released(column: str, source: str) -> str:
    """The wording the Headteacher released for this text while the text is as checked;
    '…' for a text not (or no longer) released, so the report says it awaits a check."""
    return (f"CASE WHEN t.{q(column)} = '' THEN '' ELSE coalesce((SELECT r.wording FROM "
            f"public.released_text r WHERE r.source = {literal(source)} AND r.record_id = t.id "
            f"AND r.school_id = t.school_id AND r.text_sha256 = {_fingerprint('t.' + q(column))}"
            f"), '…') END AS {q(column)}")


def _grants(database: peewee.Database, tables: list[str], policy: ServerPolicy) -> None:
    """Revoke everything, then grant each role's group exactly what the matrix allows."""
    everyone = [APP_ROLE, TRUST_ROLE, *(role_group(r) for r in (*ROLES, *TRUST_ROLES))]
    grantees = ", ".join(["PUBLIC", *everyone])
    for schema in ("public", SCHEMA, REPORT_SCHEMA):
        database.execute_sql(f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {grantees}")
        database.execute_sql(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {grantees}")
        database.execute_sql(f"REVOKE ALL ON ALL FUNCTIONS IN SCHEMA {schema} FROM {grantees}")
        database.execute_sql(f"REVOKE ALL ON SCHEMA {schema} FROM PUBLIC")
        database.execute_sql(f"GRANT USAGE ON SCHEMA {schema} TO {APP_ROLE}")
    # PostgreSQL's global default lets PUBLIC run every new function (a schema's own
    # default cannot take that away): the owner's functions are run only by whom it grants.
    database.execute_sql(f"ALTER DEFAULT PRIVILEGES FOR ROLE {OWNER_ROLE} "
                         f"REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC")
    # What every login reads to know who it is and what the server is.
    database.execute_sql(f"GRANT SELECT ON public.flexidesk_schema, public.flexidesk_school_role, "
                         f"{SCHEMA}.permission TO {APP_ROLE}")
    helpers = ("is_member(name, text)", "is_owner()", "is_trust()", "session_school()",
               "schools_of(name)", "all_schools()", "visible_as(name)", "visible_schools()",
               "writable_as(name)", "writable_school()", "holds_as(name, text)", "holds(text)",
               "staff_name()", "whoami()", "without_names(text, text[])")
    for helper in helpers:
        database.execute_sql(f"GRANT EXECUTE ON FUNCTION {SCHEMA}.{helper} TO {APP_ROLE}")
    known = set(tables) | {f"{REPORT_SCHEMA}.{t}" for t in policy.report_columns}
    for role, grants in policy.grants.items():
        for grant in grants:
            if grant.table not in known:
                raise ValueError(f"grant on an unknown table: {grant.table}")
            schema, _dot, table = grant.table.rpartition(".")
            name = f"{schema or 'public'}.{q(table)}"
            privileges = sorted(grant.privileges)
            if grant.columns:
                cols = ", ".join(q(c) for c in grant.columns)
                privileges = [f"{p} ({cols})" for p in privileges]
            database.execute_sql(f"GRANT {', '.join(privileges)} ON {name} TO {role_group(role)}")


def _guards(database: peewee.Database) -> None:
    """What no login may do, whatever it was granted: delete a school; move shared rows."""
    database.execute_sql(f"""
        CREATE OR REPLACE FUNCTION {SCHEMA}.refuse() RETURNS trigger LANGUAGE plpgsql
        {SQL_PATH} AS $f$ BEGIN
          RAISE EXCEPTION 'FlexiDesk: % on % is not allowed', TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
        END $f$""")
    for table in ("school", "flexidesk_school_role"):
        database.execute_sql(f"DROP TRIGGER IF EXISTS no_delete ON public.{table}")
        database.execute_sql(f"CREATE TRIGGER no_delete BEFORE DELETE OR TRUNCATE ON "
                             f"public.{table} FOR EACH STATEMENT EXECUTE FUNCTION {SCHEMA}.refuse()")
    database.execute_sql(f"""
        CREATE OR REPLACE FUNCTION {SCHEMA}.keep_shared_keys() RETURNS trigger
        LANGUAGE plpgsql {SQL_PATH} AS $f$ BEGIN
          IF NOT ({SCHEMA}.is_member(session_user, '{OWNER_ROLE}')
                  OR {SCHEMA}.is_member(session_user, '{role_group("trust_ap_lead")}')) THEN
            RAISE EXCEPTION 'FlexiDesk: only the trust''s AP lead may move a shared % row',
              TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
          END IF;
          RETURN NEW;
        END $f$""")
    for table, columns in SHARED_KEYS.items():
        changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in columns)
        database.execute_sql(f"DROP TRIGGER IF EXISTS keep_keys ON public.{table}")
        database.execute_sql(f"CREATE TRIGGER keep_keys BEFORE UPDATE ON public.{table} "
                             f"FOR EACH ROW WHEN ({changed}) "
                             f"EXECUTE FUNCTION {SCHEMA}.keep_shared_keys()")


def secure(database: peewee.Database, tables: list[str], school_tables: list[str],
           policy: ServerPolicy) -> None:
    """Roles, helpers, forced row-level security, views and grants (idempotent; as owner)."""
    _groups(database)
    _functions(database, policy)
    _policies(database, tables, school_tables, policy)
    _hidden_statistics(database, school_tables)
    _report_views(database, policy)
    _guards(database)
    _grants(database, tables, policy)


def database_problems(database: peewee.Database) -> list[str]:
    """What is open on the database itself (a restore or a copy from a template resets it)."""
    from flexidesk.i18n import _

    allowed = database.execute_sql(
        "SELECT has_database_privilege('public', current_database(), 'TEMP'), "
        "has_database_privilege('public', current_database(), 'CONNECT'), "
        "has_schema_privilege('public', 'public', 'CREATE')").fetchone()
    names = [name for name, open_ in zip(
        (_("make temporary tables"), _("connect"), _("create tables")), allowed,
        strict=True) if open_]
    if not names:
        return []
    return [_("any login on the server may {what} in this database: run flexidesk migrate "
              "--server again to close it").format(what=", ".join(names))]

