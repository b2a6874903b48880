"""Backups in the window: progress bar, the scheduler, restore with confirmation, the menu."""

import datetime as dt

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QMessageBox, QPushButton

from flexidesk.policy.records.access import Actor
from flexidesk.store import audit
from flexidesk.store.backup import (
    automatic_backups,
    backup_folder_for,
    needs_backup,
    set_second_folder,
    verify_backup,
    write_backups,
)
from flexidesk.store.models import AuditEntry, Pupil
from flexidesk.ui.backup_tasks import (
    INTERVAL_MINUTES,
    BackupScheduler,
    backup_now,
    install_backup_menu,
    restore_from,
)
from tests.unit.store.test_backup import fill, table_rows


class Window(QMainWindow):
    """The little a real main window offers the backup menu: a File menu and refresh()."""

    def __init__(self):
        super().__init__()
        self.menus = {"file": self.menuBar().addMenu("&File")}
        self.menus["file"].addAction("&Quit")
        self.refreshed = 0

    def refresh(self):
        self.refreshed += 1


@pytest.fixture
def window(qtbot):
    win = Window()
    qtbot.addWidget(win)
    win.show()
    return win


def _backups(database):
    return sorted(automatic_backups(backup_folder_for(database), database.path))


def _answer(button):
    """Answer the next modal question with ``button`` once it is showing."""
    def click():
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox), box
        box.button(button).click()
    QTimer.singleShot(0, click)


def test_back_up_now_shows_progress_then_where_it_went(qtbot, window, database, head):
    fill(30)
    job = backup_now(window, database, head)
    assert job.dialog.isVisible() and not job.dialog.findChildren(QPushButton)  # runs to the end
    with qtbot.waitSignal(job.done, timeout=10000) as blocker:
        pass
    outcome = blocker.args[0]
    assert not job.dialog.isVisible()
    assert job.dialog.value() == job.dialog.maximum() > 0  # the bar reached the end
    verify_backup(outcome.primary, None)
    assert _backups(database) == [outcome.primary]
    assert str(outcome.primary) in job.message_box.text()
    assert job.message_box.icon() == QMessageBox.Icon.Information
    row = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert (row.username, row.action) == ("head", "backup.write")
    assert not needs_backup(database)
    job.message_box.close()


def test_back_up_now_warns_when_the_usb_stick_is_gone(qtbot, window, database, office, tmp_path):
    fill(3)
    set_second_folder(database.path, tmp_path / "stick-gone")
    job = backup_now(window, database, office)
    qtbot.waitUntil(lambda: job.message_box is not None)
    assert job.message_box.icon() == QMessageBox.Icon.Warning
    assert "cannot be found" in job.message_box.text()
    assert "was written and checked" in job.message_box.text()
    assert len(_backups(database)) == 1
    job.message_box.close()


def test_scheduler_backs_up_only_when_something_changed(qtbot, database, head):
    fill(5)
    scheduler = BackupScheduler(database, head)
    assert scheduler.timer.interval() == INTERVAL_MINUTES * 60_000 == 30 * 60_000
    with qtbot.waitSignal(scheduler.finished, timeout=10000):
        scheduler.start()  # something changed since the last (no) backup: one at start-up
    assert scheduler.timer.isActive() and len(_backups(database)) == 1
    assert not scheduler.tick()  # nothing changed since
    audit.record("head", "pupil.edit", "pupil", 1, pupil_id=1)
    with qtbot.waitSignal(scheduler.finished, timeout=10000):
        assert scheduler.tick()
    entries = AuditEntry.select().where(AuditEntry.action == "backup.write")
    assert entries.count() == 2 and all('"automatic": true' in e.after for e in entries)
    scheduler.set_paused(True)
    assert not scheduler.timer.isActive()
    scheduler.set_paused(False)
    assert scheduler.timer.isActive()


def test_scheduler_waits_while_locked_and_backs_up_at_close(qtbot, database, head):
    fill(5)
    scheduler = BackupScheduler(database, head)
    database.close()  # the window locked: no backup without the key
    assert not scheduler.tick()
    database.connect()
    before = len(_backups(database))
    outcome = scheduler.backup_at_close()
    assert outcome is not None and len(_backups(database)) == before + 1
    assert scheduler.backup_at_close() is None  # nothing changed: no second copy


def test_restore_asks_first_and_cancel_changes_nothing(qtbot, window, database, head):
    fill(10)
    backup = write_backups(database.path, None, source=database).primary
    Pupil.delete().where(Pupil.id > 2).execute()
    _answer(QMessageBox.StandardButton.Cancel)
    assert restore_from(window, database, head, backup) is None
    assert Pupil.select().count() == 2


