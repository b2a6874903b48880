"""Start-up: the application, logging, the database to open, first run, sign-in, lock, the window.

Heavy modules (ReportLab, pypdfium2, holidays) are imported only where they are used, so the
window paints quickly. Known problems of the world (a missing, damaged, locked or read-only
file, a wrong password) end in a plain message naming the file; a bug is logged with its
traceback (never a child's name: only exception types and code locations are written) and
the user sees a polite apology.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import logging
import logging.handlers
import os
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QProgressDialog, QWidget

from flexidesk import paths
from flexidesk.i18n import _, format_date, set_locale
from flexidesk.policy.errors import PolicyError
from flexidesk.store.errors import StoreError
from flexidesk.store.keyslots import KeyFileError, keyfile_path

if TYPE_CHECKING:
    from flexidesk.policy.records.access import Actor
    from flexidesk.store.database import FlexiDatabase

log = logging.getLogger("flexidesk")

LOG_NAME = "flexidesk.log"


# --- logging and the last-resort handler ------------------------------------------------------


class _PrivateFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log file that is always owner-only (0600), rotated copies included."""

    def _open(self):
        fd = os.open(self.baseFilename, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600)
        os.chmod(self.baseFilename, 0o600)
        return os.fdopen(fd, self.mode.replace("w", "a"), encoding=self.encoding)


def setup_logging() -> Path:
    """Log to the owner-only log folder; returns the log file's path."""
    path = paths.log_dir() / LOG_NAME
    root = logging.getLogger("flexidesk")
    for old in [h for h in root.handlers if isinstance(h, _PrivateFileHandler)]:
        if old.baseFilename != str(path):  # a different data folder (tests, --db elsewhere)
            root.removeHandler(old)
            old.close()
    if not any(isinstance(h, _PrivateFileHandler) for h in root.handlers):
        handler = _PrivateFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def describe_crash(exc_type, exc, tb) -> str:
    """The traceback without the exception's message: messages can quote a child's name."""
    frames = "".join(traceback.format_tb(tb))
    return f"{exc_type.__module__}.{exc_type.__qualname__} (message withheld)\n{frames}"


def install_excepthook(log_path: Path, *, quiet: bool = False) -> None:
    """Log any uncaught exception and apologise politely instead of crashing with a traceback."""
    showing: list[bool] = []  # non-empty while the apology is on screen

    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if _known_problem(exc):
            return
        log.error("Unexpected error: %s", describe_crash(exc_type, exc, tb))
        if quiet or showing or QApplication.instance() is None:
            print(_("FlexiDesk met an unexpected problem; details are in {path}.").format(
                path=log_path), file=sys.stderr)
            return
        showing.append(True)
        try:
            QMessageBox.critical(QApplication.activeWindow(), _("Sorry, something went wrong"), _(
                "FlexiDesk met a problem it did not expect. Everything you had already saved "
                "is safe; the last change may not have been saved, so please check it.\n\n"
                "The details (with no child's information) were written to {path}, for "
                "whoever looks after FlexiDesk.").format(path=log_path))
        finally:
            showing.clear()

    sys.excepthook = hook


def _known_problem(exc: BaseException) -> bool:
    """A problem of the world met outside a form (the server out of reach): not a bug.

    The window watching its server says so and keeps trying (``ui.server_status``)."""
    if not isinstance(exc, StoreError) or QApplication.instance() is None:
        return False
    from flexidesk.ui.server_status import tell_watch

    if tell_watch(exc):
        log.warning("Known problem: %s", type(exc).__name__)
        return True
    return False


# --- telling the user -------------------------------------------------------------------------


def tell(problem: str, *, headless: bool, parent: QWidget | None = None) -> None:
    """A known problem: a message box in the window, or a line on stderr for scripts."""
    # The messages name files and what to do, never a child: the log gets the real problem.
    log.warning("Start-up stopped: %s", problem)
    if headless:
        print(problem, file=sys.stderr)
    else:
        QMessageBox.warning(parent, _("FlexiDesk"), str(problem))


def resolve_database(args: argparse.Namespace) -> tuple[Path, bool]:
    """The database file to open, and whether it is the demo (created when missing)."""
    if getattr(args, "db", None):
        return Path(args.db).expanduser().absolute(), False
    if getattr(args, "demo", False) or (getattr(args, "screenshot", None)
                                        and not paths.default_database().exists()):
        return paths.demo_database(), True  # --screenshot alone paints the demo
    return paths.default_database(), False


class _DemoSignals(QObject):
    progress = Signal(float, str)  # fraction done, the step under way
    finished = Signal()


class DemoWorker(QRunnable):
    """Writes the demo school (its own connection, a brand-new file) off the main thread."""

    def __init__(self, path: Path):
        super().__init__()
        self.path = path
        self.error: BaseException | None = None
        self.signals = _DemoSignals()
        self.setAutoDelete(False)  # make_demo holds it until the result has arrived

    def run(self) -> None:
        from flexidesk.demo import ensure_demo

        try:
            ensure_demo(self.path, progress=self.signals.progress.emit)
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread, raised there
            self.error = exc
        finally:
            self.signals.finished.emit()


