"""The sign-in window: choose your name, type your password; wrong ones are counted and slowed."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from flexidesk.policy.records.signin import SignInThrottle
from flexidesk.store.models import School
from flexidesk.ui import opening
from flexidesk.ui.dialogs.signin import SignInDialog, SignInForm
from flexidesk.ui.tasks import running_tasks

from .school_fixtures import PASSWORD, make_school


class Clock:
    def __init__(self):
        self.now = 1_000_000.0

    def __call__(self):
        return self.now


@pytest.fixture
def school_db(school_copy):
    return school_copy


def _dialog(qtbot, db_path):
    names, demo = opening.sign_in_names(db_path)
    dialog = SignInDialog(db_path, names, opening.opener(db_path, headless=True), demo=demo)
    qtbot.addWidget(dialog)
    return dialog


def _choose(form, display):
    form.name_box.setCurrentIndex(form.name_box.findText(display))


def _tried(qtbot, form):
    """Wait, as the user does, for the password being tried on the worker thread."""
    qtbot.waitUntil(lambda: not form.busy, timeout=10_000)


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
    _tried(qtbot, dialog.form)
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
    _tried(qtbot, dialog.form)
    assert dialog.result_value is None and dialog.isVisible() is False
    assert dialog.form.message.text() == "That name and password do not match. Please try again."
    assert dialog.form.password.text() == ""
    assert len(SignInThrottle.for_database(school_db).failures) == 1


def test_five_failures_disable_the_button_with_a_countdown_then_release_it(qtbot, school_db):
    clock = Clock()
    form = SignInForm(school_db, opening.sign_in_names(school_db)[0],
                      opening.opener(school_db, headless=True),
                      throttle=SignInThrottle.for_database(school_db, clock))
    qtbot.addWidget(form)
    opened = []
    form.signed_in.connect(opened.append)
    for _ in range(5):
        qtbot.keyClicks(form.password, "guess")
        qtbot.keyClick(form.password, Qt.Key.Key_Return)
        _tried(qtbot, form)
    assert not form.button.isEnabled()
    assert form.button.text() == "Wait 30 seconds"
    assert "Please wait 30 seconds" in form.message.text()
    # Even the right password is not tried during the wait.
    qtbot.keyClicks(form.password, PASSWORD)
    qtbot.keyClick(form.password, Qt.Key.Key_Return)
    _tried(qtbot, form)
    assert opened == []
    clock.now += 12
    qtbot.waitUntil(lambda: form.button.text() == "Wait 18 seconds", timeout=3000)
    clock.now += 18
    qtbot.waitUntil(form.button.isEnabled, timeout=3000)
    assert form.message.text() == ""
    qtbot.keyClick(form.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(opened) == 1, timeout=10_000)
    assert opened[0][1].username == "bmarsh"


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


def test_the_window_keeps_painting_while_the_password_is_tried(qtbot, school_db):
    dialog = _dialog(qtbot, school_db)
    dialog.show()
    _choose(dialog.form, "Cara Lind")
    qtbot.keyClicks(dialog.form.password, PASSWORD)
    ticks = []
    from PySide6.QtCore import QTimer

    timer = QTimer(dialog)
    timer.timeout.connect(lambda: ticks.append(dialog.form.button.text()))
    timer.start(10)
    qtbot.keyClick(dialog.form.password, Qt.Key.Key_Return)
    # While scrypt runs the form says so, takes no more input, and the event loop turns.
    assert dialog.form.busy and dialog.form.button.text() == "Signing in…"
    assert not dialog.form.password.isEnabled() and not dialog.form.button.isEnabled()
    _tried(qtbot, dialog.form)
    timer.stop()
    assert ticks.count("Signing in…") >= 3
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_closing_the_window_while_signing_in_opens_nothing(qtbot, school_db):
    opened = []
    names, _demo = opening.sign_in_names(school_db)
    dialog = SignInDialog(school_db, names, lambda username, key: opened.append(username))
    qtbot.addWidget(dialog)
    _choose(dialog.form, "Cara Lind")
    qtbot.keyClicks(dialog.form.password, PASSWORD)
    qtbot.keyClick(dialog.form.password, Qt.Key.Key_Return)
    assert dialog.form.busy
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected and not dialog.form.busy
    qtbot.waitUntil(lambda: running_tasks() == 0)  # the attempt has come back, to nobody
    assert opened == [] and dialog.result_value is None


START_AND_WAIT = r"""
import sys, time
from flexidesk.cli import main
from flexidesk.ui.dialogs import signin
from PySide6.QtWidgets import QApplication

painted_with = []
paint = signin.SignInDialog.paintEvent

def noting_paint(dialog, event):
    # Neither the window nor the database layer (Peewee, and the server driver it would
    # load) nor the package-metadata reader nor the screen-reader namer (installed just
    # after the first paint) is loaded before the form is on screen.
    painted_with.append(any(name in sys.modules for name in (
        "flexidesk.ui.main_window", "peewee", "psycopg2", "importlib.metadata",
        "flexidesk.ui.accessibility")))
    paint(dialog, event)

def waits_for_a_password(dialog):
    dialog.show()
    QApplication.processEvents()
    deadline = time.monotonic() + 20
    while "flexidesk.ui.backup_tasks" not in sys.modules and time.monotonic() < deadline:
        QApplication.processEvents()
    print(painted_with[0], dialog.isVisible(), "flexidesk.ui.main_window" in sys.modules,
          "flexidesk.ui.provision.tab" in sys.modules,
          "flexidesk.ui.accessibility" in sys.modules, flush=True)
    return 0  # closed without signing in

signin.SignInDialog.exec = waits_for_a_password
signin.SignInDialog.paintEvent = noting_paint
sys.exit(main(["--db", sys.argv[1]]))
"""


def test_the_form_shows_first_and_the_window_loads_while_it_waits(school_db, tmp_path):
    import os
    import subprocess
    import sys

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", FLEXIDESK_HOME=str(tmp_path / "home"))
    # No timeout of its own: pytest-timeout bounds every test, and subprocess's timed wait
    # polls with time.sleep, which libfaketime can fail with EINVAL (CI runs this under it).
    done = subprocess.run([sys.executable, "-c", START_AND_WAIT, str(school_db)], env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    # The form was painted before the window's code was loaded; while it waited for a
    # password, the window and its front tab were loaded, and the screen-reader namer.
    assert done.stdout.split() == ["False", "True", "True", "True", "True"]


def test_a_form_deleted_while_signing_in_is_left_alone_by_the_late_answer(qtbot, school_db):
    import shiboken6

    opened = []
    names, _demo = opening.sign_in_names(school_db)
    form = SignInForm(school_db, names, lambda username, key: opened.append(username))
    _choose(form, "Cara Lind")
    form.password.setText(PASSWORD)
    form.submit()
    assert form.busy
    form.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(form), timeout=2000)
    # The attempt finishes with nobody to tell: nothing opens, nothing breaks.
    qtbot.waitUntil(lambda: running_tasks() == 0)
    assert opened == []
