"""The server restarts, or the network drops a connection: FlexiDesk carries on afterwards.

Between transactions the connection is made again by itself; a save caught while the
server is away is refused with "The server cannot be reached; trying again…" and nothing
of it is kept; the window says so in its status bar, tries again, and reads its rows once
the server is back. Its own throwaway cluster: the test stops it with ``-m immediate``.
"""

from __future__ import annotations

import datetime as dt
import itertools

import psycopg2
import pytest

from flexidesk.policy import flexi
from flexidesk.policy.records.access import Actor
from flexidesk.store import audit
from flexidesk.store.models import FlexiRequest, StaffUser
from flexidesk.store.server import ServerUnavailable
from tests.server.conftest import Server, add_pg_school, trust_cluster
from tests.ui.flexi_fixtures import make_family

_numbers = itertools.count(1)


@pytest.fixture(scope="module")
def own_cluster():
    cluster = trust_cluster("fd_restart")  # its own: this module stops and starts it
    yield cluster
    cluster.stop()


@pytest.fixture
def head(own_cluster):
    """The school's Headteacher, signed in (the app's own connection)."""
    from tests.server.conftest import open_pg_school

    server = Server(own_cluster, "fd_restart")
    school, login = add_pg_school(server, f"R{next(_numbers)} Primary")
    database = open_pg_school(server, school, login)
    yield Actor.from_user(StaffUser.get(StaffUser.username == "head")), database, server
    database.close()


def _receive(actor: Actor) -> FlexiRequest:
    pupil, mother, _stepdad = make_family(upn=f"H8012{next(_numbers):08d}")
    return flexi.receive_request(actor, pupil_id=pupil.id, adult_ids=[mother.id],
                                 received_on=dt.date(2026, 11, 2), sessions=["fri_am"],
                                 reasons="Forest school on Fridays")


def test_after_a_restart_the_next_save_connects_again(head, own_cluster):
    actor, database, _server = head
    _receive(actor)
    own_cluster.halt()
    with pytest.raises(ServerUnavailable, match="The server cannot be reached; trying again"):
        _receive(actor)  # caught while the server is away: refused, not a traceback
    own_cluster.start()
    request = _receive(actor)  # the connection is made again, between transactions
    assert FlexiRequest.get_by_id(request.id).reasons == "Forest school on Fridays"
    assert FlexiRequest.select().count() == 2  # the refused save kept nothing
    assert audit.verify_chain().ok


def test_a_dropped_connection_is_made_again_for_the_next_read_and_save(head):
    actor, database, server = head
    pid = database.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
    admin = psycopg2.connect(server.cluster.admin_dsn(server.dbname))
    admin.autocommit = True
    admin.cursor().execute("SELECT pg_terminate_backend(%s)", (pid,))  # as a dead network
    admin.close()
    assert FlexiRequest.select().count() == 0  # a read simply asks again
    assert database.execute_sql("SELECT pg_backend_pid()").fetchone()[0] != pid
    assert database.school_id and database.execute_sql(
        "SELECT current_setting('app.school_id')").fetchone()[0] == str(database.school_id)
    _receive(actor)


def test_the_window_says_the_server_is_away_and_carries_on_when_it_is_back(
        qtbot, head, own_cluster, monkeypatch, caplog, tmp_path):
    import sys

    from PySide6.QtWidgets import QMainWindow

    from flexidesk.ui.crash import install_excepthook
    from flexidesk.ui.server_status import ServerWatch

    actor, database, _server = head
    window = QMainWindow()
    qtbot.addWidget(window)
    refreshed = []
    window.refresh = lambda: refreshed.append(True)  # type: ignore[attr-defined]
    watch = ServerWatch(window, database, retry_ms=100)
    window.resize(720, 160)
    window.show()
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # put back after the test
    install_excepthook(tmp_path / "flexidesk.log")  # the laptop window's own crash handler
    own_cluster.halt()
    try:
        try:
            _receive(actor)
        except ServerUnavailable as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)  # as a slot's error reaches it
        assert watch.notice.isVisible()
        assert watch.notice.text() == "The server cannot be reached; trying again…"
        window.grab().save("out/server_unreachable.png")
    finally:
        own_cluster.start()
    qtbot.waitUntil(lambda: not watch.waiting, timeout=20000)
    assert not watch.notice.isVisible() and refreshed
    assert window.statusBar().currentMessage() == "Connected to the server again."
    assert "Unexpected error" not in caplog.text  # no apology for a bug: it was not one
    _receive(actor)
