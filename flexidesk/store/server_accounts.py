"""Staff logins on the server, made and ended by the Headteacher from the app.

A school's member of staff signs in as ``USERNAME@SCHOOLCODE`` (so two schools may each
have a ``head``); the login is in the school's group (which school's rows it sees) and in
its role's group (what it may do). The Headteacher's own login cannot create roles: these
functions run as the owner, check that the caller holds "staff.manage" for that school,
and change the ``staff_user`` row and the login together. The password never reaches the
server: the app sends a SCRAM-SHA-256 verifier, as ``psql``'s ``\\password`` does.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import unicodedata

import peewee

from flexidesk.store.codes import ROLES, TRUST_ROLES
from flexidesk.store.server_audit import IMPORTING
from flexidesk.store.server_security import (
    APP_ROLE,
    OWNER_ROLE,
    SCHEMA,
    SQL_PATH,
    TRUST_ROLE,
    literal,
)

S = SCHEMA
#: How many connections one login may hold at once. Measured: an open FlexiDesk window
#: holds one connection (its reads, writes and background work share it; a reconnect
#: closes the old one first): at most 1 a login in every server window and journey test
#: (tests/server, polling pg_stat_activity every 20 ms). Eight leaves room for the same
#: member of staff on a few PCs, psql, and connections a dropped network leaves behind
#: until the server notices; far below max_connections (100 by default), so one login
#: connecting in a loop cannot lock every other school out.
CONNECTION_LIMIT = 8
_SCHOOL_ROLES = ", ".join(literal(r) for r in ROLES)
_ALL_ROLES = ", ".join(literal(r) for r in (*ROLES, *TRUST_ROLES))

_FUNCTIONS = {
    # The school whose staff the session may manage (its Headteacher; the IT team).
    "staff_school() RETURNS int": f"""
        DECLARE school int;
        BEGIN
          IF {S}.is_member(session_user, '{OWNER_ROLE}') THEN school := {S}.session_school();
          ELSIF {S}.holds_as(session_user, 'staff.manage') THEN
            school := {S}.writable_as(session_user);
          END IF;
          IF school IS NULL OR school = 0 THEN
            RAISE EXCEPTION 'FlexiDesk: only the school''s Headteacher manages its staff'
              USING ERRCODE = 'insufficient_privilege';
          END IF;
          RETURN school;
        END""",
    "login_name(username text, school int) RETURNS text": """
        BEGIN
          RETURN username || '@' || (SELECT code FROM public.flexidesk_school_role r
                                     WHERE r.school_id = school);
        END""",
    # The name a member of the session's own school signs in with.
    "sign_in_name(username text) RETURNS text": f"""
        BEGIN
          RETURN {S}.login_name(username, coalesce({S}.writable_as(session_user), 0));
        END""",
    # The login's school and role groups, and nothing else; a governor's connection
    # looks in the report views first (the tables themselves it may not read).
    "give_role(login text, school int, wanted text) RETURNS void": f"""
        DECLARE r text;
        BEGIN
          EXECUTE format('GRANT %I TO %I', (SELECT role_name FROM public.flexidesk_school_role x
                                            WHERE x.school_id = school), login);
          FOREACH r IN ARRAY ARRAY[{_ALL_ROLES}] LOOP
            IF r <> wanted AND pg_has_role(login, 'flexidesk_' || r, 'MEMBER') THEN
              EXECUTE format('REVOKE %I FROM %I', 'flexidesk_' || r, login);
            END IF;
          END LOOP;
          EXECUTE format('GRANT %I TO %I', 'flexidesk_' || wanted, login);
          EXECUTE format('ALTER ROLE %I CONNECTION LIMIT {CONNECTION_LIMIT}', login);
          IF wanted = 'governor' THEN
            EXECUTE format('ALTER ROLE %I SET search_path = flexidesk_report, public', login);
          ELSE
            EXECUTE format('ALTER ROLE %I RESET search_path', login);
          END IF;
        END""",
    "staff_add(username text, display_name text, wanted text, verifier text) RETURNS int": f"""
        DECLARE school int := {S}.staff_school(); login text; uid int; was boolean;
        BEGIN
          IF username !~ '^[a-z][a-z0-9._-]{{1,31}}$' THEN
            RAISE EXCEPTION 'FlexiDesk: not a user name' USING ERRCODE = 'data_exception';
          END IF;
          IF wanted NOT IN ({_SCHOOL_ROLES}) THEN
            RAISE EXCEPTION 'FlexiDesk: not a role' USING ERRCODE = 'data_exception';
          END IF;
          IF verifier !~ '^SCRAM-SHA-256\\$' THEN
            RAISE EXCEPTION 'FlexiDesk: a password verifier, never a password'
              USING ERRCODE = 'data_exception';
          END IF;
          login := {S}.login_name(username, school);
          PERFORM set_config('flexidesk.verb', 'staff.add', true);
          SELECT u.id, u.active INTO uid, was FROM public.staff_user u
          WHERE u.school_id = school AND u.username = staff_add.username;
          IF FOUND AND was THEN
            RAISE EXCEPTION 'FlexiDesk: there is already a user called %', username
              USING ERRCODE = 'unique_violation';
          ELSIF FOUND THEN
            UPDATE public.staff_user u SET display_name = staff_add.display_name, role = wanted,
              active = true WHERE u.id = uid;
          ELSE
            INSERT INTO public.staff_user (username, display_name, role, email, active,
                                           created_at, school_id)
            VALUES (username, display_name, wanted, '', true, localtimestamp(0), school)
            RETURNING id INTO uid;
          END IF;
          IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login) THEN
            EXECUTE format('ALTER ROLE %I LOGIN PASSWORD %L', login, verifier);
          ELSE
            EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', login, verifier);
          END IF;
          -- The owner is in each login, so that it can end a leaver's sessions at once.
          EXECUTE format('GRANT %I TO {OWNER_ROLE}', login);
          PERFORM {S}.give_role(login, school, wanted);
          PERFORM set_config('flexidesk.verb', '', true);
          RETURN uid;
        END""",
    "staff_member(uid int, school int) RETURNS public.staff_user": """
        DECLARE u public.staff_user;
        BEGIN
          SELECT * INTO u FROM public.staff_user x WHERE x.id = uid AND x.school_id = school;
          IF NOT FOUND THEN
            RAISE EXCEPTION 'FlexiDesk: no such member of this school''s staff'
              USING ERRCODE = 'insufficient_privilege';
          END IF;
          RETURN u;
        END""",
    "heads_besides(uid int, school int) RETURNS bigint": """
        BEGIN
          RETURN (SELECT count(*) FROM public.staff_user x WHERE x.school_id = school
                  AND x.role = 'headteacher' AND x.active AND x.id <> uid);
        END""",
    # The one change to an account the staff functions make: its role, or its leaving,
    # named for the audit; the school always keeps an active Headteacher.
    "change_staff(u public.staff_user, school int, verb text, wanted text, stays boolean) "
    "RETURNS void": f"""
        BEGIN
          IF u.role = 'headteacher' AND (wanted <> 'headteacher' OR NOT stays)
             AND {S}.heads_besides(u.id, school) = 0 THEN
            RAISE EXCEPTION 'FlexiDesk: the school keeps at least one Headteacher'
              USING ERRCODE = 'check_violation';
          END IF;
          PERFORM set_config('flexidesk.verb', verb, true);
          UPDATE public.staff_user x SET role = wanted, active = stays WHERE x.id = u.id;
          PERFORM set_config('flexidesk.verb', '', true);
        END""",
    "staff_set_role(uid int, wanted text) RETURNS void": f"""
        DECLARE school int := {S}.staff_school(); u public.staff_user;
        BEGIN
          u := {S}.staff_member(uid, school);
          IF wanted NOT IN ({_SCHOOL_ROLES}) THEN
            RAISE EXCEPTION 'FlexiDesk: not a role' USING ERRCODE = 'data_exception';
          END IF;
          PERFORM {S}.change_staff(u, school, 'staff.role', wanted, u.active);
          IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {S}.login_name(u.username, school))
          THEN PERFORM {S}.give_role({S}.login_name(u.username, school), school, wanted);
          END IF;
        END""",
    "staff_set_password(uid int, verifier text) RETURNS void": f"""
        DECLARE school int := {S}.staff_school(); u public.staff_user; login text;
        BEGIN
          u := {S}.staff_member(uid, school);
          IF NOT u.active THEN
            RAISE EXCEPTION 'FlexiDesk: this account has been removed'
              USING ERRCODE = 'check_violation';
          END IF;
          IF verifier !~ '^SCRAM-SHA-256\\$' THEN
            RAISE EXCEPTION 'FlexiDesk: a password verifier, never a password'
              USING ERRCODE = 'data_exception';
          END IF;
          login := {S}.login_name(u.username, school);
          IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login) THEN
            EXECUTE format('ALTER ROLE %I LOGIN PASSWORD %L', login, verifier);
          ELSE  -- staff who came with the school's file sign in from now on
            EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', login, verifier);
            EXECUTE format('GRANT %I TO {OWNER_ROLE}', login);
            PERFORM {S}.give_role(login, school, u.role);
          END IF;
          PERFORM {S}.append(school, {S}.staff_name(), 'staff.password', 'staff_user', uid,
                             NULL, NULL, NULL);
        END""",
    # Whatever changes a school's staff (these functions, psql, a bug): a school never ends a
    # transaction without an active Headteacher. The chain's turn serialises it: two heads
    # demoting each other at once each count the other's change, or (at REPEATABLE READ)
    # the second cannot take the turn the first's audit entry moved.
    "keep_a_head() RETURNS trigger": f"""
        BEGIN
          IF OLD.school_id IS NULL OR {IMPORTING} THEN
            RETURN NULL;
          END IF;
          PERFORM {S}.chain_turn(OLD.school_id);
          IF NOT EXISTS (SELECT 1 FROM public.staff_user x WHERE x.school_id = OLD.school_id
                         AND x.role = 'headteacher' AND x.active) THEN
            RAISE EXCEPTION 'FlexiDesk: the school keeps at least one Headteacher'
              USING ERRCODE = 'check_violation';
          END IF;
          RETURN NULL;
        END""",
    # A leaver: the account stays (its history is the school's), the login stops at once.
    "staff_remove(uid int) RETURNS void": f"""
        DECLARE school int := {S}.staff_school(); u public.staff_user; login text;
        BEGIN
          u := {S}.staff_member(uid, school);
          login := {S}.login_name(u.username, school);
          IF login = session_user THEN
            RAISE EXCEPTION 'FlexiDesk: you cannot remove your own account'
              USING ERRCODE = 'check_violation';
          END IF;
          PERFORM {S}.change_staff(u, school, 'staff.remove', u.role, false);
          IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login) THEN
            EXECUTE format('ALTER ROLE %I NOLOGIN', login);
            PERFORM pg_terminate_backend(a.pid) FROM pg_stat_activity a WHERE a.usename = login;
          END IF;
        END""",
}
GRANTED = ("sign_in_name(text)", "staff_add(text, text, text, text)", "staff_set_role(int, text)",
           "staff_set_password(int, text)", "staff_remove(int)")


def install(database: peewee.Database) -> None:
    """The staff-account functions (as owner; idempotent)."""
    for signature, body in _FUNCTIONS.items():
        database.execute_sql(f"CREATE OR REPLACE FUNCTION {S}.{signature} LANGUAGE plpgsql "
                             f"SECURITY DEFINER {SQL_PATH} AS $f$ {body} $f$")
        name = signature.split(" RETURNS")[0]
        types = ", ".join(p.split()[-1] for p in name[name.index("(") + 1:-1].split(",")
                          if p.strip())
        database.execute_sql(f"REVOKE ALL ON FUNCTION {S}.{name.split('(')[0]}({types}) "
                             "FROM PUBLIC")
    for signature in GRANTED:
        database.execute_sql(f"GRANT EXECUTE ON FUNCTION {S}.{signature} TO flexidesk_app")
    database.execute_sql("DROP TRIGGER IF EXISTS keep_a_head ON public.staff_user")
    database.execute_sql("CREATE TRIGGER keep_a_head AFTER UPDATE OR DELETE ON public.staff_user "
                         "FOR EACH ROW WHEN (OLD.role = 'headteacher' AND OLD.active) "
                         f"EXECUTE FUNCTION {S}.keep_a_head()")


def limit_existing_logins(database: peewee.Database) -> None:
    """Give every FlexiDesk login the connection limit new ones get (as owner, in migrate)."""
    database.execute_sql(f"""
        DO $$ DECLARE r record; BEGIN
          FOR r IN SELECT m.rolname FROM pg_roles m
                   WHERE m.rolcanlogin AND pg_has_role(m.oid, '{APP_ROLE}', 'MEMBER')
                     AND NOT pg_has_role(m.oid, '{OWNER_ROLE}', 'MEMBER')
                     AND m.rolconnlimit <> {CONNECTION_LIMIT}
          LOOP
            EXECUTE format('ALTER ROLE %I CONNECTION LIMIT {CONNECTION_LIMIT}', r.rolname);
          END LOOP;
        END $$""")


def scram_verifier(password: str, *, iterations: int = 4096, salt: bytes | None = None) -> str:
    """The SCRAM-SHA-256 verifier PostgreSQL keeps for ``password`` (RFC 5802/7677)."""
    salt = salt if salt is not None else os.urandom(16)
    normalised = unicodedata.normalize("NFKC", password)  # SASLprep, for what staff type
    salted = hashlib.pbkdf2_hmac("sha256", normalised.encode("utf-8"), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", "sha256").digest()

    def b64(data: bytes) -> str:
        return base64.b64encode(data).decode("ascii")

    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


def add_staff(database: peewee.Database, username: str, display_name: str, role: str,
              password: str) -> int:
    """A member of the session school's staff with a login of their own; returns their id."""
    return database.execute_sql(f"SELECT {S}.staff_add(%s, %s, %s, %s)", (
        username, display_name, role, scram_verifier(password))).fetchone()[0]


