"""Forgotten the Headteacher's password: from the sign-in window, the printed recovery key, a new
password, and the Headteacher is signed in with everything kept."""

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QLineEdit, QPushButton

from flexidesk.policy.records.lost_password import RECOVERY_ACTION
from flexidesk.policy.records.signin import SignInThrottle, sign_in
from flexidesk.policy.school import staff
from flexidesk.policy.school.setup import NewSchool, create_school
from flexidesk.store import close_database
from flexidesk.store.keyslots import keyfile_path
from flexidesk.store.models import AuditEntry, Pupil
from flexidesk.ui import opening
from flexidesk.ui.dialogs.signin import SignInDialog

from .modal import Modal
from .school_fixtures import PASSWORD, _add_child

NEW_PW = "copper kettle orchard rain"


@pytest.fixture
def school(tmp_path):
    """Larkspur (Headteacher whollis, office clind, a child) and its printed recovery key."""
    path = tmp_path / "data" / "school.db"
    database, head, recovery = create_school(path, NewSchool(
        "Larkspur Test Primary", "Ms Wren Hollis", "ENG", "whollis", PASSWORD, PASSWORD))
    staff.add_user(head, username="clind", display_name="Cara Lind", role="office",
                   password=PASSWORD)
    _add_child(head, "Zephyrine", "Quillanthrope")
    database.close()
    close_database()
    return path, recovery


def _dialog(qtbot, db_path):
    names, demo = opening.sign_in_names(db_path)
    dialog = SignInDialog(db_path, names, opening.opener(db_path, headless=True), demo=demo)
    qtbot.addWidget(dialog)
    return dialog


def _type_key(qtbot, dialog, typed):
    box = dialog.findChild(QLineEdit, "recoveryKeyInput")
    qtbot.keyClicks(box, typed)
    qtbot.mouseClick(dialog.findChild(QPushButton, "recoveryOpen"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)


def _message(dialog) -> str:
    return dialog.findChild(QLabel, "recoveryMessage").text()


def _new_password(qtbot, dialog, password, again):
    qtbot.keyClicks(dialog.findChild(QLineEdit, "recoveryNewPassword"), password)
    qtbot.keyClicks(dialog.findChild(QLineEdit, "recoveryNewPasswordAgain"), again)
    qtbot.mouseClick(dialog.findChild(QPushButton, "recoverySet"), Qt.MouseButton.LeftButton)


def test_the_recovery_key_sets_a_new_password_and_signs_the_headteacher_in(qtbot, school):
    path, recovery = school
    dialog = _dialog(qtbot, path)
    seen = {}

    def use_key(recovering: QDialog) -> None:
        # Typed from paper: small letters, spaces where the dashes were.
        _type_key(qtbot, recovering, recovery.lower().replace("-", " "))
        assert _message(recovering) == ""
        heads = recovering.findChild(QComboBox, "recoveryHead")
        seen["heads"] = [heads.itemText(i) for i in range(heads.count())]
        _new_password(qtbot, recovering, NEW_PW, NEW_PW)

    Modal(qtbot).click(dialog.findChild(QPushButton, "recoveryLink"), use_key)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=10_000)
    assert seen["heads"] == ["Ms Wren Hollis"]  # the office account is not offered
    database, actor = dialog.result_value
    assert (actor.username, actor.role) == ("whollis", "headteacher")
    assert database.signer is not None
    assert AuditEntry.select().where(AuditEntry.action == RECOVERY_ACTION,
                                     AuditEntry.username == "whollis").count() == 1
    assert Pupil.get().legal_first_name == "Zephyrine"  # every record kept


def test_a_wrong_key_is_told_plainly_counted_and_changes_nothing(qtbot, school):
    path, _recovery = school
    keys_before = keyfile_path(path).read_bytes()
    dialog = _dialog(qtbot, path)
    said = {}

    def wrong_key(recovering: QDialog) -> None:
        _type_key(qtbot, recovering, "ABCDE-FGHJK-LMNPQ-RSTUV-WXYZ2-34567-89ABC-DEFGH")
        said["wrong"] = _message(recovering)
        recovering.findChild(QLineEdit, "recoveryKeyInput").clear()
        _type_key(qtbot, recovering, "ABCDE FGHJK 0")
        said["shape"] = _message(recovering)
        recovering.reject()

    Modal(qtbot).click(dialog.findChild(QPushButton, "recoveryLink"), wrong_key)
    assert said["wrong"].startswith("That recovery key does not open this school's records.")
    assert "never 0, 1, I or O" in said["shape"]
    assert len(SignInThrottle.for_database(path).failures) == 1  # the shape is not a guess
    assert dialog.result_value is None and dialog.form.password.text() == ""
    # The key file keeps the one counted failure, and nothing else changed.
    before, now = json.loads(keys_before), json.loads(keyfile_path(path).read_bytes())
    assert {**now, "throttle": None} == {**before, "throttle": None}


def test_a_weak_new_password_is_refused_in_the_dialog(qtbot, school):
    path, recovery = school
    dialog = _dialog(qtbot, path)
    said = {}

    def weak(recovering: QDialog) -> None:
        _type_key(qtbot, recovering, recovery)
        _new_password(qtbot, recovering, "password12", "password12")
        said["weak"] = _message(recovering)
        said["visible"] = recovering.isVisible()
        recovering.reject()

    Modal(qtbot).click(dialog.findChild(QPushButton, "recoveryLink"), weak)
    assert "too easy to guess" in said["weak"] and said["visible"]
    assert not dialog.result_value
    _database, head = sign_in(path, "whollis", PASSWORD)  # the old password still works
    assert not AuditEntry.select().where(AuditEntry.action == RECOVERY_ACTION).exists()


def test_the_demo_school_shows_no_recovery_route(qtbot, tmp_path):
    from .school_fixtures import make_school

    path = make_school(tmp_path / "demo" / "school.db", demo=True)
    dialog = _dialog(qtbot, path)
    assert dialog.findChild(QPushButton, "recoveryLink") is None
