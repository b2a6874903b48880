"""A governor signs in with the same form as staff and gets the reports-only window over the
governors' own file: no database is opened, no child is named."""

import pytest
from PySide6.QtCore import Qt

from flexidesk.policy.records.governors import GovernorsDesk, publish
from flexidesk.policy.records.signin import sign_in
from flexidesk.store import close_database
from flexidesk.store.database import db
from flexidesk.ui import opening
from flexidesk.ui.dialogs.signin import SignInDialog
from flexidesk.ui.reports.governors_window import GovernorsWindow, window_for

from .school_fixtures import CHILD, PASSWORD, copy_school, make_school, shown_text


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return make_school(tmp_path_factory.mktemp("template") / "school.db")


@pytest.fixture
def school(template, tmp_path):
    path = copy_school(template, tmp_path / "data" / "school.db")
    _db, head = sign_in(path, "whollis", PASSWORD)
    publish(head)  # the Headteacher publishes: the governors' file is written now
    close_database()
    return path


def _sign_in_as(qtbot, path, display):
    names, demo = opening.sign_in_names(path)
    dialog = SignInDialog(path, names, opening.opener(path, headless=False), demo=demo)
    qtbot.addWidget(dialog)
    dialog.show()
    form = dialog.form
    form.name_box.setCurrentIndex(form.name_box.findText(display))
    qtbot.keyClicks(form.password, PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.keyClick(form.password, Qt.Key.Key_Return)
    return dialog.result_value


def test_a_governor_gets_the_reports_window_over_the_governors_file(qtbot, school):
    db.initialize(None)  # nothing open before the governor signs in
    desk, actor = _sign_in_as(qtbot, school, "Dev Okafor")
    assert isinstance(desk, GovernorsDesk) and actor.role == "governor"
    assert db.obj is None  # the school's database was never opened
    window = window_for(actor, desk)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert isinstance(window, GovernorsWindow) and window.tabs is None
    page = window.reports_page
    assert page.report is not None and len(page.blocks) >= 6
    text = shown_text(window)
    assert "Reports for governors" in text and "Published by Ms Wren Hollis" in text
    assert CHILD[0] not in text and CHILD[1] not in text
    assert "Dev Okafor (Governor)" in window.status_label.text()
    window.grab().save("out/governors_window.png")

    # Refresh reads the file again; a closed desk (the window locked) reads nothing.
    qtbot.mouseClick(page.refresh_button, Qt.MouseButton.LeftButton)
    assert page.report is not None and not page.error.isVisible()
    desk.close()
    qtbot.mouseClick(page.refresh_button, Qt.MouseButton.LeftButton)
    assert page.error.isVisible() and "locked" in page.error.text()
    assert not page.print_button.isEnabled()


def test_the_governors_window_says_when_there_is_no_report_yet(qtbot, school):
    (school.parent / "school.db.governors").unlink()
    desk, actor = sign_in(school, "dokafor", PASSWORD)
    window = window_for(actor, desk)
    qtbot.addWidget(window)
    window.show()
    page = window.reports_page
    assert page.error.isVisible() and "publishes it from the Tools menu" in page.error.text()
    assert not page.print_button.isEnabled()


def test_staff_sign_in_with_the_same_form_opens_the_school(qtbot, school):
    database, actor = _sign_in_as(qtbot, school, "Cara Lind")
    assert actor.role == "office" and not isinstance(database, GovernorsDesk)
    close_database()


def test_the_headteacher_publishes_from_the_tools_menu(qtbot, school):
    from PySide6.QtGui import QAction

    from flexidesk.ui.admin_menus import install_menus

    governors_file = school.parent / "school.db.governors"
    governors_file.unlink()
    database, head = sign_in(school, "whollis", PASSWORD)
    window = window_for(head, database)
    qtbot.addWidget(window)
    install_menus(window, head, database)
    window.findChild(QAction, "publishGovernorsAction").trigger()
    assert governors_file.exists()
    assert "published" in window.statusBar().currentMessage()
    close_database()
    desk, _governor = sign_in(school, "dokafor", PASSWORD)
    _report, _overrides, written = desk.read()
    assert written["published_by"] == "Ms Wren Hollis"
