"""A throwaway PostgreSQL for the server tests: one cluster a session, one database a test."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest

from tests.server.pg_cluster import Cluster, pg_bin_dir, start_cluster

OWNER, OWNER_PASSWORD = "fdowner", "owner-secret-for-tests"
_numbers = itertools.count(1)


def trust_cluster(dbname: str) -> Cluster:
    """A new cluster with the IT team's login and a migrated FlexiDesk database ``dbname``;
    skipped, saying why, when the server package is absent."""
    if pg_bin_dir() is None:
        pytest.skip("PostgreSQL server binaries not installed (apt-get install postgresql)")
    import psycopg2

    cluster = start_cluster()
    conn = psycopg2.connect(cluster.admin_dsn())
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f"CREATE ROLE {OWNER} LOGIN CREATEROLE PASSWORD '{OWNER_PASSWORD}'")
        cur.execute(f"CREATE DATABASE {dbname} OWNER {OWNER}")
    conn.close()
    from flexidesk.policy.records.server_grants import server_policy
    from flexidesk.store import close_database
    from flexidesk.store.server import open_server

    database = open_server(cluster.url(dbname, OWNER), ca_file=cluster.ca_file,
                           password=OWNER_PASSWORD, migrate=server_policy())
    database.close()
    close_database()
    return cluster


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Each phase's report on the test (``rep_call``...), for the attack suite's table."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def pg_cluster():
    """The cluster, its template database migrated (each test's is copied from it)."""
    cluster = trust_cluster("fd_template")
    yield cluster
    cluster.stop()


@dataclass
class Server:
    """One test's FlexiDesk database on the throwaway cluster."""

    cluster: Cluster
    dbname: str

    @property
    def ca_file(self):
        return self.cluster.ca_file

    def url(self, user: str = OWNER) -> str:
        return self.cluster.url(self.dbname, user)

    def admin(self):
        """A superuser connection to this database (autocommit), for set-up and checks."""
        import psycopg2

        conn = psycopg2.connect(self.cluster.admin_dsn(self.dbname))
        conn.autocommit = True
        return conn

    def admin_db(self):
        """A peewee handle on the superuser's connection (not bound to the models)."""
        import peewee

        if getattr(self, "_admin_db", None) is None:
            self._admin_db = peewee.PostgresqlDatabase(
                self.dbname, host=str(self.cluster.socket_dir), port=self.cluster.port,
                user="fdadmin")
        return self._admin_db

    def open_owner(self, school_id: int | None = None):
        from flexidesk.store.server import open_server

        return open_server(self.url(), ca_file=self.ca_file, password=OWNER_PASSWORD,
                           school_id=school_id)

    def login(self, name: str, password: str, *groups: str) -> str:
        """A login role for one member of staff (or a trust's central team) in ``groups``."""
        conn = self.admin()
        with conn.cursor() as cur:
            cur.execute(f'CREATE ROLE "{name}" LOGIN PASSWORD %s', (password,))
            for group in groups:
                cur.execute(f'GRANT "{group}" TO "{name}"')
        conn.close()
        return name


def database_privileges(cur, name: str) -> None:
    """What ``migrate`` sets on the database itself, which a copy from a template lacks."""
    cur.execute(f"REVOKE ALL ON DATABASE {name} FROM PUBLIC")
    cur.execute(f"GRANT CONNECT ON DATABASE {name} TO flexidesk_app")
    cur.execute(f"GRANT CREATE, CONNECT ON DATABASE {name} TO flexidesk_owner")


@pytest.fixture
def pg_server(pg_cluster):
    """A fresh, migrated FlexiDesk database (from the session's template)."""
    import psycopg2

    name = f"fd_test_{next(_numbers)}"
    conn = psycopg2.connect(pg_cluster.admin_dsn())
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f"CREATE DATABASE {name} TEMPLATE fd_template OWNER {OWNER}")
        database_privileges(cur, name)
    conn.close()
    server = Server(pg_cluster, name)
    yield server
    from flexidesk.store import close_database

    close_database()
    if getattr(server, "_admin_db", None) is not None:
        server._admin_db.close()
    # Each test's copy goes with it: a session's hundreds of copies made the cluster's
    # folder so large that removing it at the end outlasted the test timeout.
    conn = psycopg2.connect(pg_cluster.admin_dsn())
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    conn.close()


