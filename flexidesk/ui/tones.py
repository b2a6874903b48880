"""The two text tones every view shares, late (red) and muted (grey), made readable on the
palette in force. Kept apart from the table models so that the sign-in form, painted before
anything else, colours its message without loading them."""

from __future__ import annotations

from typing import cast

from PySide6.QtGui import QColor, QGuiApplication, QPalette

LATE = QColor("#b3261e")  # the one red used for anything overdue or late
MUTED = QColor("#6b6b6b")


def readable(colour: QColor) -> QColor:
    """``colour`` for text on the window's palette: lightened on a dark (or high-contrast
    dark) theme, where the light theme's red would be too dark to read."""
    window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    if window.lightness() >= 128:
        return colour
    # PySide6's stubs give getHsl() (four out-parameters) no tuple type.
    hue, saturation, lightness, alpha = cast(tuple[int, int, int, int], colour.getHsl())
    return QColor.fromHsl(hue, saturation, max(lightness, 175), alpha)


def tone_style(colour: QColor) -> str:
    """A style sheet colouring text ``colour``, readable on the palette in force."""
    return f"color: {readable(colour).name()};"
