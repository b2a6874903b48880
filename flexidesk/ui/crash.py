"""The log file and the last-resort handler: a bug is logged with its traceback (never a
child's name: only exception types and code locations are written) and the user sees a polite
apology; a known problem of the world is told plainly (``tell``).

At start-up the log is held in memory (``hold_logging``) until the sign-in form is painted:
the rotating file handler's module (and the socket and pickle modules it loads) is not free,
and nothing is lost meanwhile, since whatever would write the file first (the crash handler,
a problem told, leaving) sets the file up and writes what was held, in order.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QWidget

from flexidesk import paths
from flexidesk.i18n import _
from flexidesk.policy.errors import PolicyError
from flexidesk.store.errors import StoreError
from flexidesk.store.keyslots import KeyFileError

if TYPE_CHECKING:
    from logging.handlers import RotatingFileHandler

log = logging.getLogger("flexidesk")

LOG_NAME = "flexidesk.log"


@functools.cache
def _file_handler_class() -> type[RotatingFileHandler]:
    """The owner-only rotating file handler (its module is imported on the first use)."""
    import logging.handlers

    class PrivateFileHandler(logging.handlers.RotatingFileHandler):
        """A rotating log file that is always owner-only (0600), rotated copies included."""

        def _open(self):
            fd = os.open(self.baseFilename, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600)
            os.chmod(self.baseFilename, 0o600)
            return os.fdopen(fd, self.mode.replace("w", "a"), encoding=self.encoding)

    return PrivateFileHandler


class _HeldRecords(logging.Handler):
    """The records logged before the file is set up, kept in order to be written there."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _file_handlers(root: logging.Logger) -> list[RotatingFileHandler]:
    kind = _file_handler_class()
    return [h for h in root.handlers if isinstance(h, kind)]


def hold_logging() -> None:
    """Start-up: keep what is logged in memory until ``setup_logging`` writes it to the file
    (just after the first paint, or sooner if anything needs the file)."""
    root = logging.getLogger("flexidesk")
    if "logging.handlers" in sys.modules and _file_handlers(root):
        setup_logging()  # a file is open already (a second start in one process): use it
        return
    root.setLevel(logging.INFO)
    if not any(isinstance(h, _HeldRecords) for h in root.handlers):
        root.addHandler(_HeldRecords())


def setup_logging() -> Path:
    """Log to the owner-only log folder (writing anything held since start-up); returns the
    log file's path."""
    path = paths.log_dir() / LOG_NAME
    root = logging.getLogger("flexidesk")
    for old in _file_handlers(root):
        if old.baseFilename != str(path):  # a different data folder (tests, --db elsewhere)
            root.removeHandler(old)
            old.close()
    if not _file_handlers(root):
        handler = _file_handler_class()(path, maxBytes=1_000_000, backupCount=3,
                                        encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    for held in [h for h in root.handlers if isinstance(h, _HeldRecords)]:
        root.removeHandler(held)
        for record in held.records:
            for handler in _file_handlers(root):
                handler.handle(record)
    return path


def describe_crash(exc_type, exc, tb) -> str:
    """The traceback without the exception's message: messages can quote a child's name."""
    frames = "".join(traceback.format_tb(tb))
    return f"{exc_type.__module__}.{exc_type.__qualname__} (message withheld)\n{frames}"


#: Exceptions whose message is written for the user: shown as they are, never as a bug.
KNOWN_PROBLEMS: tuple[type[Exception], ...] = (StoreError, PolicyError, KeyFileError)


def install_excepthook(log_path: Path | None = None, *, quiet: bool = False) -> None:
    """Log any uncaught exception and apologise politely instead of crashing with a traceback.

    Without ``log_path`` (start-up, while the log is held) the log file is set up by the
    first problem that reaches the handler, and that problem is written to it."""
    showing: list[bool] = []  # non-empty while the apology is on screen

    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        from PySide6.QtWidgets import QMessageBox

        path = _log_file_now() if log_path is None else log_path
        if _known_problem(exc):  # the server out of reach: its window says so
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
                path=path), file=sys.stderr)
            return
        showing.append(True)
        try:
            QMessageBox.critical(QApplication.activeWindow(), _("Sorry, something went wrong"), _(
                "FlexiDesk met a problem it did not expect. Everything you had already saved "
                "is safe; the last change may not have been saved, so please check it.\n\n"
                "The details (with no child's information) were written to {path}, for "
                "whoever looks after FlexiDesk.").format(path=path))
        finally:
            showing.clear()

    sys.excepthook = hook


def _log_file_now() -> Path:
    """The log file, set up now if it was held; a log folder that cannot be written must not
    stop the apology."""
    try:
        return setup_logging()
    except OSError:
        return Path(LOG_NAME)


def _known_problem(exc: BaseException) -> bool:
    """A problem of the world met outside a form (the server out of reach): not a bug.

    The window watching its server says so and keeps trying (``ui.server_status``)."""
    from flexidesk.store.errors import StoreError

    if not isinstance(exc, StoreError) or QApplication.instance() is None:
        return False
    from flexidesk.ui.server_status import tell_watch

    if tell_watch(exc):
        log.warning("Known problem: %s", type(exc).__name__)
        return True
    return False


def tell(problem: str, *, headless: bool, parent: QWidget | None = None) -> None:
    """A known problem: a message box in the window, or a line on stderr for scripts."""
    # The messages name files and what to do, never a child: the log gets the real problem.
    log.warning("Start-up stopped: %s", problem)
    if headless:
        print(problem, file=sys.stderr)
    else:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(parent, _("FlexiDesk"), str(problem))
