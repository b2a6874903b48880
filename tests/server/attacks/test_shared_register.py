"""Attacks on the trust's shared provider register, the school's Headteacher and the logins'
connection limits, as real staff logins over ``psycopg2`` (a member of staff with ``psql``).

In the demo trust both schools have current placements with providers 1, 2, 4 and 6 (site 1
is provider 1's) and an ended one with provider 3 (site 4); provider 5 nobody uses. Birch
Row's staff attack what Ash Lane's placements rely on. Held: the test asserts the refusal
and that the data is unchanged. Where an attack gets through, the test asserts the promise
and is ``xfail(strict=True)`` naming the hole.
"""

from __future__ import annotations

import itertools
import json
import threading

import psycopg2
import pytest

from flexidesk.store.server_accounts import CONNECTION_LIMIT, scram_verifier
from tests.server.attack_trust import build_trust
from tests.server.attacks.as_login import refused
from tests.server.attacks.as_login import rows as run
from tests.server.conftest import STAFF_PASSWORD

_numbers = itertools.count(1)
RELIED_ON = "FDS01"
#: What another school's current placement relies on: a provider, its site, one of its
#: checks, the trust's checklist.
SHARED = ("provider", "provider_site", "due_diligence_item", "checklist_template_item")


@pytest.fixture
def trust(pg_cluster, tmp_path_factory):
    """A fresh trust for each attack (they change rows the next would aim at)."""
    name = f"fd_shared23b_{next(_numbers)}"
    trust = build_trust(pg_cluster, name, tmp_path_factory.mktemp("shared23b"))
    if trust.count("SELECT count(*) FROM checklist_template_item") == 0:
        # the trust's checklist, as its AP lead keeps it
        run(trust, "ap_lead", "INSERT INTO checklist_template_item (code, label, position, "
            "active, recheck_months) VALUES ('trust_visit', 'A visit by the trust', 1, true, "
            "12)")
    yield trust
    conn = psycopg2.connect(pg_cluster.admin_dsn())
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    conn.close()




def register(trust) -> str:
    """A digest of the whole shared register, as stored."""
    parts = " || ".join(f"(SELECT coalesce(md5(string_agg(to_jsonb(t)::text, '' ORDER BY "
                        f"t.id)), '') FROM {table} t)" for table in SHARED)
    return trust.count(f"SELECT md5({parts})")


def relied_on(trust) -> dict[str, int]:
    """The rows one of Ash Lane's current placements relies on (and Birch's too)."""
    ids = {"provider": trust.count(
        "SELECT min(provider_id) FROM placement WHERE school_id = %s AND status = 'active'",
        (trust.ash,))}
    ids["provider_site"] = trust.count(
        "SELECT min(site_id) FROM placement WHERE school_id = %s AND provider_id = %s AND "
        "status IN ('planned', 'active')", (trust.ash, ids["provider"]))
    ids["due_diligence_item"] = trust.count(
        "SELECT min(id) FROM due_diligence_item WHERE provider_id = %s", (ids["provider"],))
    ids["checklist_template_item"] = trust.count("SELECT min(id) FROM checklist_template_item")
    return ids


def _ended(trust, school: int) -> tuple[int, int, int]:
    """A school's ended placement: (placement, its provider, one of the provider's checks),
    a provider no school's current placement uses."""
    placement, provider = trust.count(
        "SELECT ARRAY[p.id, p.provider_id] FROM placement p WHERE p.school_id = %s AND "
        "p.status = 'ended' AND NOT EXISTS (SELECT 1 FROM placement q WHERE q.provider_id = "
        "p.provider_id AND q.status IN ('planned', 'active')) ORDER BY p.id LIMIT 1",
        (school,))
    check = trust.count("SELECT min(id) FROM due_diligence_item WHERE provider_id = %s",
                        (provider,))
    return placement, provider, check


FIELD_CHANGES = {"provider": {"name": "Renamed by Birch Row"},
                 "provider_site": {"active": False},
                 "due_diligence_item": {"status": "missing", "evidence": "Birch Row"},
                 "checklist_template_item": {"label": "Changed by Birch Row"}}


