"""Ctrl+L in an open dialog locks the window too.

The window's Ctrl+L is an application shortcut, but Qt lets no shortcut of the window behind
a modal dialog fire while the dialog is open; so the key is caught on its way to the dialog
(the lock then covers the dialog, keeping what was typed in it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QWidget

if TYPE_CHECKING:
    from flexidesk.ui.lock import Session


class LockKey(QObject):
    """Watches the keys on their way to any dialog, for the window's lock shortcut."""

    def __init__(self, session: Session):
        super().__init__(session)
        self.session = session
        app = QApplication.instance()
        assert app is not None  # a session runs in a running application
        app.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.KeyPress or self.session.is_locked:
            return False
        window = self.session.window
        if not shiboken6.isValid(window):  # the session's window has gone (it was closed)
            return False
        shortcut = window.lock_action.shortcut()  # type: ignore[attr-defined]
        if QKeySequence(event.keyCombination()) != shortcut:
            return False
        if not isinstance(watched, QWidget) or not isinstance(watched.window(), QDialog):
            return False  # the window's own shortcut has it
        self.session.lock()
        return True
