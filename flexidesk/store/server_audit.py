"""The server writes its own audit log: a row trigger on every table, chained per school (one
writer at a time holds the chain's head row), each link keyed with a secret no staff login
can read.

Whoever changes a row (the application, or anyone with a SQL prompt and a login) leaves its
entry: the login that did it, the table, the row, and what changed. The application only
names the change (``flexidesk.verb``, for the statement it is about to run) and writes the
entries that are not row changes ("viewed", "printed") through ``flexidesk.note``. Each
school's chain head is kept apart (``flexidesk.audit_head``), and each row's last recorded
state is sealed (``flexidesk.row_seal``), so ``check --server`` finds a cut tail and a row
changed without its entry. Rows a school brought from its file keep their file's unkeyed
hashes: ``imported_through`` marks where the keyed chain begins.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import peewee

from flexidesk.store.audit import COLUMNS, GENESIS, ChainReport, verify_rows
from flexidesk.store.audit_head import Head
from flexidesk.store.server_security import OWNER_ROLE, SCHEMA, SQL_PATH, TRUST_ROLE, literal, q

#: The advisory-lock class audit appends once waited on (with the school id). No longer
#: taken: any login can take an advisory lock, so a chain's turn is its head row's lock.
AUDIT_LOCK_CLASS = 4242
S = SCHEMA


def _tables(database: peewee.Database) -> bool:
    """The audit's own tables; True when they are new (the server's audit starts now)."""
    database.execute_sql(f"CREATE TABLE IF NOT EXISTS {S}.secret (ikey bytea NOT NULL, "
                         "okey bytea NOT NULL)")
    first = not database.execute_sql(f"SELECT count(*) FROM {S}.secret").fetchone()[0]
    if first:
        # HMAC-SHA-256's padded keys, kept ready: the chain is keyed with the server's
        # own sha256() and nothing else (no extension to install).
        key = secrets.token_bytes(32).ljust(64, b"\0")
        database.execute_sql(f"INSERT INTO {S}.secret VALUES (%s, %s)",
                             (bytes(b ^ 0x36 for b in key), bytes(b ^ 0x5C for b in key)))
    database.execute_sql(f"""CREATE TABLE IF NOT EXISTS {S}.audit_head (
        school_id int PRIMARY KEY, last_id bigint NOT NULL DEFAULT 0,
        last_hash text NOT NULL DEFAULT '{GENESIS}', rows bigint NOT NULL DEFAULT 0,
        imported_through bigint NOT NULL DEFAULT 0)""")
    database.execute_sql(f"""CREATE TABLE IF NOT EXISTS {S}.row_seal (
        table_name text NOT NULL, record_id int NOT NULL, school_id int NOT NULL,
        digest text NOT NULL, PRIMARY KEY (table_name, record_id))""")
    database.execute_sql('CREATE INDEX IF NOT EXISTS "audit_entry_school_chain" '
                         'ON public.audit_entry (school_id, id)')
    for table in ("secret", "audit_head", "row_seal"):
        database.execute_sql(f"ALTER TABLE {S}.{table} ENABLE ROW LEVEL SECURITY")
        database.execute_sql(f"ALTER TABLE {S}.{table} FORCE ROW LEVEL SECURITY")
        database.execute_sql(f"DROP POLICY IF EXISTS owner_only ON {S}.{table}")
        # (SELECT ...): asked once a statement, not once a row (a chain's turn scans
        # audit_head; a school's move seals hundreds of thousands of rows).
        database.execute_sql(f"CREATE POLICY owner_only ON {S}.{table} "
                             f"USING ((SELECT {S}.is_owner())) "
                             f"WITH CHECK ((SELECT {S}.is_owner()))")
    database.execute_sql(f"ALTER TABLE {S}.permission ENABLE ROW LEVEL SECURITY")
    database.execute_sql(f"ALTER TABLE {S}.permission FORCE ROW LEVEL SECURITY")
    database.execute_sql(f"DROP POLICY IF EXISTS readable ON {S}.permission")
    database.execute_sql(f"CREATE POLICY readable ON {S}.permission USING (true) "
                         f"WITH CHECK ((SELECT {S}.is_owner()))")
    return first


_DIGEST = ("encode(sha256(k.okey || sha256(k.ikey || convert_to(jsonb_build_array("
           "{prev}, {at}, {who}, {verb}, {tbl}, {rec}, {pupil}, {before}, {after})::text, "
           "'UTF8'))), 'hex')")

#: A trigger's first question, asked of PostgreSQL's own functions (no call of ours): is the
#: IT team moving a school's file in? Then its rows come in as they were.
IMPORTING = (f"pg_catalog.current_setting('flexidesk.importing', true) = 'on' AND "
             f"pg_catalog.pg_has_role(session_user, '{OWNER_ROLE}', 'MEMBER')")

_FUNCTIONS = {
    # The IT team moving a school's file in: its rows come as they were (their entries are
    # the file's own), and are sealed all at once at the end (``reseal``).
    "importing() RETURNS boolean": ("sql STABLE", f"""
        SELECT CASE WHEN pg_catalog.current_setting('flexidesk.importing', true) = 'on'
                    THEN pg_catalog.pg_has_role(session_user, '{OWNER_ROLE}', 'MEMBER')
                    ELSE false END"""),
    # The school whose chain a session's change to a shared row joins: its own school,
    # the trust's chain (0) for the trust's team, the school the IT team named.
    "session_chain() RETURNS int": ("sql STABLE", f"""
        SELECT CASE WHEN {S}.is_member(session_user, '{OWNER_ROLE}')
                    THEN coalesce({S}.session_school(), 0)
                    WHEN {S}.is_member(session_user, '{TRUST_ROLE}') THEN 0
                    ELSE coalesce(({S}.schools_of(session_user))[1], 0) END"""),
    # A chain's turn: its head row, locked to the transaction's end. Not an advisory lock:
    # any login may take any advisory lock (and read its key in pg_locks), and so hold
    # another school's saves; no login may lock a row of the audit's own tables.
    "chain_turn(school int) RETURNS void": ("plpgsql VOLATILE SECURITY DEFINER", f"""
        BEGIN
          PERFORM 1 FROM {S}.audit_head h WHERE h.school_id = school FOR UPDATE;
          IF NOT FOUND THEN
            INSERT INTO {S}.audit_head (school_id) VALUES (school) ON CONFLICT DO NOTHING;
            PERFORM 1 FROM {S}.audit_head h WHERE h.school_id = school FOR UPDATE;
          END IF;
        END"""),
    # The turn of the chain the session writes to, taken as a transaction begins (the
    # application's): its school, when it works for it; else its own chain.
    "take_turn() RETURNS void": ("plpgsql VOLATILE SECURITY DEFINER", f"""
        BEGIN
          PERFORM {S}.chain_turn(coalesce({S}.writable_as(session_user), {S}.session_chain()));
        END"""),
    # One link appended to a school's chain, in the chain's turn.
    "append(school int, who text, verb text, tbl text, rec int, pupil int, before text, "
    "after text) RETURNS bigint": ("plpgsql VOLATILE SECURITY DEFINER", f"""
        DECLARE prev text; stamp text; digest text; k record; new_id bigint;
        BEGIN
          PERFORM {S}.chain_turn(school);
          SELECT last_hash INTO prev FROM {S}.audit_head WHERE school_id = school;
          stamp := to_char(clock_timestamp() AT TIME ZONE 'Europe/London',
                           'YYYY-MM-DD"T"HH24:MI:SS');
          SELECT ikey, okey INTO k FROM {S}.secret;
          digest := {_DIGEST.format(prev="prev", at="stamp", who="who", verb="verb",
                                    tbl="coalesce(tbl, '')", rec="rec", pupil="pupil",
                                    before="before", after="after")};
          INSERT INTO public.audit_entry (at, username, action, table_name, record_id,
                                          pupil_id, before, after, prev_hash, hash, school_id)
          VALUES (stamp, who, verb, coalesce(tbl, ''), rec, pupil, before, after, prev,
                  digest, school) RETURNING id INTO new_id;
          UPDATE {S}.audit_head SET last_id = new_id, last_hash = digest, rows = rows + 1
          WHERE school_id = school;
          RETURN new_id;
        END"""),
    # The trigger on every table: the entry for this row's change, and its seal.
    "audit_row() RETURNS trigger": ("plpgsql VOLATILE SECURITY DEFINER", f"""
        DECLARE old_row jsonb; new_row jsonb; now_row jsonb; before_j jsonb; after_j jsonb;
          rec int; pupil int; school int; sealed int; verb text;
        BEGIN
          IF {IMPORTING} THEN
            RETURN NULL;
          END IF;
          IF TG_OP <> 'INSERT' THEN old_row := to_jsonb(OLD); END IF;
          IF TG_OP <> 'DELETE' THEN new_row := to_jsonb(NEW); END IF;
          now_row := coalesce(new_row, old_row);
          rec := (now_row->>'id')::int;
          IF TG_TABLE_NAME = 'school' THEN school := rec; sealed := rec;
          ELSIF now_row ? 'school_id' THEN
            school := coalesce((now_row->>'school_id')::int, 0); sealed := school;
          ELSE school := {S}.session_chain(); sealed := 0;  -- a shared row: the trust's
          END IF;
          IF TG_TABLE_NAME = 'pupil' THEN pupil := rec;
          ELSIF now_row ? 'pupil_id' THEN pupil := (now_row->>'pupil_id')::int;
          ELSE pupil := nullif(current_setting('flexidesk.pupil', true), '')::int;
            -- Any login may name the child; an entry never names another school's (a child
            -- destroyed earlier in this transaction, retention's order, is still named).
            IF pupil IS NOT NULL AND EXISTS (SELECT 1 FROM public.pupil p WHERE p.id = pupil
                                             AND p.school_id IS DISTINCT FROM school) THEN
              pupil := NULL;
            END IF;
          END IF;
          verb := coalesce(nullif(current_setting('flexidesk.verb', true), ''),
                           TG_TABLE_NAME || '.' || lower(TG_OP));
          -- Any login may name its change: never as a look or a backup (those hide it from
          -- other windows and from the history), and only as an action's name.
          IF verb !~ '^[a-z][a-z0-9_.]{{0,63}}$' OR verb LIKE 'view.%' OR verb = 'backup.write'
          THEN
            verb := TG_TABLE_NAME || '.' || lower(TG_OP);
          END IF;
          IF TG_OP = 'INSERT' THEN after_j := new_row - 'school_id';
          ELSIF TG_OP = 'DELETE' THEN before_j := old_row - 'school_id';
          ELSE
            SELECT coalesce(jsonb_object_agg(e.key, old_row -> e.key), '{{}}'),
                   coalesce(jsonb_object_agg(e.key, e.value), '{{}}')
              INTO before_j, after_j
              FROM jsonb_each(new_row) e WHERE e.value IS DISTINCT FROM old_row -> e.key;
          END IF;
          -- A record destroyed under the retention rules leaves no copy in the log.
          IF TG_OP = 'DELETE' AND verb = 'retention.destroy'
             AND {S}.holds_as(session_user, 'retention.destroy') THEN
            before_j := NULL;
          END IF;
          PERFORM {S}.append(school, {S}.staff_name(), verb, TG_TABLE_NAME, rec, pupil,
                             before_j::text, after_j::text);
          IF TG_OP = 'DELETE' THEN
            DELETE FROM {S}.row_seal WHERE table_name = TG_TABLE_NAME AND record_id = rec;
          ELSE
            INSERT INTO {S}.row_seal VALUES (TG_TABLE_NAME, rec, sealed, md5(new_row::text))
            ON CONFLICT (table_name, record_id)
            DO UPDATE SET digest = excluded.digest, school_id = excluded.school_id;
          END IF;
          RETURN NULL;
        END"""),
    # Nobody chooses an id: a new row must carry the one its sequence has just given
    # (a BEFORE trigger, so that each row of a many-row insert is checked as it comes).
    "server_ids() RETURNS trigger": ("plpgsql VOLATILE SECURITY DEFINER", f"""
        BEGIN
          IF {IMPORTING} THEN
            RETURN NEW;
          END IF;
          BEGIN
            IF NEW.id IS DISTINCT FROM currval(TG_ARGV[0]::regclass) THEN
              RAISE EXCEPTION 'FlexiDesk: ids are given by the server'
                USING ERRCODE = 'insufficient_privilege';
            END IF;
          EXCEPTION WHEN object_not_in_prerequisite_state THEN
            RAISE EXCEPTION 'FlexiDesk: ids are given by the server'
              USING ERRCODE = 'insufficient_privilege';
          END;
          RETURN NEW;
        END"""),
    # An entry that is not a row change (a view, a print, an export), by the login itself,
    # in its own school's chain, about a child of that school only.
    "note(verb text, tbl text, rec int, pupil int, before text, after text) RETURNS bigint":
        ("plpgsql VOLATILE SECURITY DEFINER", f"""
        DECLARE school int;
        BEGIN
          IF {S}.is_member(session_user, '{OWNER_ROLE}') THEN
            school := coalesce({S}.session_school(), 0);
          ELSIF {S}.is_member(session_user, '{TRUST_ROLE}') THEN school := 0;
          ELSE school := {S}.writable_as(session_user);
          END IF;
          IF school IS NULL THEN
            RAISE EXCEPTION 'FlexiDesk: this login does not work for that school'
              USING ERRCODE = 'insufficient_privilege';
          END IF;
          IF verb IS NULL OR verb !~ '^[a-z][a-z0-9_.]{{0,63}}$' THEN
            RAISE EXCEPTION 'FlexiDesk: not an audit action' USING ERRCODE = 'data_exception';
          END IF;
          IF pupil IS NOT NULL AND school <> 0 AND NOT EXISTS (
              SELECT 1 FROM public.pupil p WHERE p.id = pupil AND p.school_id = school) THEN
            RAISE EXCEPTION 'FlexiDesk: no such child in this school'
              USING ERRCODE = 'insufficient_privilege';
          END IF;
          RETURN {S}.append(school, {S}.staff_name(), verb, coalesce(tbl, ''), rec, pupil,
                            before, after);
        END"""),
    # What the school's entries after ``mark`` touched (tables, children), for a window to
    # read again only what was written elsewhere; not what, nor who (any of its staff).
    "changes_since(mark bigint, OUT newest bigint, OUT tables text[], OUT pupils int[]) "
    "RETURNS record": ("sql STABLE SECURITY DEFINER", f"""
        SELECT coalesce(max(a.id), mark),
               coalesce(array_agg(DISTINCT a.table_name) FILTER (WHERE a.table_name <> ''
                        AND a.action NOT LIKE 'view.%' AND a.action <> 'backup.write'),
                        '{{}}'),
               coalesce(array_agg(DISTINCT a.pupil_id) FILTER (WHERE a.pupil_id IS NOT NULL
                        AND a.action NOT LIKE 'view.%' AND a.action <> 'backup.write'),
                        '{{}}')
        FROM public.audit_entry a
        WHERE a.school_id = {S}.writable_as(session_user) AND a.id > mark"""),
    # The newest link of the session's school chain (the governors' report prints it).
    "chain_head(OUT last_id bigint, OUT last_hash text, OUT at text) RETURNS record":
        ("sql STABLE SECURITY DEFINER", f"""
        SELECT h.last_id, h.last_hash, coalesce(
            (SELECT a.at FROM public.audit_entry a WHERE a.id = h.last_id), '')
        FROM {S}.audit_head h WHERE h.school_id = {S}.writable_as(session_user)"""),
    # The keyed part of a school's chain, walked in order: (rows, first broken id, why).
    "verify_chain(school int, OUT rows bigint, OUT broken_at bigint, OUT reason text, "
    "OUT boundary bigint) RETURNS record": ("plpgsql STABLE SECURITY DEFINER", f"""
        DECLARE prev text; r record; k record; expected text;
        BEGIN
          -- IS NOT DISTINCT: a login working for no school (NULL) is refused too.
          IF NOT ({S}.is_member(session_user, '{OWNER_ROLE}')
                  OR (school IS NOT DISTINCT FROM {S}.writable_as(session_user)
                      AND school IS NOT NULL
                      AND {S}.holds_as(session_user, 'audit.view'))) THEN
            RAISE EXCEPTION 'FlexiDesk: only the school''s Headteacher verifies its log'
              USING ERRCODE = 'insufficient_privilege';
          END IF;
          rows := 0; reason := '';
          SELECT imported_through INTO boundary FROM {S}.audit_head h WHERE h.school_id = school;
          boundary := coalesce(boundary, 0);
          prev := '{GENESIS}';
          IF boundary > 0 THEN
            SELECT a.hash INTO prev FROM public.audit_entry a
            WHERE a.id = boundary AND a.school_id = school;
            IF NOT FOUND THEN
              broken_at := boundary; reason := 'the last row moved in from the file is missing';
              RETURN;
            END IF;
          END IF;
          SELECT ikey, okey INTO k FROM {S}.secret;
          FOR r IN SELECT * FROM public.audit_entry a WHERE a.school_id = school
                   AND a.id > boundary ORDER BY a.id LOOP
            rows := rows + 1;
            IF r.prev_hash IS DISTINCT FROM prev THEN
              broken_at := r.id; reason := 'a row before this one is missing or altered';
              RETURN;
            END IF;
            expected := {_DIGEST.format(prev="r.prev_hash", at="r.at", who="r.username",
                                        verb="r.action", tbl="r.table_name", rec="r.record_id",
                                        pupil="r.pupil_id", before="r.before",
                                        after="r.after")};
            IF expected IS DISTINCT FROM r.hash THEN
              broken_at := r.id; reason := 'this row has been altered';
              RETURN;
            END IF;
            prev := r.hash;
          END LOOP;
        END"""),
}


def _functions(database: peewee.Database) -> None:
    for signature, (kind, body) in _FUNCTIONS.items():
        language, *rest = kind.split(" ", 1)
        database.execute_sql(f"CREATE OR REPLACE FUNCTION {S}.{signature} LANGUAGE {language} "
                             f"{rest[0] if rest else ''} {SQL_PATH} AS $f$ {body} $f$")
    database.execute_sql(f"REVOKE ALL ON FUNCTION {S}.append(int, text, text, text, int, int, "
                         f"text, text), {S}.audit_row(), {S}.server_ids(), "
                         f"{S}.chain_turn(int), {S}.take_turn() FROM PUBLIC")
    for granted in ("importing()", "note(text, text, int, int, text, text)", "chain_head()",
                    "take_turn()",
                    "changes_since(bigint)", "verify_chain(int)", "session_chain()"):
        database.execute_sql(f"GRANT EXECUTE ON FUNCTION {S}.{granted} TO flexidesk_app")


def install(database: peewee.Database, tables: list[str]) -> bool:
    """The audit tables, functions and a trigger on every table (idempotent; as owner).

    True when the server's audit starts now: its rows are sealed as they stand then."""
    first = _tables(database)
    _functions(database)
    database.execute_sql(f"""
        CREATE OR REPLACE FUNCTION {S}.append_only() RETURNS trigger LANGUAGE plpgsql
        {SQL_PATH} AS $f$ BEGIN
          RAISE EXCEPTION 'FlexiDesk: the audit log is append-only'
            USING ERRCODE = 'insufficient_privilege';
        END $f$""")
    database.execute_sql(f"REVOKE ALL ON FUNCTION {S}.append_only() FROM PUBLIC")
    database.execute_sql("DROP TRIGGER IF EXISTS append_only ON public.audit_entry")
    database.execute_sql("CREATE TRIGGER append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON "
                         f"public.audit_entry FOR EACH STATEMENT EXECUTE FUNCTION "
                         f"{S}.append_only()")
    for table in tables:
        if table == "audit_entry":
            continue
        sequence = database.execute_sql("SELECT pg_get_serial_sequence(%s, 'id')",
                                        (f"public.{q(table)}",)).fetchone()[0]
        database.execute_sql(f"DROP TRIGGER IF EXISTS audit_row ON public.{q(table)}")
        database.execute_sql(f"CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON "
                             f"public.{q(table)} FOR EACH ROW EXECUTE FUNCTION {S}.audit_row()")
        database.execute_sql(f"DROP TRIGGER IF EXISTS server_ids ON public.{q(table)}")
        database.execute_sql(f"CREATE TRIGGER server_ids BEFORE INSERT ON public.{q(table)} "
                             f"FOR EACH ROW EXECUTE FUNCTION {S}.server_ids({literal(sequence)})")
        # TRUNCATE removes rows without a row trigger firing: nobody truncates.
        database.execute_sql(f"DROP TRIGGER IF EXISTS no_truncate ON public.{q(table)}")
        database.execute_sql(f"CREATE TRIGGER no_truncate BEFORE TRUNCATE ON public.{q(table)} "
                             f"FOR EACH STATEMENT EXECUTE FUNCTION {S}.append_only()")
    return first