def test_restore_puts_the_backup_back_with_progress_and_audit(qtbot, window, database, head):
    fill(25)
    backup = write_backups(database.path, None, source=database).primary
    expected = table_rows(backup)
    Pupil.delete().where(Pupil.id > 3).execute()
    _answer(QMessageBox.StandardButton.Yes)
    job = restore_from(window, database, head, backup, on_restored=window.refresh)
    assert job is not None
    with qtbot.waitSignal(job.done, timeout=10000) as blocker:
        pass
    aside = blocker.args[0]
    assert window.refreshed == 1
    assert Pupil.select().count() == 25  # the same database object reads the restored file
    last = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert (last.username, last.action) == ("head", "backup.restore")
    assert audit.verify_chain().ok
    database.close()
    restored = table_rows(database.path)
    assert {t: r for t, r in restored.items() if t != "audit_entry"} == {
        t: r for t, r in expected.items() if t != "audit_entry"}
    assert len(table_rows(aside)["pupil"]) == 3
    assert "kept, unchanged" in job.message_box.text()
    job.message_box.close()


def test_only_the_headteacher_may_restore_and_a_bad_file_is_refused(qtbot, window, database,
                                                                     head, office, tmp_path):
    fill(2)
    backup = write_backups(database.path, None, source=database).primary
    assert restore_from(window, database, office, backup) is None
    junk = tmp_path / "holiday-photos.db"
    junk.write_bytes(b"\x89PNG" * 500)
    assert restore_from(window, database, head, junk) is None
    boxes = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, QMessageBox) and w.isVisible()]
    texts = " ".join(b.text() for b in boxes)
    assert "Only the Headteacher" in texts and "cannot be put back" in texts
    assert Pupil.select().count() == 2
    for box in boxes:
        box.close()


def test_menu_entries_follow_the_role_and_back_up_from_the_keyboard(qtbot, window, database,
                                                                     school, head, office):
    fill(2)
    acts = install_backup_menu(window, lambda: (database, head))
    assert [a.objectName() for a in acts] == ["backupNowAction", "secondFolderAction",
                                              "checkAction", "restoreAction"]
    assert acts[0].shortcut().toString() == "Ctrl+Shift+B"
    file_menu: QMenu = window.menus["file"]
    assert file_menu.actions()[-1].text() == "&Quit"  # ours go above Quit

    other = Window()
    qtbot.addWidget(other)
    office_acts = install_backup_menu(other, lambda: (database, Actor("office", "office")))
    assert "restoreAction" not in [a.objectName() for a in office_acts]
    governor_acts = install_backup_menu(other, lambda: (database, Actor("g", "governor")))
    assert governor_acts == []

    acts[0].trigger()
    qtbot.waitUntil(lambda: len(_backups(database)) == 1, timeout=10000)
    qtbot.waitUntil(lambda: AuditEntry.select().where(
        AuditEntry.action == "backup.write").count() == 1, timeout=10000)
    for box in [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]:
        box.close()


def test_check_the_database_says_sound_then_spots_a_tampered_audit_log(qtbot, window,
                                                                      database, head):
    from flexidesk.ui.check_task import check_now

    fill(5)
    job = check_now(window, database, head)  # runs in a worker: the window keeps painting
    qtbot.waitUntil(lambda: job.box is not None, timeout=10000)
    assert job.box.icon() == QMessageBox.Icon.Information
    assert "sound" in job.box.text() and "5 entries" in job.box.text()
    job.box.close()
    checked = AuditEntry.select().where(AuditEntry.action == "audit.verify")
    assert [(e.username, e.after) for e in checked] == [("head", '{"ok": true, "rows": 5}')]
    for (name,) in database.execute_sql(
            "SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name='audit_entry'"):
        database.execute_sql(f'DROP TRIGGER "{name}"')
    database.execute_sql("DELETE FROM audit_entry WHERE id = 3")
    job = check_now(window, database, head)
    qtbot.waitUntil(lambda: job.box is not None, timeout=10000)
    assert job.box.icon() == QMessageBox.Icon.Warning
    assert "tampered with at entry 4" in job.box.text()
    job.box.close()


