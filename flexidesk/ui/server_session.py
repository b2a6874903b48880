"""The laptop's window on a trust's server: the same session (auto-lock, Ctrl+L, another person
signing in at the lock screen), the same menus (audit log, subject access, retention, staff,
school details, calendar, interventions, reports, language), one window for two engines.

What differs is signing in again. A laptop's lock forgets the file's key and a password
unwraps it again; a server's lock closes the connection and forgets the password, and the
server itself checks the one typed (the login's own; ``name@school`` for another person).
This computer's sign-in throttle for the server slows the guessing, as on a laptop.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMainWindow

from flexidesk import paths
from flexidesk.i18n import _, set_locale
from flexidesk.policy.records.access import Actor, can
from flexidesk.policy.records.signin import (
    SignInDelayed,
    SignInFailed,
    SignInThrottle,
    active_actor,
    server_throttle,
    sign_in_server,
)
from flexidesk.server_connection import Connection
from flexidesk.store.database import db
from flexidesk.store.errors import StoreError
from flexidesk.ui.dialogs.signin import SignInForm
from flexidesk.ui.lock import Session
from flexidesk.ui.server_status import ServerWatch

log = logging.getLogger(__name__)


class ServerSignInForm(SignInForm):
    """The lock screen's form for a server: the login (theirs, or another person's typed in)
    and the password, which the server checks."""

    def __init__(self, login: str, display: str, on_unlocked, *, throttle: SignInThrottle):
        super().__init__(paths.data_dir(), [(login, display)], on_unlocked, throttle=throttle,
                         preselect=login)
        self.name_box.setEditable(True)  # another person types their own name@school
        self.name_box.setInsertPolicy(self.name_box.InsertPolicy.NoInsert)
        edit = self.name_box.lineEdit()
        if edit is not None:
            edit.setPlaceholderText(_("name@school"))

    def current_username(self) -> str:
        text = self.name_box.currentText().strip()
        if text == self.name_box.itemText(0):  # the signed-in person, as listed
            return self.name_box.itemData(0) or ""
        return text

    def submit(self) -> None:
        """Ask the server (not a key file): the password travels only to it, over TLS."""
        if self._busy or not self.button.isEnabled():
            return
        login, password = self.current_username(), self.password.text()
        if not login:
            self._say(_("Please type your name."))
            return
        self._set_busy(True)
        try:
            self.throttle.check()
        except SignInDelayed as exc:
            self._finish(login, None, exc)
            return
        # The server, not a key file, checks it: the form hands the typed password on as it is.
        self._finish(login, password.encode("utf-8"), None)  # type: ignore[arg-type]


class ServerSession(Session):
    """A Session whose lock closes the server connection and forgets the password."""

    def __init__(self, connection: Connection, database, actor: Actor, build_window, *,
                 login: str, school_label: str):
        self.connection = connection
        self.login = login
        super().__init__(paths.data_dir() / "server", database, actor, build_window,
                         names=[], school_label=school_label,
                         throttle=server_throttle(connection))

    def lock(self) -> None:
        super().lock()
        self.database.connect_params["password"] = None  # typed again to unlock

    def _form(self) -> SignInForm:
        form = ServerSignInForm(self.login, self.actor.display_name or self.actor.username,
                                self._unlocked, throttle=self.throttle)
        form.signed_in.connect(self._resume)
        return form

    def _unlocked(self, login: str, password: bytes | None):
        """The server checked the password: the same person carries on; another gets their
        own connection and window (SignInFailed if the name and password do not match)."""
        typed = (password or b"").decode("utf-8")
        if login == self.login:
            self.database.connect_params["password"] = typed
            try:
                self.database.connect(reuse_if_open=True)
            except StoreError as exc:
                self.database.connect_params["password"] = None
                if "authentication failed" in str(exc.__cause__ or ""):
                    raise SignInFailed(_("That name and password do not match. Please try "
                                         "again.")) from exc
                raise
            db.initialize(self.database)
            try:
                active_actor(self.actor.username)  # removed while the window was locked?
            except SignInFailed:
                self.database.close()
                raise
            self.throttle.record_success()
            return None
        # Another person: counted by the form's own throttle, not twice.
        opened = sign_in_server(self.connection, login, typed, throttle=SignInThrottle(None))
        self.throttle.record_success()
        self.login = login
        return opened


def window_builder(actor: Actor, *, lang: str | None = None):
    """What builds the window for whoever signs in (again): a school's staff get the
    laptop's window with its menus, each in their own language; the trust's central team,
    the trust's views. Each window watches its connection to the server."""
    from flexidesk.policy.school.preferences import user_language
    from flexidesk.policy.school.setup import profile
    from flexidesk.ui.admin_menus import install_menus
    from flexidesk.ui.app import interface_locale
    from flexidesk.ui.language_menu import install_language_menus
    from flexidesk.ui.main_window import MainWindow
    from flexidesk.ui.trust_window import TrustWindow

    school_locale = None if can(actor, "trust.view") else profile().locale

    def build_window(signed_in: Actor, opened) -> QMainWindow:
        window: QMainWindow
        if can(signed_in, "trust.view"):
            window = TrustWindow(signed_in)
        else:
            set_locale(interface_locale(lang, user_language(signed_in), school_locale))
            window = MainWindow(signed_in, opened)
            install_menus(window, signed_in)
            install_language_menus(window, signed_in)
        ServerWatch(window, opened)  # "The server cannot be reached; trying again…"
        return window

    return build_window


def run_server_window(app: QCoreApplication, connection: Connection, database, actor: Actor,
                      screenshot: Path | None, *, login: str, lang: str | None = None) -> int:
    """The signed-in person's window on the server, run (or painted to ``screenshot``)."""
    from flexidesk.policy.school.setup import profile
    from flexidesk.ui.main_window import MainWindow

    build_window = window_builder(actor, lang=lang)
    if screenshot:
        window = build_window(actor, database)
        window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)  # painted, never shown
        if isinstance(window, MainWindow):
            print("\n".join(str(p) for p in window.paint_tabs_to(screenshot)))
        else:
            screenshot.mkdir(parents=True, exist_ok=True)
            window.grab().save(str(screenshot / "trust.png"))
            print(screenshot / "trust.png")
        window.close()
        window.deleteLater()
        return 0
    school_label = "" if can(actor, "trust.view") else profile().name
    session = ServerSession(connection, database, actor, build_window, login=login,
                            school_label=school_label)
    session.window.show()
    code = app.exec()
    log.info("Closed")
    return code
