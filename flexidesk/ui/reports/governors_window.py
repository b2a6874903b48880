"""A governor's window: the governors' report, read from its own encrypted file, and nothing
else (a governor's key opens no child's record, so no database is opened at all)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QSizePolicy

from flexidesk.i18n import _, format_datetime
from flexidesk.policy.records.access import ROLE_LABELS, Actor
from flexidesk.policy.records.governors import GovernorsDesk
from flexidesk.ui.reports.page import ReportsPage

if TYPE_CHECKING:
    from flexidesk.ui.main_window import MainWindow


class GovernorsWindow(QMainWindow):
    """The reports page over a governor's desk, with File and Help menus; locks like the
    main window (``data_widgets``)."""

    def __init__(self, actor: Actor, desk: GovernorsDesk, parent=None):
        super().__init__(parent)
        self.setObjectName("governorsWindow")
        self.actor = actor
        self.database = desk
        self.setWindowTitle(_("FlexiDesk — reports for governors"))
        self.tabs = None  # no tab of children's records, ever
        self.reports_page = ReportsPage(actor, self, source=self._read)
        self.setCentralWidget(self.reports_page)
        self.menus: dict[str, QMenu] = {}
        for key, title in (("file", _("&File")), ("view", _("&View")), ("tools", _("&Tools")),
                           ("help", _("&Help"))):
            menu = self.menuBar().addMenu(title)
            menu.setObjectName(f"{key}Menu")
            self.menus[key] = menu
        quit_action = QAction(_("&Quit"), self)
        quit_action.setObjectName("quitAction")
        quit_action.setShortcut(QKeySequence(_("Ctrl+Q")))
        quit_action.triggered.connect(self.close)
        self.menus["file"].addAction(quit_action)
        refresh = QAction(_("Re&fresh"), self)
        refresh.setObjectName("refreshAction")
        refresh.triggered.connect(self.refresh)
        self.menus["view"].addAction(refresh)
        role = _(ROLE_LABELS.get(actor.role, actor.role))
        self.status_label = status = QLabel(_("Signed in as {name} ({role}). Governors see this report only; it is "
                          "kept in its own encrypted file.").format(
                              name=actor.display_name or actor.username, role=role), self)
        status.setObjectName("statusLabel")
        status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.statusBar().addWidget(status, 1)
        self.resize(1100, 760)

    def _read(self):
        report, overrides, written = self.database.read()
        when = written.get("written_at") or ""
        by = written.get("published_by")
        text = ""
        if when:
            stamp = format_datetime(dt.datetime.fromisoformat(when))
            text = (_("Published by {name} on {when}.").format(name=by, when=stamp) if by
                    else _("Brought up to date on {when}.").format(when=stamp))
        return report, overrides, text

    def paint_tabs_to(self, directory) -> list:
        """Paint the report to DIR/reports.png, as the main window paints its tabs."""
        from flexidesk.ui.main_window import paint_pages

        return paint_pages(self, [("reports", self.reports_page)], directory)

    def data_widgets(self) -> list:
        return [self.reports_page]

    def refresh(self) -> None:
        self.reports_page.refresh()

    def clear(self) -> None:
        self.reports_page.clear()


def window_for(actor: Actor, opened) -> MainWindow | GovernorsWindow:
    """The window for whoever signed in: a governor's over the governors' file, anyone
    else's the main window over the school's database."""
    if isinstance(opened, GovernorsDesk):
        return GovernorsWindow(actor, opened)
    from flexidesk.ui.main_window import MainWindow as Main

    return Main(actor, opened)
