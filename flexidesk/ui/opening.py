"""Opening the school at start-up: which file, its check (a damaged one is put aside and a
backup offered), and signing in, by the form or from standard input."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

from flexidesk import paths
from flexidesk.i18n import _, format_date
from flexidesk.policy.errors import PolicyError
from flexidesk.store.errors import StoreError
from flexidesk.store.keyslots import keyfile_path

if TYPE_CHECKING:
    from flexidesk.policy.records.access import Actor
    from flexidesk.store.database import FlexiDatabase
    from flexidesk.store.instance_lock import InstanceLock

log = logging.getLogger("flexidesk")


def resolve_database(args: argparse.Namespace) -> tuple[Path, bool]:
    """The database file to open, and whether it is the demo (created when missing)."""
    if getattr(args, "db", None):
        return Path(args.db).expanduser().absolute(), False
    if getattr(args, "demo", False) or (getattr(args, "screenshot", None)
                                        and not paths.default_database().exists()):
        return paths.demo_database(), True  # --screenshot alone paints the demo
    return paths.default_database(), False


def check_or_recover(db_path: Path, key: bytes | None, *, headless: bool) -> None:
    """Check the file before opening it; a damaged one is moved aside and a backup offered."""
    from PySide6.QtWidgets import QMessageBox

    from flexidesk.store import recovery

    report = recovery.inspect(db_path, key)
    if report.ok:
        return
    log.error("Integrity check failed for the database (%d problems)", len(report.problems))
    good = recovery.find_good_backups(db_path, key, limit=1)
    if not good:
        raise recovery.DatabaseDamaged(db_path, report.problems)
    # Never put a backup in place unseen: both files' counts are shown (or, without a
    # window, a backup holding less than the damaged file still shows is not used).
    now, then = recovery.record_counts(db_path, key), recovery.record_counts(good[0], key)
    log.warning("Damaged database holds %s; newest good backup holds %s",
                recovery.describe_counts(now), recovery.describe_counts(then))
    if headless:
        print(_("The damaged file: {now}. The newest good backup: {then}.").format(
            now=recovery.describe_counts(now), then=recovery.describe_counts(then)),
            file=sys.stderr)
        if then is None or then.smaller_than(now):
            raise recovery.DatabaseDamaged(db_path, report.problems, backup=good[0])
    else:
        answer = QMessageBox.question(None, _("FlexiDesk"), _(
            "The database {path} is damaged. FlexiDesk can keep it aside (nothing is deleted) "
            "and put the newest good backup, {backup}, in its place.\n\n"
            "The damaged file: {now}.\nThe backup: {then}.\n\nDo that now?").format(
                path=db_path, backup=good[0].name, now=recovery.describe_counts(now),
                then=recovery.describe_counts(then)),
            defaultButton=QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            raise recovery.DatabaseDamaged(db_path, report.problems, backup=good[0])
    aside = recovery.restore_backup(good[0], db_path, key)
    log.warning("Damaged database kept aside and newest good backup restored")
    if not headless:
        QMessageBox.information(None, _("FlexiDesk"), _(
            "The newest good backup is back in place. The damaged file was kept as {aside}. "
            "Please check the most recent changes.").format(aside=aside))


def opener(db_path: Path, *, headless: bool):
    """The sign-in form's callback: check the file, then open it as the user (a governor:
    the governors' file, never the database)."""
    from flexidesk.policy.records.signin import as_unlocked, open_as

    def open_for(username: str, key) -> tuple[FlexiDatabase, Actor]:
        opened = as_unlocked(username, key)
        if opened is None or not opened.governors_only:
            check_or_recover(db_path, opened.key if opened else None, headless=headless)
        return open_as(db_path, username, opened)

    return open_for


def sign_in_from_stdin(db_path: Path, args: argparse.Namespace, password: str | None, *,
                       headless: bool, demo: bool) -> tuple[FlexiDatabase, Actor]:
    """--user NAME --password-stdin (or the demo headteacher for a demo screenshot)."""
    from flexidesk.policy.records.signin import SignInThrottle, attempt_unlock
    from flexidesk.ui.demo_start import demo_headteacher

    username = args.user
    if username is None:
        account = demo_headteacher() if demo else None
        if account is None:
            raise PolicyError(_("Say who is signing in: add --user NAME --password-stdin."))
        username, password = account
    opened = attempt_unlock(SignInThrottle.for_database(db_path), db_path, username, password)
    return opener(db_path, headless=headless)(username, opened)


def sign_in_names(db_path: Path) -> tuple[list[tuple[str, str]], bool]:
    """Who may sign in, and whether this is the demo; a plain (benchmark) file lists its staff."""
    from flexidesk.ui.dialogs.signin import names_for

    if keyfile_path(db_path).exists():
        return names_for(db_path)
    from flexidesk.policy.records.signin import names_in_plain_file

    return names_in_plain_file(db_path), False


