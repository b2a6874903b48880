"""A member of staff with ``psql`` and their own login meets the same wall as the app.

Every attack the issue found, and reading and writing another school through every table,
sequence and function, run as real staff logins over ``psycopg2``. Each must fail: an
attack refused by the server passes; one that reads another school's rows, or changes
anything it should not, fails the test.
"""

from __future__ import annotations

import os

import psycopg2
import pytest

from flexidesk.store import engines, server_accounts
from tests.server.attack_trust import ROLES, build_trust

SCHOOL_TABLES = [t for t in engines.school_tables()]
ALL_TABLES = [m._meta.table_name for m in engines.all_models()]


@pytest.fixture(scope="module")
def trust(pg_cluster, tmp_path_factory):
    return build_trust(pg_cluster, "fd_attacks", tmp_path_factory.mktemp("attacks"))


#: What the server answered to each attack of the test running now (for the table).
_answers: list[str] = []


@pytest.fixture(autouse=True)
def _attack_table(request):
    """With FLEXIDESK_ATTACK_REPORT set, one line a test: the attack, and what happened to
    it (held: the server's refusal, or that it found none of another school's rows;
    REACHED DATA: the test failed)."""
    _answers.clear()
    yield
    report = os.environ.get("FLEXIDESK_ATTACK_REPORT")
    if not report:
        return
    call = getattr(request.node, "rep_call", None)
    if call is None:
        return
    outcome = ("held: " + "; ".join(dict.fromkeys(_answers)) if _answers
               else "held: its checks passed (nothing of another school read or changed)") if call.passed \
        else "REACHED DATA (test failed)"
    with open(report, "a", encoding="utf-8") as out:
        out.write(f"{request.node.name}\t{outcome}\n")


def refused(trust, login: str, sql: str, params: tuple = (), *, school: int | None = None,
            codes: tuple[str, ...] = ("42501",)) -> str:
    """Run ``sql`` as ``login``; it must be refused (one of ``codes``). Returns the refusal."""
    conn = trust.connect(login, school=school)
    try:
        with conn.cursor() as cur, pytest.raises(psycopg2.Error) as error:
            cur.execute(sql, params or None)
        assert error.value.pgcode in codes, f"{sql}: {error.value.pgcode} {error.value}"
        outcome = f"refused ({error.value.pgcode}: {str(error.value).splitlines()[0]})"
        _answers.append(outcome)
        return outcome
    finally:
        conn.close()


def rows(trust, login: str, sql: str, params: tuple = (), *, school: int | None = None) -> list:
    conn = trust.connect(login, school=school)
    try:
        with conn.cursor() as cur:
            cur.execute(sql, params or None)
            return cur.fetchall() if cur.description else [cur.rowcount]
    finally:
        conn.close()


# --- the attacks in the issue ---------------------------------------------------------------


def test_a_temporary_table_cannot_stand_in_for_the_school_registry(trust):
    refused(trust, "office@birch", "CREATE TEMP TABLE flexidesk_school_role "
            "(school_id int, role_name text)")
    # Whatever it finds first on its path, the policy names the registry in full.
    assert rows(trust, "office@birch", "SET search_path = pg_temp, public; "
                "SELECT count(*) FROM pupil WHERE school_id = %s", (trust.ash,)) == [(0,)]


@pytest.mark.parametrize("sql", [
    "CREATE TABLE public.flexidesk_school_role_copy (school_id int)",
    "CREATE SCHEMA mine",
    "CREATE FUNCTION public.is_owner() RETURNS boolean LANGUAGE sql AS 'SELECT true'",
    "CREATE OR REPLACE FUNCTION flexidesk.is_owner() RETURNS boolean LANGUAGE sql "
    "AS 'SELECT true'",
    "CREATE VIEW public.all_pupils AS SELECT * FROM pupil",
])
def test_staff_create_nothing_in_the_database(trust, sql):
    refused(trust, "head@birch", sql)


@pytest.mark.parametrize("table", ["pupil", "adult", "enrolment", "enrolment_review",
                                   "family_contact", "flexi_request", "placement",
                                   "issued_document", "audit_entry"])
def test_a_governor_reads_no_child_from_the_tables(trust, table):
    refused(trust, "governor@ash", f"SELECT * FROM public.{table}")


