"""While the trust's server is out of reach: say so in the window, try again, carry on after.

A restart or a dropped network loses the connection; the store connects again by itself
at the next transaction (``store.server``). Meanwhile anything that needed the server
raised ServerUnavailable, which the crash handler hands here instead of apologising for a
bug: the status bar says "The server cannot be reached; trying again…", a timer tries
every few seconds, and once it is back the window reads its rows again.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from flexidesk.i18n import _
from flexidesk.store.server import ServerDatabase, status_text

log = logging.getLogger(__name__)

#: How often to try the server again while it is out of reach.
RETRY_MS = 3000


class ServerWatch(QObject):
    """Watches one window's server connection; ``lost()`` when it has gone."""

    def __init__(self, window: QMainWindow, database: ServerDatabase, *,
                 retry_ms: int = RETRY_MS):
        super().__init__(window)
        self.window = window
        self.database = database
        self.notice = QLabel(window)
        self.notice.setObjectName("serverNotice")
        self.notice.setStyleSheet("font-weight: bold")
        self.notice.hide()
        window.statusBar().addPermanentWidget(self.notice)
        self.timer = QTimer(self)
        self.timer.setInterval(retry_ms)
        self.timer.timeout.connect(self.try_again)

    @property
    def waiting(self) -> bool:
        return self.timer.isActive()

    def lost(self) -> None:
        """The server went: say so, and keep trying."""
        self.notice.setText(status_text())
        self.notice.show()
        if not self.timer.isActive():
            log.warning("The server cannot be reached; trying again")
            self.timer.start()

    def try_again(self) -> None:
        if not self.database.reconnect():
            return
        self.timer.stop()
        self.notice.hide()
        self.window.statusBar().showMessage(_("Connected to the server again."), 8000)
        refresh = getattr(self.window, "refresh", None)
        if refresh is not None:
            refresh()


def tell_watch(exc: BaseException) -> bool:
    """Hand a lost server to the window watching it; whether one was there."""
    from flexidesk.store.server import ServerUnavailable

    if not isinstance(exc, ServerUnavailable):
        return False
    for widget in QApplication.topLevelWidgets():
        watch = widget.findChild(ServerWatch)
        if watch is not None:
            watch.lost()
            return True
    return False
