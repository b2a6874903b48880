"""Start-up: the application, the database to open, first run, sign-in, and the window.

Heavy modules (ReportLab, pypdfium2, holidays) are imported only where they are used, so the
window paints quickly. The log and the crash handler are in ``crash``, opening and signing in
in ``opening``, the demo's first writing in ``demo_start``.

The first window anyone sees is the sign-in form, so what comes before its first paint is kept
to what it needs: the crash handler, the school's lock and the key file's names. The log file
is written from just after that paint (what was logged before is held, then written, in
order); the window's modules load while the form waits for a password.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from flexidesk import paths
from flexidesk.i18n import _, set_locale
from flexidesk.policy.errors import PolicyError
from flexidesk.store.errors import StoreError
from flexidesk.store.keyslots import KeyFileError, keyfile_path
from flexidesk.ui.crash import hold_logging, install_excepthook, setup_logging, tell
from flexidesk.ui.opening import (
    LockAfterPaint,
    first_run,
    install_accessibility,
    resolve_database,
    sign_in_from_stdin,
    sign_in_names,
    sign_in_with_dialog,
)

if TYPE_CHECKING:
    from flexidesk.policy.records.access import Actor
    from flexidesk.store.database import FlexiDatabase

log = logging.getLogger("flexidesk")


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
    from flexidesk.ui import theme

    scale = getattr(args, "scale", None)
    if scale and QApplication.instance() is None:
        os.environ["QT_SCALE_FACTOR"] = str(scale)  # read once, when the application starts
    # The running instance is this process's QApplication (created here or by the tests).
    app = cast(QApplication | None, QApplication.instance()) or QApplication(sys.argv[:1])
    theme.apply(app)  # visible focus and the system's theme; screen-reader names follow
    # (ui.accessibility) once the first window is painted, or before a window with no form
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
    hold_logging()  # written to the file from just after the sign-in form's first paint
    install_excepthook(quiet=bool(screenshot))  # catches a crash from here on, sign-in too
    log.info("Start-up (%s)", "screenshot" if screenshot else "window")

    from flexidesk.store import instance_lock

    db_path, is_demo = resolve_database(args)
    lock = None
    try:
        if is_demo:
            from flexidesk.ui.demo_start import make_demo

            make_demo(db_path)
        opened = None
        if not db_path.exists() and not keyfile_path(db_path).exists():
            setup_logging()  # no sign-in form to paint first
            if scripted:
                tell(_("There is no FlexiDesk database at {path}. Open FlexiDesk without "
                       "--screenshot or --user to create the school, or use --demo.").format(
                    path=db_path), headless=True)
                return 2
            if not db_path.parent.exists():
                db_path.parent.mkdir(mode=0o700, parents=True)
            lock = instance_lock.acquire(db_path)
            install_accessibility()
            chosen = first_run(db_path)
            if chosen is None:
                return 0
            if chosen[0] != db_path:
                lock.release()
                lock = None
            db_path, opened = chosen
        form = opened is None and not scripted
        if lock is None and (not form or instance_lock.restore_unfinished(db_path)):
            lock = instance_lock.acquire(db_path)
            if lock.undone:  # a restore had stopped part-way and was put back
                tell(lock.undone, headless=scripted)
        if not form:
            setup_logging()
            install_accessibility()  # no sign-in form to paint first
        if opened is None:
            if scripted:
                opened = sign_in_from_stdin(db_path, args, password, headless=bool(screenshot),
                                            demo=db_path == paths.demo_database())
            else:
                # The form paints first; the lock is taken just after (before anything is
                # written), unless it was taken above.
                after_paint = LockAfterPaint(db_path) if lock is None else None
                try:
                    opened = sign_in_with_dialog(db_path, after_paint)
                finally:
                    if after_paint is not None:
                        lock = after_paint.held
                if opened is None:
                    return 0
        database, actor = opened
        setup_logging()  # (done already if the form was painted)
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
        with contextlib.suppress(OSError):
            setup_logging()  # whatever was still held (the form closed, a problem told)


def interface_locale(cli_lang: str | None, own: str | None, school: str | None) -> str | None:
    """The interface language: --lang wins, then the user's own choice, then the school's."""
    return cli_lang or own or school


def _run_window(app: QApplication, db_path: Path, database: FlexiDatabase, actor: Actor,
                screenshot: Path | None, *, lang: str | None = None) -> int:
    """Build the window for the signed-in user and run it (or paint it and return)."""
    from flexidesk.policy.records.governors import GovernorsDesk
    from flexidesk.policy.school.preferences import user_language
    from flexidesk.policy.school.setup import profile
    from flexidesk.ui.main_window import MainWindow
    from flexidesk.ui.reports.governors_window import GovernorsWindow, window_for

    governors = isinstance(database, GovernorsDesk)  # no database: nothing is read from it
    school_name = "" if governors else profile().name
    school_locale = None if governors else profile().locale

    def build_window(signed_in: Actor, opened) -> MainWindow | GovernorsWindow:
        # Each person's own language, whoever signs in (again) at the lock screen (a
        # governor's choice is kept in the database, which they do not open).
        own = None if isinstance(opened, GovernorsDesk) else user_language(signed_in)
        set_locale(interface_locale(lang, own, school_locale))
        return window_for(signed_in, opened)

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
                      school_label=school_name)
    from flexidesk.ui.admin_menus import install_menus
    from flexidesk.ui.backup_tasks import attach_to_session
    from flexidesk.ui.dialogs.continuity import say_warnings
    from flexidesk.ui.language_menu import install_language_menus

    def equip(window) -> None:
        install_menus(window, session.actor, session.database)
        if not isinstance(session.database, GovernorsDesk):
            install_language_menus(window, session.actor)

    equip(session.window)
    session.window_rebuilt.connect(equip)
    attach_to_session(session)  # backups at start, every 30 minutes of work, and at close
    session.window.show()
    if not isinstance(session.database, GovernorsDesk):
        from flexidesk.ui.warm import warm_documents

        warm_documents()  # the first letter preview then takes what later ones take
    # What signing in found (a school gone backwards, a role in doubt): said, never skipped.
    say_warnings(session.window, session.database, session.actor)
    session.window_rebuilt.connect(
        lambda window: say_warnings(window, session.database, session.actor))
    code = app.exec()
    log.info("Closed")
    return code
