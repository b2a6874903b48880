"""Driving the modal dialogs a click opens, and failing at once on one nobody expected.

``Modal.click(button, handler, ...)`` clicks a button and hands each modal dialog that opens
to the next handler, in order. A dialog with no handler left for it (an unexpected
confirmation, a refusal) is closed and the test fails naming it, instead of waiting for ever
on a dialog that nothing answers. A handler that was never used fails the test too.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

Handler = Callable[[QDialog], None]


def describe(dialog: QWidget) -> str:
    """A dialog as a failure message names it: its title, and a message box's text."""
    text = dialog.text() if isinstance(dialog, QMessageBox) else ""
    return f"{type(dialog).__name__} {dialog.windowTitle()!r}" + (f": {text}" if text else "")


class Modal:
    """Drive the modal dialogs that one click opens, each with its own handler."""

    def __init__(self, qtbot):
        self.qtbot = qtbot
        self.errors: list[BaseException] = []
        self._handlers: list[Handler] = []
        self._busy: list[QWidget] = []  # dialogs whose handler is running (nested ones too)
        self._timer = QTimer()
        self._timer.setInterval(10)
        self._timer.timeout.connect(self._poll)

    def expect(self, *handlers: Handler) -> None:
        """The next dialogs to open, in order, go to these handlers."""
        self._handlers.extend(handlers)
        self._timer.start()

    def _poll(self) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog in self._busy or not dialog.isVisible():
            return
        if not self._handlers:
            self.errors.append(AssertionError(f"an unexpected dialog opened: {describe(dialog)}"))
            _close(dialog)
            return
        handler = self._handlers.pop(0)
        self._busy.append(dialog)
        try:
            handler(dialog)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test, never a hang
            self.errors.append(exc)
            if dialog.isVisible():
                _close(dialog)
        finally:
            self._busy.remove(dialog)

    def click(self, widget: QWidget, *handlers: Handler) -> None:
        """Click ``widget`` and let each handler fill in the dialog that opens, in order."""
        self.call(lambda: self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton), *handlers)

    def call(self, action: Callable[[], object], *handlers: Handler) -> None:
        """Run ``action`` (which opens dialogs) and let each handler answer one, in order."""
        self.expect(*handlers)
        try:
            action()
        finally:
            self._timer.stop()
        if self._handlers:
            left, self._handlers = len(self._handlers), []
            self.errors.append(AssertionError(f"{left} dialog(s) expected but none opened"))
        if self.errors:
            errors, self.errors = self.errors, []
            raise errors[0]


def _close(dialog: QWidget) -> None:
    if isinstance(dialog, QDialog):
        dialog.reject()
    else:
        dialog.close()
