"""The server's window is the laptop's: its menus and dialogs, auto-lock and Ctrl+L, another
person signing in at the lock screen, a governor's reports from the report views."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu

from flexidesk.policy.records.signin import sign_in_server
from flexidesk.server_connection import Connection
from flexidesk.store import close_database, server_accounts
from flexidesk.store.database import db
from flexidesk.ui.server_session import ServerSession, window_builder
from tests.server.conftest import STAFF_PASSWORD, add_pg_school, add_pg_staff, open_pg_school
from tests.ui.flexi_fixtures import make_family, make_provision

MENUS = {"auditLogAction", "subjectAccessAction", "retentionAction", "staffAction",
         "schoolDetailsAction", "schoolCalendarAction", "interventionsAction", "reportsAction",
         "lockAction", "autoLockAction"}


@pytest.fixture(autouse=True)
def _no_window_left_open(qtbot):
    """A window a session rebuilt (another person signed in) is not qtbot's: close it too."""
    yield
    from PySide6.QtWidgets import QApplication, QMainWindow

    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMainWindow) and widget.isVisible():
            widget.close()
            widget.deleteLater()


@pytest.fixture
def signed_in(pg_server):
    """A school with data and its four roles; its Headteacher signed in as on a PC."""
    school, login = add_pg_school(pg_server)
    open_pg_school(pg_server, school, login)
    add_pg_staff()
    make_provision()
    make_family()
    code = server_accounts.login_for(db.obj, "x").split("@")[1]
    close_database()
    connection = Connection(pg_server.cluster.url(pg_server.dbname, ""), str(pg_server.ca_file))
    database, actor = sign_in_server(connection, f"head@{code}", STAFF_PASSWORD)
    yield connection, database, actor, code
    database.close()


def _session(qtbot, connection, database, actor, login) -> ServerSession:
    session = ServerSession(connection, database, actor, window_builder(actor), login=login,
                            school_label="Brookfield Test Primary")
    qtbot.addWidget(session.window)
    session.window.show()
    qtbot.waitExposed(session.window)
    return session


def _actions(window) -> set[str]:
    return {a.objectName() for a in window.findChildren(QAction) if a.objectName()}


def test_the_headteachers_server_window_has_the_laptops_menus_and_every_dialog_works(
        qtbot, signed_in, monkeypatch):
    connection, database, actor, code = signed_in
    session = _session(qtbot, connection, database, actor, f"head@{code}")
    window = session.window
    assert MENUS <= _actions(window)
    assert window.findChild(QMenu, "languageMenu") is not None
    opened = []

    def shown(dialog: QDialog) -> int:  # each dialog built against the server, then closed
        opened.append(type(dialog).__name__)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.grab().save(f"out/server_{type(dialog).__name__}.png")
        dialog.close()
        return 0

    monkeypatch.setattr(QDialog, "exec", shown)
    for name in sorted(MENUS - {"lockAction"}):
        window.findChild(QAction, name).trigger()
    assert sorted(opened) == sorted([
        "AuditViewerDialog", "AutoLockDialog", "CalendarDialog", "InterventionsDialog",
        "ReportsDialog", "RetentionDialog", "SchoolDetailsDialog", "StaffDialog",
        "SubjectAccessDialog"])
    window.grab().save("out/server_window.png")


@pytest.mark.parametrize("who", ["head", "office"])
def test_the_file_menus_week_and_census_read_the_server(qtbot, signed_in, monkeypatch, who):
    """The office's register sheet and the census list, from the same File menu."""
    from tests.unit.policy.week.test_register import make_week

    connection, database, actor, code = signed_in
    make_week(actor)  # a placement on Tuesdays, a flexi agreement's Fridays at home
    if who != "head":
        database.close()
        close_database()
        database, actor = sign_in_server(connection, f"{who}@{code}", STAFF_PASSWORD)
    session = _session(qtbot, connection, database, actor, f"{who}@{code}")
    shown_rows: dict[str, int] = {}

    def shown(dialog: QDialog) -> int:
        dialog.show()
        qtbot.waitExposed(dialog)
        if hasattr(dialog, "week"):
            dialog.week.set_value(dt.date(2026, 11, 25))  # a week both children are away
        table = getattr(dialog, "table", None)
        shown_rows[type(dialog).__name__] = table.model().rowCount() if table else -1
        dialog.grab().save(f"out/server_{who}_{type(dialog).__name__}.png")
        dialog.close()
        return 0

    monkeypatch.setattr(QDialog, "exec", shown)
    for name in ("weekRegisterAction", "censusAction"):
        action = session.window.findChild(QAction, name)
        assert action is not None, name
        action.trigger()
    assert set(shown_rows) == {"WeekRegisterDialog", "CensusDialog"}
    assert shown_rows["WeekRegisterDialog"] == 2  # the school's children, read through RLS
    session.database.close()


def test_the_audit_log_on_the_server_verifies_the_schools_chain(qtbot, signed_in):
    from flexidesk.policy.records import audit_queries

    _connection, _database, actor, _code = signed_in
    report = audit_queries.verify(actor)
    assert report.ok and report.rows > 5 and report.problems == ()
    page = audit_queries.search_audit(actor, action="staff.add")
    # The IT team added the Headteacher; she added the rest of her staff.
    assert {r.username for r in page.rows} == {"fdowner", "head"}


