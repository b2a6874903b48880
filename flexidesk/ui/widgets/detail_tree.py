"""A read-only list for side panels: headed columns, optional child lines, the shared tones."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QTreeWidget,
    QTreeWidgetItem,
)

from flexidesk.ui.models.rows import LATE, MUTED, readable


class _WrapDelegate(QStyledItemDelegate):
    """Lines of text spanning the whole width, as tall as their wrapped text (a tree does not
    measure that itself)."""

    def __init__(self, tree: QTreeWidget):
        super().__init__(tree)
        self._tree = tree

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 - Qt's name
        base = super().sizeHint(option, index)
        item = self._tree.itemFromIndex(index)
        if item is None or not item.isFirstColumnSpanned():
            return base
        depth = 0
        parent = item.parent()
        while parent is not None:
            depth, parent = depth + 1, parent.parent()
        width = max(40, self._tree.viewport().width()
                    - self._tree.indentation() * (depth + 1) - 12)
        text = index.data() or ""
        rect = option.fontMetrics.boundingRect(QRect(0, 0, width, 1_000_000),
                                               int(Qt.TextFlag.TextWordWrap), text)
        return QSize(base.width(), max(base.height(), rect.height() + 6))


class DetailTree(QTreeWidget):
    """A QTreeWidget set up for reading: no editing, sensible widths, red for late lines."""

    def __init__(self, headers: Sequence[str], widths: Sequence[int] = (), *,
                 object_name: str = "", parent=None):
        super().__init__(parent)
        if object_name:
            self.setObjectName(object_name)
        self.setHeaderLabels(list(headers))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        self.setWordWrap(False)
        self.setRootIsDecorated(False)
        self.setTabKeyNavigation(False)  # Tab leaves the list; arrows move in it
        # A header is never cut: a longer translation widens its column (Welsh), and the
        # last column keeps its title's width too (stretched, it could be squeezed below it).
        titles = self.header().fontMetrics()
        for column, title in enumerate(headers):
            given = widths[column] if column < len(widths) else 0
            self.setColumnWidth(column, max(given, titles.horizontalAdvance(title) + 24))
        self.header().setStretchLastSection(False)
        self._wraps = False

    def add(self, values: Sequence[str], *, tone: str | None = None,
            parent: QTreeWidgetItem | None = None, tooltip: str = "",
            key: int | str | None = None) -> QTreeWidgetItem:
        """Append a line (under ``parent`` if given); tone 'late' is red, 'soon' bold, 'muted' grey.

        ``key`` (an id or a code: Qt holds no Python object) names what the line shows,
        for ``current_key`` and ``select_key``.
        """
        item = QTreeWidgetItem([str(v) for v in values])
        if key is not None:
            item.setData(0, Qt.ItemDataRole.UserRole, key)
        if parent is None:
            self.addTopLevelItem(item)
        else:
            parent.addChild(item)
            self.setRootIsDecorated(True)
        for column in range(len(values)):
            if tone == "late":
                item.setForeground(column, QBrush(readable(LATE)))
            elif tone == "muted":
                item.setForeground(column, QBrush(readable(MUTED)))
            elif tone == "soon":
                font = item.font(column)
                font.setBold(True)
                item.setFont(column, font)
            if tooltip:
                item.setToolTip(column, tooltip)
        return item

    def add_text(self, text: str, parent: QTreeWidgetItem, *, tone: str | None = "muted"
                 ) -> QTreeWidgetItem:
        """A line of long text (a target, a note, a summary) under ``parent``, across every
        column and wrapped, so it is read whole rather than cut off."""
        if not self._wraps:
            self._wraps = True
            self.setWordWrap(True)
            self.setUniformRowHeights(False)
            self.setItemDelegateForColumn(0, _WrapDelegate(self))
            # The columns fit the list's width (the first takes what is left, never less than
            # its title), so a wrapped line spanning them all is never wider than can be seen.
            header = self.header()
            header.setStretchLastSection(False)
            for column in range(1, self.columnCount()):
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
            header.sectionResized.connect(self._fit_first_column)
            self._fit_first_column()
        item = self.add([text], tone=tone, parent=parent)
        item.setFirstColumnSpanned(True)
        parent.setExpanded(True)
        return item

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self._wraps:
            self._fit_first_column()
            self.scheduleDelayedItemsLayout()  # wrapped lines grow or shrink with the width

    def _fit_first_column(self, column: int = -1, *_sizes) -> None:
        """The first column takes the width the others leave, but not less than its title
        (Qt's own stretch squeezed "Provision and reviews" to a few pixels beside the grid)."""
        if column == 0:
            return
        header = self.header()
        title = self.headerItem().text(0) if self.headerItem() is not None else ""
        least = header.fontMetrics().horizontalAdvance(title) + 24
        others = sum(header.sectionSize(c) for c in range(1, self.columnCount()))
        self.setColumnWidth(0, max(least, self.viewport().width() - others))

    def current_key(self) -> int | str | None:
        """The key of the chosen line; a child line (a review, say) counts as its parent's."""
        item = self.currentItem()
        if item is None:
            return None
        while (up := item.parent()) is not None:
            item = up
        return item.data(0, Qt.ItemDataRole.UserRole)

    def select_key(self, key: int | str) -> None:
        """Choose the top-level line added with ``key`` (after the list was filled again)."""
        for index in range(self.topLevelItemCount()):
            item = self.topLevelItem(index)
            if item is not None and item.data(0, Qt.ItemDataRole.UserRole) == key:
                self.setCurrentItem(item)
                return

    def texts(self) -> list[list[str]]:
        """Every top-level line's texts (what a person reads), for checks and exports."""
        return [[item.text(c) for c in range(self.columnCount())]
                for i in range(self.topLevelItemCount())
                if (item := self.topLevelItem(i)) is not None]  # always, below the count