# --- 1. the shared register: what another school's current placement relies on ------------


@pytest.mark.parametrize("table", SHARED)
def test_no_school_writes_a_relied_on_row_directly(trust, table):
    """UPDATE, DELETE and INSERT ... ON CONFLICT DO UPDATE by Birch's Headteacher on the row
    Ash's current placement relies on: no such privilege."""
    row = relied_on(trust)[table]
    before = register(trust)
    column, value = next(iter(FIELD_CHANGES[table].items()))
    refused(trust, "head@birch", f"UPDATE {table} SET {column} = %s WHERE id = %s", (value, row))
    refused(trust, "head@birch", f"DELETE FROM {table} WHERE id = %s", (row,))
    refused(trust, "head@birch", f"INSERT INTO {table} OVERRIDING SYSTEM VALUE SELECT * FROM "
            f"{table} WHERE id = %s ON CONFLICT (id) DO UPDATE SET {column} = %s", (row, value))
    refused(trust, "head@birch", f"MERGE INTO {table} t USING (SELECT %s::int AS id) s ON "
            f"t.id = s.id WHEN MATCHED THEN UPDATE SET {column} = %s", (row, value))
    refused(trust, "head@birch", f"MERGE INTO {table} t USING (SELECT %s::int AS id) s ON "
            "t.id = s.id WHEN MATCHED THEN DELETE", (row,))
    refused(trust, "head@birch", f"SELECT * FROM {table} WHERE id = %s FOR UPDATE", (row,))
    refused(trust, "head@birch", f"TRUNCATE {table} CASCADE")
    assert register(trust) == before


@pytest.mark.parametrize("sql", [
    "INSERT INTO due_diligence_item (provider_id, item, status, evidence) VALUES "
    "(%(provider)s, 'birch_extra', 'missing', 'Birch Row')",
    "INSERT INTO due_diligence_item (provider_id, item, status, evidence) VALUES "
    "(%(provider)s, 'birch_extra', 'missing', 'Birch Row') ON CONFLICT DO NOTHING",
    "INSERT INTO checklist_template_item (code, label, position, active, recheck_months) "
    "VALUES ('birch_extra', 'Asked by Birch Row', 0, true, 1)",
    "INSERT INTO checklist_template_item (code, label, position, active, recheck_months) "
    "VALUES ('birch_extra', 'Asked by Birch Row', 0, true, 1) ON CONFLICT DO NOTHING",
])
def test_no_school_adds_to_what_another_schools_placement_relies_on(trust, sql):
    """A new check of the relied-on provider, or a new item on the trust's checklist, would
    change what Ash's current placement must have."""
    before = register(trust)
    refused(trust, "head@birch", sql, {"provider": relied_on(trust)["provider"]},
            codes=(RELIED_ON,))
    assert register(trust) == before


@pytest.mark.parametrize("table", SHARED)
def test_the_shared_function_refuses_a_relied_on_row(trust, table):
    """Through ``flexidesk.shared_update``: with no digest, a stale one, or the right one
    read first (a forged "I saw it as it is")."""
    row = relied_on(trust)[table]
    before = register(trust)
    fields = json.dumps(FIELD_CHANGES[table])
    call = "SELECT flexidesk.shared_update(%s, %s, %s::jsonb, %s)"
    refused(trust, "head@birch", call, (table, row, fields, None), codes=(RELIED_ON,))
    refused(trust, "pastoral@birch", call, (table, row, fields, None), codes=(RELIED_ON,))
    refused(trust, "head@birch", call, (table, row, fields, "0" * 32), codes=("40001",))
    (digest,), = run(trust, "head@birch", f"SELECT md5(to_jsonb(t)::text) FROM {table} t "
                     "WHERE t.id = %s", (row,))
    refused(trust, "head@birch", call, (table, row, fields, digest), codes=(RELIED_ON,))
    assert register(trust) == before