#: What signing in and the main window need, imported while the sign-in form waits for a
#: password: the key cryptography, SQLCipher, the integrity check, the database layer (which
#: the main window brings), and the window itself.
WINDOW_MODULES = (
    "flexidesk.store.slotcrypto",
    "sqlcipher3.dbapi2",
    "flexidesk.store.recovery",
    "flexidesk.ui.main_window",
    "flexidesk.ui.provision.tab",
    "flexidesk.ui.lock",
    "flexidesk.ui.admin_menus",
    "flexidesk.ui.backup_tasks",
)


def preload_window(modules: tuple[str, ...] = WINDOW_MODULES) -> None:
    """Import the window's modules, and read the locale's date names, in idle moments.

    Someone typing a password leaves the event loop idle for seconds; loading the window
    then, one module per turn of the loop, means the window appears sooner after Sign in
    and the form never stops answering for long. A module that fails to load is left for
    the real start to report.
    """
    pending = list(modules)

    def step() -> None:
        if not pending:
            import datetime as dt

            format_date(dt.date.today())  # Babel loads the locale's data on first use
            return
        name = pending.pop(0)
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - reported when the window really needs it
            log.exception("Could not load %s ahead of time", name)
        QTimer.singleShot(0, step)

    QTimer.singleShot(0, step)


def install_accessibility() -> None:
    """Name every control for screen readers, in the windows shown and all that follow."""
    from flexidesk.ui import accessibility

    app = QApplication.instance()
    if isinstance(app, QApplication):
        accessibility.install(app)


def _write_log() -> None:
    """The log, held in memory until the form was painted, goes to its file from now on."""
    from flexidesk.ui.crash import setup_logging

    setup_logging()


class LockAfterPaint:
    """The school's lock when start-up shows the sign-in form: taken just after the form's
    first paint, or at the first Sign in if that comes sooner, so always before anything is
    written. Until then only the key file's names are read, and only when no restore was left
    unfinished (start-up takes the lock first when one was: taking it puts the file back).

    Importing the lock's library is a good part of what the form would otherwise wait for;
    another FlexiDesk already holding the school is still told before anyone can sign in.
    """

    def __init__(self, db_path: Path):
        self.db_path = db_path
        self.held: InstanceLock | None = None
        #: Why the lock could not be taken (another FlexiDesk has the school, a read-only
        #: folder): raised by ``sign_in_with_dialog`` once the form has closed.
        self.refused: StoreError | None = None

    def take(self) -> bool:
        """Take the lock, once; False if it was refused."""
        if self.held is None and self.refused is None:
            from flexidesk.store import instance_lock

            try:
                self.held = instance_lock.acquire(self.db_path)
            except StoreError as exc:
                self.refused = exc
        return self.held is not None


def sign_in_with_dialog(db_path: Path, lock: LockAfterPaint | None = None
                        ) -> tuple[FlexiDatabase, Actor] | None:
    """The sign-in window; None if the user closed it.

    With ``lock`` (not yet taken), the form is painted first and the lock taken just after;
    if it is refused the form closes and the refusal is raised."""
    from flexidesk.ui.dialogs.signin import SignInDialog

    names, demo = sign_in_names(db_path)

    def lock_first() -> bool:
        if lock is None or (lock.take() and lock.held is not None and not lock.held.undone):
            return True
        dialog.reject()  # refused, or a restore was put back: the names may have changed
        return False

    dialog = SignInDialog(db_path, names, opener(db_path, headless=False), demo=demo,
                          before_sign_in=lock_first if lock is not None else None)
    # Once the form is on screen: the lock (first, before anything else runs), the log file,
    # screen-reader names, then the window's modules.
    if lock is not None:
        dialog.first_painted.connect(lock_first)
    dialog.first_painted.connect(_write_log)
    dialog.first_painted.connect(install_accessibility)
    dialog.first_painted.connect(lambda: preload_window())
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    if lock is not None and lock.refused is not None:
        raise lock.refused
    if lock is not None and lock.held is not None and lock.held.undone:
        # A restore stopped part-way between the look before the form and the lock: it has
        # been put back; say so, and ask again with the names read under the lock.
        from flexidesk.ui.crash import tell

        tell(lock.held.undone, headless=False)
        lock.held.undone = None
        return sign_in_with_dialog(db_path)
    return dialog.result_value if accepted else None


def first_run(db_path: Path) -> tuple[Path, tuple[FlexiDatabase, Actor] | None] | None:
    """No school yet: create one (signed in as its head) or switch to the demo. None = cancelled."""
    from flexidesk.ui.dialogs.first_run import FirstRunDialog, RecoveryKeyDialog

    dialog = FirstRunDialog(db_path)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    if dialog.choice == "demo":
        from flexidesk.ui.demo_start import make_demo

        demo_path = paths.demo_database()
        make_demo(demo_path)
        return demo_path, None
    assert dialog.created is not None  # an accepted "create" made the school
    database, actor = dialog.created
    from flexidesk.policy.school.setup import profile

    RecoveryKeyDialog(profile().name, db_path, dialog.recovery_key).exec()
    log.info("New school created; recovery key shown once")
    return db_path, (database, actor)