def reseal(database: peewee.Database, tables: list[str], *, school_id: int | None = None,
           since: dict[str, int] | None = None) -> None:
    """Seal rows as they stand (as owner): every row, after the schema changed a table's
    columns; or the rows a school's file brought in (``school_id``), and the shared rows
    it added (with ids above ``since``)."""
    for table in tables:
        if table == "audit_entry":
            continue
        owned = _has_school(database, table)
        school = "t.id" if table == "school" else "coalesce(t.school_id, 0)" if owned else "0"
        args: tuple[int, ...] = ()
        if school_id is None:
            mine = "true"
        elif table == "school":
            mine, args = "t.id = %s", (school_id,)
        elif owned:
            mine, args = "t.school_id = %s", (school_id,)
        else:
            mine, args = "t.id > %s", ((since or {}).get(table, 0),)
        database.execute_sql(
            f"INSERT INTO {S}.row_seal SELECT %s, t.id, {school}, md5(to_jsonb(t)::text) "
            f"FROM public.{q(table)} t WHERE {mine} ON CONFLICT (table_name, record_id) DO "
            "UPDATE SET digest = excluded.digest, school_id = excluded.school_id",
            (table, *args))
        if school_id is None:  # rows gone since (a full reseal): their seals go too
            database.execute_sql(
                f"DELETE FROM {S}.row_seal s WHERE s.table_name = %s AND NOT EXISTS "
                f"(SELECT 1 FROM public.{q(table)} t WHERE t.id = s.record_id)", (table,))


