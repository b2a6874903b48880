"""`flexidesk migrate --server` and `check --server`: the schema's version and every school's chain."""

from __future__ import annotations

import io

import psycopg2
import pytest

from flexidesk.cli import main
from flexidesk.store import close_database, engines
from flexidesk.store.errors import SchemaTooNew
from flexidesk.store.migrations import LATEST_VERSION
from flexidesk.store.server import ServerURL, save_password
from tests.server.conftest import OWNER_PASSWORD


def _args(server) -> list[str]:
    return ["--server", server.url(), "--ca-file", str(server.ca_file)]


def test_migrate_builds_an_empty_server_to_the_latest_version(pg_cluster, memory_keyring,
                                                              capsys):
    pg_cluster.create_database("fd_empty")
    conn = psycopg2.connect(pg_cluster.admin_dsn())
    conn.autocommit = True
    conn.cursor().execute("ALTER DATABASE fd_empty OWNER TO fdowner")
    conn.close()
    url = pg_cluster.url("fd_empty", "fdowner")
    save_password(ServerURL.parse(url), OWNER_PASSWORD)  # the keystore, not a file
    assert main(["migrate", "--server", url, "--ca-file", str(pg_cluster.ca_file)]) == 0
    assert f"version {LATEST_VERSION}" in capsys.readouterr().out
    conn = psycopg2.connect(pg_cluster.admin_dsn("fd_empty"))
    with conn.cursor() as cur:
        cur.execute("SELECT version FROM flexidesk_schema")
        assert cur.fetchone()[0] == LATEST_VERSION
        cur.execute("SELECT relrowsecurity FROM pg_class WHERE relname = 'pupil'")
        assert cur.fetchone()[0] is True
    conn.close()
    # Run again: nothing to do, still fine.
    assert main(["migrate", "--server", url, "--ca-file", str(pg_cluster.ca_file)]) == 0


def test_migrate_refuses_a_server_newer_than_it_knows(pg_server, memory_keyring, capsys):
    conn = pg_server.admin()
    conn.cursor().execute("UPDATE flexidesk_schema SET version = %s", (LATEST_VERSION + 1,))
    conn.close()
    save_password(ServerURL.parse(pg_server.url()), OWNER_PASSWORD)
    assert main(["migrate", *_args(pg_server)]) == 2
    assert "newer FlexiDesk" in capsys.readouterr().err
    with pytest.raises(SchemaTooNew):
        pg_server.open_owner()


def test_migrate_adds_what_an_older_server_lacks(pg_server, memory_keyring):
    conn = pg_server.admin()
    with conn.cursor() as cur:
        cur.execute('ALTER TABLE flexi_request DROP COLUMN "version" CASCADE')
        cur.execute("UPDATE flexidesk_schema SET version = %s", (LATEST_VERSION - 1,))
    save_password(ServerURL.parse(pg_server.url()), OWNER_PASSWORD)
    assert main(["migrate", *_args(pg_server)]) == 0
    with conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM information_schema.columns "
                    "WHERE table_schema = 'public' AND table_name = 'flexi_request' "
                    "AND column_name = 'version'")
        assert cur.fetchone()[0] == 1
    conn.close()


def test_check_server_verifies_every_schools_chain_and_finds_a_tampered_one(
        pg_server, memory_keyring, capsys, monkeypatch):
    from flexidesk.store import audit

    database = pg_server.open_owner()
    ids = [engines.add_school(database, name=f"School {n}", headteacher_name="Head",
                              role_name=f"{pg_server.dbname}_s{n}") for n in (1, 2)]
    for school_id in ids:
        database.use_school(school_id)
        with database.atomic():
            for n in range(3):
                audit.record("head", "test.write", "pupil", n)
    database.close()
    close_database()
    save_password(ServerURL.parse(pg_server.url()), OWNER_PASSWORD)
    assert main(["check", *_args(pg_server)]) == 0
    out = capsys.readouterr().out
    # Each school's chain: the school's creation, then the three writes.
    assert out.count("audit chain intact (4 rows)") == 2
    conn = pg_server.admin()  # someone with the superuser's password edits history
    conn.cursor().execute("SET session_replication_role = replica")  # triggers off
    conn.cursor().execute("UPDATE audit_entry SET username = 'x' WHERE id = "
                          "(SELECT min(id) FROM audit_entry WHERE school_id = %s)", (ids[1],))
    conn.close()
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["check", *_args(pg_server)]) == 1
    assert f"School {ids[1]}: audit chain BROKEN" in capsys.readouterr().out


