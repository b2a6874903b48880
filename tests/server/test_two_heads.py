"""Two Headteachers demoting each other at the same moment from psql: the school keeps one."""

from __future__ import annotations

import threading

import psycopg2
import pytest

from flexidesk.store import close_database, server_accounts
from tests.server.conftest import STAFF_PASSWORD, add_pg_school, open_pg_school


def _connect(server, login: str, school: int):
    conn = psycopg2.connect(host="localhost", port=server.cluster.port, dbname=server.dbname,
                            user=login, password=STAFF_PASSWORD, sslmode="verify-full",
                            sslrootcert=str(server.ca_file))
    with conn.cursor() as cur:
        cur.execute("SELECT set_config('app.school_id', %s, false)", (str(school),))
    conn.commit()
    return conn


def _waiting_on_a_lock(server, pid: int) -> bool:
    conn = server.admin()
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = %s",
                        (pid,))
            row = cur.fetchone()
            return bool(row and row[0])
    finally:
        conn.close()


@pytest.mark.parametrize("isolation", ["READ COMMITTED", "REPEATABLE READ"])
def test_two_heads_demoting_each_other_at_once_leave_one_head(pg_server, isolation):
    school, ada = add_pg_school(pg_server)
    open_pg_school(pg_server, school, ada)
    from flexidesk.store.database import db

    with db.atomic():
        bea_id = server_accounts.add_staff(db.obj, "bea", "Bea Holt", "headteacher",
                                           STAFF_PASSWORD)
    bea = server_accounts.login_for(db.obj, "bea")
    ada_id = db.obj.execute_sql("SELECT id FROM staff_user WHERE username = 'head'").fetchone()[0]
    db.obj.close()
    close_database()

    first, second = _connect(pg_server, ada, school), _connect(pg_server, bea, school)
    for conn in (first, second):
        conn.set_session(isolation_level=isolation)
        with conn.cursor() as cur:
            cur.execute("SELECT 1")  # both transactions begun (at REPEATABLE READ, seen)
    # Ada demotes Bea: done, not yet committed.
    with first.cursor() as cur:
        cur.execute("SELECT flexidesk.staff_set_role(%s, 'office')", (bea_id,))
    both_in = threading.Barrier(2)
    outcome: dict[str, BaseException | None] = {}

    def bea_demotes_ada() -> None:
        both_in.wait(timeout=20)
        try:
            with second.cursor() as cur:
                cur.execute("SELECT flexidesk.staff_set_role(%s, 'office')", (ada_id,))
            second.commit()
            outcome["second"] = None
        except psycopg2.Error as exc:
            second.rollback()
            outcome["second"] = exc

    thread = threading.Thread(target=bea_demotes_ada)
    thread.start()
    both_in.wait(timeout=20)
    # Bea's change waits on Ada's transaction (a condition, never a fixed time); then it ends.
    pid = second.get_backend_pid()
    while thread.is_alive() and not _waiting_on_a_lock(pg_server, pid):
        thread.join(timeout=0.05)
    first.commit()
    thread.join(timeout=20)
    assert not thread.is_alive()
    refused = outcome["second"]
    assert refused is not None and refused.pgcode in ("23514", "40001"), refused
    conn = pg_server.admin()
    with conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM staff_user WHERE school_id = %s AND role = "
                    "'headteacher' AND active", (school,))
        assert cur.fetchone()[0] == 1
    conn.close()
    first.close()
    second.close()
