"""A school copied back behind what this computer saw is said on screen at sign-in: the
Headteacher accepts it (audited) or leaves it for later; others are told to tell her."""

import datetime as dt
import shutil

import pytest

from flexidesk.policy.records.signin import sign_in
from flexidesk.policy.school import staff
from flexidesk.store import close_database
from flexidesk.store.models import AuditEntry
from flexidesk.ui.dialogs.continuity import WarningBox, say_warnings
from flexidesk.ui.reports.governors_window import window_for
from tests.clock import TODAY, travel_to

from .modal import Modal
from .school_fixtures import PASSWORD, copy_school, make_school

THREE_FILES = ("", ".keys", ".audit-head")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return make_school(tmp_path_factory.mktemp("template") / "school.db")


@pytest.fixture
def rolled_back(template, tmp_path):
    """The school, its three files copied aside, a day's work, and the copies put back."""
    path = copy_school(template, tmp_path / "data" / "school.db")
    _db, _head = sign_in(path, "whollis", PASSWORD)  # this computer sees the school
    close_database()
    aside = tmp_path / "aside"
    aside.mkdir()
    for suffix in THREE_FILES:
        shutil.copy2(f"{path}{suffix}", aside / f"school.db{suffix}")
    with travel_to(TODAY + dt.timedelta(days=1)):
        _db, head = sign_in(path, "whollis", PASSWORD)
        staff.add_user(head, username="eve", display_name="Eve Hart", role="office",
                       password="sunlit harbour bells")
        close_database()
    for suffix in THREE_FILES:
        shutil.copy2(aside / f"school.db{suffix}", f"{path}{suffix}")
    return path


def _window(qtbot, path, username):
    database, actor = sign_in(path, username, PASSWORD)
    window = window_for(actor, database)
    qtbot.addWidget(window)
    window.show()
    return window, database, actor


def _answer(qtbot, show, *handlers):
    modal = Modal(qtbot)
    modal.expect(*handlers)
    try:
        shown = show()
        qtbot.waitUntil(lambda: not modal._handlers, timeout=5000)
    finally:
        modal._timer.stop()
    if modal.errors:
        raise modal.errors[0]
    return shown


def test_the_headteacher_reads_it_and_accepts_the_school_as_it_is(qtbot, rolled_back):
    window, database, head = _window(qtbot, rolled_back, "whollis")
    seen = {}

    def accept(box):
        assert isinstance(box, WarningBox)
        seen["text"] = box.informativeText()
        box.grab().save("out/continuity_warning.png")
        box.accept_button.click()

    assert _answer(qtbot, lambda: say_warnings(window, database, head), accept)
    assert "this computer saw it reach entry" in seen["text"]
    assert "older key file has been put back" in seen["text"]
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert (entry.username, entry.action) == ("whollis", "school.accept_rollback")
    assert "Accepted" in window.statusBar().currentMessage()
    close_database()
    database, _actor = sign_in(rolled_back, "clind", PASSWORD)
    assert database.warnings == []


def test_others_are_told_and_it_stays_until_the_headteacher_looks(qtbot, rolled_back):
    window, database, office = _window(qtbot, rolled_back, "clind")
    seen = {}

    def read(box):
        assert box.accept_button is None  # only the Headteacher may accept
        seen["text"] = box.informativeText()
        box.defaultButton().click()

    _answer(qtbot, lambda: say_warnings(window, database, office), read)
    assert "Tell the Headteacher" in seen["text"]
    assert "Warning" in window.statusBar().currentMessage()
    close_database()
    database, _actor = sign_in(rolled_back, "clind", PASSWORD)
    assert database.warnings  # said again at the next sign-in