class MemoryKeyring:
    """An in-memory OS keystore for tests (keyring's own backends need a desktop session)."""

    priority = 1

    def __init__(self):
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.secrets.get((service, username))

    def set_password(self, service, username, password):
        self.secrets[(service, username)] = password

    def delete_password(self, service, username):
        self.secrets.pop((service, username), None)

    def get_credential(self, service, username):
        return None


@pytest.fixture
def memory_keyring(monkeypatch):
    """The OS keystore, replaced by a dictionary for this test."""
    import keyring

    store = MemoryKeyring()
    monkeypatch.setattr(keyring, "get_password", store.get_password)
    monkeypatch.setattr(keyring, "set_password", store.set_password)
    return store


STAFF = (("head", "Ada Quill", "headteacher"), ("pastoral", "Ben Marsh", "pastoral_lead"),
         ("office", "Cara Lind", "office"), ("governor", "Dev Okafor", "governor"))
from tests.engines import STAFF_PASSWORD, acting_as  # noqa: E402, F401 - shared with unit tests


def add_pg_school(server: Server, name: str = "Brookfield Test Primary") -> tuple[int, str]:
    """A school on the server whose Headteacher (``head``, Ada Quill) has a login of her own
    (``head@CODE``); returns (school_id, login)."""
    from flexidesk.store import close_database, engines, server_accounts

    database = server.open_owner()
    short = name.split()[0].lower()
    role = f"{server.dbname}_{short}"
    school_id = engines.add_school(database, name=name, headteacher_name="Ms Ada Quill",
                                   address="1 Orchard Lane\nMillbridge", postcode="MB1 2CD",
                                   nation="ENG", letter_signatory="Ms Ada Quill",
                                   role_name=role)
    database.use_school(school_id)
    with database.atomic():
        server_accounts.add_staff(database, "head", "Ada Quill", "headteacher", STAFF_PASSWORD)
    login = server_accounts.login_for(database, "head")
    database.close()
    close_database()
    return school_id, login


def add_pg_staff(rows=STAFF[1:]) -> None:
    """The school's other staff (pastoral, office, governor), added by its Headteacher from
    the app as on the server (each with a login)."""
    from flexidesk.store import server_accounts
    from flexidesk.store.database import db

    with db.atomic():
        for username, name, role in rows:
            server_accounts.add_staff(db.obj, username, name, role, STAFF_PASSWORD)


def open_pg_school(server: Server, school_id: int, login: str):
    """The application's connection as the school's staff login (row-level security on)."""
    from flexidesk.store.server import open_server

    return open_server(server.url(login), ca_file=server.ca_file, password=STAFF_PASSWORD,
                       school_id=school_id)


def engine_database(request, tmp_path, engine: str):
    """A fresh file with the test school, or a fresh school on the throwaway server."""
    from flexidesk.store import open_database
    from flexidesk.store.models import School

    if engine == "sqlite":
        database = open_database(tmp_path / "test.db", create=True)
        School.create(name="Brookfield Test Primary", headteacher_name="Ms Ada Quill",
                      address="1 Orchard Lane\nMillbridge", postcode="MB1 2CD",
                      nation="ENG", letter_signatory="Ms Ada Quill")
        return database
    server = request.getfixturevalue("pg_server")
    return open_pg_school(server, *add_pg_school(server))


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    """The school's database on each engine in turn (the root fixture's, for tests here)."""
    database = engine_database(request, tmp_path, request.param)
    yield database
    database.close()


@pytest.fixture
def school(database):
    """The school (made with the database) with one member of staff per role."""
    from flexidesk.store.models import School, StaffUser

    if getattr(database, "engine", "") == "postgresql":
        add_pg_staff()  # the Headteacher came with the school
    else:
        for username, name, role in STAFF:
            StaffUser.create(username=username, display_name=name, role=role)
    return School.get()


@pytest.fixture(params=["sqlite", "postgresql"])
def engine_school(request, tmp_path):
    """The test school with one member of staff per role, on a file or on the server."""
    from flexidesk.store import open_database
    from flexidesk.store.models import StaffUser

    if request.param == "sqlite":
        database = open_database(tmp_path / "test.db", create=True)
        for username, name, role in STAFF:
            StaffUser.create(username=username, display_name=name, role=role)
    else:
        server = request.getfixturevalue("pg_server")
        school_id, login = add_pg_school(server)
        database = open_pg_school(server, school_id, login)
        add_pg_staff()
    yield database
    database.close()