@pytest.mark.parametrize("name", [
    "Provider", "PROVIDER", '"provider"', "public.provider", "public.Provider",
    '"public"."provider"', " provider", "provider ", "pg_temp.provider", "provider; --",
    "provider\x01", "staff_user", "placement", "flexidesk.permission", "pg_authid", ""])
def test_the_shared_function_knows_only_the_shared_tables_by_their_exact_names(trust, name):
    before = register(trust)
    if "\x01" in name:
        name = name.replace("\x01", "")  # psycopg2 sends no NUL: a name the list lacks
        name += "\u200b"
    refused(trust, "head@birch", "SELECT flexidesk.shared_update(%s, %s, %s::jsonb, NULL)",
            (name, relied_on(trust)["provider"], json.dumps({"name": "Renamed"})))
    assert register(trust) == before


@pytest.mark.parametrize(("fields", "codes"), [
    ({"id": 999}, ("42703",)),
    ({"school_id": 2}, ("42703",)),
    ({"Evidence": "x"}, ("42703",)),
    ({'evidence" = \'x\', "status': "x"}, ("42703",)),
    ({"evidence = 'x' --": "x"}, ("42703",)),
    ({"ctid": "(0,1)"}, ("42703",)),
    ({"xmin": "1"}, ("42703",)),
    ({"tableoid": "1"}, ("42703",)),
    ({"........pg.dropped.1........": "x"}, ("42703",)),
    ({"provider_id": 5}, ("42501", RELIED_ON)),
    ({"item": "renamed_check"}, ("42501", RELIED_ON)),
    ({"evidence": "x", "id": 999}, ("42703",)),
])
def test_the_shared_function_sets_only_plain_columns_of_a_relied_on_check(trust, fields, codes):
    """Column names in the jsonb: the key columns, system columns, quoting and injection."""
    before = register(trust)
    refused(trust, "head@birch", "SELECT flexidesk.shared_update('due_diligence_item', %s, "
            "%s::jsonb, NULL)", (relied_on(trust)["due_diligence_item"], json.dumps(fields)),
            codes=codes)
    assert register(trust) == before


def test_a_check_cannot_be_moved_off_the_provider_a_placement_relies_on(trust):
    """Re-pointing the relied-on check to a provider nobody uses (directly, through the
    function): the key columns are the AP lead's."""
    check = relied_on(trust)["due_diligence_item"]
    unused = trust.count("SELECT min(v.id) FROM provider v WHERE NOT EXISTS (SELECT 1 FROM "
                         "placement p WHERE p.provider_id = v.id)")
    before = register(trust)
    refused(trust, "head@birch", "UPDATE due_diligence_item SET provider_id = %s WHERE id = %s",
            (unused, check))
    refused(trust, "head@birch", "SELECT flexidesk.shared_update('due_diligence_item', %s, "
            "%s::jsonb, NULL)", (check, json.dumps({"provider_id": unused})),
            codes=("42501", RELIED_ON))
    site = relied_on(trust)["provider_site"]
    refused(trust, "head@birch", "SELECT flexidesk.shared_update('provider_site', %s, "
            "%s::jsonb, NULL)", (site, json.dumps({"provider_id": unused})),
            codes=("42501", RELIED_ON))
    assert register(trust) == before


def test_a_relied_on_site_is_neither_retired_nor_removed(trust):
    site = relied_on(trust)["provider_site"]
    before = register(trust)
    refused(trust, "head@birch", "SELECT flexidesk.shared_update('provider_site', %s, "
            "'{\"active\": false}'::jsonb, NULL)", (site,), codes=(RELIED_ON,))
    refused(trust, "head@birch", "SELECT flexidesk.remove_provider_site(%s)", (site,),
            codes=("23503",))
    refused(trust, "head@birch", "SELECT flexidesk.remove_provider_site(%s)", (site,),
            codes=("23503",))
    assert register(trust) == before
    assert trust.count("SELECT active FROM provider_site WHERE id = %s", (site,)) is True


