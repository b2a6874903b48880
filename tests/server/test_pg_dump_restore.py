"""Backups on a server are pg_dump's job: FlexiDesk's data restored from a dump verifies."""

from __future__ import annotations

import subprocess

from flexidesk.commands.check import check_server
from flexidesk.policy.records.server_grants import server_policy
from flexidesk.store import close_database
from flexidesk.store.engines import migrate_server
from flexidesk.store.models import Pupil
from flexidesk.store.server import open_server
from tests.server.conftest import OWNER, OWNER_PASSWORD, add_pg_school, open_pg_school
from tests.server.test_concurrency import _actor, _note, _request


def test_a_pg_dump_restores_every_school_with_its_chain(pg_server, tmp_path):
    schools = [add_pg_school(pg_server, name) for name in ("Ash Lane", "Birch Row")]
    for school_id, login in schools:
        open_pg_school(pg_server, school_id, login)
        request = _request(_actor("head"))
        _note(_actor("head"), request.id, "Before the backup")
        close_database()
    dump = tmp_path / "flexidesk.dump"
    cluster = pg_server.cluster
    common = ["-h", str(cluster.socket_dir), "-p", str(cluster.port), "-U", "fdadmin"]
    subprocess.run([str(cluster.bin_dir / "pg_dump"), *common, "-Fc", "-f", str(dump),
                    pg_server.dbname], check=True, timeout=120)
    cluster.create_database(f"{pg_server.dbname}_restored")  # as the page says: the IT
    conn = pg_server.admin()                                   # team's database
    conn.cursor().execute(f"ALTER DATABASE {pg_server.dbname}_restored OWNER TO {OWNER}")
    conn.close()
    subprocess.run([str(cluster.bin_dir / "pg_restore"), *common, "-d",
                    f"{pg_server.dbname}_restored", "--exit-on-error", str(dump)],
                   check=True, timeout=120)
    restored = open_server(cluster.url(f"{pg_server.dbname}_restored", OWNER),
                           ca_file=cluster.ca_file, password=OWNER_PASSWORD)
    # A new database lets every login in and make temporary tables: the check says so,
    # and migrate (as docs/server.md says, after a restore) closes it again.
    [(trust, report)] = [(s, r) for s, r in check_server(restored) if s == 0]
    assert "may make temporary tables" in report.problems[0]
    migrate_server(restored, server_policy())
    reports = check_server(restored)
    assert [(r.ok, r.problems) for _school, r in reports] == [(True, ())] * 3
    assert {school: r.rows for school, r in reports}[schools[0][0]] > 3
    assert Pupil.select().count() == 2
    # Row-level security came back too: a school's login still sees only its own child.
    restored.close()
    close_database()
    again = open_server(cluster.url(f"{pg_server.dbname}_restored", schools[1][1]),
                        ca_file=cluster.ca_file, password="staff-secret-for-tests",
                        school_id=schools[1][0])
    assert Pupil.select().count() == 1
    again.close()
