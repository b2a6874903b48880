"""Tools > Change my password: the current password, the new one twice, judged as every
password is (policy.school.passwords)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from flexidesk.i18n import _
from flexidesk.policy.errors import PolicyError
from flexidesk.policy.records.access import Actor
from flexidesk.policy.school.passwords import change_own_password
from flexidesk.ui.models.rows import LATE, tone_style


class OwnPasswordDialog(QDialog):
    """The signed-in person changes their own password."""

    def __init__(self, actor: Actor, db_path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.actor, self.db_path = actor, Path(db_path)
        self.setWindowTitle(_("Change my password"))
        self.current = QLineEdit(self)
        self.current.setObjectName("currentPassword")
        self.new = QLineEdit(self)
        self.new.setObjectName("newPassword")
        self.again = QLineEdit(self)
        self.again.setObjectName("newPasswordAgain")
        for box in (self.current, self.new, self.again):
            box.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(_("&Current password:"), self.current)
        form.addRow(_("&New password:"), self.new)
        form.addRow(_("New password &again:"), self.again)
        hint = QLabel(_("A short sentence of three or four words that do not belong together "
                        "is easy to remember and hard to guess."), self)
        hint.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(tone_style(LATE))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)

    def save(self) -> None:
        """Change the password, or say why not (nothing is changed then)."""
        try:
            change_own_password(self.actor, self.db_path, self.current.text(),
                                self.new.text(), self.again.text())
        except PolicyError as exc:
            self.error.setText(str(exc))
            self.new.setFocus()
            return
        self.accept()
