"""Forgotten the Headteacher's password: the printed recovery key, then a new password, from the
sign-in window (policy.records.lost_password does the work)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from flexidesk.i18n import _
from flexidesk.policy.errors import PolicyError
from flexidesk.policy.records.lost_password import (
    Recovered,
    recovered_from,
    set_head_password,
    unlock_recovery,
)
from flexidesk.policy.records.signin import SignInThrottle
from flexidesk.store.errors import StoreError
from flexidesk.store.keyslots import RECOVERY_SLOT, KeyFileError, KeySlots, Unlocked
from flexidesk.ui.tones import LATE, tone_style


def recovery_route(form) -> QPushButton | None:
    """The sign-in form's way in with the recovery key (None for a file without one, or the
    demo): once a new password is set, the form signs the Headteacher in with it."""
    try:
        ring = KeySlots.load(form.db_path)
    except (KeyFileError, OSError):
        return None
    if RECOVERY_SLOT not in ring.slots or ring.demo:
        return None
    link = QPushButton(_("Forgotten the Headteacher's password? Use the &recovery key…"),
                       form.parentWidget() or form)
    link.setObjectName("recoveryLink")
    link.setFlat(True)
    link.setCursor(Qt.CursorShape.PointingHandCursor)
    link.setStyleSheet("QPushButton { text-decoration: underline; text-align: left; }")

    def use_key() -> None:
        dialog = RecoveryDialog(form.db_path, throttle=form.throttle, parent=link.window())
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen is None:
            return
        username, password = dialog.chosen
        form.name_box.setCurrentIndex(max(0, form.name_box.findData(username)))
        form.password.setText(password)
        form.submit()

    link.clicked.connect(use_key)
    return link


class RecoveryDialog(QDialog):
    """The recovery key, then the Headteacher's new password twice; ``chosen`` holds
    (username, password) once it is set."""

    def __init__(self, db_path: Path, *, throttle: SignInThrottle | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Use the recovery key"))
        self.db_path = Path(db_path)
        self.throttle = throttle or SignInThrottle.for_database(self.db_path)
        self.recovered: Recovered | None = None
        self.chosen: tuple[str, str] | None = None
        self.busy = False
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._key_page())
        self.pages.addWidget(self._password_page())
        self.message = QLabel(self)
        self.message.setObjectName("recoveryMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(tone_style(LATE))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
        self.key.setFocus()

    # --- the key --------------------------------------------------------------------------

    def _key_page(self) -> QWidget:
        page = QWidget(self)
        intro = QLabel(_(
            "The recovery key is on the sheet printed when the school was set up: 8 groups "
            "of 5 letters and digits. With it, a Headteacher's account can be given a new "
            "password. Every record is kept, and the audit log records that the key was "
            "used."), page)
        intro.setWordWrap(True)
        self.key = QLineEdit(page)
        self.key.setObjectName("recoveryKeyInput")
        self.key.setAccessibleName(_("Recovery key"))
        self.key.setPlaceholderText("XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX")
        self.key.returnPressed.connect(self.try_key)
        self.open_button = QPushButton(_("&Open with the key"), page)
        self.open_button.setObjectName("recoveryOpen")
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self.try_key)
        form = QFormLayout()
        form.addRow(_("Recovery &key:"), self.key)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignRight)
        return page

    def try_key(self) -> None:
        """Try the key on the worker thread (scrypt takes a deliberate moment)."""
        if self.busy:
            return
        typed, db_path, throttle = self.key.text(), self.db_path, self.throttle
        self._set_busy(True)

        def work(_progress) -> tuple[Unlocked | None, str]:
            try:
                return unlock_recovery(db_path, typed, throttle), ""
            except (PolicyError, StoreError, KeyFileError) as exc:
                return None, str(exc)

        from flexidesk.ui.tasks import run_task  # not before the sign-in form is painted

        run_task(work, on_success=self._key_tried, parent=self)

    def _key_tried(self, tried: tuple[Unlocked | None, str]) -> None:
        """Back on the main thread: which Headteachers the key may set a password for."""
        opened, refusal = tried
        recovered = None
        if opened is not None:
            try:
                recovered = recovered_from(self.db_path, opened)
            except (PolicyError, StoreError, KeyFileError) as exc:
                refusal = str(exc)
        self._set_busy(False)
        if recovered is None:
            self.message.setText(refusal)
            self.key.setFocus()
            self.key.selectAll()
            return
        self.recovered = recovered
        self.key.clear()
        for username, name in recovered.heads:
            self.head.addItem(name, username)
        self.message.setText("")
        self.pages.setCurrentIndex(1)
        self.new.setFocus()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.open_button.setEnabled(not busy)
        self.key.setEnabled(not busy)
        self.open_button.setText(_("Trying the key…") if busy else _("&Open with the key"))

    # --- the new password -----------------------------------------------------------------

    def _password_page(self) -> QWidget:
        page = QWidget(self)
        intro = QLabel(_("The recovery key opened the school. Choose the Headteacher whose "
                         "password is lost and type a new password twice."), page)
        intro.setWordWrap(True)
        self.head = QComboBox(page)
        self.head.setObjectName("recoveryHead")
        self.new = self._password_box(page, "recoveryNewPassword")
        self.again = self._password_box(page, "recoveryNewPasswordAgain")
        self.again.returnPressed.connect(self.set_password)
        hint = QLabel(_("A short sentence of three or four words that do not belong together "
                        "is easy to remember and hard to guess."), page)
        hint.setWordWrap(True)
        self.set_button = QPushButton(_("&Set the new password"), page)
        self.set_button.setObjectName("recoverySet")
        self.set_button.clicked.connect(self.set_password)
        form = QFormLayout()
        form.addRow(_("&Headteacher:"), self.head)
        form.addRow(_("&New password:"), self.new)
        form.addRow(_("New password &again:"), self.again)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.set_button, 0, Qt.AlignmentFlag.AlignRight)
        return page

    @staticmethod
    def _password_box(parent: QWidget, name: str) -> QLineEdit:
        box = QLineEdit(parent)
        box.setObjectName(name)
        box.setEchoMode(QLineEdit.EchoMode.Password)
        return box

    def set_password(self) -> None:
        """Set the new password (on the main thread: it writes the audit row); a refusal is
        said here and nothing changes."""
        if self.recovered is None:
            return
        if not self.new.text() or not self.again.text():
            self.message.setText(_("Type the new password twice."))
            return
        username, password = self.head.currentData(), self.new.text()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            set_head_password(self.recovered, username, password, self.again.text())
        except (PolicyError, StoreError, KeyFileError) as exc:
            self.message.setText(str(exc))
            self.new.setFocus()
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.chosen = (username, password)
        self.accept()