def test_a_governor_reads_the_report_views_which_name_no_child(trust):
    found = rows(trust, "governor@ash", "SELECT upn, legal_first_name, legal_last_name, "
                 "date_of_birth, year_group FROM flexidesk_report.pupil")
    assert len(found) > 10
    assert {r[:4] for r in found} == {("", "", "", None)}
    adults = rows(trust, "governor@ash", "SELECT first_name, last_name, address, phone "
                  "FROM flexidesk_report.adult")
    assert {a for a in adults} <= {("", "", "", "")}
    # Another school's rows are not in them, whatever the connection says.
    assert rows(trust, "governor@ash", "SELECT count(*) FROM flexidesk_report.pupil",
                school=trust.birch) == [(0,)]


@pytest.mark.parametrize("sql", [
    "UPDATE staff_user SET role = 'headteacher' WHERE username = 'governor'",
    "INSERT INTO staff_user (username, display_name, role, email, active, created_at) "
    "VALUES ('boss', 'Boss', 'headteacher', '', true, now())",
    "GRANT flexidesk_headteacher TO CURRENT_USER",
    "SET ROLE flexidesk_headteacher",
])
def test_a_governor_cannot_make_herself_headteacher(trust, sql):
    refused(trust, "governor@birch", sql)
    assert trust.count("SELECT count(*) FROM staff_user WHERE role = 'headteacher' "
                       "AND school_id = %s", (trust.birch,)) == 1


def test_a_governor_cannot_promote_herself_through_the_staff_functions(trust):
    refused(trust, "governor@birch", "SELECT flexidesk.staff_set_role(%s, 'headteacher')",
            (trust.ids["birch_governor"],))


@pytest.mark.parametrize("login", ["head@ash", "pastoral@ash", "office@ash", "governor@ash",
                                   "ap_lead", "trust_governor"])
@pytest.mark.parametrize("sql", ["DELETE FROM school", "TRUNCATE school CASCADE",
                                 "DELETE FROM flexidesk_school_role"])
def test_nobody_deletes_a_school(trust, login, sql):
    refused(trust, login, sql)
    assert trust.count("SELECT count(*) FROM school") == 2


@pytest.mark.parametrize("login", ["head@ash", "office@birch", "ap_lead"])
def test_nobody_deletes_the_trusts_accounts(trust, login):
    refused(trust, login, "DELETE FROM staff_user WHERE school_id IS NULL")
    assert trust.count("SELECT count(*) FROM staff_user WHERE school_id IS NULL") == 2


def test_deleting_a_shared_site_never_reaches_another_schools_placements(trust):
    site = trust.ids["ash_site"]
    placed = "SELECT count(*) FROM placement_site WHERE site_id = %s"
    before = trust.count(placed, (site,))
    refused(trust, "pastoral@birch", "DELETE FROM provider_site WHERE id = %s", (site,))
    refused(trust, "head@birch", "SELECT flexidesk.remove_provider_site(%s)", (site,),
            codes=("23503",))
    # The trust's AP lead may delete a site, but never one a school's placement holds.
    refused(trust, "ap_lead", "DELETE FROM provider_site WHERE id = %s", (site,),
            codes=("23503",))
    refused(trust, "ap_lead", "DELETE FROM provider WHERE id = %s", (trust.ids["provider"],),
            codes=("23503",))
    assert trust.count(placed, (site,)) == before > 0


@pytest.mark.parametrize(("table", "column"), [("provider_site", "provider_id"),
                                               ("due_diligence_item", "provider_id")])
def test_a_school_cannot_move_a_shared_row_to_another_provider(trust, table, column):
    refused(trust, "pastoral@birch", f"UPDATE {table} SET {column} = %s WHERE {column} = %s",
            (trust.ids["other_provider"], trust.ids["provider"]))


def test_a_change_made_with_psql_is_audited_in_the_logins_name(trust):
    pupil = trust.ids["ash_pupil"]
    rows(trust, "head@ash", "UPDATE pupil SET class_name = 'Changed by psql' WHERE id = %s",
         (pupil,))
    conn = trust.admin()
    with conn.cursor() as cur:
        cur.execute("SELECT username, action, before, after FROM audit_entry WHERE "
                    "table_name = 'pupil' AND record_id = %s ORDER BY id DESC LIMIT 1",
                    (pupil,))
        username, action, before, after = cur.fetchone()
    conn.close()
    assert (username, action) == ("head", "pupil.update")
    assert '"class_name": "Changed by psql"' in after and "class_name" in before