def make_demo(path: Path) -> None:
    """Create the demo school if it is not there yet, with a progress window while it is written.

    The writing (five scrypt key slots, then the rows) runs in a QThreadPool worker; the
    window keeps painting and the bar moves as each step is reported back by signal.
    """
    if path.exists():
        return  # importing the seeder is not free: skip it on every ordinary start
    heading = _("Creating the fictional demo school")
    dialog = QProgressDialog(heading + "…", "", 0, 100)
    dialog.setObjectName("demoProgress")
    dialog.setWindowTitle(_("FlexiDesk"))
    dialog.setCancelButton(None)  # a half-made demo is removed anyway; nothing to cancel
    dialog.setMinimumDuration(0)
    dialog.setMinimumWidth(420)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)  # stays at 100% (not blank) until the window opens
    dialog.setValue(0)

    def step(fraction: float, label: str) -> None:
        dialog.setLabelText(_("{heading}: {step}…").format(heading=heading, step=label))
        dialog.setValue(round(fraction * 100))

    worker = DemoWorker(path)
    loop = QEventLoop()
    worker.signals.progress.connect(step)
    worker.signals.finished.connect(loop.quit)
    dialog.show()
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        QThreadPool.globalInstance().start(worker)
        loop.exec()
    finally:
        QGuiApplication.restoreOverrideCursor()
        dialog.close()
        dialog.deleteLater()
    if worker.error is not None:
        raise worker.error


def demo_headteacher() -> tuple[str, str] | None:
    """The demo headteacher's name and password (for --screenshot on the demo)."""
    from flexidesk.ui.dialogs.signin import demo_accounts

    for username, _display, role, password in demo_accounts():
        if role == "headteacher":
            return username, password
    return None


# --- opening --------------------------------------------------------------------------------


def check_or_recover(db_path: Path, key: bytes | None, *, headless: bool) -> None:
    """Check the file before opening it; a damaged one is moved aside and a backup offered."""
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
    """The sign-in form's callback: check the file, then open it as the user."""
    from flexidesk.policy.records.signin import open_as

    def open_for(username: str, key: bytes | None) -> tuple[FlexiDatabase, Actor]:
        check_or_recover(db_path, key, headless=headless)
        return open_as(db_path, username, key)

    return open_for


def sign_in_from_stdin(db_path: Path, args: argparse.Namespace, password: str | None, *,
                       headless: bool, demo: bool) -> tuple[FlexiDatabase, Actor]:
    """--user NAME --password-stdin (or the demo headteacher for a demo screenshot)."""
    from flexidesk.policy.records.signin import SignInThrottle, attempt

    username = args.user
    if username is None:
        account = demo_headteacher() if demo else None
        if account is None:
            raise PolicyError(_("Say who is signing in: add --user NAME --password-stdin."))
        username, password = account
    key = attempt(SignInThrottle.for_database(db_path), db_path, username, password)
    return opener(db_path, headless=headless)(username, key)


def sign_in_names(db_path: Path) -> tuple[list[tuple[str, str]], bool]:
    """Who may sign in, and whether this is the demo; a plain (benchmark) file lists its staff."""
    from flexidesk.ui.dialogs.signin import names_for

    if keyfile_path(db_path).exists():
        return names_for(db_path)
    from flexidesk.store.models import StaffUser
    from flexidesk.store.opening import open_database

    database = open_database(db_path, None, migrate=False)
    try:
        return [(u.username, u.display_name) for u in StaffUser.select()
                .where(StaffUser.active == True)], False  # noqa: E712
    finally:
        database.close()


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
            format_date(dt.date.today())  # Babel loads the locale's data on first use
            return
        name = pending.pop(0)
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - reported when the window really needs it
            log.exception("Could not load %s ahead of time", name)
        QTimer.singleShot(0, step)

    QTimer.singleShot(0, step)


def sign_in_with_dialog(db_path: Path) -> tuple[FlexiDatabase, Actor] | None:
    """The sign-in window; None if the user closed it."""
    from flexidesk.ui.dialogs.signin import SignInDialog

    names, demo = sign_in_names(db_path)
    dialog = SignInDialog(db_path, names, opener(db_path, headless=False), demo=demo)
    dialog.first_painted.connect(lambda: preload_window())
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.result_value


def first_run(db_path: Path) -> tuple[Path, tuple[FlexiDatabase, Actor] | None] | None:
    """No school yet: create one (signed in as its head) or switch to the demo. None = cancelled."""
    from flexidesk.ui.dialogs.first_run import FirstRunDialog, RecoveryKeyDialog

    dialog = FirstRunDialog(db_path)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    if dialog.choice == "demo":
        demo_path = paths.demo_database()
        make_demo(demo_path)
        return demo_path, None
    assert dialog.created is not None  # an accepted "create" made the school
    database, actor = dialog.created
    from flexidesk.store.models import School

    RecoveryKeyDialog(School.get().name, db_path, dialog.recovery_key).exec()
    log.info("New school created; recovery key shown once")
    return db_path, (database, actor)