def test_another_schools_placement_cannot_be_re_pointed_to_free_its_provider(trust):
    """Birch's head, naming Ash in app.school_id, moves Ash's placements off provider 1 (so
    that nobody else relies on it): row security finds none of them."""
    provider = relied_on(trust)["provider"]
    placements = ("SELECT count(*) FROM placement WHERE school_id = %s AND provider_id = %s "
                  "AND status IN ('planned', 'active')")
    before = trust.count(placements, (trust.ash, provider))
    for school in (trust.birch, trust.ash):
        conn = trust.connect("head@birch", school=school)
        with conn.cursor() as cur:
            try:
                cur.execute("UPDATE placement SET status = 'ended' WHERE school_id = %s",
                            (trust.ash,))
                assert cur.rowcount == 0
            except psycopg2.Error as error:
                assert error.pgcode == "42501", error
        conn.close()
    assert trust.count(placements, (trust.ash, provider)) == before > 0
    refused(trust, "head@birch", "SELECT flexidesk.shared_update('provider', %s, %s::jsonb, "
            "NULL)", (provider, json.dumps({"name": "Renamed"})), codes=(RELIED_ON,))


def test_a_row_added_then_relied_on_is_kept(trust):
    """Birch adds a provider and a check (allowed); Ash places a child there; now Birch can
    change neither."""
    columns = trust.count("SELECT string_agg(quote_ident(column_name), ', ') FROM "
                          "information_schema.columns WHERE table_schema = 'public' AND "
                          "table_name = 'provider' AND column_name NOT IN ('id', 'name')")
    (provider,), = run(trust, "head@birch", f"INSERT INTO provider (name, {columns}) SELECT "
                       f"'Birch Row Farm', {columns} FROM provider WHERE id = %s RETURNING id",
                       (relied_on(trust)["provider"],))
    (check,), = run(trust, "head@birch", "INSERT INTO due_diligence_item (provider_id, item, "
                    "status, evidence) VALUES (%s, 'insurance', 'held', 'Seen') RETURNING id",
                    (provider,))
    placement, _old, _check = _ended(trust, trust.ash)
    assert run(trust, "head@ash", "UPDATE placement SET provider_id = %s, site_id = NULL, "
               "status = 'planned' WHERE id = %s", (provider, placement)) == [1]
    before = register(trust)
    for table, row in (("provider", provider), ("due_diligence_item", check)):
        refused(trust, "head@birch", "SELECT flexidesk.shared_update(%s, %s, %s::jsonb, NULL)",
                (table, row, json.dumps(FIELD_CHANGES[table])), codes=(RELIED_ON,))
    assert register(trust) == before


def test_a_check_changed_before_any_placement_relied_on_it_is_then_kept(trust):
    """Birch records a check of a provider nobody currently uses (allowed: nobody relies on
    it); Ash then makes its ended placement there planned; Birch can no longer change it."""
    placement, provider, check = _ended(trust, trust.ash)
    run(trust, "head@birch", "SELECT flexidesk.shared_update('due_diligence_item', %s, "
        "'{\"status\": \"held\", \"evidence\": \"Seen by Birch\"}'::jsonb, NULL)", (check,))
    assert run(trust, "head@ash", "UPDATE placement SET status = 'planned' WHERE id = %s",
               (placement,)) == [1]
    before = register(trust)
    refused(trust, "head@birch", "SELECT flexidesk.shared_update('due_diligence_item', %s, "
            "'{\"status\": \"missing\"}'::jsonb, NULL)", (check,), codes=(RELIED_ON,))
    refused(trust, "head@birch", "SELECT flexidesk.shared_update('provider', %s, "
            "'{\"active\": false}'::jsonb, NULL)", (provider,), codes=(RELIED_ON,))
    assert register(trust) == before


@pytest.mark.parametrize(("login", "school"), [
    ("head@birch", "ash"), ("head@birch", None), ("head@birch", 0), ("governor@birch", "birch"),
    ("office@birch", "birch"), ("trust_governor", None)])
