"""A table with a search box that filters as you type, sortable columns and a row count."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from flexidesk.i18n import _, format_date
from flexidesk.ui.models.rows import RowsTableModel
from flexidesk.ui.widgets.keyboard import mark_filter


def widest_date(metrics, fmt: str = "medium") -> str:
    """The date of this year that takes the most room in the locale's format ``fmt``."""
    year = dt.date.today().year
    return max((format_date(dt.date(year, month, 28), fmt) for month in range(1, 13)),
               key=metrics.horizontalAdvance)


class SearchableTable(QWidget):
    """Search box over a RowsTableModel-backed table; emits the chosen row's object."""

    current_changed = Signal(object)  # the selected row's object, or None
    activated = Signal(object)  # Enter or double-click on a row

    def __init__(self, model: RowsTableModel, placeholder: str = "", parent=None):
        super().__init__(parent)
        self.model = model
        self.search = QLineEdit(self)
        self.search.setObjectName("searchBox")
        self.search.setPlaceholderText(placeholder or _("Search (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        mark_filter(self.search)  # Escape need not ask about a search
        self.search.textChanged.connect(self._filter)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        self._stretch: tuple[int, int] | None = None  # the column taking the width left
        self._stretch_watched = False

        self.view = QTableView(self)
        self.view.setObjectName("table")
        self.view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.view.setModel(model)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(24)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSortIndicatorShown(True)
        self.view.selectionModel().currentRowChanged.connect(self._current_row_changed)
        self.view.doubleClicked.connect(
            lambda index: self.activated.emit(self._object(index.row())))
        model.modelReset.connect(self._update_count)
        model.layoutChanged.connect(self._update_count)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)

        QShortcut(QKeySequence(_("Ctrl+F")), self, self.focus_search)
        self._update_count()

    def set_column_widths(self, widths, *, stretch: int | None = None) -> None:
        """Each column's starting width: pixels, or a sample text the column must show whole.

        A sample is measured in the table's own font (bold), so the column still fits where the
        font is larger (a school's display settings) or a translation is longer; the header
        title, with room for the sort arrow, is never cut either (a width in pixels too). Column ``stretch`` (else
        the last) takes whatever width the table has left.
        """
        bold = QFont(self.view.font())
        bold.setBold(True)  # rows needing attention are bold: measure as they are drawn
        cells = QFontMetrics(bold)
        titles = self.view.horizontalHeader().fontMetrics()
        for column, width in enumerate(widths):
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal) or "")
            whole_title = max((titles.horizontalAdvance(line) for line in title.splitlines()),
                              default=0) + 30  # never cut, sort arrow included
            if isinstance(width, str):
                width = cells.horizontalAdvance(width) + 16
            self.view.setColumnWidth(column, max(width, whole_title))
        if stretch is not None:
            header = self.view.horizontalHeader()
            header.setStretchLastSection(False)
            self._stretch = (stretch, self.view.columnWidth(stretch))
            # Qt's own Stretch squeezes a column below its title when the table is narrow
            # (Welsh titles are long): it takes what is left, but never less than it needs.
            if not self._stretch_watched:
                self._stretch_watched = True
                self.view.viewport().installEventFilter(self)
                header.sectionResized.connect(self._restretch)
            self._restretch()

    def _restretch(self, column: int = -1, *_sizes) -> None:
        if self._stretch is None or column == self._stretch[0]:
            return
        stretch, least = self._stretch
        others = sum(self.view.columnWidth(c) for c in range(self.model.columnCount())
                     if c != stretch and not self.view.isColumnHidden(c))
        self.view.setColumnWidth(stretch, max(least, self.view.viewport().width() - others))

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize and watched is self.view.viewport():
            self._restretch()
        return False

    def columns_width(self) -> int:
        """The width all columns take (what the table needs to show them without scrolling)."""
        return sum(self.view.columnWidth(c) for c in range(self.model.columnCount()))

    # --- behaviour ---------------------------------------------------------------------------

    def focus_search(self) -> None:
        """Put the cursor in the search box with its text selected."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def keyPressEvent(self, event):  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.view.hasFocus():
            current = self.current_object()
            if current is not None:
                self.activated.emit(current)
                return
        if event.key() == Qt.Key.Key_Down and self.search.hasFocus() and self.model.rowCount():
            self.view.setFocus()
            self.select_row(0)
            return
        super().keyPressEvent(event)

    def _filter(self, text: str) -> None:
        self.model.set_filter(text)

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total_count()
        if shown == total:
            self.count_label.setText(_("{n} shown").format(n=total))
        else:
            self.count_label.setText(_("{shown} of {total}").format(shown=shown, total=total))
        if self.view.currentIndex().isValid():
            self.current_changed.emit(self.current_object())
        else:
            self.current_changed.emit(None)

    def _object(self, row: int) -> Any:
        return self.model.row_object(row) if 0 <= row < self.model.rowCount() else None

    def _current_row_changed(self, current, _previous) -> None:
        self.current_changed.emit(self._object(current.row()) if current.isValid() else None)

    # --- for the tabs ------------------------------------------------------------------------

    def current_object(self) -> Any:
        """The selected row's object, or None."""
        index = self.view.currentIndex()
        return self._object(index.row()) if index.isValid() else None

    def select_row(self, row: int) -> None:
        """Select view row ``row`` (and scroll to it)."""
        if not 0 <= row < self.model.rowCount():
            return
        index = self.model.index(row, 0)
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.view.scrollTo(index)

    def select_where(self, predicate) -> bool:
        """Select the first shown row whose object matches; False if none does."""
        row = self.model.row_of(predicate)
        self.select_row(row)
        return row >= 0

    def set_rows(self, rows) -> None:
        """Replace the rows, keeping the selection on the same object where possible."""
        current = self.current_object()
        self.model.set_rows(rows)
        if current is not None:
            key = getattr(current, "id", current)
            self.select_where(lambda o: getattr(o, "id", o) == key)