def _icon() -> QIcon | None:
    from flexidesk.resources import app_icon_files

    icon = QIcon()
    for path in app_icon_files():
        icon.addFile(str(path))
    return None if icon.isNull() else icon


def run_gui(args: argparse.Namespace, password: str | None = None) -> int:
    """Open FlexiDesk's window (or paint it to --screenshot DIR); returns the exit code.

    ``password`` is the one given on standard input with ``--user NAME --password-stdin``."""
    from flexidesk.identity import identity
    from flexidesk.ui import accessibility

    scale = getattr(args, "scale", None)
    if scale and QApplication.instance() is None:
        os.environ["QT_SCALE_FACTOR"] = str(scale)  # read once, when the application starts
    # The running instance is this process's QApplication (created here or by the tests).
    app = cast(QApplication | None, QApplication.instance()) or QApplication(sys.argv[:1])
    accessibility.install(app)  # screen-reader names, visible focus, the system's theme
    who = identity()  # set once, in pyproject.toml
    app.setApplicationName(who.name)
    app.setOrganizationName(who.organisation)
    app.setApplicationDisplayName(who.name)
    app.setApplicationVersion(who.version)
    icon = _icon()
    if icon is not None:
        app.setWindowIcon(icon)
    screenshot = getattr(args, "screenshot", None)
    scripted = bool(screenshot) or getattr(args, "user", None) is not None
    log_path = setup_logging()
    install_excepthook(log_path, quiet=bool(screenshot))
    log.info("Start-up (%s)", "screenshot" if screenshot else "window")

    from flexidesk.store import instance_lock

    db_path, is_demo = resolve_database(args)
    lock = None
    try:
        if is_demo:
            make_demo(db_path)
        opened = None
        if not db_path.exists() and not keyfile_path(db_path).exists():
            if scripted:
                tell(_("There is no FlexiDesk database at {path}. Open FlexiDesk without "
                       "--screenshot or --user to create the school, or use --demo.").format(
                    path=db_path), headless=True)
                return 2
            if not db_path.parent.exists():
                db_path.parent.mkdir(mode=0o700, parents=True)
            lock = instance_lock.acquire(db_path)
            chosen = first_run(db_path)
            if chosen is None:
                return 0
            if chosen[0] != db_path:
                lock.release()
                lock = None
            db_path, opened = chosen
        if lock is None:
            lock = instance_lock.acquire(db_path)
        if opened is None:
            if scripted:
                opened = sign_in_from_stdin(db_path, args, password, headless=bool(screenshot),
                                            demo=db_path == paths.demo_database())
            else:
                opened = sign_in_with_dialog(db_path)
                if opened is None:
                    return 0
        database, actor = opened
        log.info("Signed in (role %s)", actor.role)
        return _run_window(app, db_path, database, actor, screenshot,
                           lang=getattr(args, "lang", None))
    except (StoreError, KeyFileError, PolicyError) as exc:
        tell(str(exc), headless=scripted)
        return 2
    finally:
        from flexidesk.store import close_database

        close_database()
        if lock is not None:
            lock.release()


def interface_locale(cli_lang: str | None, own: str | None, school: str | None) -> str | None:
    """The interface language: --lang wins, then the user's own choice, then the school's."""
    return cli_lang or own or school


def _run_window(app: QApplication, db_path: Path, database: FlexiDatabase, actor: Actor,
                screenshot: Path | None, *, lang: str | None = None) -> int:
    """Build the window for the signed-in user and run it (or paint it and return)."""
    from flexidesk.policy.school.preferences import user_language
    from flexidesk.store.models import School
    from flexidesk.ui.main_window import MainWindow

    school = School.get_or_none()
    school_locale = school.locale if school else None

    def build_window(signed_in: Actor, opened: FlexiDatabase) -> MainWindow:
        # Each person's own language, whoever signs in (again) at the lock screen.
        set_locale(interface_locale(lang, user_language(signed_in), school_locale))
        return MainWindow(signed_in, opened)

    if screenshot:
        window = build_window(actor, database)
        window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)  # painted, never shown
        written = window.paint_tabs_to(screenshot)
        print("\n".join(str(p) for p in written))
        window.close()
        window.deleteLater()
        return 0

    from flexidesk.ui.lock import Session

    names, demo = sign_in_names(db_path)
    session = Session(db_path, database, actor, build_window, names=names, demo=demo,
                      school_label=school.name if school else "")
    from flexidesk.ui.admin_menus import install_menus
    from flexidesk.ui.backup_tasks import attach_to_session
    from flexidesk.ui.language_menu import install_language_menus

    install_menus(session.window, actor)
    install_language_menus(session.window, actor)
    session.window_rebuilt.connect(lambda window: install_menus(window, session.actor))
    session.window_rebuilt.connect(
        lambda window: install_language_menus(window, session.actor))
    attach_to_session(session)  # backups at start, every 30 minutes of work, and at close
    session.window.show()
    code = app.exec()
    log.info("Closed")
    return code
