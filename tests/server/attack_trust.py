"""The trust the attack suite works on: two demo schools moved in, every role a login of its own.

Ash Lane (the demo file) and Birch Row (a second demo file) each have a Headteacher, a
pastoral lead, an office and a governor login (``head@ash`` ...), made as the IT team
makes them; the trust has an AP lead and a governor. Every attack connects as one of
them over TLS with ``psycopg2``, as a member of staff with ``psql`` would.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import psycopg2

from tests.engines import STAFF_PASSWORD
from tests.server.conftest import OWNER, OWNER_PASSWORD, database_privileges
from tests.server.pg_cluster import Cluster

ROLES = ("head", "pastoral", "office", "governor")
TRUST_LOGINS = {"ap_lead": "trust_ap_lead", "trust_governor": "trust_governor"}


@dataclass
class Trust:
    """Where everything is: the schools' ids and, for Ash, the rows the attacks aim at."""

    cluster: Cluster
    dbname: str
    ash: int
    birch: int
    ids: dict[str, int] = field(default_factory=dict)

    def connect(self, login: str, *, school: int | None = None):
        """A login's own connection (autocommit), working for its school unless told."""
        if "@" in login:
            school = school if school is not None else getattr(self, login.split("@")[1])
        conn = psycopg2.connect(host="localhost", port=self.cluster.port, dbname=self.dbname,
                                user=login, password=STAFF_PASSWORD, sslmode="verify-full",
                                sslrootcert=str(self.cluster.ca_file))
        conn.autocommit = True
        if school is not None:
            with conn.cursor() as cur:
                cur.execute("SELECT set_config('app.school_id', %s, false)", (str(school),))
        return conn

    def admin(self):
        """The cluster's superuser (to look at what an attack did, never to attack)."""
        conn = psycopg2.connect(self.cluster.admin_dsn(self.dbname))
        conn.autocommit = True
        return conn

    def count(self, sql: str, params: tuple = ()) -> int:
        conn = self.admin()
        try:
            with conn.cursor() as cur:
                cur.execute(sql, params)
                return cur.fetchone()[0]
        finally:
            conn.close()


def build_trust(cluster: Cluster, dbname: str, folder) -> Trust:
    """The database from the session's template, the two schools moved in, their logins."""
    from flexidesk.demo import seed_demo
    from flexidesk.store import close_database, engines, server_accounts
    from flexidesk.store.server import open_server
    from flexidesk.store.transfer import move_to_server

    conn = psycopg2.connect(cluster.admin_dsn())
    conn.autocommit = True
    conn.cursor().execute(f"CREATE DATABASE {dbname} TEMPLATE fd_template OWNER {OWNER}")
    database_privileges(conn.cursor(), dbname)
    conn.close()
    files = []
    for seed, pupils in ((1, 80), (2, 40)):
        path = folder / f"school{seed}.db"
        seed_demo(path, pupils=pupils, seed=seed, encrypted=False, today=dt.date(2026, 11, 27))
        close_database()
        files.append(path)
    owner = open_server(cluster.url(dbname, OWNER), ca_file=cluster.ca_file,
                        password=OWNER_PASSWORD)
    schools = [move_to_server(path, None, owner, role_name=name).school_id
               for path, name in zip(files, ("ash", "birch"), strict=True)]
    trust = Trust(cluster, dbname, *schools)
    for school in schools:
        owner.use_school(school)
        with owner.atomic():
            for username in ROLES:
                user_id = owner.execute_sql(
                    "SELECT id FROM staff_user WHERE school_id = %s AND username = %s",
                    (school, username)).fetchone()[0]
                server_accounts.set_password(owner, user_id, STAFF_PASSWORD)
    owner.use_school(0)
    for login, role in TRUST_LOGINS.items():
        engines.add_trust_account(owner, username=login, display_name=login, role=role,
                                  password=STAFF_PASSWORD)
    owner.close()
    close_database()
    _note_targets(trust)
    return trust


def _note_targets(trust: Trust) -> None:
    """The ids the attacks aim at: Ash's first child, its head's account, a shared site..."""
    conn = trust.admin()
    with conn.cursor() as cur:
        queries = {
            "ash_pupil": "SELECT min(id) FROM pupil WHERE school_id = %(ash)s",
            "birch_pupil": "SELECT min(id) FROM pupil WHERE school_id = %(birch)s",
            "ash_adult": "SELECT min(id) FROM adult WHERE school_id = %(ash)s",
            "ash_head": "SELECT id FROM staff_user WHERE school_id = %(ash)s "
                        "AND username = 'head'",
            "ash_office": "SELECT id FROM staff_user WHERE school_id = %(ash)s "
                          "AND username = 'office'",
            "birch_governor": "SELECT id FROM staff_user WHERE school_id = %(birch)s "
                              "AND username = 'governor'",
            "ash_site": "SELECT min(ps.site_id) FROM placement_site ps "
                        "WHERE ps.school_id = %(ash)s",
            "birch_intervention": "SELECT min(id) FROM intervention "
                                  "WHERE school_id = %(birch)s",
            "provider": "SELECT min(id) FROM provider",
            "other_provider": "SELECT max(id) FROM provider",
        }
        for name, sql in queries.items():
            cur.execute(sql, {"ash": trust.ash, "birch": trust.birch})
            trust.ids[name] = cur.fetchone()[0]
    conn.close()
