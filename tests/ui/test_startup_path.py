"""Start-up to the sign-in form: what loads before its first paint, and what waits until just
after it (the school's lock, the log file) still comes before anything is written."""

import logging
import os
import subprocess
import sys

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from flexidesk.store import instance_lock
from flexidesk.store.errors import AlreadyOpen
from flexidesk.store.restore_journal import journal_path
from flexidesk.ui import app, crash
from flexidesk.ui.dialogs.signin import SignInDialog

from .school_fixtures import PASSWORD
from .school_fixtures import gui_args as _args

#: Modules the sign-in form does not need, so nothing loads them before it is painted: the
#: lock's library (thirty-odd modules) and the rotating log file's (socket, pickle), the data
#: folder finder (FLEXIDESK_HOME says the folder here), the thread pool, the table models,
#: the admin commands, the demo writer, the audit head, money formatting, Babel, the database
#: layer and the main window. Each was loaded before the form once; together they cost about
#: a third of a bare window's start-up.
NOT_BEFORE_THE_FORM = (
    "filelock", "logging.handlers", "socket", "platformdirs", "flexidesk.ui.tasks",
    "flexidesk.ui.models.rows", "flexidesk.commands.common", "flexidesk.ui.demo_start",
    "flexidesk.store.audit_head", "decimal", "babel", "peewee", "flexidesk.ui.main_window",
    "importlib.metadata",
)

START = r"""
import sys
from flexidesk.cli import main
from flexidesk.ui.dialogs import signin
from PySide6.QtWidgets import QApplication

HEAVY = sys.argv[2].split(",")
paint = signin.SignInDialog.paintEvent
loaded_at_paint = []

def noting_paint(dialog, event):
    if not loaded_at_paint:
        loaded_at_paint.append([name for name in HEAVY if name in sys.modules] or ["none"])
    paint(dialog, event)

def shown_then_held(dialog):
    dialog.show()
    while not loaded_at_paint or "filelock" not in sys.modules:
        QApplication.processEvents()
    for _turn in range(5):
        QApplication.processEvents()
    print(",".join(loaded_at_paint[0]), flush=True)
    sys.stdin.readline()  # the test tries the lock meanwhile
    return 0  # closed without signing in

signin.SignInDialog.exec = shown_then_held
signin.SignInDialog.paintEvent = noting_paint
sys.exit(main(["--db", sys.argv[1]]))
"""


@pytest.fixture
def school_db(school_copy):
    return school_copy


@pytest.fixture
def quiet_hook(monkeypatch):
    """The crash handler and log handlers a start-up installs are taken away afterwards."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    yield
    root = logging.getLogger("flexidesk")
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()


def test_the_form_paints_before_the_lock_and_the_log_then_both_are_taken(school_db, tmp_path):
    home = tmp_path / "home"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", FLEXIDESK_HOME=str(home))
    child = subprocess.Popen([sys.executable, "-c", START, str(school_db),
                              ",".join(NOT_BEFORE_THE_FORM)], env=env, stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        loaded = child.stdout.readline().strip()
        assert loaded == "none", f"loaded before the form was painted: {loaded}"
        # Just after the paint the window holds the school: a second FlexiDesk is refused.
        with pytest.raises(AlreadyOpen):
            instance_lock.acquire(school_db)
        # and what was logged before the paint is in the log file.
        assert "Start-up (window)" in (home / "logs" / "flexidesk.log").read_text()
    finally:
        # No timed waits (they sleep, which CI's faketime can fail): pytest-timeout bounds it.
        _out, err = child.communicate("\n")
    assert child.returncode == 0, err[-2000:]
    with instance_lock.acquire(school_db):  # let go when the window closed
        pass


def test_a_second_window_is_told_the_school_is_open_and_nobody_signs_in(
        qtbot, school_db, quiet_hook, monkeypatch):
    told = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: told.append(text))
    shown = []
    real_exec = SignInDialog.exec

    def exec_noting(dialog):
        shown.append(dialog)
        return real_exec(dialog)

    monkeypatch.setattr(SignInDialog, "exec", exec_noting)
    with instance_lock.acquire(school_db):
        assert app.run_gui(_args(db=school_db)) == 2
    # The form was painted, refused the school just after, and closed; the message is the
    # one a second FlexiDesk always gave.
    assert len(shown) == 1 and not shown[0].isVisible()
    assert shown[0].result_value is None
    assert len(told) == 1 and "already open" in told[0]


def test_signing_in_before_the_first_paint_takes_the_lock_first(
        qtbot, school_db, quiet_hook, monkeypatch):
    held_when_tried = []

    def sign_in_at_once(dialog):
        # Never shown, never painted: the Sign in press itself must take the lock.
        form = dialog.form
        form.name_box.setCurrentIndex(form.name_box.findData("clind"))
        form.password.setText(PASSWORD)
        form.submit()
        held_when_tried.append(_held_elsewhere(school_db))
        qtbot.waitUntil(lambda: dialog.result_value is not None, timeout=10_000)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SignInDialog, "exec", sign_in_at_once)
    monkeypatch.setattr(app, "_run_window", lambda *a, **k: 0)  # signed in: stop there
    assert app.run_gui(_args(db=school_db)) == 0
    assert held_when_tried == [True]
    assert not _held_elsewhere(school_db)  # released when start-up ended


def test_an_unfinished_restore_is_put_back_before_the_form_reads_the_names(
        qtbot, school_db, quiet_hook, monkeypatch):
    # A restore that stopped before it moved anything left only its note.
    journal_path(school_db).write_text('{"aside": "school.db.gone"}', encoding="utf-8")
    seen = []

    def look_then_close(dialog):
        seen.append((_held_elsewhere(school_db), journal_path(school_db).exists()))
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(SignInDialog, "exec", look_then_close)
    assert app.run_gui(_args(db=school_db)) == 0
    assert seen == [(True, False)]  # locked, and the note dealt with, before the form


def test_a_crash_before_the_log_file_is_set_up_is_logged_after_what_came_before(
        tmp_path, quiet_hook):
    crash.hold_logging()
    app.log.info("Start-up (window)")
    crash.install_excepthook(quiet=True)
    log_file = tmp_path / "home" / "logs" / crash.LOG_NAME
    assert not log_file.exists()  # held: nothing written before the first paint
    name = "Cara Lind"
    try:
        raise ValueError(f"could not sign in {name}")
    except ValueError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    text = log_file.read_text()
    assert text.index("Start-up (window)") < text.index("ValueError (message withheld)")
    assert "Cara Lind" not in text


def _held_elsewhere(db_path) -> bool:
    """Whether another holder has the school's lock (asked from a separate process, since
    the lock is per process on some systems)."""
    probe = ("import sys\nfrom flexidesk.store.instance_lock import acquire\n"
             "from flexidesk.store.errors import AlreadyOpen\n"
             "try:\n    acquire(sys.argv[1]).release()\nexcept AlreadyOpen:\n    sys.exit(3)\n")
    done = subprocess.run([sys.executable, "-c", probe, str(db_path)], capture_output=True,
                          text=True)
    assert done.returncode in (0, 3), done.stderr[-2000:]
    return done.returncode == 3