def test_the_shared_function_is_refused_to_a_login_out_of_its_school_or_role(trust, login,
                                                                             school):
    """Naming another school (or none) in app.school_id, or holding no "provider.edit"."""
    school_id = getattr(trust, school) if isinstance(school, str) else school
    before = register(trust)
    check = _ended(trust, trust.ash)[2]  # one nobody relies on: only the login is at issue
    conn = trust.connect(login, school=school_id)
    try:
        if school is None:
            with conn.cursor() as cur:
                cur.execute("RESET app.school_id")
        with conn.cursor() as cur, pytest.raises(psycopg2.Error) as error:
            cur.execute("SELECT flexidesk.shared_update('due_diligence_item', %s, "
                        "'{\"evidence\": \"x\"}'::jsonb, NULL)", (check,))
        assert error.value.pgcode == "42501", error.value
    finally:
        conn.close()
    assert register(trust) == before


@pytest.mark.parametrize(("fields", "codes"), [
    ("[1, 2]", ("22023",)), ('"status"', ("22023",)), ('{"status": {"a": 1}}', ("22P02", RELIED_ON)),
    ('{"status": null}', ("23502", RELIED_ON)), ('{"expires_on": "not a date"}', ("22007",
                                                                                  RELIED_ON))])
def test_the_shared_function_refuses_odd_jsonb(trust, fields, codes):
    before = register(trust)
    refused(trust, "head@birch", "SELECT flexidesk.shared_update('due_diligence_item', %s, "
            "%s::jsonb, NULL)", (relied_on(trust)["due_diligence_item"], fields), codes=codes)
    assert register(trust) == before


def _attempt(conn, sql: str, params: tuple = ()) -> psycopg2.Error | None:
    """Run ``sql`` on an open connection; the error it was refused with, if any."""
    try:
        with conn.cursor() as cur:
            cur.execute(sql, params or None)
    except psycopg2.Error as error:
        if not conn.closed:
            conn.rollback()
        return error
    return None


# The two races below were a hole (write skew at READ COMMITTED: the guard read the placements
# without a lock, and a placement made current waited for nothing). Now both sides take the
# provider's row (keep_shared_rows, keep_provider_steady): one waits, then sees the other.


@pytest.mark.parametrize("isolation", [
    "READ COMMITTED",
    "SERIALIZABLE"])
@pytest.mark.parametrize("target", ["due_diligence_item", "provider_site"])
@pytest.mark.parametrize("first", ["check", "placement"])
def test_a_change_racing_a_new_placement_cannot_both_commit(trust, first, target, isolation):
    """Two connections: Birch changes a check of (or retires the site of) the provider Ash's
    ended placement was with, while Ash makes that placement planned again. Whichever goes
    first, one of them must be refused: Ash, having read the row as it was (as the app
    does before placing a child), must not end up relying on a row Birch changed meanwhile.
    (At the app's READ COMMITTED both commit; when both sessions are SERIALIZABLE, the
    server refuses one, 40001.)"""
    placement, provider, check = _ended(trust, trust.ash)
    row = check if target == "due_diligence_item" else trust.count(
        "SELECT site_id FROM placement WHERE id = %s", (placement,))
    change = {"due_diligence_item": {"status": "missing", "evidence": "Birch Row"},
              "provider_site": {"active": False}}[target]
    stored = f"SELECT md5(to_jsonb(t)::text) FROM {target} t WHERE id = %s"
    before = trust.count(stored, (row,))
    birch, ash = trust.connect("head@birch"), trust.connect("head@ash")
    for conn in (birch, ash):
        conn.autocommit = False
        with conn.cursor() as cur:
            cur.execute("SET lock_timeout = '3s'")
            cur.execute(f"SET TRANSACTION ISOLATION LEVEL {isolation}")
    birch_sql = ("SELECT flexidesk.shared_update(%s, %s, %s::jsonb, NULL)",
                 (target, row, json.dumps(change)))
    ash_sql = (f"SELECT * FROM {target} WHERE id = %s; "
               "UPDATE placement SET status = 'planned' WHERE id = %s", (row, placement))
    try:
        order = [(birch, birch_sql), (ash, ash_sql)]
        if first == "placement":
            order.reverse()
        (one, one_sql), (two, two_sql) = order
        refusals = [_attempt(one, *one_sql)]
        refusals.append(_attempt(two, *two_sql))  # a wait ends in 55P03 after 3 s
        for conn in (two, one):
            try:
                conn.commit()
            except psycopg2.Error as error:
                refusals.append(error)
    finally:
        birch.close()
        ash.close()
    changed = trust.count(stored, (row,)) != before
    current = trust.count("SELECT status FROM placement WHERE id = %s", (placement,)) == "planned"
    assert not (changed and current), f"both committed ({refusals})"


