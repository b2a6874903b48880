"""The governors' page: anonymised counts of provision, placements and flexi requests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from flexidesk.documents.governor_report import render_report
from flexidesk.i18n import _, format_long_date
from flexidesk.policy.providers import OverrideLine
from flexidesk.policy.records.access import Actor, PolicyError, can
from flexidesk.policy.records.reports import (
    Report,
    Table,
    Withheld,
    anonymised_report,
    count_text,
)
from flexidesk.store.governors_file import GovernorsFileError
from flexidesk.ui.dialogs.document_preview import DocumentPreviewDialog
from flexidesk.ui.theme import make_heading

_MUTED = "#6b6b6b"


def _cell(value) -> str:
    if isinstance(value, str):
        return value
    return count_text(value)


class _TableBlock(QWidget):
    """One report section: a heading, a fixed-height table and a note."""

    def __init__(self, table: Table, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 8)
        heading = QLabel(f"<b>{table.title}</b>", self)
        heading.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(heading)
        grid = QTableWidget(len(table.rows), len(table.headers), self)
        grid.setObjectName("reportTable")
        grid.setHorizontalHeaderLabels(table.headers)
        grid.verticalHeader().hide()
        grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        grid.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        grid.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        grid.setAlternatingRowColors(True)
        for r, row in enumerate(table.rows):
            for c, value in enumerate(row):
                item = QTableWidgetItem(_cell(value))
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if value is None or isinstance(value, Withheld):
                    item.setForeground(Qt.GlobalColor.darkGray)
                grid.setItem(r, c, item)
        header = grid.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in range(1, len(table.headers)):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        grid.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        grid.verticalHeader().setDefaultSectionSize(24)
        height = grid.horizontalHeader().sizeHint().height() + 4
        height += sum(grid.rowHeight(r) for r in range(grid.rowCount()))
        grid.setFixedHeight(height)
        layout.addWidget(grid)
        if table.note:
            note = QLabel(table.note, self)
            note.setStyleSheet(f"color: {_MUTED};")
            note.setWordWrap(True)
            layout.addWidget(note)
        self.grid = grid


#: Where a page's report comes from when it is not the open database: (report, the
#: Headteacher's overrides, a line saying when it was written), as a governor's file holds.
ReportSource = Callable[[], tuple[Report, list[OverrideLine], str]]


class ReportsPage(QWidget):
    """Anonymised reports for governors and the Headteacher; no child is named anywhere.

    Staff read it from the database; a governor from the governors' file (``source``)."""

    def __init__(self, actor: Actor, parent=None, today: dt.date | None = None,
                 source: ReportSource | None = None):
        super().__init__(parent)
        self.setObjectName("reportsPage")
        self.actor = actor
        self.today = today or dt.date.today()
        self.source = source
        self.report: Report | None = None
        self.overrides: list[OverrideLine] | None = None
        self.written = ""

        self.title = QLabel(self)
        self.title.setObjectName("reportTitle")
        make_heading(self.title, 1.6)
        self.subtitle = QLabel(self)
        self.subtitle.setWordWrap(True)
        self.subtitle.setStyleSheet(f"color: {_MUTED};")
        self.refresh_button = QPushButton(_("&Refresh"), self)
        self.refresh_button.clicked.connect(self.refresh)
        self.print_button = QPushButton(_("&Print report..."), self)
        self.print_button.setObjectName("printReport")
        self.print_button.clicked.connect(self.print_report)
        # Free text reaches the governors only once the Headteacher has checked it.
        self.check_button = QPushButton(_("&Check reasons for governors..."), self)
        self.check_button.setObjectName("checkReasons")
        self.check_button.clicked.connect(self.check_reasons)
        self.check_button.setVisible(can(actor, "report.release"))

        top = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        top.addLayout(titles, 1)
        top.addWidget(self.check_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.print_button, 0, Qt.AlignmentFlag.AlignTop)

        self.body = QWidget(self)
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 12, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.body)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.hide()

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.error)
        layout.addWidget(scroll, 1)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self, self.print_report)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.refresh)
        self.blocks: list[_TableBlock] = []
        self.refresh()

    def refresh(self) -> None:
        """Read the counts again and rebuild the tables."""
        try:
            if self.source is not None:
                self.report, self.overrides, self.written = self.source()
                self.today = self.report.today
            else:
                self.report = anonymised_report(self.actor, self.today)
        except (PolicyError, GovernorsFileError) as exc:
            self.error.setText(str(exc))
            self.error.show()
            self.print_button.setEnabled(False)
            return
        self.error.hide()
        self.print_button.setEnabled(True)
        self.title.setText(_("Reports for governors"))
        subtitle = _(
            "{school}: figures for {today}, reviews and decisions since {since}. No child is "
            "named; a count of 1 or 2 is shown as \u201cfewer than 3\u201d so that no child "
            "can be identified, and 0 is shown as 0; a figure from which such a count could be "
            "worked out is \u201cwithheld\u201d.").format(school=self.report.school,
                                         today=format_long_date(self.today),
                                         since=format_long_date(self.report.since))
        self.subtitle.setText(f"{subtitle}\n{self.written}" if self.written else subtitle)
        for block in self.blocks:
            self.body_layout.removeWidget(block)
            block.deleteLater()
        self.blocks = [_TableBlock(t, self.body) for t in self.report.tables]
        while self.body_layout.count():
            self.body_layout.takeAt(0)
        for block in self.blocks:
            self.body_layout.addWidget(block)
        self.body_layout.addStretch(1)

    def clear(self) -> None:
        """Drop the tables (the window is locking)."""
        for block in self.blocks:
            self.body_layout.removeWidget(block)
            block.deleteLater()
        self.blocks = []
        self.report = None
        self.overrides = None

    def check_reasons(self) -> None:
        """Open the Headteacher's check of the reasons the report carries, then refresh."""
        if self.report is None:
            return
        from flexidesk.ui.reports.release_dialog import ReleaseDialog

        ReleaseDialog(self.actor, self.report.since, self.report.today, self).exec()
        self.refresh()

    def print_report(self) -> None:
        """Show the report as a PDF to print or save (Ctrl+P)."""
        if self.report is None:
            return
        overrides = self.overrides
        if overrides is None:
            from flexidesk.policy.providers import placement_overrides

            overrides = placement_overrides(self.actor, self.report.since, self.report.today)
        pdf = render_report(self.report, overrides=overrides)
        DocumentPreviewDialog(pdf, _("Reports for governors"), self).exec()
