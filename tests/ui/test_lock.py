"""Locking: Ctrl+L or idle hides every child's data and drops the key; unsaved input survives."""

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QVBoxLayout

from flexidesk.store.models import Setting
from flexidesk.ui.lock import LockScreen

from .school_fixtures import CHILD, PASSWORD, make_school, shown_text, start_session

CHILD_NAME = " ".join(CHILD)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return make_school(tmp_path_factory.mktemp("template") / "school.db")


@pytest.fixture
def session(qtbot, template, tmp_path):
    session = start_session(template, tmp_path / "data" / "school.db")
    first = session.window
    session.window.show()
    qtbot.waitExposed(session.window)
    _show_all_pupils(session.window)
    yield session
    session.idle.stop()
    # Another user signing in replaces (and deletes) the first window: close what is left.
    for window in {first, session.window}:
        if shiboken6.isValid(window):
            window.close()
            window.deleteLater()


def _show_all_pupils(window):
    """Our child has no provision yet, so list every pupil (the tab starts on 'with provision')."""
    combo = window.provision_tab.filter
    combo.setCurrentIndex(combo.findData("all"))
    window.tabs.setCurrentWidget(window.provision_tab)  # Today is in front at first


def _unlock(qtbot, session, display=None, password=PASSWORD, form=None):
    form = form or session.window.centralWidget().form
    if display:
        form.name_box.setCurrentIndex(form.name_box.findText(display))
    qtbot.keyClicks(form.password, password)
    qtbot.keyClick(form.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not form.busy, timeout=10_000)  # the password is tried off-thread


def test_ctrl_l_hides_every_child_and_drops_the_key(qtbot, session):
    window, database = session.window, session.database
    assert CHILD_NAME in shown_text(window) and database.signer is not None
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert session.is_locked
    assert isinstance(window.centralWidget(), LockScreen)
    assert "FlexiDesk is locked" in shown_text(window)
    assert CHILD[0] not in shown_text(window) and CHILD[1] not in shown_text(window)
    assert database.is_closed() and database.key is None
    assert database.signer is None  # the Headteacher's signing key goes with the lock
    assert not window.menuBar().isVisible()
    # The tabs were cleared too, not just hidden behind the lock screen.
    assert CHILD[1] not in shown_text(session._central)


def test_the_same_user_signs_in_again_and_finds_everything_back(qtbot, session):
    window = session.window
    tabs = window.tabs
    session.lock()
    _unlock(qtbot, session, "Ms Wren Hollis", "wrong password")
    assert session.is_locked and "do not match" in shown_text(window)
    _unlock(qtbot, session)
    assert not session.is_locked and session.window is window and window.tabs is tabs
    assert window.centralWidget() is tabs
    assert session.database.key is not None and not session.database.is_closed()
    assert session.database.signer is not None  # her slot opened the signing key again
    _show_all_pupils(window)
    assert CHILD_NAME in shown_text(window)
    assert window.menuBar().isVisible()


def test_idle_for_the_set_time_locks(qtbot, session):
    session.idle.set_seconds(0.3)
    session.idle.start()
    qtbot.waitUntil(lambda: session.is_locked, timeout=3000)
    assert CHILD[1] not in shown_text(session.window)


def test_activity_keeps_the_window_unlocked(qtbot, session):
    """Ten minutes' limit: a key or the mouse restarts it; the eleventh idle minute locks."""
    now = [1000.0]
    session.idle.clock = lambda: now[0]
    session.idle.set_seconds(600)
    session.idle.start()
    for _ in range(4):  # active every eight minutes for half an hour
        now[0] += 480
        session.idle.check()
        assert not session.is_locked
        qtbot.mouseMove(session.window, session.window.rect().center())
        qtbot.keyClick(session.window, Qt.Key.Key_Shift)
    now[0] += 599
    session.idle.check()
    assert not session.is_locked
    now[0] += 1
    session.idle.check()
    assert session.is_locked


def _form_dialog(parent, text):
    dialog = QDialog(parent)
    field = QLineEdit(dialog)
    QVBoxLayout(dialog).addWidget(field)
    field.setText(text)
    return dialog, field


def test_a_modeless_dialog_is_hidden_and_comes_back_with_its_input(qtbot, session):
    dialog, field = _form_dialog(session.window, f"note about {CHILD[0]}")
    dialog.show()
    session.lock()
    assert not dialog.isVisible()
    _unlock(qtbot, session)
    assert dialog.isVisible() and field.text() == f"note about {CHILD[0]}"