def _has_school(database: peewee.Database, table: str) -> bool:
    return bool(database.execute_sql(
        "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public' "
        "AND table_name = %s AND column_name = 'school_id'", (table,)).fetchone()[0])


# --- the application's side ----------------------------------------------------------------


def name_change(database: peewee.Database, verb: str, pupil_id: int | None) -> None:
    """Name the change the next statement makes (this transaction only); '' clears it."""
    database.execute_sql("SELECT set_config('flexidesk.verb', %s, true), "
                         "set_config('flexidesk.pupil', %s, true)",
                         (verb, "" if pupil_id is None else str(int(pupil_id))))


def note(database: peewee.Database, action: str, table_name: str, record_id: int | None,
         pupil_id: int | None, before: str | None, after: str | None) -> None:
    """An entry that is not a row change, in the login's own name and school."""
    database.execute_sql(f"SELECT {S}.note(%s, %s, %s, %s, %s, %s)",
                         (action, table_name, record_id, pupil_id, before, after))


def changes_since(database: peewee.Database, mark: int) -> tuple[int, list[str], list[int]]:
    """(newest entry, tables touched, children touched) in the session school after ``mark``."""
    newest, tables, pupils = database.execute_sql(
        f"SELECT * FROM {S}.changes_since(%s)", (mark,)).fetchone()
    return int(newest), list(tables), list(pupils)


