"""A read-only list for side panels: headed columns, optional child lines, the shared tones."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem

from flexidesk.ui.models.rows import LATE, MUTED, readable


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
        for column, width in enumerate(widths):
            self.setColumnWidth(column, width)

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

    def current_key(self) -> int | str | None:
        """The key of the chosen line; a child line (a review, say) counts as its parent's."""
        item = self.currentItem()
        if item is None:
            return None
        while item.parent() is not None:
            item = item.parent()
        return item.data(0, Qt.ItemDataRole.UserRole)

    def select_key(self, key: int | str) -> None:
        """Choose the top-level line added with ``key`` (after the list was filled again)."""
        for index in range(self.topLevelItemCount()):
            item = self.topLevelItem(index)
            if item.data(0, Qt.ItemDataRole.UserRole) == key:
                self.setCurrentItem(item)
                return

    def texts(self) -> list[list[str]]:
        """Every top-level line's texts (what a person reads), for checks and exports."""
        return [[self.topLevelItem(i).text(c) for c in range(self.columnCount())]
                for i in range(self.topLevelItemCount())]
