"""A trust-wide version of our policy on the trust's server: the trust's AP lead publishes it,
each school's Headteacher adopts it as the school's own; the server itself refuses a school
that would change the trust's version, the trust that would adopt for a school, and a school
that would read another's versions."""

from __future__ import annotations

import datetime as dt

import psycopg2
import pytest

from flexidesk.policy import ourpolicy
from flexidesk.policy.ourpolicy.trust import (
    adopt_trust_version,
    latest_trust_version,
    publish_trust_version,
)
from flexidesk.policy.records.access import Actor
from flexidesk.store import close_database, engines
from flexidesk.store.models import PolicyVersion, StaffUser
from flexidesk.store.server import open_server
from tests.engines import STAFF_PASSWORD
from tests.server.attack_trust import Trust
from tests.server.conftest import add_pg_school, open_pg_school

TODAY = dt.date(2026, 11, 30)


@pytest.fixture
def trust_policy(pg_server):
    """Two schools, and the trust's AP lead, who has published version 1 (ten school days)."""
    ash = add_pg_school(pg_server, "Ash Lane Primary")
    birch = add_pg_school(pg_server, "Birch Row Primary")
    lead = f"{pg_server.dbname}_lead"
    owner = pg_server.open_owner()
    engines.add_trust_account(owner, username=lead, display_name="Tom Central",
                              role="trust_ap_lead", password=STAFF_PASSWORD)
    owner.close()
    close_database()
    database = open_server(pg_server.url(lead), ca_file=pg_server.ca_file,
                           password=STAFF_PASSWORD, school_id=0)
    body = ourpolicy.default_policy()
    body["flexi"]["deadline_days"] = 10
    publish_trust_version(Actor(lead, "trust_ap_lead", "Tom Central"), body,
                          today=dt.date(2026, 11, 20))
    database.close()
    close_database()
    trust = Trust(pg_server.cluster, pg_server.dbname, ash[0], birch[0])
    trust.ids.update(lead=lead)  # type: ignore[dict-item]
    yield trust, ash, birch
    close_database()


def _head() -> Actor:
    return Actor.from_user(StaffUser.get(StaffUser.username == "head"))


def test_each_school_sees_the_trusts_version_and_adopts_it_as_its_own(pg_server, trust_policy):
    _trust, ash, birch = trust_policy
    database = open_pg_school(pg_server, *ash)
    published = latest_trust_version()
    assert published.heading() == ("The trust's version 1, published on 20 Nov 2026 by Tom "
                                   "Central.")
    adopted = adopt_trust_version(_head(), published.id, adopted_on=dt.date(2026, 11, 25),
                                  next_review=dt.date(2027, 11, 24), today=TODAY)
    assert ourpolicy.in_force(TODAY) == adopted
    assert (adopted.trust_version_id, adopted.deadline_days) == (published.id, 10)
    database.close()
    close_database()
    database = open_pg_school(pg_server, *birch)
    assert latest_trust_version() == published  # the other school sees it too ...
    assert PolicyVersion.select().count() == 0  # ... and none of Ash's versions
    assert ourpolicy.in_force(TODAY).version_id is None
    database.close()


def refused(trust: Trust, login: str, sql: str, *, school: int | None) -> None:
    conn = trust.connect(login, school=school)
    try:
        with conn.cursor() as cur, pytest.raises(psycopg2.Error) as error:
            cur.execute(sql)
        assert error.value.pgcode == "42501", f"{sql}: {error.value.pgcode} {error.value}"
    finally:
        conn.close()


_WRITE_TRUST_VERSION = [
    "INSERT INTO trust_policy_version (number, body, published_on, published_at, "
    "published_by) VALUES (2, '{}', '2026-11-30', now(), 'Ada Quill')",
    "UPDATE trust_policy_version SET body = '{}'",
    "DELETE FROM trust_policy_version",
]


@pytest.mark.parametrize("sql", _WRITE_TRUST_VERSION)
@pytest.mark.parametrize("role", ["head", "governor"])
def test_a_schools_login_cannot_write_the_trusts_version(pg_server, trust_policy, sql, role):
    trust, ash, _birch = trust_policy
    login = ash[1] if role == "head" else _staff_login(pg_server, ash, role)
    refused(trust, login, sql, school=trust.ash)
    assert trust.count("SELECT count(*) FROM trust_policy_version WHERE body <> '{}'") == 1


@pytest.mark.parametrize("sql", _WRITE_TRUST_VERSION[1:])
def test_nobody_changes_a_published_version_not_even_the_trust(pg_server, trust_policy, sql):
    trust, _ash, _birch = trust_policy
    refused(trust, trust.ids["lead"], sql, school=None)
    assert trust.count("SELECT count(*) FROM trust_policy_version WHERE body <> '{}'") == 1


@pytest.mark.parametrize("sql", [
    "INSERT INTO policy_version (number, status, body, adopted_on, in_force_from, created_at, "
    "trust_version_id, school_id) VALUES (1, 'adopted', '{{}}', '2026-11-25', '2026-11-25', "
    "now(), 1, {ash})",
    "UPDATE policy_version SET status = 'adopted'",
    "SELECT count(*) FROM policy_version",
])
def test_the_trust_cannot_adopt_for_a_school(pg_server, trust_policy, sql):
    trust, _ash, _birch = trust_policy
    for school in (None, trust.ash):
        refused(trust, trust.ids["lead"], sql.format(ash=trust.ash), school=school)
    assert trust.count("SELECT count(*) FROM policy_version") == 0


def test_a_school_cannot_read_nor_change_another_schools_versions(pg_server, trust_policy):
    trust, ash, birch = trust_policy
    database = open_pg_school(pg_server, *ash)
    adopt_trust_version(_head(), latest_trust_version().id, adopted_on=dt.date(2026, 11, 25),
                        next_review=dt.date(2027, 11, 24), today=TODAY)
    database.close()
    close_database()
    for named in (trust.ash, trust.birch, 0, None):
        conn = trust.connect(birch[1], school=0 if named is None else named)
        try:
            with conn.cursor() as cur:
                if named is None:
                    cur.execute("RESET app.school_id")
                cur.execute("SELECT count(*) FROM policy_version WHERE school_id = %s",
                            (trust.ash,))
                assert cur.fetchone()[0] == 0, f"Birch read Ash's versions naming {named}"
                cur.execute("UPDATE policy_version SET body = '{}', trust_version_id = NULL "
                            "WHERE school_id = %s", (trust.ash,))
                assert cur.rowcount == 0
        except psycopg2.errors.InsufficientPrivilege:
            pass  # no school named: nothing to write as
        finally:
            conn.close()
    assert trust.count("SELECT count(*) FROM policy_version WHERE school_id = %s AND "
                       "trust_version_id IS NOT NULL AND body <> '{}'", (trust.ash,)) == 1


def _staff_login(pg_server, school, role: str) -> str:
    """A login for ``role`` at ``school``, added by its Headteacher as on the server."""
    from flexidesk.store import server_accounts

    database = open_pg_school(pg_server, *school)
    with database.atomic():
        server_accounts.add_staff(database, role, role.title(), role, STAFF_PASSWORD)
    login = server_accounts.login_for(database, role)
    database.close()
    close_database()
    return login
