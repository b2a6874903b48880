"""The sign-in form (choose your name, type your password), used at start-up and on the lock screen.

It is the first window FlexiDesk paints, so this module loads only what the form needs to
appear: the thread pool that tries a password, and the demo's accounts, are loaded where
they are used.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from flexidesk.i18n import _, ngettext
from flexidesk.policy.errors import PolicyError
from flexidesk.policy.records.signin import (
    SignInDelayed,
    SignInFailed,
    SignInThrottle,
    attempt_unlock,
)
from flexidesk.store.errors import StoreError
from flexidesk.store.keyslots import KeyFileError, KeySlots, Unlocked
from flexidesk.ui.theme import make_heading
from flexidesk.ui.tones import LATE, MUTED, tone_style

#: What the form hands on after a good password: the username and what the password opened
#: (store.keyslots.Unlocked; None for a plain database). The callback opens the school (or,
#: for a governor, the governors' file) and may still refuse.
OnUnlocked = Callable[[str, Unlocked | None], object]

#: Called before a password is tried; False stops the attempt (at start-up: the school's lock,
#: if the first paint has not taken it yet, and a refusal closes the form).
BeforeSignIn = Callable[[], bool]

_REFUSED = object()


def demo_accounts() -> list[tuple[str, str, str, str]]:
    """The demo school's accounts (username, display name, role, password), if the demo module is there."""
    try:
        from flexidesk.demo_accounts import DEMO_ACCOUNTS
    except ImportError:
        return []
    return list(DEMO_ACCOUNTS)


def names_for(db_path: Path) -> tuple[list[tuple[str, str]], bool]:
    """Who may sign in (username, display name) from the key file, and whether it is the demo."""
    ring = KeySlots.load(db_path)
    return [(u, ring.display_names.get(u, u)) for u in ring.usernames()], ring.demo


def _try_password(throttle: SignInThrottle, db_path: Path, username: str,
                  password: str) -> tuple[str, Unlocked | None, Exception | None]:
    """One throttled password attempt (scrypt), run in the thread pool: (username, what the
    password opened, refusal). It reads the key file only: the database is opened on the main thread."""
    try:
        return username, attempt_unlock(throttle, db_path, username, password), None
    except (SignInDelayed, SignInFailed, StoreError, KeyFileError) as exc:
        return username, None, exc


