"""The Headteacher's Staff dialog on a laptop's file and on the trust's server, by clicking.

She adds a pastoral lead who can then sign in, resets his password (the old one stops
working), makes him a governor (he then signs in as one), and removes him (he can no longer
sign in; on a server, his open session ends at once).
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg2
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from flexidesk.policy.errors import PolicyError
from flexidesk.store.database import db
from flexidesk.store.models import AuditEntry, StaffUser
from tests.rights_data import encrypted_school
from tests.server.conftest import add_pg_school, open_pg_school
from tests.ui.test_staff_dialog import _dialog, _fill_form

BEN_PW, NEW_PW = "blue heron river", "a brand new phrase"


@dataclass
class Engine:
    name: str
    head: object  # the Headteacher's Actor
    sign_in: object  # (username, password) -> Actor, on a connection of its own
    login_of: object  # username -> what they type to sign in


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    if request.param == "sqlite":
        from flexidesk.policy.records.signin import sign_in

        path = tmp_path / "school.db"
        database, head, _recovery = encrypted_school(path)

        def sign_in_file(username, password):
            return _aside(lambda: sign_in(path, username, password))

        yield Engine("sqlite", head, sign_in_file, lambda username: username)
        database.close()
        return
    from flexidesk.policy.records.access import Actor
    from flexidesk.policy.records.signin import sign_in_server
    from flexidesk.server_connection import Connection
    from flexidesk.store import server_accounts

    server = request.getfixturevalue("pg_server")
    database = open_pg_school(server, *add_pg_school(server))
    head = Actor.from_user(StaffUser.get(StaffUser.username == "head"))
    connection = Connection(server.cluster.url(server.dbname, ""), str(server.ca_file))

    def login_of(username):
        return server_accounts.login_for(database, username)

    def sign_in_server_as(username, password):
        return _aside(lambda: sign_in_server(connection, login_of(username), password))

    yield Engine("postgresql", head, sign_in_server_as, login_of)
    database.close()


def _aside(open_):
    """Sign in on a connection of its own, then go back to the Headteacher's."""
    here = db.obj
    try:
        other, actor = open_()
        other.close()
        return actor
    finally:
        db.initialize(here)


def test_the_headteacher_manages_staff_from_the_staff_dialog(qtbot, engine, monkeypatch):
    dialog = _dialog(qtbot, engine.head)
    _fill_form(qtbot, display_name="Ben Marsh", username="bmarsh", role="pastoral_lead",
               password=BEN_PW, confirm=BEN_PW)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert StaffUser.get(StaffUser.username == "bmarsh").role == "pastoral_lead"
    assert dialog.table.current_object().username == "bmarsh"
    login = engine.login_of("bmarsh")
    assert f"can now sign in{' as ' + login if engine.name == 'postgresql' else ''}." in \
        dialog.status.text()
    assert dialog.rekey_button.isHidden() == (engine.name == "postgresql")
    dialog.grab().save(f"out/staff_dialog_{engine.name}.png")
    assert engine.sign_in("bmarsh", BEN_PW).role == "pastoral_lead"

    _fill_form(qtbot, password=NEW_PW, confirm=NEW_PW)
    qtbot.mouseClick(dialog.password_button, Qt.MouseButton.LeftButton)
    assert "no longer opens" in dialog.status.text()
    with pytest.raises(PolicyError, match="do not match"):
        engine.sign_in("bmarsh", BEN_PW)
    assert engine.sign_in("bmarsh", NEW_PW).display_name == "Ben Marsh"

    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("Governor", True))
    qtbot.mouseClick(dialog.role_button, Qt.MouseButton.LeftButton)
    assert dialog.table.current_object().role == "governor"
    assert engine.sign_in("bmarsh", NEW_PW).role == "governor"

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert "has been removed" in dialog.status.text()
    assert not StaffUser.get(StaffUser.username == "bmarsh").active
    with pytest.raises(PolicyError, match="do not match"):
        engine.sign_in("bmarsh", NEW_PW)
    actions = {e.action for e in AuditEntry.select().where(AuditEntry.table_name == "staff_user")}
    assert {"staff.add", "staff.password", "staff.role", "staff.remove"} <= actions


def test_a_leavers_open_session_ends_when_they_are_removed(qtbot, pg_server, monkeypatch):
    from flexidesk.policy.records.access import Actor
    from flexidesk.store import server_accounts
    from tests.server.conftest import STAFF_PASSWORD

    database = open_pg_school(pg_server, *add_pg_school(pg_server))
    head = Actor.from_user(StaffUser.get(StaffUser.username == "head"))
    with db.atomic():
        server_accounts.add_staff(database, "bmarsh", "Ben Marsh", "office", STAFF_PASSWORD)
    ben = psycopg2.connect(host="localhost", port=pg_server.cluster.port,
                           dbname=pg_server.dbname, user=server_accounts.login_for(
                               database, "bmarsh"), password=STAFF_PASSWORD,
                           sslmode="verify-full", sslrootcert=str(pg_server.ca_file))
    dialog = _dialog(qtbot, head)
    dialog.table.select_where(lambda u: u.username == "bmarsh")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert "has been removed" in dialog.status.text()
    with pytest.raises(psycopg2.OperationalError), ben.cursor() as cur:
        cur.execute("SELECT count(*) FROM pupil")
    database.close()