@pytest.mark.parametrize("sql", [
    "INSERT INTO audit_entry (at, username, action, table_name, prev_hash, hash, school_id) "
    "VALUES ('2026-11-30T09:00:00', 'head', 'forged', '', 'x', 'y', %s)",
    "UPDATE audit_entry SET username = 'someone else' WHERE school_id = %s",
    "DELETE FROM audit_entry WHERE school_id = %s",
    "SELECT flexidesk.append(%s, 'head', 'forged', '', NULL, NULL, NULL, NULL)",
    "SELECT * FROM flexidesk.secret WHERE %s IS NOT NULL",
    "SELECT * FROM flexidesk.audit_head WHERE school_id = %s",
    "SELECT * FROM flexidesk.row_seal WHERE school_id = %s",
])
def test_nobody_writes_or_keys_the_audit_log_themselves(trust, sql):
    before = trust.count("SELECT count(*) FROM audit_entry")
    refused(trust, "head@ash", sql, (trust.ash,))
    assert trust.count("SELECT count(*) FROM audit_entry") == before


def test_a_view_noted_about_another_schools_child_is_refused(trust):
    refused(trust, "head@birch", "SELECT flexidesk.note('view.pupil', 'pupil', %s, %s, NULL, "
            "NULL)", (trust.ids["ash_pupil"], trust.ids["ash_pupil"]))


@pytest.mark.parametrize(("sql", "codes"), [
    ("INSERT INTO pupil (id, upn, legal_first_name, legal_last_name, date_of_birth, "
     "year_group, class_name, sen_support, ehc_plan, looked_after, pupil_premium, eal, "
     "gender, on_roll_date, created_at) VALUES (999999, 'Z123456789012', 'A', 'B', "
     "'2018-01-01', 1, '', false, false, false, false, false, '', '2022-09-01', now())",
     ("428C9",)),
    ("INSERT INTO pupil (id, upn, legal_first_name, legal_last_name, date_of_birth, "
     "year_group, class_name, sen_support, ehc_plan, looked_after, pupil_premium, eal, "
     "gender, on_roll_date, created_at) OVERRIDING SYSTEM VALUE VALUES (999999, "
     "'Z123456789012', 'A', 'B', '2018-01-01', 1, '', false, false, false, false, false, '', "
     "'2022-09-01', now())", ("42501",)),
    ("SELECT setval(pg_get_serial_sequence('pupil', 'id'), 1)", ("42501",)),
    ("SELECT nextval(pg_get_serial_sequence('pupil', 'id'))", ("42501",)),
    ("SELECT last_value FROM pupil_id_seq", ("42501", "42P01")),
    ("UPDATE pupil SET id = 999999 WHERE id = (SELECT min(id) FROM pupil)", ("428C9",)),
])
def test_nobody_chooses_an_id(trust, sql, codes):
    refused(trust, "head@birch", sql, codes=codes)
    assert trust.count("SELECT count(*) FROM pupil WHERE id = 999999") == 0


def test_the_importing_switch_is_the_it_teams_alone(trust):
    refused(trust, "head@birch", "SET flexidesk.importing = 'on'; INSERT INTO closure_day "
            "(id, date, reason) OVERRIDING SYSTEM VALUE VALUES (888888, '2027-01-04', 'x')")


@pytest.mark.parametrize("login", ["ap_lead", "trust_governor"])
@pytest.mark.parametrize("sql", [
    "UPDATE placement SET status = 'ended'",
    "UPDATE flexi_request SET stage = 'withdrawn'",
    "DELETE FROM flexi_request",
    "INSERT INTO closure_day (date, reason) VALUES ('2027-01-04', 'Trust day')",
    "SELECT legal_last_name FROM pupil",
    "SELECT objectives FROM placement",
    "SELECT reasons FROM flexi_request",
    "SELECT * FROM family_contact",
])
def test_the_trusts_team_cannot_write_in_a_school_nor_read_a_child(trust, login, sql):
    refused(trust, login, sql)


@pytest.mark.parametrize("login", ["head@birch", "office@birch", "governor@birch"])
@pytest.mark.parametrize("table", SCHOOL_TABLES + ["school"])
def test_no_table_shows_another_school_whatever_the_connection_names(trust, login, table):
    column = "id" if table == "school" else "school_id"
    for named in (trust.birch, trust.ash, 0, None):
        conn = trust.connect(login, school=named)
        try:
            with conn.cursor() as cur:
                if named is None:
                    cur.execute("RESET app.school_id")
                try:
                    cur.execute(f"SELECT count(*) FROM public.{table} WHERE {column} = %s",
                                (trust.ash,))
                except psycopg2.errors.InsufficientPrivilege:
                    continue  # this role may not read the table at all
                assert cur.fetchone()[0] == 0, f"{login} read Ash's {table} rows"
        finally:
            conn.close()