def test_the_servers_tables_are_the_models_tables_with_a_school(pg_server):
    conn = pg_server.admin()
    with conn.cursor() as cur:
        for model in engines.all_models():
            table = model._meta.table_name
            cur.execute("SELECT column_name FROM information_schema.columns "
                        "WHERE table_name = %s", (table,))
            columns = {row[0] for row in cur.fetchall()}
            expected = {f.column_name for f in model._meta.sorted_fields}
            if table in engines.school_tables():
                expected.add("school_id")
            assert columns == expected, table
    conn.close()


def test_migrate_takes_the_owners_password_on_standard_input(pg_server, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(OWNER_PASSWORD + "\n"))
    assert main(["migrate", *_args(pg_server), "--password-stdin"]) == 0
    assert "steps run: 0" in capsys.readouterr().out


def _behind_the_audits_back(server, *statements) -> None:
    """Someone with the superuser's password, the triggers switched off."""
    conn = server.admin()
    with conn.cursor() as cur:
        cur.execute("SET session_replication_role = replica")
        for statement in statements:
            cur.execute(statement)
    conn.close()


def test_check_server_finds_a_school_gone_a_cut_log_and_a_row_changed_without_its_entry(
        pg_server, memory_keyring, capsys):
    from tests.server.conftest import add_pg_school, open_pg_school
    from tests.ui.flexi_fixtures import make_family

    schools = {}
    for name in ("Ash Lane", "Birch Row", "Cedar Hill"):
        school, login = add_pg_school(pg_server, name)
        open_pg_school(pg_server, school, login)
        make_family(upn=f"{name[0]}80120000000{school}")
        close_database()
        schools[name] = school
    save_password(ServerURL.parse(pg_server.url()), OWNER_PASSWORD)
    assert main(["check", *_args(pg_server)]) == 0
    capsys.readouterr()
    ash, birch, cedar = schools.values()
    _behind_the_audits_back(
        pg_server,
        f"DELETE FROM flexidesk_school_role WHERE school_id = {cedar}",
        f"DELETE FROM pupil_adult WHERE school_id = {cedar}",
        f"DELETE FROM adult WHERE school_id = {cedar}",
        f"DELETE FROM pupil WHERE school_id = {cedar}",
        f"DELETE FROM staff_user WHERE school_id = {cedar}",
        f"DELETE FROM school WHERE id = {cedar}",
        f"DELETE FROM audit_entry WHERE id = (SELECT max(id) FROM audit_entry "
        f"WHERE school_id = {birch})",
        f"UPDATE pupil SET legal_last_name = 'Someone else' WHERE school_id = {ash}")
    assert main(["check", *_args(pg_server)]) == 1
    out = capsys.readouterr().out
    assert f"School {cedar}: the school is MISSING" in out
    assert f"School {birch}: the log has been CUT" in out
    assert f"School {ash}: pupil: rows 1 changed without their audit entry." in out


def test_check_server_finds_a_database_open_to_every_login(pg_server, memory_keyring, capsys):
    conn = pg_server.admin()
    conn.cursor().execute(f"GRANT TEMP ON DATABASE {pg_server.dbname} TO PUBLIC")
    conn.close()
    save_password(ServerURL.parse(pg_server.url()), OWNER_PASSWORD)
    assert main(["check", *_args(pg_server)]) == 1
    assert "may make temporary tables in this database" in capsys.readouterr().out
    assert main(["migrate", *_args(pg_server)]) == 0  # which closes it again
    assert main(["check", *_args(pg_server)]) == 0


def test_migrate_to_17_limits_the_logins_an_older_server_made(pg_server, memory_keyring):
    """A login made before version 17 had no connection limit; a site could not be retired."""
    from flexidesk.store.server_accounts import CONNECTION_LIMIT
    from tests.server.conftest import add_pg_school

    _school, login = add_pg_school(pg_server)
    conn = pg_server.admin()
    with conn.cursor() as cur:
        cur.execute(f'ALTER ROLE "{login}" CONNECTION LIMIT -1')
        cur.execute('ALTER TABLE provider_site DROP COLUMN "active"')
        cur.execute("UPDATE flexidesk_schema SET version = 16")
    save_password(ServerURL.parse(pg_server.url()), OWNER_PASSWORD)
    assert main(["migrate", *_args(pg_server)]) == 0
    with conn.cursor() as cur:
        cur.execute("SELECT rolconnlimit FROM pg_roles WHERE rolname = %s", (login,))
        assert cur.fetchone()[0] == CONNECTION_LIMIT
        cur.execute("SELECT count(*) FROM information_schema.columns WHERE table_name = "
                    "'provider_site' AND column_name = 'active'")
        assert cur.fetchone()[0] == 1
    conn.close()
