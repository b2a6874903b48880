"""A one-line message under a form: green when something worked, red when it was refused."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel

from flexidesk.ui.models.rows import LATE, tone_style

DONE = QColor("#1b5e20")


class StatusLine(QLabel):
    """Says what just happened, in plain words; word-wrapped, named "status" for tests."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("status")
        self.setWordWrap(True)

    def say(self, text: str, *, error: bool = False) -> None:
        """Show ``text``: red for a refusal or problem, green otherwise."""
        self.setText(text)
        self.setStyleSheet(tone_style(LATE if error else DONE))