@pytest.mark.parametrize("table", SCHOOL_TABLES)
def test_no_table_lets_another_school_change_or_add_a_row(trust, table):
    before = trust.count(f"SELECT count(*) FROM {table} WHERE school_id = %s", (trust.ash,))
    conn = trust.connect("head@birch", school=trust.ash)
    try:
        with conn.cursor() as cur:
            for sql in (f"UPDATE {table} SET school_id = school_id WHERE school_id = %s",
                        f"DELETE FROM {table} WHERE school_id = %s"):
                try:
                    cur.execute(sql, (trust.ash,))
                except psycopg2.Error as exc:
                    assert exc.pgcode in ("42501", "23503"), exc
                else:
                    assert cur.rowcount == 0, f"{sql} changed Ash's rows"
            with pytest.raises(psycopg2.Error) as error:
                cur.execute(f"INSERT INTO {table} (school_id) VALUES (%s)", (trust.ash,))
            assert error.value.pgcode in ("42501", "23502"), error.value
    finally:
        conn.close()
    assert trust.count(f"SELECT count(*) FROM {table} WHERE school_id = %s",
                       (trust.ash,)) == before


@pytest.mark.parametrize(("table", "sql"), [
    ("enrolment", "INSERT INTO enrolment (pupil_id, intervention_id, start_date, target, "
     "entry_data, exit_data, staff, confidential, created_at) VALUES (%(ash_pupil)s, "
     "%(birch_intervention)s, '2026-11-30', '', '', '', '', false, now())"),
    ("family_contact", "INSERT INTO family_contact (pupil_id, contact_at, method, summary) "
     "VALUES (%(ash_pupil)s, now(), 'phone', 'A call')"),
    ("pupil_adult", "INSERT INTO pupil_adult (pupil_id, adult_id, relationship, "
     "parental_responsibility, lives_with, receives_letters, priority) VALUES "
     "(%(birch_pupil)s, %(ash_adult)s, 'parent', true, true, true, 1)"),
])
def test_a_row_cannot_point_at_another_schools_child(trust, table, sql):
    params = {**trust.ids, "birch": trust.birch}
    refused(trust, "head@birch", sql % {k: int(v) for k, v in params.items()},
            codes=("23503",))


@pytest.mark.parametrize("sql", [
    "SELECT flexidesk.staff_set_role(%(ash_head)s, 'office')",
    "SELECT flexidesk.staff_set_password(%(ash_office)s, 'SCRAM-SHA-256$4096:x$y:z')",
    "SELECT flexidesk.staff_remove(%(ash_office)s)",
    "SELECT * FROM flexidesk.verify_chain(%(ash)s)",
    "SELECT flexidesk.note('view.pupil', 'pupil', NULL, %(ash_pupil)s, NULL, NULL)",
])
def test_no_function_reaches_another_school(trust, sql):
    params = {**trust.ids, "ash": trust.ash}
    refused(trust, "head@birch", sql % {k: int(v) for k, v in params.items()})


def test_a_head_cannot_add_staff_to_another_school(trust):
    refused(trust, "head@birch", "SELECT flexidesk.staff_add('mole', 'A Mole', 'headteacher', "
            "'SCRAM-SHA-256$4096:x$y:z')", school=trust.ash)
    assert trust.count("SELECT count(*) FROM staff_user WHERE username = 'mole'") == 0


def test_the_chain_head_and_the_whoami_speak_only_of_ones_own(trust):
    assert rows(trust, "head@birch", "SELECT * FROM flexidesk.chain_head()",
                school=trust.ash) == [(None, None, None)]
    assert rows(trust, "head@birch", "SELECT * FROM flexidesk.whoami()") == [
        (trust.birch, "head", "headteacher")]


@pytest.mark.parametrize("sql", ['SET ROLE "head@ash"', "SET ROLE flexidesk_owner",
                                 'SET SESSION AUTHORIZATION "head@ash"',
                                 "SELECT pg_read_file('/etc/passwd')",
                                 "COPY pupil TO PROGRAM 'cat'"])
def test_no_login_becomes_another(trust, sql):
    refused(trust, "head@birch", sql)