def test_a_check_changed_while_a_placement_is_re_pointed_to_its_provider(trust):
    """The same race by re-pointing: Ash moves a current placement to the provider whose
    check Birch is changing (nobody relied on it a moment before); both commit."""
    _ended_placement, provider, check = _ended(trust, trust.ash)
    moved = trust.count("SELECT min(id) FROM placement WHERE school_id = %s AND status = "
                        "'active'", (trust.ash,))
    before = trust.count("SELECT md5(to_jsonb(t)::text) FROM due_diligence_item t WHERE "
                         "id = %s", (check,))
    birch, ash = trust.connect("head@birch"), trust.connect("head@ash")
    birch.autocommit = ash.autocommit = False
    try:
        birch_refused = _attempt(birch, "SELECT flexidesk.shared_update('due_diligence_item', "
                                 "%s, '{\"status\": \"missing\"}'::jsonb, NULL)", (check,))
        ash_refused = _attempt(ash, "SET lock_timeout = '3s'; SELECT * FROM due_diligence_item "
                               "WHERE provider_id = %s; UPDATE placement SET provider_id = %s, "
                               "site_id = NULL WHERE id = %s", (provider, provider, moved))
        ash.commit()
        birch.commit()
    finally:
        birch.close()
        ash.close()
    changed = trust.count("SELECT md5(to_jsonb(t)::text) FROM due_diligence_item t WHERE "
                          "id = %s", (check,)) != before
    relies = trust.count("SELECT provider_id FROM placement WHERE id = %s", (moved,)) == provider
    assert not (changed and relies), f"both committed ({birch_refused}, {ash_refused})"


# --- 2. a school always keeps an active Headteacher -----------------------------------------

HEADS = ("SELECT count(*) FROM staff_user WHERE school_id = %s AND role = 'headteacher' "
         "AND active")


def _head_login_works(trust, login: str = "head@ash") -> bool:
    (role,), = run(trust, login, "SELECT (flexidesk.whoami()).role")
    return role == "headteacher"


@pytest.mark.parametrize(("sql", "codes"), [
    ("SELECT flexidesk.staff_set_role(%(head)s, 'office')", ("23514",)),
    ("SELECT flexidesk.staff_set_role(%(head)s, 'Headteacher')", ("22000",)),
    ("SELECT flexidesk.staff_set_role(%(head)s, 'headteacher ')", ("22000",)),
    ("SELECT flexidesk.staff_remove(%(head)s)", ("23514",)),
    ("UPDATE staff_user SET active = false WHERE id = %(head)s", ("42501",)),
    ("UPDATE staff_user SET role = 'office' WHERE id = %(head)s", ("42501",)),
    ("UPDATE staff_user SET school_id = %(birch)s WHERE id = %(head)s", ("42501",)),
    ("DELETE FROM staff_user WHERE id = %(head)s", ("42501",)),
    ("TRUNCATE staff_user CASCADE", ("42501",)),
    ("MERGE INTO staff_user t USING (SELECT %(head)s::int AS id) s ON t.id = s.id "
     "WHEN MATCHED THEN UPDATE SET active = false", ("42501",)),
    ('ALTER ROLE "head@ash" NOLOGIN', ("42501",)),
    ('ALTER ROLE "head@ash" RENAME TO "former_head@ash"', ("42501", "0A000")),
    ('ALTER ROLE "head@ash" VALID UNTIL \'2000-01-01\'', ("42501",)),
    ('ALTER ROLE "head@ash" CONNECTION LIMIT 0', ("42501",)),
    ('REVOKE flexidesk_headteacher FROM "head@ash"', ("42501", "0LP01")),
    ("ALTER ROLE flexidesk_headteacher RENAME TO flexidesk_office_2", ("42501",)),
    ("DROP ROLE \"head@ash\"", ("42501",)),
])
def test_the_head_cannot_be_removed_by_psql_or_the_functions(trust, sql, codes):
    """Ash's Headteacher (the only one) against her own account and login."""
    params = {"head": trust.ids["ash_head"], "birch": trust.birch}
    refused(trust, "head@ash", sql, params, codes=codes)
    assert trust.count(HEADS, (trust.ash,)) == 1
    assert _head_login_works(trust)


