"""First run: create the school (encrypted, audited) or open the demo; the recovery key shown once."""

import stat
import sys

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from flexidesk.store import audit
from flexidesk.store.keyslots import KeySlots, keyfile_path
from flexidesk.store.models import School, StaffUser
from flexidesk.ui import app
from flexidesk.ui.dialogs.first_run import FirstRunDialog, RecoveryKeyDialog

from .school_fixtures import PASSWORD, copy_school, make_school
from .school_fixtures import gui_args as _args


def _fill(qtbot, dialog, *, again=PASSWORD):
    qtbot.keyClicks(dialog.school_name, "Larkspur Test Primary")
    qtbot.keyClicks(dialog.head_name, "Ms Wren Hollis")
    dialog.nation.setCurrentIndex(dialog.nation.findData("WLS"))
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClicks(dialog.password_again, again)


def test_creating_the_school_makes_an_encrypted_audited_school_with_its_head(qtbot, tmp_path):
    db_path = tmp_path / "data" / "school.db"
    dialog = FirstRunDialog(db_path)
    qtbot.addWidget(dialog)
    _fill(qtbot, dialog)
    assert dialog.username.text() == "whollis"  # suggested from the head's name
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.choice == "create"
    database, actor = dialog.created
    assert (actor.username, actor.role) == ("whollis", "headteacher")
    assert School.get().nation == "WLS" and StaffUser.get().display_name == "Ms Wren Hollis"
    assert audit.verify_chain().ok
    assert KeySlots.load(db_path).unlock_recovery(dialog.recovery_key) == database.key
    assert dialog.password.text() == "" and dialog.password_again.text() == ""


def test_mismatched_passwords_say_so_and_create_nothing(qtbot, tmp_path):
    db_path = tmp_path / "school.db"
    dialog = FirstRunDialog(db_path)
    qtbot.addWidget(dialog)
    _fill(qtbot, dialog, again="orchard lantern 43")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert "not the same" in dialog.message.text()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert not db_path.exists() and not keyfile_path(db_path).exists()


def test_open_the_demo_instead(qtbot, tmp_path):
    dialog = FirstRunDialog(tmp_path / "school.db")
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
    assert dialog.choice == "demo" and dialog.result() == QDialog.DialogCode.Accepted
    assert not (tmp_path / "school.db").exists()