def test_office_reads_no_confidential_provision(trust):
    assert trust.count("SELECT count(*) FROM enrolment WHERE confidential AND school_id = %s",
                       (trust.ash,)) > 0
    assert rows(trust, "office@ash", "SELECT count(*) FROM enrolment WHERE confidential") == [
        (0,)]
    assert rows(trust, "office@ash", "SELECT count(*) FROM enrolment_review r JOIN enrolment "
                "e ON e.id = r.enrolment_id WHERE e.confidential") == [(0,)]
    assert rows(trust, "pastoral@ash", "SELECT count(*) > 0 FROM enrolment "
                "WHERE confidential") == [(True,)]


def test_office_sets_only_its_own_language(trust):
    assert rows(trust, "office@ash", "UPDATE setting SET value = '1' WHERE key NOT LIKE "
                "'language.%'") == [0]
    refused(trust, "office@ash", "INSERT INTO setting (key, value) VALUES "
            "('auto_lock_minutes', '600')")
    assert rows(trust, "office@ash", "INSERT INTO setting (key, value) VALUES "
                "('language.office', 'cy')") == [1]


def test_a_leaver_is_out_at_once(trust):
    conn = trust.connect("pastoral@birch")
    user_id = trust.count("SELECT id FROM staff_user WHERE school_id = %s AND "
                          "username = 'pastoral'", (trust.birch,))
    rows(trust, "head@birch", "SELECT flexidesk.staff_remove(%s)", (user_id,))
    with pytest.raises(psycopg2.OperationalError), conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM pupil")  # the open session was ended
    with pytest.raises(psycopg2.OperationalError, match="not permitted to log in"):
        trust.connect("pastoral@birch")
    # Back again: the Headteacher adds them again, with a new password.
    conn = trust.connect("head@birch")
    with conn.cursor() as cur:
        cur.execute("SELECT flexidesk.staff_add('pastoral', 'Back Again', 'pastoral_lead', %s)",
                    (server_accounts.scram_verifier("staff-secret-for-tests"),))
    conn.close()
    trust.connect("pastoral@birch").close()


# --- every sequence, every function ---------------------------------------------------------


def _identity_sequence(trust, table: str) -> str:
    conn = trust.admin()
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT pg_get_serial_sequence(%s, 'id')", (f"public.{table}",))
            return cur.fetchone()[0]
    finally:
        conn.close()


@pytest.mark.parametrize("table", [t for t in ALL_TABLES if t != "setting"])
def test_no_login_reads_or_moves_any_tables_id_sequence(trust, table):
    sequence = _identity_sequence(trust, table)
    assert sequence, f"{table} has no identity sequence"
    for login in ("head@birch", "ap_lead"):
        for sql in ("SELECT nextval(%s)", "SELECT setval(%s, 1)", "SELECT currval(%s)"):
            refused(trust, login, sql, (sequence,), codes=("42501", "55000"))
        refused(trust, login, f"SELECT last_value FROM {sequence}")