def set_role(database: peewee.Database, user_id: int, role: str) -> None:
    database.execute_sql(f"SELECT {S}.staff_set_role(%s, %s)", (user_id, role))


def set_password(database: peewee.Database, user_id: int, password: str) -> None:
    database.execute_sql(f"SELECT {S}.staff_set_password(%s, %s)",
                         (user_id, scram_verifier(password)))


def remove_staff(database: peewee.Database, user_id: int) -> None:
    database.execute_sql(f"SELECT {S}.staff_remove(%s)", (user_id,))


def login_for(database: peewee.Database, username: str) -> str:
    """The login a member of the session school's staff signs in with."""
    return database.execute_sql(f"SELECT {S}.sign_in_name(%s)", (username,)).fetchone()[0]


def add_trust_login(database: peewee.Database, username: str, role: str,
                    password: str) -> None:
    """A login for the trust's central team, in its trust role's group (the IT team only)."""
    if role not in TRUST_ROLES:
        raise ValueError(f"not a trust role: {role}")
    verifier = scram_verifier(password)
    database.execute_sql(
        f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {literal(username)}) "
        f"THEN CREATE ROLE \"{username}\" LOGIN; END IF; END $$")
    database.execute_sql(f'ALTER ROLE "{username}" LOGIN PASSWORD {literal(verifier)} '
                         f"CONNECTION LIMIT {CONNECTION_LIMIT}")
    database.execute_sql(f'GRANT "flexidesk_{role}", {TRUST_ROLE} TO "{username}"')
