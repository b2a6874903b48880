"""Schools in one database: row-level security keeps each school's children to its own staff."""

from __future__ import annotations

import datetime as dt

import psycopg2
import pytest

from flexidesk.store import close_database, engines
from flexidesk.store.models import Pupil
from tests.server.conftest import STAFF_PASSWORD, add_pg_school, open_pg_school

T_PW = "trust-secret-for-tests"


def _pupil(upn: str, last: str) -> Pupil:
    return Pupil.create(upn=upn, legal_first_name="Robin", legal_last_name=last,
                        date_of_birth=dt.date(2018, 3, 1), year_group=2,
                        on_roll_date=dt.date(2022, 9, 1))


@pytest.fixture
def two_schools(pg_server):
    """Ash and Birch schools, each with its Headteacher's login, and a trust login; Ash has
    two children."""
    ash, ash_head = add_pg_school(pg_server, "Ash Lane Primary")
    birch, birch_head = add_pg_school(pg_server, "Birch Row Primary")
    database = pg_server.open_owner()
    engines.add_trust_account(database, username=f"{pg_server.dbname}_central",
                              display_name="Tom Central", role="trust_ap_lead", password=T_PW)
    database.close()
    close_database()
    open_pg_school(pg_server, ash, ash_head)
    _pupil("A123456789012", "Alder")
    _pupil("B123456789012", "Beech")
    close_database()
    pg_server.logins = {"ash": ash_head, "birch": birch_head}
    return pg_server, ash, birch


def _raw(server, user: str, password: str):
    conn = psycopg2.connect(host="localhost", port=server.cluster.port, dbname=server.dbname,
                            user=user, password=password, sslmode="verify-full",
                            sslrootcert=str(server.ca_file))
    conn.autocommit = True
    return conn


def test_second_schools_staff_read_nothing_of_the_first_even_naming_its_school(two_schools):
    server, ash, birch = two_schools
    conn = _raw(server, server.logins["birch"], STAFF_PASSWORD)
    with conn.cursor() as cur:
        # An app bug that sets the wrong school still reads nothing: the role decides.
        for school in (birch, ash, 0):
            cur.execute("SELECT set_config('app.school_id', %s, false)", (str(school),))
            cur.execute("SELECT count(*) FROM pupil")
            assert cur.fetchone()[0] == 0
            cur.execute("SELECT count(*) FROM audit_entry WHERE school_id <> %s", (birch,))
            assert cur.fetchone()[0] == 0
            cur.execute("SELECT name FROM school")
            assert cur.fetchall() == ([("Birch Row Primary",)] if school == birch else [])
        cur.execute("SELECT set_config('app.school_id', %s, false)", (str(ash),))
        with pytest.raises(psycopg2.Error):  # nor may it write a child into another school
            cur.execute("INSERT INTO pupil (upn, legal_first_name, legal_last_name, "
                        "date_of_birth, year_group, class_name, sen_support, ehc_plan, "
                        "looked_after, pupil_premium, eal, gender, on_roll_date, created_at) "
                        "VALUES ('C123456789012', 'X', 'Y', '2018-01-01', 1, '', false, false, "
                        "false, false, false, '', '2022-09-01', now())")
    conn.close()


def test_first_schools_staff_read_their_own_children(two_schools):
    server, ash, _birch = two_schools
    conn = _raw(server, server.logins["ash"], STAFF_PASSWORD)
    with conn.cursor() as cur:
        cur.execute("SELECT set_config('app.school_id', %s, false)", (str(ash),))
        cur.execute("SELECT legal_last_name, school_id FROM pupil ORDER BY 1")
        assert cur.fetchall() == [("Alder", ash), ("Beech", ash)]
    conn.close()


def test_trust_role_counts_across_schools_but_reads_no_child(two_schools):
    server, ash, birch = two_schools
    conn = _raw(server, f"{server.dbname}_central", T_PW)
    with conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM school")
        assert cur.fetchone()[0] == 2
        cur.execute("SELECT count(*) FROM placement")
        assert cur.fetchone()[0] == 0
        with pytest.raises(psycopg2.errors.InsufficientPrivilege):
            cur.execute("SELECT legal_last_name FROM pupil")
    conn.close()


def test_the_application_cannot_rewrite_the_audit_log(two_schools):
    server, ash, _birch = two_schools
    conn = _raw(server, server.logins["ash"], STAFF_PASSWORD)
    with conn.cursor() as cur:
        cur.execute("SELECT set_config('app.school_id', %s, false)", (str(ash),))
        with pytest.raises(psycopg2.errors.InsufficientPrivilege):
            cur.execute("UPDATE audit_entry SET username = 'someone else'")
    conn.close()


def test_newer_school_tables_stay_with_their_school_and_providers_stay_shared(two_schools):
    server, ash, birch = two_schools
    from flexidesk.store.models import ChecklistTemplateItem, ForestSession, Provider, Term

    staff = open_pg_school(server, ash, server.logins["ash"])
    ForestSession.create(session_date=dt.date(2026, 11, 20), group_name="3 Oak")
    Term.create(name="Autumn", start_date=dt.date(2026, 9, 2), end_date=dt.date(2026, 10, 23))
    Provider.create(name="Heathside Riding School")
    ChecklistTemplateItem.create(code="insurance", label="Insurance")
    staff.close()
    close_database()
    staff = open_pg_school(server, birch, server.logins["birch"])
    # Ash's forest sessions and terms are Ash's; Birch may hold the same term dates itself.
    assert (ForestSession.select().count(), Term.select().count()) == (0, 0)
    Term.create(name="Autumn", start_date=dt.date(2026, 9, 2), end_date=dt.date(2026, 10, 23))
    # One provider's record and the trust's checklist serve every school.
    assert [p.name for p in Provider.select()] == ["Heathside Riding School"]
    assert [c.code for c in ChecklistTemplateItem.select()] == ["insurance"]
    staff.close()
    close_database()