#: Every function a FlexiDesk login may call, and the attack on it (a new function is
#: attacked here before the suite passes). Each is called as Birch Row's Headteacher
#: working for Ash Lane (app.school_id = Ash), aimed at Ash; ``None`` expects a refusal,
#: otherwise the answer must be this (Birch's own, or nothing of Ash).
FUNCTION_ATTACKS: dict[str, tuple[str, object]] = {
    "all_schools()": ("SELECT count(*) FROM public.school WHERE id = ANY("
                      "flexidesk.all_schools()) AND id = %(ash)s", 0),
    "chain_head()": ("SELECT last_id IS NULL FROM flexidesk.chain_head()", True),
    "changes_since(bigint)": ("SELECT %(ash_pupil)s = ANY(pupils) FROM "
                              "flexidesk.changes_since(0)", False),
    "holds(text)": ("SELECT flexidesk.holds('trust.view')", False),
    "holds_as(name,text)": ("SELECT count(*) FROM public.pupil WHERE school_id = %(ash)s AND "
                            "flexidesk.holds_as('head@ash', 'pupil.view')", 0),
    "importing()": ("SELECT set_config('flexidesk.importing', 'on', false) IS NOT NULL AND "
                    "flexidesk.importing()", False),
    "is_member(name,text)": ("SELECT count(*) FROM public.pupil WHERE school_id = %(ash)s AND "
                             "flexidesk.is_member('head@ash', 'flexidesk_headteacher')", 0),
    "is_owner()": ("SELECT flexidesk.is_owner()", False),
    "is_trust()": ("SELECT flexidesk.is_trust()", False),
    "note(text,text,integer,integer,text,text)": (
        "SELECT flexidesk.note('view.pupil', 'pupil', %(ash_pupil)s, %(ash_pupil)s, NULL, "
        "NULL)", None),
    "remove_provider_site(integer)": ("SELECT flexidesk.remove_provider_site(%(ash_site)s)",
                                      None),
    # Working for Ash, Birch's Headteacher changes a check Ash's placement relies on.
    "shared_update(text,integer,jsonb,text)": (
        "SELECT flexidesk.shared_update('due_diligence_item', (SELECT min(id) FROM "
        "due_diligence_item WHERE provider_id = %(provider)s), '{\"evidence\": \"x\"}', "
        "NULL)", None),
    "schools_of(name)": ("SELECT count(*) FROM public.school WHERE id = ANY("
                         "flexidesk.schools_of('head@ash'))", 0),
    "session_chain()": ("SELECT flexidesk.session_chain() = %(birch)s", True),
    "session_school()": ("SELECT count(*) FROM public.pupil WHERE school_id = "
                         "flexidesk.session_school()", 0),
    "sign_in_name(text)": ("SELECT coalesce(flexidesk.sign_in_name('head'), '') "
                           "NOT LIKE '%%@ash'", True),
    "staff_add(text,text,text,text)": ("SELECT flexidesk.staff_add('mole', 'A Mole', "
                                       "'headteacher', 'SCRAM-SHA-256$4096:x$y:z')", None),
    "staff_name()": ("SELECT flexidesk.staff_name()", "head"),
    "staff_remove(integer)": ("SELECT flexidesk.staff_remove(%(ash_office)s)", None),
    "staff_set_password(integer,text)": (
        "SELECT flexidesk.staff_set_password(%(ash_office)s, 'SCRAM-SHA-256$4096:x$y:z')",
        None),
    "staff_set_role(integer,text)": ("SELECT flexidesk.staff_set_role(%(ash_head)s, 'office')",
                                     None),
    # Locks the caller's own chain's head row only, whatever app.school_id says.
    "take_turn()": ("SELECT count(*) FROM (SELECT flexidesk.take_turn()) t", 1),
    "verify_chain(integer)": ("SELECT * FROM flexidesk.verify_chain(%(ash)s)", None),
    "visible_as(name)": ("SELECT count(*) FROM public.pupil WHERE school_id = ANY("
                         "flexidesk.visible_as('head@ash'))", 0),
    "visible_schools()": ("SELECT %(ash)s = ANY(flexidesk.visible_schools())", False),
    "whoami()": ("SELECT school_id = %(birch)s FROM flexidesk.whoami()", True),
    "without_names(text,text[])": ("SELECT flexidesk.without_names('Ada', ARRAY['Ada'])", "…"),
    "writable_as(name)": ("SELECT count(*) FROM public.pupil WHERE school_id = "
                          "flexidesk.writable_as('head@ash')", 0),
    "writable_school()": ("SELECT flexidesk.writable_school() IS DISTINCT FROM %(ash)s",
                          True),
}


def test_every_function_a_login_may_call_is_attacked(trust):
    logins = [f"{r}@{s}" for r in ROLES for s in ("ash", "birch")] + ["ap_lead",
                                                                       "trust_governor"]
    conn = trust.admin()
    with conn.cursor() as cur:
        cur.execute("SET search_path = pg_catalog")  # every name below comes schema-qualified
        cur.execute("SELECT DISTINCT p.oid::regprocedure::text FROM pg_proc p "
                    "JOIN pg_namespace n ON n.oid = p.pronamespace "
                    "CROSS JOIN unnest(%s::text[]) AS login "
                    "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') "
                    "AND has_function_privilege(login, p.oid, 'EXECUTE')", (logins,))
        callable_ = {name for (name,) in cur.fetchall()}
    conn.close()
    assert callable_ == {f"flexidesk.{f}" for f in FUNCTION_ATTACKS}, \
        "a function a login may call is not attacked here (or is gone)"


@pytest.mark.parametrize("function", sorted(FUNCTION_ATTACKS))
def test_no_function_gives_another_school_away(trust, function):
    sql, expected = FUNCTION_ATTACKS[function]
    params = {**{k: int(v) for k, v in trust.ids.items()}, "ash": trust.ash,
              "birch": trust.birch}
    if expected is None:
        refused(trust, "head@birch", sql % params, school=trust.ash,
                codes=("42501", "23503"))
        return
    answer = rows(trust, "head@birch", sql % params, school=trust.ash)
    assert answer == [(expected,)], f"{function}: {answer}"