def test_a_modal_dialog_waiting_in_exec_is_covered_and_survives(qtbot, session):
    dialog, field = _form_dialog(session.window, f"unsaved note about {CHILD[0]}")
    seen = {}

    def while_open():
        try:
            check_while_open()
        finally:  # whatever happens, let exec() return so a failure cannot hang the suite
            if dialog.isVisible():
                dialog.done(seen.get("result", QDialog.DialogCode.Rejected))

    def check_while_open():
        session.lock()
        cover = dialog.findChild(object, "lockCover")
        seen["covered"] = cover is not None and cover.isVisible()
        seen["field_usable"] = field.isEnabled()
        qtbot.keyClick(cover, Qt.Key.Key_Escape)  # must not cancel the form underneath
        seen["still_open"] = dialog.isVisible()
        _unlock(qtbot, session, form=cover.findChild(object, "signinPassword").parent())
        seen["unlocked"] = not session.is_locked
        seen["field_back"] = field.isEnabled()
        seen["result"] = QDialog.DialogCode.Accepted

    QTimer.singleShot(50, while_open)
    assert dialog.exec() == QDialog.DialogCode.Accepted
    assert seen == {"covered": True, "field_usable": False, "still_open": True,
                    "unlocked": True, "field_back": True,
                    "result": QDialog.DialogCode.Accepted}
    assert field.text() == f"unsaved note about {CHILD[0]}"


def test_another_user_gets_a_window_rebuilt_for_their_role(qtbot, session):
    old = session.window
    dialog, _field = _form_dialog(old, "the head's unsaved note")
    closed = []
    dialog.finished.connect(closed.append)
    dialog.show()
    session.lock()
    _unlock(qtbot, session, "Dev Okafor")
    assert not session.is_locked and session.actor.role == "governor"
    new = session.window
    assert new is not old and new.tabs is None  # a governor gets the anonymised reports only
    assert CHILD[1] not in shown_text(new)
    # The head's dialog was rejected (nothing of theirs saved) and went with their window.
    assert closed == [QDialog.DialogCode.Rejected]
    qtbot.waitUntil(lambda: not shiboken6.isValid(old))
    assert "Dev Okafor" in new.status_label.text()


def test_the_head_sets_auto_lock_minutes_in_a_small_dialog(qtbot, session, monkeypatch):
    from flexidesk.ui import lock

    def fill_and_save(dialog_self):
        dialog_self.minutes.setValue(9)
        dialog_self._save()
        return dialog_self.result()

    monkeypatch.setattr(lock.AutoLockDialog, "exec", fill_and_save)
    action = session.window.findChild(object, "autoLockAction")
    assert action is not None
    action.trigger()
    assert Setting.get(Setting.key == "auto_lock_minutes").value == "9"
    assert session.idle.seconds == 9 * 60


def test_only_the_head_is_offered_the_auto_lock_setting(qtbot, session):
    session.lock()
    _unlock(qtbot, session, "Ben Marsh")
    qtbot.addWidget(session.window)
    assert session.window.findChild(object, "autoLockAction") is None
    assert session.window.findChild(object, "lockAction") is not None


def test_ctrl_l_locks_from_every_tab(qtbot, session):
    window = session.window
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        page = window.tabs.currentWidget()
        page.setFocus()
        window.activateWindow()  # a shortcut reaches only the active window
        qtbot.waitUntil(window.isActiveWindow)
        target = QApplication.focusWidget() or page
        qtbot.keyClick(target, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: session.is_locked)  # from whichever tab is in front
        _unlock(qtbot, session)
        assert not session.is_locked


def test_ctrl_l_in_an_open_form_locks_and_the_form_comes_back_as_it_was(qtbot, session):
    """A modal form blocks the window's own shortcut: Ctrl+L typed in it locks all the same,
    the form's title (which may name a child) and fields are covered, and unlocking brings it
    back with what was typed."""
    title = f"Note about {CHILD_NAME}"
    dialog, field = _form_dialog(session.window, f"unsaved note about {CHILD[0]}")
    dialog.setWindowTitle(title)
    dialog.setModal(True)
    seen = {}

    def while_open():
        try:
            qtbot.waitUntil(dialog.isActiveWindow)
            field.setFocus()
            qtbot.keyClick(field, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
            seen["locked"] = session.is_locked
            seen["title"] = dialog.windowTitle()
            seen["field"] = field.isEnabled()
            seen["menu_bar"] = session.window.menuBar().isVisible()
            cover = dialog.findChild(object, "lockCover")
            _unlock(qtbot, session, form=cover.findChild(object, "signinPassword").parent())
            seen["back"] = (dialog.windowTitle(), field.isEnabled(), dialog.isVisible())
        finally:
            if dialog.isVisible():
                dialog.done(QDialog.DialogCode.Accepted)

    QTimer.singleShot(50, while_open)
    dialog.exec()
    assert seen == {"locked": True, "title": "FlexiDesk is locked", "field": False,
                    "menu_bar": False, "back": (title, True, True)}
    assert field.text() == f"unsaved note about {CHILD[0]}"


def test_ctrl_l_in_a_modeless_window_hides_it_until_unlocked(qtbot, session):
    dialog, field = _form_dialog(session.window, "half a note")
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(field, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: session.is_locked)
    assert not dialog.isVisible()
    _unlock(qtbot, session)
    assert dialog.isVisible() and field.text() == "half a note"


def test_lock_now_comes_before_quit_in_the_file_menu(session):
    names = [a.objectName() for a in session.window.menus["file"].actions()]
    assert names.index("lockAction") == names.index("quitAction") - 1