class SignInForm(QWidget):
    """Name and password with a throttled Sign in button; emits what the callback returned.

    The password is tried in the thread pool: scrypt takes a noticeable moment on purpose,
    and the window keeps painting (with "Signing in…" on the button) while it runs. The
    database is then opened on the main thread, where its connection will be used.
    """

    signed_in = Signal(object)

    def __init__(self, db_path: Path, names: list[tuple[str, str]], on_unlocked: OnUnlocked,
                 *, throttle: SignInThrottle | None = None, demo: bool = False,
                 preselect: str | None = None, before_sign_in: BeforeSignIn | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.on_unlocked = on_unlocked
        self.before_sign_in = before_sign_in
        self.throttle = throttle or SignInThrottle.for_database(self.db_path)

        self.name_box = QComboBox(self)
        self.name_box.setObjectName("signinName")
        for username, display in sorted(names, key=lambda n: n[1].casefold()):
            self.name_box.addItem(display, username)
        if preselect is not None and self.name_box.findData(preselect) >= 0:
            self.name_box.setCurrentIndex(self.name_box.findData(preselect))
        self.password = QLineEdit(self)
        self.password.setObjectName("signinPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(_("Your password"))
        self.password.returnPressed.connect(self.submit)
        self.button = QPushButton(_("&Sign in"), self)
        self.button.setObjectName("signinButton")
        self.button.setDefault(True)
        self.button.clicked.connect(self.submit)
        self.message = QLabel(self)
        self.message.setObjectName("signinMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(tone_style(LATE))

        form = QFormLayout()
        form.addRow(_("&Your name:"), self.name_box)
        form.addRow(_("&Password:"), self.password)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.message)
        if demo:
            layout.addWidget(self._demo_panel())

        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._tick)
        self._busy = False
        self._cancelled = False
        self._tick()  # a delay still running from before (another window, a restart) shows now
        self.password.setFocus()

    def _demo_panel(self) -> QLabel:
        from html import escape

        from flexidesk.policy.roles import ROLE_LABELS

        rows = "".join(
            f"<tr><td>{escape(display)}</td><td>{escape(_(ROLE_LABELS.get(role, role)))}</td>"
            f"<td><tt>{escape(password)}</tt></td></tr>"
            for _username, display, role, password in demo_accounts())
        panel = QLabel(self)
        panel.setObjectName("demoAccounts")
        panel.setTextFormat(Qt.TextFormat.RichText)
        panel.setText(
            "<p><b>{}</b><br>{}</p><table cellspacing='6'>{}</table>".format(
                _("This is the fictional demo school."),
                _("Sign in with any of these accounts:"), rows))
        return panel

    # --- signing in ---------------------------------------------------------------------------

    def current_username(self) -> str:
        return self.name_box.currentData() or ""

    @property
    def busy(self) -> bool:
        """Whether a password is being tried right now."""
        return self._busy

    def submit(self) -> None:
        """Try the name and password; on success ``signed_in`` is emitted with the callback's result."""
        if self._busy or not self.button.isEnabled():
            return
        if self.before_sign_in is not None and not self.before_sign_in():
            return
        username, password = self.current_username(), self.password.text()
        if not username:
            self._say(_("Please choose your name."))
            return
        from flexidesk.ui.tasks import run_task

        self._set_busy(True)
        throttle, db_path = self.throttle, self.db_path
        # The task holds itself; a form deleted meanwhile is disconnected, and one closed
        # meanwhile opens nothing (``_cancelled``).
        run_task(lambda _progress: _try_password(throttle, db_path, username, password),
                 on_success=self._tried)

    def _tried(self, tried: tuple[str, Unlocked | None, Exception | None]) -> None:
        self._finish(*tried)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.name_box, self.password, self.button):
            widget.setEnabled(not busy)
        if busy:
            self.button.setText(_("Signing in…"))
            self._say("")
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        else:
            QGuiApplication.restoreOverrideCursor()
            self.button.setText(_("&Sign in"))

    def cancel(self) -> None:
        """The window is going: whatever the password being tried turns out to be, open nothing."""
        self._cancelled = True
        if self._busy:
            self._set_busy(False)

    def _finish(self, username: str, key: Unlocked | None, refusal: Exception | None) -> None:
        """Back on the main thread: open the school, or say why not."""
        if self._cancelled:
            return
        try:
            result = self._open(username, key, refusal)
        finally:
            self._set_busy(False)
            self._tick(keep_message=bool(self.message.text()))
        if result is not _REFUSED:
            self.password.clear()
            self._say("")
            self.signed_in.emit(result)
        else:
            self.password.setFocus()

    def _open(self, username: str, key: Unlocked | None, refusal: Exception | None):
        if isinstance(refusal, SignInDelayed):
            return _REFUSED
        if isinstance(refusal, SignInFailed):
            return self._refused(refusal)
        if refusal is not None:
            self._say(str(refusal))
            return _REFUSED
        try:
            return self.on_unlocked(username, key)
        except SignInFailed as exc:  # the slot opened but the account is no longer active
            self.throttle.record_failure()
            return self._refused(exc)
        except (StoreError, KeyFileError, PolicyError) as exc:
            self._say(str(exc))
            return _REFUSED

    def _refused(self, exc: Exception):
        self.password.clear()
        self._say(str(exc))
        return _REFUSED

    def _say(self, text: str) -> None:
        self.message.setText(text)

    def _tick(self, keep_message: bool = False) -> None:
        """Show the wait, if any, with the button disabled until it is over."""
        wait = self.throttle.wait_seconds()
        if wait <= 0:
            self._countdown.stop()
            self.button.setEnabled(True)
            if self.button.text() != _("&Sign in"):
                self.button.setText(_("&Sign in"))
                self._say("")
            return
        seconds = math.ceil(wait)
        self.button.setEnabled(False)
        self.button.setText(ngettext("Wait {n} second", "Wait {n} seconds", seconds).format(n=seconds))
        text = ngettext("Too many attempts. Please wait {n} second before trying again.",
                        "Too many attempts. Please wait {n} seconds before trying again.",
                        seconds).format(n=seconds)
        self._say(self.message.text().split("\n")[0] + "\n" + text if keep_message else text)
        if not self._countdown.isActive():
            self._countdown.start()


class SignInDialog(QDialog):
    """The start-up sign-in: the form in a window of its own; ``result_value`` holds the outcome."""

    #: Once, after the window is first painted: the moment to start loading what comes next.
    first_painted = Signal()

    def __init__(self, db_path: Path, names: list[tuple[str, str]], on_unlocked: OnUnlocked,
                 *, demo: bool = False, school_label: str = "",
                 before_sign_in: BeforeSignIn | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Sign in to FlexiDesk"))
        self.result_value = None
        self._painted = False
        heading = QLabel(school_label or _("Sign in to FlexiDesk"), self)
        make_heading(heading, 1.5)
        where = QLabel(_("Database: {path}").format(path=db_path), self)
        where.setTextFormat(Qt.TextFormat.PlainText)
        where.setStyleSheet(tone_style(MUTED))
        self.form = SignInForm(db_path, names, on_unlocked, demo=demo,
                               before_sign_in=before_sign_in, parent=self)
        self.form.signed_in.connect(self._done)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(where)
        layout.addWidget(self.form)
        self._add_recovery_route(layout)
        self.setMinimumWidth(420)

    def _add_recovery_route(self, layout: QVBoxLayout) -> None:
        """"Forgotten the Headteacher's password?": the recovery key (its own module)."""
        from flexidesk.ui.dialogs.recovery_signin import recovery_route

        route = recovery_route(self.form)
        if route is not None:
            layout.addWidget(route, 0, Qt.AlignmentFlag.AlignLeft)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.first_painted.emit)

    def reject(self) -> None:
        self.form.cancel()
        super().reject()

    def _done(self, value) -> None:
        self.result_value = value
        self.accept()
