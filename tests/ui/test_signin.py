"""The sign-in window: choose your name, type your password; wrong ones are counted and slowed."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from flexidesk.policy.signin import SignInThrottle
from flexidesk.store.models import School
from flexidesk.ui import app
from flexidesk.ui.dialogs.signin import SignInDialog, SignInForm

from .school_fixtures import PASSWORD, copy_school, make_school


class Clock:
    def __init__(self):
        self.now = 1_000_000.0

    def __call__(self):
        return self.now


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return make_school(tmp_path_factory.mktemp("template") / "school.db")


@pytest.fixture
def school_db(template, tmp_path):
    return copy_school(template, tmp_path / "data" / "school.db")


def _dialog(qtbot, db_path):
    names, demo = app.sign_in_names(db_path)
    dialog = SignInDialog(db_path, names, app.opener(db_path, headless=True), demo=demo)
    qtbot.addWidget(dialog)
    return dialog


def _choose(form, display):
    form.name_box.setCurrentIndex(form.name_box.findText(display))


def test_names_listed_are_display_names_only_in_order(qtbot, school_db):
    dialog = _dialog(qtbot, school_db)
    form = dialog.form
    shown = [form.name_box.itemText(i) for i in range(form.name_box.count())]
    assert shown == ["Ben Marsh", "Cara Lind", "Dev Okafor", "Ms Wren Hollis"]
    assert form.findChild(object, "demoAccounts") is None


def test_right_password_signs_in_as_that_person(qtbot, school_db):
    dialog = _dialog(qtbot, school_db)
    _choose(dialog.form, "Cara Lind")
    qtbot.keyClicks(dialog.form.password, PASSWORD)
    qtbot.keyClick(dialog.form.password, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    database, actor = dialog.result_value
    assert (actor.username, actor.role) == ("clind", "office")
    assert database.encrypted and School.get().name == "Larkspur Test Primary"
    assert dialog.form.password.text() == ""


def test_wrong_password_gets_one_plain_message_and_is_counted(qtbot, school_db):
    dialog = _dialog(qtbot, school_db)
    _choose(dialog.form, "Ms Wren Hollis")
    qtbot.keyClicks(dialog.form.password, "not the password")
    qtbot.mouseClick(dialog.form.button, Qt.MouseButton.LeftButton)
    assert dialog.result_value is None and dialog.isVisible() is False
    assert dialog.form.message.text() == "That name and password do not match. Please try again."
    assert dialog.form.password.text() == ""
    assert len(SignInThrottle.for_database(school_db).failures) == 1


def test_five_failures_disable_the_button_with_a_countdown_then_release_it(qtbot, school_db):
    clock = Clock()
    form = SignInForm(school_db, app.sign_in_names(school_db)[0],
                      app.opener(school_db, headless=True),
                      throttle=SignInThrottle.for_database(school_db, clock))
    qtbot.addWidget(form)
    opened = []
    form.signed_in.connect(opened.append)
    for _ in range(5):
        qtbot.keyClicks(form.password, "guess")
        qtbot.keyClick(form.password, Qt.Key.Key_Return)
    assert not form.button.isEnabled()
    assert form.button.text() == "Wait 30 seconds"
    assert "Please wait 30 seconds" in form.message.text()
    # Even the right password is not tried during the wait.
    qtbot.keyClicks(form.password, PASSWORD)
    qtbot.keyClick(form.password, Qt.Key.Key_Return)
    assert opened == []
    clock.now += 12
    qtbot.waitUntil(lambda: form.button.text() == "Wait 18 seconds", timeout=3000)
    clock.now += 18
    qtbot.waitUntil(form.button.isEnabled, timeout=3000)
    assert form.message.text() == ""
    qtbot.keyClick(form.password, Qt.Key.Key_Return)
    assert len(opened) == 1 and opened[0][1].username == "bmarsh"


def test_a_wait_running_from_before_shows_when_the_window_opens(qtbot, school_db):
    throttle = SignInThrottle.for_database(school_db)
    for _ in range(5):
        throttle.record_failure()
    dialog = _dialog(qtbot, school_db)
    assert not dialog.form.button.isEnabled()
    form = dialog.form
    assert "Too many attempts" in form.message.text()


def test_demo_screen_lists_the_demo_accounts_and_passwords(qtbot, tmp_path):
    demo = pytest.importorskip("flexidesk.demo")
    db_path = make_school(tmp_path / "demo.db", demo=True)
    dialog = _dialog(qtbot, db_path)
    panel = dialog.form.findChild(object, "demoAccounts")
    assert panel is not None
    for _username, display, _role, password in demo.DEMO_ACCOUNTS:
        assert display in panel.text() and password in panel.text()