def test_recovery_sheet_is_saved_owner_only_and_carry_on_waits_for_it(qtbot, tmp_path):
    key = "ABCDE-FGHJK-LMNPQ-RSTUV-WXYZ2-34567-89ABC-DEFGH"
    dialog = RecoveryKeyDialog("Larkspur Test Primary", tmp_path / "school.db", key)
    qtbot.addWidget(dialog)
    assert dialog.findChild(object, "recoveryKey").text() == key
    assert not dialog.carry_on.isEnabled()
    dialog.path.clear()
    qtbot.keyClicks(dialog.path, str(tmp_path / "nowhere" / "key.pdf"))
    qtbot.mouseClick(dialog.findChild(object, "saveRecoveryPdf"), Qt.MouseButton.LeftButton)
    assert "could not be saved" in dialog.status.text() and not dialog.carry_on.isEnabled()
    dialog.path.clear()
    qtbot.keyClicks(dialog.path, str(tmp_path / "key.pdf"))
    qtbot.mouseClick(dialog.findChild(object, "saveRecoveryPdf"), Qt.MouseButton.LeftButton)
    pdf = tmp_path / "key.pdf"
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o600
    text = PdfReader(pdf).pages[0].extract_text()
    assert "ABCDE-FGHJK-LMNPQ-RSTUV" in text and "Larkspur Test Primary" in text
    assert dialog.carry_on.isEnabled()
    qtbot.mouseClick(dialog.carry_on, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted


# --- start-up from the command line -----------------------------------------------------------


@pytest.fixture
def quiet_hook(monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)


def test_screenshot_on_a_missing_database_explains_and_creates_nothing(qtbot, tmp_path, capsys,
                                                                     quiet_hook):
    db_path = tmp_path / "none" / "school.db"
    assert app.run_gui(_args(db=db_path, screenshot=tmp_path / "shots")) == 2
    assert str(db_path) in capsys.readouterr().err
    assert not db_path.parent.exists()


def test_a_file_that_is_not_a_database_is_named_and_left_untouched(qtbot, tmp_path, capsys,
                                                                 quiet_hook, monkeypatch):
    junk = tmp_path / "school.db"
    junk.write_bytes(b"this is a shopping list, not a database" * 100)
    code = app.run_gui(_args(db=junk, user="whollis", password_stdin=True,
                             screenshot=tmp_path / "shots"), "whatever")
    assert code == 2
    err = capsys.readouterr().err
    assert str(junk) in err and "Traceback" not in err
    assert junk.read_bytes() == b"this is a shopping list, not a database" * 100


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return make_school(tmp_path_factory.mktemp("template") / "school.db")


def test_wrong_password_on_stdin_is_refused_plainly(qtbot, template, tmp_path, capsys,
                                                    quiet_hook, monkeypatch):
    db_path = copy_school(template, tmp_path / "school.db")
    assert app.run_gui(_args(db=db_path, user="whollis", password_stdin=True,
                             screenshot=tmp_path / "shots"), "not it") == 2
    assert "do not match" in capsys.readouterr().err
    assert not (tmp_path / "shots").exists()


@pytest.mark.parametrize("user, pictures", [("whollis", {"today.png", "provision.png",
                                                          "providers.png", "flexi.png"}),
                                             ("dokafor", {"reports.png"})])
def test_screenshot_signs_in_from_stdin_and_paints_the_role_s_pages(
        qtbot, template, tmp_path, quiet_hook, monkeypatch, user, pictures):
    db_path = copy_school(template, tmp_path / "school.db")
    shots = tmp_path / "shots"
    assert app.run_gui(_args(db=db_path, user=user, password_stdin=True, screenshot=shots), PASSWORD) == 0
    assert {p.name for p in shots.iterdir()} == pictures
    from flexidesk.ui.main_window import MainWindow

    assert not any(isinstance(w, MainWindow) and w.isVisible()
                   for w in app.QApplication.topLevelWidgets())


def test_the_window_opens_signed_in_with_lock_backup_and_admin_entries(
        qtbot, template, tmp_path, quiet_hook, monkeypatch):
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QAction

    from flexidesk.ui.main_window import MainWindow

    db_path = copy_school(template, tmp_path / "school.db")
    seen = {}

    def look_then_close():
        windows = []
        try:
            windows += [w for w in app.QApplication.topLevelWidgets()
                       if isinstance(w, MainWindow) and w.isVisible()]
            seen["windows"] = len(windows)
            seen["actions"] = {a.objectName() for w in windows for a in w.findChildren(QAction)}
        finally:
            for window in windows:
                window.close()  # the last window closing ends app.exec(), as for a person

    QTimer.singleShot(300, look_then_close)
    safety = QTimer()  # only if no window ever opened: quit rather than hang the suite
    safety.setSingleShot(True)
    safety.timeout.connect(app.QApplication.quit)
    safety.start(30_000)
    try:
        assert app.run_gui(_args(db=db_path, user="whollis", password_stdin=True), PASSWORD) == 0
    finally:
        safety.stop()
    assert seen["windows"] == 1
    assert {"lockAction", "autoLockAction", "backupNowAction", "auditLogAction",
            "staffAction"} <= seen["actions"]
    assert (tmp_path / "school.db.lock").exists()


def test_a_second_copy_on_the_same_database_is_told_plainly(qtbot, template, tmp_path, capsys,
                                                            quiet_hook, monkeypatch):
    from flexidesk.store import instance_lock

    db_path = copy_school(template, tmp_path / "school.db")
    with instance_lock.acquire(db_path):
        assert app.run_gui(_args(db=db_path, user="whollis", password_stdin=True,
                                 screenshot=tmp_path / "shots"), PASSWORD) == 2
    assert "already open" in capsys.readouterr().err
    assert not (tmp_path / "shots").exists()


def test_the_demo_school_is_written_behind_a_progress_window(qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QProgressDialog

    from flexidesk.store.keyslots import keyfile_path
    from flexidesk.ui import demo_start

    seen = []
    original = QProgressDialog.setLabelText

    def noting(dialog, text):
        original(dialog, text)
        seen.append((dialog.isVisible(), dialog.value(), text))

    monkeypatch.setattr(QProgressDialog, "setLabelText", noting)
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)
    path = tmp_path / "demo.db"
    demo_start.make_demo(path)
    timer.stop()
    # The writing ran beside the event loop, not in it: the window kept answering all along.
    assert len(ticks) >= 20
    assert path.exists() and keyfile_path(path).exists()
    assert all(visible for visible, _value, _text in seen)
    values = [value for _visible, value, _text in seen]
    # The bar moved forward only, through the key slots and then the rows, to the end.
    assert values == sorted(values) and len(set(values)) >= 6 and values[-1] >= 90
    labels = " ".join(text for _visible, _value, text in seen)
    assert "keys for the demo accounts" in labels and "children and families" in labels
    assert not [w for w in QApplication.topLevelWidgets()
                if w.objectName() == "demoProgress" and w.isVisible()]


def test_where_the_sheet_was_saved_is_read_whole(qtbot, qapp, tmp_path):
    """A long folder is one long word: it wraps at its folders, and the dialog grows to show
    every line (it was cut off at the window's edge)."""
    from flexidesk.ui.dialogs.first_run import RecoveryKeyDialog

    folder = (tmp_path / "a-rather-long-folder-name-for-the-school-office" / "USB stick backups"
              / "recovery-sheets-autumn-term")
    folder.mkdir(parents=True)
    dialog = RecoveryKeyDialog("Brookfield Test Primary", tmp_path / "school.db",
                               "ABCD-EFGH-IJKL-MNOP")
    qtbot.addWidget(dialog)
    dialog.path.setText(str(folder / "Brookfield Test Primary recovery key.pdf"))
    dialog.show()
    qapp.processEvents()  # laid out as it opens, with no status line yet
    dialog.save_pdf()  # as Save the sheet (PDF) does
    for _turn in range(5):
        qapp.processEvents()
    assert dialog.saved_to is not None and dialog.status.text().startswith("Saved to ")
    layout = dialog.layout()
    # Tall enough for every wrapped line of every label (else the layout squeezes them).
    assert dialog.height() >= layout.heightForWidth(dialog.width())
    assert dialog.width() <= 1366