def chain_head(database: peewee.Database) -> Head:
    """The newest link of the session school's chain."""
    row = database.execute_sql(f"SELECT * FROM {S}.chain_head()").fetchone()
    if row is None or row[0] is None:
        return Head(0, GENESIS, "")
    return Head(int(row[0]), row[1], row[2])


def verify_school(database: peewee.Database, school_id: int) -> ChainReport:
    """A school's whole chain: rows moved in from its file (their own unkeyed hashes), then
    the server's keyed links (the Headteacher of that school, or the IT team)."""
    rows, broken_at, reason, boundary = database.execute_sql(
        f"SELECT * FROM {S}.verify_chain(%s)", (school_id,)).fetchone()
    moved = ChainReport(0)
    if boundary:
        moved = verify_rows(database.execute_sql(
            f"SELECT {COLUMNS} FROM public.audit_entry WHERE school_id = %s AND id <= %s "
            "ORDER BY id", (school_id, boundary)))
        if not moved.ok:
            return moved
    return ChainReport(moved.rows + int(rows), broken_at, reason or "")


@dataclass(frozen=True)
class SealProblem:
    """Rows of one table whose state has no audit entry: changed, added or removed."""

    table: str
    changed: int
    added: int
    removed: int


def seal_problems(database: peewee.Database, tables: list[str]) -> dict[int, list[SealProblem]]:
    """Each school's tables where a row differs from the state its last audit entry sealed
    (changed, added or removed without its entry): one pass over each table (owner)."""
    found: dict[int, list[SealProblem]] = {}
    for table in tables:
        if table == "audit_entry":
            continue
        owned = _has_school(database, table)
        school = "t.id" if table == "school" else "coalesce(t.school_id, 0)" if owned else "0"
        for school_id, changed, added, removed in database.execute_sql(
                f"SELECT coalesce({school}, s.school_id), "
                "count(*) FILTER (WHERE s.digest IS NOT NULL AND t.id IS NOT NULL "
                "AND s.digest <> md5(to_jsonb(t)::text)), "
                "count(*) FILTER (WHERE s.digest IS NULL), count(*) FILTER (WHERE t.id IS NULL) "
                f"FROM public.{q(table)} t FULL JOIN (SELECT * FROM {S}.row_seal "
                "WHERE table_name = %s) s ON s.record_id = t.id GROUP BY 1",
                (table,)).fetchall():
            if changed or added or removed:
                found.setdefault(school_id, []).append(
                    SealProblem(table, changed, added, removed))
    return found


