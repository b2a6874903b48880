"""The demo school on first use: written in the thread pool behind a progress window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QProgressDialog

from flexidesk.i18n import _
from flexidesk.ui.tasks import run_task


def make_demo(path: Path) -> None:
    """Create the demo school if it is not there yet, with a progress window while it is written.

    The writing (five scrypt key slots, then the rows) runs in a QThreadPool worker; the
    window keeps painting and the bar moves as each step is reported back by signal.
    """
    if path.exists():
        return  # importing the seeder is not free: skip it on every ordinary start
    heading = _("Creating the fictional demo school")
    dialog = QProgressDialog(heading + "…", "", 0, 100)
    dialog.setObjectName("demoProgress")
    dialog.setWindowTitle(_("FlexiDesk"))
    dialog.setCancelButton(None)  # a half-made demo is removed anyway; nothing to cancel
    dialog.setMinimumDuration(0)
    dialog.setMinimumWidth(420)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)  # stays at 100% (not blank) until the window opens
    dialog.setValue(0)

    def step(fraction: float, label: str) -> None:
        dialog.setLabelText(_("{heading}: {step}…").format(heading=heading, step=label))
        dialog.setValue(round(fraction * 100))

    from flexidesk.demo import ensure_demo

    loop = QEventLoop()
    failure: list[BaseException] = []

    def failed(error: BaseException) -> bool:
        failure.append(error)  # raised below, on this thread, as if written here
        return True

    dialog.show()
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        task = run_task(lambda progress: ensure_demo(path, progress=progress),
                        on_failure=failed, on_progress=step)
        task.finished.connect(loop.quit)
        loop.exec()
    finally:
        QGuiApplication.restoreOverrideCursor()
        dialog.close()
        dialog.deleteLater()
    if failure:
        raise failure[0]


def demo_headteacher() -> tuple[str, str] | None:
    """The demo headteacher's name and password (for --screenshot on the demo)."""
    from flexidesk.ui.dialogs.signin import demo_accounts

    for username, _display, role, password in demo_accounts():
        if role == "headteacher":
            return username, password
    return None