@pytest.mark.parametrize("login", ["office@ash", "pastoral@ash", "head@birch", "ap_lead"])
def test_no_other_login_demotes_a_schools_head(trust, login):
    head = trust.ids["ash_head"]
    for sql in ("SELECT flexidesk.staff_set_role(%s, 'office')",
                "SELECT flexidesk.staff_remove(%s)",
                "SELECT flexidesk.staff_set_password(%s, 'SCRAM-SHA-256$4096:x$y:z')"):
        refused(trust, login, sql, (head,))
    assert trust.count(HEADS, (trust.ash,)) == 1
    assert _head_login_works(trust)


def _second_head(trust) -> int:
    (uid,), = run(trust, "head@ash", "SELECT flexidesk.staff_add('head2', 'Second Head', "
                  "'headteacher', %s)", (scram_verifier(STAFF_PASSWORD),))
    return uid


@pytest.mark.parametrize("isolation", ["READ COMMITTED", "REPEATABLE READ", "SERIALIZABLE"])
@pytest.mark.parametrize("how", ["staff_set_role(%s, 'office')", "staff_remove(%s)"])
def test_two_heads_cannot_remove_each_other_at_once(trust, isolation, how):
    """Two connections: each Headteacher demotes (or removes) the other in a transaction
    left open; the second waits for the first and is refused (23514, 40001; 42501 when
    the first's demotion already took her login's role; a removal ends the other's
    session). One head stays."""
    second = _second_head(trust)
    first = trust.ids["ash_head"]
    one, two = trust.connect("head@ash"), trust.connect("head2@ash")
    for conn in (one, two):
        conn.autocommit = False
        with conn.cursor() as cur:
            cur.execute(f"SET TRANSACTION ISOLATION LEVEL {isolation}")
            cur.execute("SET lock_timeout = '10s'")
    outcome: dict[str, psycopg2.Error | None] = {}
    try:
        assert _attempt(one, f"SELECT flexidesk.{how}", (second,)) is None
        waiting = threading.Thread(target=lambda: outcome.update(
            two=_attempt(two, f"SELECT flexidesk.{how}", (first,))))
        waiting.start()
        one.commit()
        waiting.join(20)
        assert not waiting.is_alive()
        try:
            two.commit()
        except psycopg2.Error as error:
            outcome["commit"] = error
    finally:
        one.close()
        two.close()
    refusal = outcome.get("two") or outcome.get("commit")
    assert refusal is not None, "both removals committed"
    if how.startswith("staff_remove") and refusal.pgcode is None:
        assert two.closed  # the removed head's session was ended
    else:
        assert refusal.pgcode in ("23514", "40001", "42501"), refusal
    assert trust.count(HEADS, (trust.ash,)) == 1
    assert _head_login_works(trust)


def test_a_head_added_and_the_old_one_removed_in_one_transaction_leaves_one(trust):
    """Adding a second head, removing the first, then demoting the second, all in one
    transaction: the last step is refused and nothing of it is kept."""
    conn = trust.connect("head@ash")
    conn.autocommit = False
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT flexidesk.staff_add('head3', 'Third Head', 'headteacher', %s)",
                        (scram_verifier(STAFF_PASSWORD),))
            (third,) = cur.fetchone()
            cur.execute("SELECT flexidesk.staff_set_role(%s, 'office')", (third,))
        conn.commit()
    except psycopg2.Error as error:
        conn.rollback()
        pytest.fail(f"refused too early: {error}")
    finally:
        conn.close()
    refused(trust, "head@ash", "SELECT flexidesk.staff_set_role(%s, 'governor')",
            (trust.ids["ash_head"],), codes=("23514",))
    assert trust.count(HEADS, (trust.ash,)) == 1