def test_check_spots_a_shortened_log_and_is_refused_to_other_roles(qtbot, window, database,
                                                                    head, office):
    from flexidesk.ui.check_task import check_now

    fill(5)
    database.execute_sql('DROP TRIGGER "audit_entry_no_delete"')
    database.execute_sql("DELETE FROM audit_entry WHERE id > 3")
    job = check_now(window, database, head)
    qtbot.waitUntil(lambda: job.box is not None, timeout=10000)
    assert job.box.icon() == QMessageBox.Icon.Warning
    assert "append-only protection has been removed (missing: audit_entry_no_delete)" \
        in job.box.text()
    assert "cut short: it ends at entry 3" in job.box.text()
    job.box.close()
    job = check_now(window, database, office)
    qtbot.waitUntil(lambda: job.box is not None, timeout=10000)
    assert "does not allow this" in job.box.text()
    job.box.close()
    assert "checkAction" not in [a.objectName() for a in install_backup_menu(
        window, lambda: (database, office))]


def test_second_folder_is_remembered(qtbot, window, database, head, tmp_path):
    from flexidesk.store.backup import second_folder
    from flexidesk.ui.backup_tasks import choose_second_folder

    stick = tmp_path / "stick"
    stick.mkdir()
    assert choose_second_folder(window, database, stick) == stick
    assert second_folder(database.path) == stick
    fill(1)
    outcome = write_backups(database.path, None, source=database, when=dt.datetime(2026, 11, 27))
    assert outcome.second == stick / outcome.primary.name


# --- wired into a real signed-in session (encrypted school, lock and all) -------------------


# The signed-in session of the lock tests: an encrypted school, MainWindow, lock and all.
from tests.ui import test_lock as _lock_tests  # noqa: E402

template, session = _lock_tests.template, _lock_tests.session


def test_attached_to_a_session_backs_up_encrypted_pauses_when_locked(qtbot, session):
    from PySide6.QtCore import Qt

    from flexidesk.ui.backup_tasks import attach_to_session
    from tests.ui.school_fixtures import CHILD, PASSWORD

    database = session.database
    key = database.key
    scheduler = attach_to_session(session)
    qtbot.waitUntil(lambda: len(_backups(database)) == 1, timeout=10000)  # the start-up backup
    qtbot.waitUntil(lambda: not scheduler.busy and not needs_backup(database), timeout=10000)
    backup = _backups(database)[0]
    verify_backup(backup, key)
    assert CHILD[1].encode() not in backup.read_bytes()  # encrypted as the source is
    assert (backup_folder_for(database) / "school.db.keys").exists()
    names = [a.objectName() for a in session.window.menus["file"].actions()]
    assert {"backupNowAction", "restoreAction", "secondFolderAction"} <= set(names)
    # The status bar's "Last backup" reads the audit row just written, as Today does.
    assert session.window.backup_label.text().startswith("Last backup: 30 Nov 2026, ")

    qtbot.keyClick(session.window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert session.is_locked and not scheduler.timer.isActive()
    assert not scheduler.tick()  # no key while locked: no backup, no error
    assert scheduler.backup_at_close() is None
    form = session.window.centralWidget().form
    qtbot.keyClicks(form.password, PASSWORD)
    qtbot.keyClick(form.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not session.is_locked, timeout=10_000)
    assert not session.is_locked and scheduler.timer.isActive()
    audit.record("whollis", "pupil.edit", "pupil", 1, pupil_id=1)
    outcome = scheduler.backup_at_close()
    assert outcome is not None
    verify_backup(outcome.primary, key)


def test_the_status_bar_and_today_tell_the_same_last_backup_and_change_together(
        qtbot, database, head):
    from flexidesk.ui.main_window import MainWindow

    fill(5)
    window = MainWindow(head, database)
    qtbot.addWidget(window)
    window.show()
    today = window.today_tab

    def backup_lines():
        return [r for r in today.model.visible_objects() if r.tab == "backup"]

    assert window.backup_label.text() == "Last backup: never"
    assert backup_lines()  # Today asks for one too
    job = backup_now(window, database, head)
    with qtbot.waitSignal(job.done, timeout=10000):
        pass
    job.message_box.close()
    assert window.backup_label.text().startswith("Last backup: 30 Nov 2026, ")
    assert not backup_lines()  # at once, without changing tab


def test_a_backup_that_ends_while_locked_is_shown_on_unlocking(qtbot, session):
    from PySide6.QtCore import Qt

    from flexidesk.ui.backup_tasks import attach_to_session
    from tests.ui.school_fixtures import PASSWORD

    scheduler = attach_to_session(session)
    assert scheduler.busy  # the start-up backup, in the pool
    session.lock()  # before it ends: the key is gone, nothing may be read
    qtbot.waitUntil(lambda: not scheduler.busy, timeout=10000)
    form = session.window.centralWidget().form
    qtbot.keyClicks(form.password, PASSWORD)
    qtbot.keyClick(form.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not session.is_locked, timeout=10_000)
    assert session.window.backup_label.text().startswith("Last backup: 30 Nov 2026, ")