# --- the IT team's check ---------------------------------------------------------------------


def chain_schools(database: peewee.Database) -> list[int]:
    """Every chain the server knows of: each school's (registered or not) and the trust's (0)."""
    return [r[0] for r in database.execute_sql(
        f"SELECT school_id FROM {S}.audit_head UNION SELECT school_id FROM "
        "public.flexidesk_school_role UNION SELECT 0 ORDER BY 1").fetchall()]


def school_report(database: peewee.Database, school_id: int, tables: list[str],
                  seals: dict[int, list[SealProblem]] | None = None) -> ChainReport:
    """One chain checked as the IT team does: the school there, its chain whole and ending
    where its head says, and every row of the school as its last entry left it (``seals``:
    ``seal_problems`` for every school, when checking them all)."""
    if school_id and not database.execute_sql(
            "SELECT count(*) FROM public.school s JOIN public.flexidesk_school_role r "
            "ON r.school_id = s.id WHERE s.id = %s", (school_id,)).fetchone()[0]:
        return ChainReport(0, None, "", (_missing(),))
    report = verify_school(database, school_id)
    problems = list(_tail_problems(database, school_id))
    if school_id == 0:  # the trust's own report carries the database's
        from flexidesk.store.server_security import database_problems

        problems += database_problems(database)
    if seals is None:
        seals = seal_problems(database, tables)
    for seal in seals.get(school_id, []):
        problems.append(_sealed(seal))
    return ChainReport(report.rows, report.broken_at, report.reason, tuple(problems))