# --- 3. a login's connection limit -------------------------------------------------------


@pytest.mark.parametrize("login", ["office@ash", "head@birch", "ap_lead"])
def test_a_login_cannot_open_more_connections_than_its_limit(trust, login):
    opened = []
    try:
        for _ in range(CONNECTION_LIMIT):
            opened.append(trust.connect(login))
        with pytest.raises(psycopg2.OperationalError) as error:
            opened.append(trust.connect(login))
        assert "too many connections for role" in str(error.value)
    finally:
        for conn in opened:
            conn.close()
    # the slots come back when the sessions end
    assert run(trust, login, "SELECT 1") == [(1,)]


def test_connections_opened_all_at_once_stay_within_the_limit(trust):
    """Sixteen connections of one login started together (threads): at most the limit get
    in, however they race."""
    opened: list = []
    refusals: list = []

    def connect() -> None:
        try:
            opened.append(trust.connect("office@ash"))
        except psycopg2.OperationalError as error:
            refusals.append(error)

    threads = [threading.Thread(target=connect) for _ in range(2 * CONNECTION_LIMIT)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert len(opened) + len(refusals) == 2 * CONNECTION_LIMIT
        assert len(opened) <= CONNECTION_LIMIT
        assert all("too many connections for role" in str(e) for e in refusals)
    finally:
        for conn in opened:
            conn.close()


@pytest.mark.parametrize("sql", [
    "ALTER ROLE CURRENT_USER CONNECTION LIMIT -1",
    "ALTER ROLE SESSION_USER CONNECTION LIMIT 1000",
    'ALTER ROLE "office@ash" CONNECTION LIMIT 100',
    'ALTER ROLE "head2@ash" CONNECTION LIMIT 100',
    "ALTER ROLE flexidesk_app CONNECTION LIMIT -1",
    'ALTER USER "head@ash" WITH CONNECTION LIMIT 50',
    "ALTER ROLE CURRENT_USER SUPERUSER",
    "ALTER ROLE CURRENT_USER CREATEROLE",
    "ALTER ROLE CURRENT_USER BYPASSRLS",
    'SET ROLE "office@ash"',
    'SET SESSION AUTHORIZATION "office@ash"',
    "CREATE ROLE spare_login LOGIN PASSWORD 'x'",
    "GRANT \"office@ash\" TO \"head@ash\"",
])
def test_a_login_cannot_raise_its_limit_or_borrow_anothers(trust, sql):
    """Ash's Headteacher (who manages its staff) against her own and others' limits."""
    run(trust, "head@ash", "SELECT flexidesk.staff_add('head2', 'Second Head', 'headteacher', "
        "%s)", (scram_verifier(STAFF_PASSWORD),))
    refused(trust, "head@ash", sql, codes=("42501", "0LP01"))
    assert trust.count("SELECT count(*) FROM pg_roles WHERE rolcanlogin AND rolname LIKE "
                       "'%%@ash' AND rolconnlimit <> %s", (CONNECTION_LIMIT,)) == 0


def test_the_staff_functions_never_raise_a_limit(trust):
    """A new password, a new role, a login re-added: each leaves the limit where it was."""
    office = trust.ids["ash_office"]
    verifier = scram_verifier(STAFF_PASSWORD)
    for sql, params in (("SELECT flexidesk.staff_set_password(%s, %s)", (office, verifier)),
                        ("SELECT flexidesk.staff_set_role(%s, 'pastoral_lead')", (office,)),
                        ("SELECT flexidesk.staff_remove(%s)", (office,)),
                        ("SELECT flexidesk.staff_add('office', 'Back Again', 'office', %s)",
                         (verifier,))):
        run(trust, "head@ash", sql, params)
        assert trust.count("SELECT rolconnlimit FROM pg_roles WHERE rolname = 'office@ash'"
                           ) == CONNECTION_LIMIT
