"""A progress window for work that runs to its end, a message that does not block, and a
question whose answer is to stay unless said."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from flexidesk.i18n import _


def progress_dialog(parent: QWidget | None, label: str, *,
                    name: str = "backupProgress") -> QProgressDialog:
    """A window-modal bar with no Cancel (half a backup is no backup: it runs to the end)."""
    dialog = QProgressDialog(label, "", 0, 0, parent)
    dialog.setObjectName(name)
    dialog.setWindowTitle(_("FlexiDesk"))
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumWidth(380)
    return dialog


def set_progress(dialog: QProgressDialog, done: int, total: int) -> None:
    """Move the bar to ``done`` of ``total`` (a busy bar until a total is known)."""
    dialog.setMaximum(max(total, 1))
    dialog.setValue(min(done, max(total, 1)))


def go_or_stay(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str,
               go: str, stay: str) -> bool:
    """Ask before something that cannot be taken back; True only if ``go`` was pressed (the
    default, Return and Escape all stay)."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    go_button = box.addButton(go, QMessageBox.ButtonRole.AcceptRole)
    stay_button = box.addButton(stay, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(stay_button)
    box.setEscapeButton(stay_button)
    box.exec()
    return box.clickedButton() is go_button


def show_message(parent: QWidget | None, icon: QMessageBox.Icon, text: str, *,
            name: str = "backupMessage") -> QMessageBox:
    """A message that does not block: the caller keeps running, the box waits for OK."""
    box = QMessageBox(icon, _("FlexiDesk"), text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName(name)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