def _missing() -> str:
    from flexidesk.i18n import _

    return _("the school is MISSING: its audit chain is on record, but the school is not "
             "on the server")


def _tail_problems(database: peewee.Database, school_id: int) -> list[str]:
    from flexidesk.i18n import _

    head = database.execute_sql(f"SELECT last_id, last_hash, rows FROM {S}.audit_head "
                                "WHERE school_id = %s", (school_id,)).fetchone()
    last = database.execute_sql(
        "SELECT id, hash, (SELECT count(*) FROM public.audit_entry WHERE school_id = %s) "
        "FROM public.audit_entry WHERE school_id = %s ORDER BY id DESC LIMIT 1",
        (school_id, school_id)).fetchone() or (0, GENESIS, 0)
    if head is None:
        return [_("no chain head is kept for this school")] if last[2] else []
    if (last[0], last[2]) == (head[0], head[2]):
        return [] if last[1] == head[1] else [_(
            "the log's last entry {id} is not the one the server wrote").format(id=last[0])]
    if last[2] < head[2]:
        return [_("the log has been CUT: it ends at entry {last} ({rows} entries), but the "
                  "server had written up to entry {head} ({head_rows} entries)").format(
                      last=last[0], rows=last[2], head=head[0], head_rows=head[2])]
    return [_("the log holds {n} entries the server's audit did not write").format(
        n=last[2] - head[2])]


def _sealed(seal: SealProblem) -> str:
    from flexidesk.i18n import _

    parts = []
    if seal.changed:
        parts.append(_("{n} changed").format(n=seal.changed))
    if seal.added:
        parts.append(_("{n} added").format(n=seal.added))
    if seal.removed:
        parts.append(_("{n} removed").format(n=seal.removed))
    return _("{table}: rows {what} without their audit entry").format(
        table=seal.table, what=", ".join(parts))
