"""`python -m flexidesk --server URL`: staff sign in with their account; the password may go to the keystore."""

from __future__ import annotations

import io

import pytest
from PySide6.QtCore import Qt

from flexidesk.cli import main
from flexidesk.server_connection import Connection, saved_connection
from flexidesk.store.server import KEYRING_SERVICE, ServerError, open_server
from flexidesk.ui.server_app import ServerSignInDialog
from tests.server.conftest import STAFF_PASSWORD, add_pg_school


def _school_with_head(server) -> tuple[int, str]:
    """A school whose Headteacher (Ada Quill, ``head``) signs in as ``head@CODE``."""
    return add_pg_school(server)


def _dialog(qtbot, server) -> ServerSignInDialog:
    dialog = ServerSignInDialog(Connection(server.cluster.url(server.dbname, ""),
                                           str(server.ca_file)))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_signing_in_opens_the_school_as_the_staff_account_and_remembers_in_the_keystore(
        qtbot, pg_server, memory_keyring):
    school_id, head = _school_with_head(pg_server)
    dialog = _dialog(qtbot, pg_server)
    qtbot.keyClicks(dialog.username, head)
    qtbot.keyClicks(dialog.password, STAFF_PASSWORD)
    dialog.remember.setChecked(True)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    database, actor = dialog.result_value
    assert (actor.username, actor.role, actor.display_name) == ("head", "headteacher", "Ada Quill")
    assert database.school_id == school_id
    assert database.connection().info.ssl_in_use
    # Kept in the OS keystore, under the connection's name; nowhere in our files.
    assert list(memory_keyring.secrets.values()) == [STAFF_PASSWORD]
    assert next(iter(memory_keyring.secrets))[0] == KEYRING_SERVICE
    database.close()


def test_a_wrong_password_is_refused_in_the_form(qtbot, pg_server, memory_keyring):
    _school_id, head = _school_with_head(pg_server)
    dialog = _dialog(qtbot, pg_server)
    qtbot.keyClicks(dialog.username, head)
    qtbot.keyClicks(dialog.password, "not-it")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.error_label.text() == "That name and password do not match. Please try again."
    assert memory_keyring.secrets == {}


def test_a_server_whose_certificate_the_trust_did_not_issue_is_refused(pg_server, tmp_path):
    from tests.server.pg_cluster import _write_tls

    other_ca = _write_tls(tmp_path)  # a CA of the same name, but not the one that signed
    try:
        open_server(pg_server.url(), ca_file=other_ca, password="whatever")
    except ServerError as exc:
        assert "could not prove it is the trust's server" in str(exc)
    else:
        raise AssertionError("connected to a server the trust's CA did not vouch for")


def test_the_window_runs_against_the_server_and_the_connection_is_saved(
        pg_server, memory_keyring, tmp_path, monkeypatch, capsys):
    _school_id, head = _school_with_head(pg_server)
    monkeypatch.setattr("sys.stdin", io.StringIO(STAFF_PASSWORD + "\n"))
    shots = tmp_path / "shots"
    url = pg_server.cluster.url(pg_server.dbname, "")
    assert main(["--server", url, "--ca-file", str(pg_server.ca_file), "--remember",
                 "--user", head, "--password-stdin", "--screenshot", str(shots)]) == 0
    assert (shots / "flexi.png").stat().st_size > 0
    assert saved_connection() == Connection(url, str(pg_server.ca_file))
    # Next time, the saved connection and the keystore's password are enough.
    assert main(["--server", "--user", head, "--screenshot", str(shots)]) == 0
    capsys.readouterr()


def test_wrong_passwords_at_the_server_are_slowed_on_this_computer(pg_server, memory_keyring):
    from flexidesk.policy.records.signin import (
        FREE_FAILURES,
        SignInDelayed,
        SignInFailed,
        server_throttle,
        sign_in_server,
    )

    _school, login = _school_with_head(pg_server)
    connection = Connection(pg_server.cluster.url(pg_server.dbname, ""), str(pg_server.ca_file))
    for _attempt in range(FREE_FAILURES):
        with pytest.raises(SignInFailed):
            sign_in_server(connection, login, "a wrong guess")
    # Now even the right password waits: the server is not even asked.
    with pytest.raises(SignInDelayed, match="Too many attempts"):
        sign_in_server(connection, login, STAFF_PASSWORD)
    assert server_throttle(connection).wait_seconds() > 0
