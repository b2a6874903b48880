"""Tools > Change my password: the current password, the new one twice, judged as every
password is (policy.school.passwords)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from flexidesk.i18n import _
from flexidesk.policy.records.access import Actor
from flexidesk.policy.school.passwords import change_own_password
from flexidesk.ui.widgets.form_dialog import FormDialog


class OwnPasswordDialog(FormDialog):
    """The signed-in person changes their own password (staff or governor)."""

    def __init__(self, actor: Actor, db_path: Path, parent: QWidget | None = None):
        self.db_path = Path(db_path)
        super().__init__(actor, parent)
        self.setWindowTitle(_("Change my password"))

    def build(self) -> None:
        self.current = self._password_box("currentPassword")
        self.new = self._password_box("newPassword")
        self.again = self._password_box("newPasswordAgain")
        self.form.addRow(_("&Current password:"), self.current)
        self.form.addRow(_("&New password:"), self.new)
        self.form.addRow(_("New password &again:"), self.again)
        hint = QLabel(_("A short sentence of three or four words that do not belong together "
                        "is easy to remember and hard to guess."), self)
        hint.setWordWrap(True)
        self.form.addRow(hint)
        self.watch(self.current, self.new, self.again)

    def _password_box(self, name: str) -> QLineEdit:
        box = QLineEdit(self)
        box.setObjectName(name)
        box.setEchoMode(QLineEdit.EchoMode.Password)
        return box

    def problem(self) -> str:
        if not self.current.text():
            return _("Type your current password.")
        if not self.new.text() or not self.again.text():
            return _("Type the new password twice.")
        return ""

    def save(self) -> bool:
        """Change the password; a refusal (PolicyError) is shown in the form, nothing changed."""
        change_own_password(self.actor, self.db_path, self.current.text(), self.new.text(),
                            self.again.text())
        return True
