"""The look every window shares, applied before the first paint: the system's dark or
high-contrast colours and text size, visible keyboard focus, and headings sized from the
system's text (never fixed)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QStyleFactory

_applied: list[QApplication] = []


def make_heading(label: QLabel, scale: float = 1.4) -> QLabel:
    """Make ``label`` a heading ``scale`` times the system's text size (never a fixed size,
    so that large text set for the whole system makes headings larger too)."""
    # Headings show names as typed (a child's, a provider's, the school's): plain text, so
    # that a name holding "<img src=...>" is shown as written, never drawn as HTML.
    label.setTextFormat(Qt.TextFormat.PlainText)
    font = label.font()
    font.setPointSizeF(QApplication.font().pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    return label


#: Visible keyboard focus in every theme: palette(highlight) follows light, dark and
#: high-contrast palettes, so the ring is always in the system's own focus colour.
FOCUS_STYLE = """
QPushButton:focus, QToolButton:focus {
    border: 2px solid palette(highlight); border-radius: 3px; padding: 3px 10px;
}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QComboBox:focus,
QAbstractSpinBox:focus, QAbstractItemView:focus {
    border: 2px solid palette(highlight);
}
QCheckBox:focus, QRadioButton:focus { background: palette(alternate-base); }
"""


def follow_system_theme(app: QApplication) -> None:
    """Use the system's dark or high-contrast colours and its text size.

    Qt takes the font (and so the text size) and the palette from the platform. The
    Fusion style draws every palette faithfully, dark and high-contrast included, where
    some native styles keep a light look; so a dark scheme switches to Fusion.
    """
    hints = QGuiApplication.styleHints()
    if hints.colorScheme() == Qt.ColorScheme.Dark and "fusion" in [
            k.lower() for k in QStyleFactory.keys()]:
        app.setStyle("Fusion")


def apply(app: QApplication) -> None:
    """Follow the system's theme and outline the focused control (once per application)."""
    if app in _applied:
        return
    _applied.append(app)
    follow_system_theme(app)
    app.setStyleSheet(app.styleSheet() + FOCUS_STYLE)
