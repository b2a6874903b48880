"""The staff dialog: add someone who can then sign in, reset, remove, re-key; all by clicking."""

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from flexidesk.policy.records.signin import SignInFailed, sign_in
from flexidesk.store import close_database
from flexidesk.store.models import AuditEntry, StaffUser
from flexidesk.ui.dialogs.staff import PasswordForm, StaffDialog
from tests.rights_data import HEAD_PASSWORD, encrypted_school

HEAD_PW = HEAD_PASSWORD


@pytest.fixture
def encrypted(tmp_path):
    """A real encrypted school, signed in as its Headteacher."""
    path = tmp_path / "school.db"
    database, actor, _recovery = encrypted_school(path)
    yield path, actor
    database.close()


def _fill_form(qtbot, **fields):
    """Fill in the modal PasswordForm when it opens, then press OK."""
    def fill():
        form = QApplication.activeModalWidget()
        assert isinstance(form, PasswordForm)
        for name, text in fields.items():
            widget = getattr(form, name)
            if name == "role":
                widget.setCurrentIndex(widget.findData(text))
            else:
                widget.clear()
                qtbot.keyClicks(widget, text)
        form.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        if form.isVisible():  # refused: record why, then give up (without being asked)
            fill.error = form.error.text()
            form.discard()
    fill.error = ""
    QTimer.singleShot(0, fill)
    return fill


def _dialog(qtbot, actor):
    dialog = StaffDialog(actor)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_add_by_form_then_sign_in(qtbot, encrypted):
    path, ada = encrypted
    dialog = _dialog(qtbot, ada)
    _fill_form(qtbot, display_name="Ben Marsh", username="bmarsh", role="pastoral_lead",
               password="blue heron river", confirm="blue heron river")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert StaffUser.get(StaffUser.username == "bmarsh").role == "pastoral_lead"
    assert dialog.model.rowCount() == 2 and "can now sign in" in dialog.status.text()
    assert dialog.table.current_object().username == "bmarsh"
    dialog.grab().save("out/staff_dialog.png")
    close_database()
    _db, actor = sign_in(path, "bmarsh", "blue heron river")
    assert actor.display_name == "Ben Marsh"


def test_mismatched_passwords_are_refused_in_the_form(qtbot, encrypted):
    _path, ada = encrypted
    dialog = _dialog(qtbot, ada)
    fill = _fill_form(qtbot, display_name="Ben Marsh", username="bmarsh",
                      password="blue heron river", confirm="blue heron rover")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert "different" in fill.error
    assert StaffUser.select().count() == 1


def test_remove_then_rekey_keeps_the_rest(qtbot, encrypted, monkeypatch):
    path, ada = encrypted
    dialog = _dialog(qtbot, ada)
    for name, user, pw in (("Ben Marsh", "bmarsh", "blue heron river"),
                           ("Cara Lind", "clind", "quiet copper kettle")):
        _fill_form(qtbot, display_name=name, username=user, role="office", password=pw,
                   confirm=pw)
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    dialog.table.select_where(lambda u: u.username == "clind")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert not StaffUser.get(StaffUser.username == "clind").active
    assert dialog.model.rowCount() == 2
    assert AuditEntry.select().where(AuditEntry.action == "staff.rekey").count() == 1
    qtbot.mouseClick(dialog.rekey_button, Qt.MouseButton.LeftButton)
    assert "new key" in dialog.status.text()
    assert AuditEntry.select().where(AuditEntry.action == "staff.rekey").count() == 2
    close_database()
    sign_in(path, "bmarsh", "blue heron river")
    close_database()
    sign_in(path, "ada", HEAD_PW)
    close_database()
    with pytest.raises(SignInFailed):
        sign_in(path, "clind", "quiet copper kettle")


def test_removing_yourself_is_refused(qtbot, encrypted, monkeypatch):
    _path, ada = encrypted
    dialog = _dialog(qtbot, ada)
    dialog.table.select_row(0)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert "your own account" in dialog.status.text()
    assert StaffUser.get(StaffUser.username == "ada").active


def test_reset_password_and_change_role(qtbot, encrypted, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    path, ada = encrypted
    dialog = _dialog(qtbot, ada)
    _fill_form(qtbot, display_name="Ben Marsh", username="bmarsh", role="office",
               password="blue heron river", confirm="blue heron river")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    _fill_form(qtbot, password="a brand new phrase", confirm="a brand new phrase")
    qtbot.mouseClick(dialog.password_button, Qt.MouseButton.LeftButton)
    assert "no longer opens" in dialog.status.text()
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("Governor", True))
    qtbot.mouseClick(dialog.role_button, Qt.MouseButton.LeftButton)
    assert StaffUser.get(StaffUser.username == "bmarsh").role == "governor"
    assert dialog.table.current_object().role == "governor"
    close_database()
    with pytest.raises(SignInFailed):
        sign_in(path, "bmarsh", "blue heron river")
    close_database()
    _db, actor = sign_in(path, "bmarsh", "a brand new phrase")
    assert actor.role == "governor"


def test_a_new_account_starts_as_a_governor_the_least_privileged_role(qtbot, encrypted):
    _path, ada = encrypted
    dialog = _dialog(qtbot, ada)
    seen = {}

    def look():
        form = QApplication.activeModalWidget()
        assert isinstance(form, PasswordForm)
        seen["role"] = form.role.currentData()
        seen["shown"] = form.role.currentText()
        form.reject()

    QTimer.singleShot(0, look)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert seen == {"role": "governor", "shown": "Governor"}
    # Filled in without touching the role, the account is a governor's.
    _fill_form(qtbot, display_name="Ben Marsh", username="bmarsh",
               password="blue heron river", confirm="blue heron river")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert StaffUser.get(StaffUser.username == "bmarsh").role == "governor"


def test_a_weak_password_is_refused_in_the_form_with_the_reason(qtbot, encrypted):
    _path, ada = encrypted
    dialog = _dialog(qtbot, ada)
    fill = _fill_form(qtbot, display_name="Ben Marsh", username="bmarsh",
                      password="Password1!", confirm="Password1!")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert "capitals, digits or symbols added" in fill.error
    assert StaffUser.select().count() == 1
