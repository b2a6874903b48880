"""`python -m flexidesk --server URL`: sign in to the trust's server and open the same window."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from flexidesk.i18n import _
from flexidesk.policy.errors import PolicyError
from flexidesk.policy.records.signin import sign_in_server
from flexidesk.server_connection import Connection, connection_from, save_connection
from flexidesk.store.errors import StoreError

log = logging.getLogger(__name__)


class ServerSignInDialog(QDialog):
    """Username and password for the trust's server; the password may be kept in the keystore."""

    def __init__(self, connection: Connection, parent=None):
        super().__init__(parent)
        self.connection = connection
        self.result_value: tuple | None = None  # (database, actor) once signed in
        self.setWindowTitle(_("Sign in to FlexiDesk"))
        layout = QVBoxLayout(self)
        heading = QLabel(_("Server: {url}").format(url=connection.url), self)
        heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(heading)
        form = QFormLayout()
        self.username = QLineEdit(self)
        self.username.setObjectName("username")
        self.username.setMaxLength(63)  # PostgreSQL's longest role name
        # A school's staff add their school's code (two schools may each have a "head").
        self.username.setPlaceholderText(_("name@school, for example aquill@ashlane"))
        form.addRow(_("&Username:"), self.username)
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_("&Password:"), self.password)
        self.remember = QCheckBox(_("&Remember the password on this computer (the "
                                    "system's keystore)"), self)
        form.addRow("", self.remember)
        layout.addLayout(form)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020")
        self.error_label.hide()
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Sign in"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.username.setFocus()

    def accept(self) -> None:
        username = self.username.text().strip()
        if not username:
            self._show(_("Please type your username."))
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.result_value = sign_in_server(
                self.connection, username, self.password.text() or None,
                remember=self.remember.isChecked())
        except (StoreError, PolicyError) as exc:
            self._show(str(exc))
            self.password.selectAll()
            return
        finally:
            QApplication.restoreOverrideCursor()
        super().accept()

    def _show(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()


def run_server_gui(args: argparse.Namespace, password: str | None = None) -> int:
    """Sign in (form, or --user/--password-stdin) and run the window against the server."""
    from flexidesk.ui.crash import install_excepthook, setup_logging, tell
    from flexidesk.ui.server_session import run_server_window

    app = QApplication.instance() or QApplication([])
    screenshot: Path | None = getattr(args, "screenshot", None)
    # The laptop's crash handler: a bug is logged and apologised for, a lost server is said.
    install_excepthook(setup_logging(), quiet=bool(screenshot))
    scripted = bool(screenshot) or args.user is not None
    try:
        connection = connection_from(args)
        if getattr(args, "remember", False):
            save_connection(connection)
        if scripted:
            login = args.user
            database, actor = sign_in_server(connection, login, password,
                                             remember=getattr(args, "remember", False))
        else:
            dialog = ServerSignInDialog(connection)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return 0
            assert dialog.result_value is not None  # accepted only once signed in
            database, actor = dialog.result_value
            login = dialog.username.text().strip()
    except (StoreError, PolicyError) as exc:
        tell(str(exc), headless=scripted)
        return 2
    log.info("Signed in to a server (role %s)", actor.role)
    try:
        return run_server_window(app, connection, database, actor, screenshot, login=login,
                                 lang=getattr(args, "lang", None))
    finally:
        database.close()