def test_locking_closes_the_connection_and_the_server_checks_the_password_again(
        qtbot, signed_in):
    connection, database, actor, code = signed_in
    session = _session(qtbot, connection, database, actor, f"head@{code}")
    session.window.lock_action.trigger()
    assert session.is_locked and database.is_closed()
    assert database.connect_params["password"] is None
    form = session.window.centralWidget().form
    qtbot.keyClicks(form.password, "not her password")
    qtbot.mouseClick(form.button, Qt.MouseButton.LeftButton)
    assert session.is_locked and "do not match" in form.message.text()
    session.window.grab().save("out/server_locked.png")
    qtbot.keyClicks(form.password, STAFF_PASSWORD)
    qtbot.mouseClick(form.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not session.is_locked)
    assert session.actor.username == "head" and not database.is_closed()


def test_another_person_signs_in_at_the_lock_screen_and_gets_their_own_window(
        qtbot, signed_in):
    connection, database, actor, code = signed_in
    session = _session(qtbot, connection, database, actor, f"head@{code}")
    session.lock()
    form = session.window.centralWidget().form
    form.name_box.setEditText(f"pastoral@{code}")
    qtbot.keyClicks(form.password, STAFF_PASSWORD)
    qtbot.mouseClick(form.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not session.is_locked)
    assert (session.actor.username, session.actor.role) == ("pastoral", "pastoral_lead")
    assert "staffAction" not in _actions(session.window)  # the window is built for their role
    assert "reportsAction" in _actions(session.window)
    session.database.close()


def test_a_governor_reads_the_reports_through_the_views_that_name_no_child(qtbot, signed_in):
    from flexidesk.i18n import _
    from flexidesk.policy.records.release import AGREEMENT, MEETING, NOT_CHECKED, release_text
    from flexidesk.policy.records.reports import anonymised_report
    from flexidesk.store.models import FlexiMeeting, FlexiRequest, Pupil, PupilAdult
    from tests.clock import TODAY
    from tests.ui.flexi_fixtures import request_at

    connection, database, head, code = signed_in
    wren = Pupil.get(Pupil.legal_first_name == "Wren")
    mother = PupilAdult.get(PupilAdult.pupil == wren.id).adult
    rid = request_at("decided", head, wren, [mother], received=TODAY - dt.timedelta(days=20),
                     held=TODAY - dt.timedelta(days=10), needs_met=True)
    FlexiRequest.update(agree_justification="Wren Hollis thrives outdoors; Juno Hollis "
                        "teaches her at home.").where(FlexiRequest.id == rid).execute()
    FlexiMeeting.update(head_present=False, head_absent_reason="Juno Hollis could only "
                        "come on the Head's course day.").where(
                            FlexiMeeting.request == rid).execute()
    database.close()
    close_database()
    governor_db, governor = sign_in_server(connection, f"governor@{code}", STAFF_PASSWORD)
    report = anonymised_report(governor, dt.date(2026, 11, 30))
    assert report.school == "Brookfield Test Primary" and report.tables
    [rule] = [t for t in report.tables if t.title.startswith("Flexi-schooling agreed")]
    # Free text reaches governors only as the Headteacher released it, never as written.
    assert rule.rows[0][1] == _(NOT_CHECKED)
    [absent] = [t for t in report.tables if t.title.endswith("without the Headteacher")]
    assert absent.rows[0][1] == _(NOT_CHECKED)
    governor_db.close()
    close_database()
    database, head = sign_in_server(connection, f"head@{code}", STAFF_PASSWORD)
    release_text(head, AGREEMENT, rid, "The child thrives outdoors; a parent teaches at home.")
    meeting = FlexiMeeting.get(FlexiMeeting.request == rid)
    release_text(head, MEETING, meeting.id, "The parent could only come on a course day.")
    database.close()
    close_database()
    governor_db, governor = sign_in_server(connection, f"governor@{code}", STAFF_PASSWORD)
    report = anonymised_report(governor, dt.date(2026, 11, 30))
    [rule] = [t for t in report.tables if t.title.startswith("Flexi-schooling agreed")]
    assert rule.rows[0][1] == "The child thrives outdoors; a parent teaches at home."
    [absent] = [t for t in report.tables if t.title.endswith("without the Headteacher")]
    assert absent.rows[0][1] == "The parent could only come on a course day."
    # With psql, the governor reads the same: the released wording, never the text itself.
    assert governor_db.execute_sql("SELECT agree_justification FROM flexi_request WHERE id = %s",
                                   (rid,)).fetchone() == (rule.rows[0][1],)
    letters = [t for t in report.tables if t.title.startswith("Flexi-schooling decisions")]
    assert letters and letters[0].rows
    session = _session(qtbot, connection, governor_db, governor, f"governor@{code}")
    assert session.window.tabs is None  # a governor's whole window is the reports page
    session.window.grab().save("out/server_governor.png")
    governor_db.close()
