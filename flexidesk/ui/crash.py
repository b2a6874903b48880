"""The log file and the last-resort handler: a bug is logged with its traceback (never a
child's name: only exception types and code locations are written) and the user sees a polite
apology; a known problem of the world is told plainly (``tell``)."""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import traceback
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from flexidesk import paths
from flexidesk.i18n import _
from flexidesk.policy.errors import PolicyError
from flexidesk.store.errors import StoreError
from flexidesk.store.keyslots import KeyFileError

log = logging.getLogger("flexidesk")

LOG_NAME = "flexidesk.log"


class _PrivateFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log file that is always owner-only (0600), rotated copies included."""

    def _open(self):
        fd = os.open(self.baseFilename, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600)
        os.chmod(self.baseFilename, 0o600)
        return os.fdopen(fd, self.mode.replace("w", "a"), encoding=self.encoding)


def setup_logging() -> Path:
    """Log to the owner-only log folder; returns the log file's path."""
    path = paths.log_dir() / LOG_NAME
    root = logging.getLogger("flexidesk")
    for old in [h for h in root.handlers if isinstance(h, _PrivateFileHandler)]:
        if old.baseFilename != str(path):  # a different data folder (tests, --db elsewhere)
            root.removeHandler(old)
            old.close()
    if not any(isinstance(h, _PrivateFileHandler) for h in root.handlers):
        handler = _PrivateFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def describe_crash(exc_type, exc, tb) -> str:
    """The traceback without the exception's message: messages can quote a child's name."""
    frames = "".join(traceback.format_tb(tb))
    return f"{exc_type.__module__}.{exc_type.__qualname__} (message withheld)\n{frames}"


#: Exceptions whose message is written for the user: shown as they are, never as a bug.
KNOWN_PROBLEMS: tuple[type[Exception], ...] = (StoreError, PolicyError, KeyFileError)


def install_excepthook(log_path: Path, *, quiet: bool = False) -> None:
    """Log any uncaught exception and apologise politely instead of crashing with a traceback."""
    showing: list[bool] = []  # non-empty while the apology is on screen

    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if issubclass(exc_type, KNOWN_PROBLEMS):
            # A problem of the world (a busy or full disk, a refused action) that a view let
            # through: its own message says what is wrong and that nothing was lost.
            log.warning("A known problem reached the window: %s", exc_type.__name__)
            if quiet or showing or QApplication.instance() is None:
                print(str(exc), file=sys.stderr)
                return
            showing.append(True)
            try:
                QMessageBox.warning(QApplication.activeWindow(), _("FlexiDesk"), str(exc))
            finally:
                showing.clear()
            return
        log.error("Unexpected error: %s", describe_crash(exc_type, exc, tb))
        if quiet or showing or QApplication.instance() is None:
            print(_("FlexiDesk met an unexpected problem; details are in {path}.").format(
                path=log_path), file=sys.stderr)
            return
        showing.append(True)
        try:
            QMessageBox.critical(QApplication.activeWindow(), _("Sorry, something went wrong"), _(
                "FlexiDesk met a problem it did not expect. Everything you had already saved "
                "is safe; the last change may not have been saved, so please check it.\n\n"
                "The details (with no child's information) were written to {path}, for "
                "whoever looks after FlexiDesk.").format(path=log_path))
        finally:
            showing.clear()

    sys.excepthook = hook


def tell(problem: str, *, headless: bool, parent: QWidget | None = None) -> None:
    """A known problem: a message box in the window, or a line on stderr for scripts."""
    # The messages name files and what to do, never a child: the log gets the real problem.
    log.warning("Start-up stopped: %s", problem)
    if headless:
        print(problem, file=sys.stderr)
    else:
        QMessageBox.warning(parent, _("FlexiDesk"), str(problem))
