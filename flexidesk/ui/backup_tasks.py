"""Backups in the window: a worker with a progress bar, the 30-minute scheduler, restore, menus.

The copy runs in a QThreadPool worker on a connection of its own (same file, same key);
its result comes back by signal, and the audit row and the "backed up as far as here"
mark are written on the main thread, where every database write belongs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from flexidesk.i18n import _, format_datetime
from flexidesk.policy.records.access import Actor, PolicyError, can
from flexidesk.policy.records.backups import note_backup, note_restore, unrecorded_backup
from flexidesk.store.backup import (
    BackupError,
    BackupOutcome,
    backup_folder_for,
    change_mark,
    needs_backup,
    remember_backup,
    second_folder,
    set_second_folder,
    write_backups,
)
from flexidesk.store.database import FlexiDatabase, db
from flexidesk.store.errors import StoreError
from flexidesk.store.recovery import backup_key, restore_backup
from flexidesk.ui.tasks import run_task, wait_for_tasks
from flexidesk.ui.widgets.progress import progress_dialog, set_progress, show_message

#: Minutes of work between automatic backups.
INTERVAL_MINUTES = 30


def _backup_failure(error: BaseException) -> str | None:
    """A failed backup in plain words, or None for a bug."""
    if isinstance(error, BackupError):
        return str(error)
    if isinstance(error, OSError):
        return _("The backup could not be written ({reason}). The database itself is "
                 "unchanged.").format(reason=error.strerror or error)
    return None


def _can_back_up(database: FlexiDatabase) -> bool:
    """Open and keyed: while the window is locked the key is gone, and so is the chance.
    (A governor's window has no database at all.)"""
    return (isinstance(database, FlexiDatabase) and not database.is_closed()
            and (database.key is not None or not database.encrypted))


class BackupJob(QObject):
    """One backup in the background, noted in the audit log when it has finished."""

    done = Signal(object)  # BackupOutcome
    # What backup_now shows for the job (an automatic backup shows neither).
    dialog: QProgressDialog
    message_box: QMessageBox | None
    failed = Signal(str)
    progress = Signal(int, int)

    def __init__(self, database: FlexiDatabase, actor: Actor, *, automatic: bool,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.database, self.actor, self.automatic = database, actor, automatic
        self.outcome: BackupOutcome | None = None
        self.problem = ""
        self.running = False
        self._mark: list | None = None
        self.unrecorded = False

    def start(self) -> None:
        """Start the copy; what was there at this moment is what the backup holds."""
        self._mark = change_mark(self.database)
        path, key = self.database.path, self.database.key
        self.running = True
        run_task(lambda progress: write_backups(path, key, progress=progress),
                 on_success=self._finished, on_failure=self._failure,
                 on_progress=self.progress.emit, parent=self)

    def _failure(self, error: BaseException) -> bool:
        problem = _backup_failure(error)
        if problem is None:
            self.running = False
            return False
        self._failed(problem)
        return True

    def _finished(self, outcome: BackupOutcome) -> None:
        self.running = False
        self.outcome = outcome
        self.unrecorded = True
        self.record_if_open()
        self.done.emit(outcome)

    def record_if_open(self) -> None:
        """Write the audit row now, or (the window locked meanwhile) when it is next open."""
        if self.unrecorded and _can_back_up(self.database):
            assert self.outcome is not None  # unrecorded is set with the outcome
            try:
                record_backup(self.database, self.actor, self.outcome, self._mark,
                              self.automatic)
            except StoreError as exc:  # another program holds the write lock: the backup
                # is there all the same; the scheduler's next tick tries the record again
                self.problem = unrecorded_backup(self.outcome.primary, exc)
                return
            self.problem = ""
            self.unrecorded = False

    def _failed(self, message: str) -> None:
        self.running = False
        self.problem = message
        self.failed.emit(message)


def record_backup(database: FlexiDatabase, actor: Actor, outcome: BackupOutcome,
                  mark: list | None, automatic: bool) -> None:
    """The audit row, and the note that the data as it was at ``mark`` is safe."""
    db.initialize(database)
    note_backup(actor, outcome, automatic=automatic)
    remember_backup(database, mark=mark)


class BackupScheduler(QObject):
    """Backs up at start-up and every 30 minutes of work when anything changed, and at close."""

    started = Signal()
    finished = Signal(object)  # BackupOutcome
    failed = Signal(str)

    def __init__(self, database: FlexiDatabase, actor: Actor, parent: QObject | None = None,
                 interval_minutes: float = INTERVAL_MINUTES):
        super().__init__(parent)
        self.database, self.actor = database, actor
        self.job: BackupJob | None = None
        self.last_problem = ""
        self.timer = QTimer(self)
        self.timer.setInterval(int(interval_minutes * 60_000))
        self.timer.timeout.connect(self.tick)

    def start(self) -> None:
        """Begin counting work time, with a first backup now if anything changed."""
        self.timer.start()
        self.tick()

    def set_paused(self, paused: bool) -> None:
        """Stop the clock while the window is locked (no work, no key); restart it after."""
        if paused:
            self.timer.stop()
        else:
            self.timer.start()

    def set_session(self, database: FlexiDatabase, actor: Actor) -> None:
        """Another person signed in: their name goes on the next backups."""
        self.database, self.actor = database, actor

    @property
    def busy(self) -> bool:
        return self.job is not None and self.job.running

    def tick(self) -> bool:
        """Start a background backup if one is due; returns whether one started."""
        if self.job is not None:
            self.job.record_if_open()
        if self.busy or not _can_back_up(self.database) or not needs_backup(self.database):
            return False
        self.job = BackupJob(self.database, self.actor, automatic=True, parent=self)
        self.job.done.connect(self.finished)
        self.job.failed.connect(self._failed)
        self.job.start()
        self.started.emit()
        return True

    def _failed(self, message: str) -> None:
        self.last_problem = message
        self.failed.emit(message)

    def backup_at_close(self) -> BackupOutcome | None:
        """The last backup as FlexiDesk closes (in the foreground: the window is going away)."""
        self.timer.stop()
        wait_for_tasks()
        if self.job is not None:
            self.job.record_if_open()
        if not _can_back_up(self.database) or not needs_backup(self.database):
            return None
        mark = change_mark(self.database)
        try:
            outcome = write_backups(self.database.path, self.database.key, source=self.database)
            record_backup(self.database, self.actor, outcome, mark, automatic=True)
        except (BackupError, StoreError, PolicyError) as exc:
            self._failed(str(exc))
            return None
        self.finished.emit(outcome)
        return outcome


# --- what the window's menus call ----------------------------------------------------------


def backup_now(parent: QWidget | None, database: FlexiDatabase, actor: Actor) -> BackupJob:
    """File > Back up now: a progress bar, then where the backup went (or what went wrong)."""
    job = BackupJob(database, actor, automatic=False, parent=parent)
    job.dialog = dialog = progress_dialog(parent, _("Backing up the school's data..."))
    job.message_box = None
    job.progress.connect(lambda done, total: set_progress(dialog, done, total))

    def done(outcome: BackupOutcome) -> None:
        dialog.hide()  # close() would count as Cancel and reset the bar
        recorded = getattr(parent, "backup_recorded", None)
        if recorded is not None and _can_back_up(database):  # from the audit row just written
            recorded()
        text = _("The backup was written and checked:\n{path}").format(path=outcome.primary)
        if outcome.second is not None:
            text += "\n\n" + _("A second copy is in {folder}.").format(
                folder=outcome.second.parent)
        problems = [p for p in (job.problem if job.unrecorded else "",
                                outcome.second_problem) if p]
        if problems:
            job.message_box = show_message(parent, QMessageBox.Icon.Warning,
                                           "\n\n".join([text, *problems]))
        else:
            job.message_box = show_message(parent, QMessageBox.Icon.Information, text)

    def failed(message: str) -> None:
        dialog.hide()  # close() would count as Cancel and reset the bar
        job.message_box = show_message(parent, QMessageBox.Icon.Warning, message)

    job.done.connect(done)
    job.failed.connect(failed)
    dialog.show()
    job.start()
    return job


def _describe_backup(path: Path) -> str:
    when = dt.datetime.fromtimestamp(path.stat().st_mtime)
    return _("{name} (written {when})").format(name=path.name, when=format_datetime(when))


class RestoreJob(QObject):
    """Putting a backup back: confirmed, the database closed, copied with progress, reopened."""

    done = Signal(object)  # where the previous file was kept (Path or None)
    failed = Signal(str)

    def __init__(self, parent: QWidget | None, database: FlexiDatabase, actor: Actor,
                 backup_path: Path, on_restored: Callable[[], None] | None = None):
        super().__init__(parent)
        self.parent_widget, self.database, self.actor = parent, database, actor
        self.backup_path, self.on_restored = Path(backup_path), on_restored
        self.message_box: QMessageBox | None = None
        self.dialog = progress_dialog(parent, _("Putting the backup back..."))

    def start(self) -> None:
        wait_for_tasks()  # no backup may be reading the old file
        self.database.close()
        self.dialog.show()
        source, path, key = self.backup_path, self.database.path, self.database.key
        run_task(lambda progress: restore_backup(source, path, key, progress),
                 on_success=self._finished, on_failure=self._failure,
                 on_progress=lambda done, total: set_progress(self.dialog, done, total),
                 parent=self)

    def _failure(self, error: BaseException) -> bool:
        if isinstance(error, BackupError | OSError):
            self._failed(str(error))
            return True
        self._failed(_("The backup could not be put back."))  # and the bug is reported
        return False

    def _reopen(self) -> None:
        from flexidesk.store.migrations import migrate

        self.database.connect(reuse_if_open=True)
        db.initialize(self.database)
        migrate(self.database)  # an older backup is brought up to this FlexiDesk's schema

    def _finished(self, aside: Path | None) -> None:
        self.dialog.hide()
        self._reopen()
        note_restore(self.actor, self.backup_path, aside)
        if self.on_restored is not None:
            self.on_restored()
        text = _("The backup {name} is back in place.").format(name=self.backup_path.name)
        if aside is not None:
            text += "\n\n" + _("The file it replaced is kept, unchanged, as {path}").format(
                path=aside)
        self.message_box = show_message(self.parent_widget, QMessageBox.Icon.Information, text)
        self.done.emit(aside)

    def _failed(self, message: str) -> None:
        self.dialog.hide()
        self._reopen()  # nothing was replaced: carry on with the file as it was
        self.message_box = show_message(self.parent_widget, QMessageBox.Icon.Warning, message + "\n\n"
                                    + _("Your database has not been changed."))
        self.failed.emit(message)


def restore_from(parent: QWidget | None, database: FlexiDatabase, actor: Actor,
                 backup_path: Path | None = None,
                 on_restored: Callable[[], None] | None = None) -> RestoreJob | None:
    """File > Restore from a backup: choose, check, confirm, then put it back with progress.

    Returns the running job, or None if the user stopped (or the backup is unusable).
    ``on_restored`` runs once the restored file is open (the window refreshes its tabs).
    """
    if not can(actor, "backup.restore"):
        show_message(parent, QMessageBox.Icon.Warning,
                 _("Only the Headteacher can put a backup back."))
        return None
    if backup_path is None:
        chosen, _filter = QFileDialog.getOpenFileName(
            parent, _("Choose the backup to put back"), str(backup_folder_for(database)),
            _("FlexiDesk backups (*.db)"))
        if not chosen:
            return None
        backup_path = Path(chosen)
    backup_path = Path(backup_path)
    try:
        backup_key(backup_path, database.path, database.key)  # from before a re-key too
    except BackupError:
        show_message(parent, QMessageBox.Icon.Warning, _(
            "{name} cannot be put back: it is damaged, or it is not a backup of this "
            "school's database. Your database has not been changed.").format(
                name=backup_path.name))
        return None
    answer = QMessageBox.question(
        parent, _("Put a backup back?"), _(
            "Replace the school's data with the backup {backup}?\n\nEverything entered "
            "since that backup will no longer be in FlexiDesk. The current file is kept "
            "aside, unchanged, so this can be undone.").format(
                backup=_describe_backup(backup_path)),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel)
    if answer != QMessageBox.StandardButton.Yes:
        return None
    job = RestoreJob(parent, database, actor, backup_path, on_restored)
    job.start()
    return job


def choose_second_folder(parent: QWidget | None, database: FlexiDatabase,
                         folder: Path | None = None) -> Path | None:
    """File > Second backup folder: a USB stick or network share for a copy of every backup."""
    current = second_folder(database.path)
    if folder is None:
        chosen = QFileDialog.getExistingDirectory(
            parent, _("Choose a second backup folder (a USB stick or network share)"),
            str(current or Path.home()))
        if not chosen:
            return current
        folder = Path(chosen)
    set_second_folder(database.path, folder)
    return folder


def install_backup_menu(window, get_session: Callable[[], tuple[FlexiDatabase, Actor]],
                        on_restored: Callable[[], None] | None = None) -> list[QAction]:
    """Add Back up now (Ctrl+Shift+B), Restore and Second backup folder to the File menu."""
    database, actor = get_session()
    menu = window.menus["file"]
    first = menu.actions()[0] if menu.actions() else None
    actions: list[QAction] = []

    def add(name: str, title: str, slot, shortcut: str = "") -> None:
        act = QAction(title, window)
        act.setObjectName(name)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(lambda _checked=False: slot(*get_session()))
        menu.insertAction(first, act)
        actions.append(act)

    if can(actor, "backup.run"):
        add("backupNowAction", _("&Back up now"), lambda d, a: backup_now(window, d, a),
            _("Ctrl+Shift+B"))
        add("secondFolderAction", _("Second backup &folder..."),
            lambda d, a: choose_second_folder(window, d))
    if can(actor, "audit.view"):  # the check reads the whole audit log
        from flexidesk.ui.check_task import check_now

        add("checkAction", _("&Check the database"), lambda d, a: check_now(window, d, a))
    if can(actor, "backup.restore"):
        add("restoreAction", _("&Restore from a backup..."),
            lambda d, a: restore_from(window, d, a, on_restored=on_restored))
    if actions and first is not None:
        menu.insertSeparator(first)
    return actions


def attach_to_session(session) -> BackupScheduler:
    """Wire backups into a running Session: menus on every window, the scheduler, close."""
    from PySide6.QtWidgets import QApplication

    scheduler = BackupScheduler(session.database, session.actor, session)

    def equip(window) -> None:
        scheduler.set_session(session.database, session.actor)
        install_backup_menu(window, lambda: (session.database, session.actor),
                            on_restored=lambda: session.window.refresh())

    def status(message: str) -> None:
        session.window.statusBar().showMessage(message, 15000)

    scheduler.failed.connect(status)

    def show_backup() -> None:
        """'Last backup' and Today's line, from the audit row (when the window is open)."""
        recorded = getattr(session.window, "backup_recorded", None)
        if recorded is not None and _can_back_up(session.database):
            recorded()

    def finished(outcome: BackupOutcome) -> None:
        show_backup()  # a backup that ends while locked is noted, and shown, on unlocking
        if outcome.second_problem:
            status(outcome.second_problem)

    def unlocked(locked: bool) -> None:
        if not locked:
            if scheduler.job is not None:
                scheduler.job.record_if_open()
            show_backup()

    scheduler.finished.connect(finished)
    equip(session.window)
    session.window_rebuilt.connect(equip)
    session.locked_changed.connect(scheduler.set_paused)
    session.locked_changed.connect(unlocked)
    app = QApplication.instance()
    assert app is not None  # the window is shown, so the application runs
    app.aboutToQuit.connect(scheduler.backup_at_close)
    scheduler.start()
    return scheduler
