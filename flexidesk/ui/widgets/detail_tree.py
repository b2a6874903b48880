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
        for column, width in enumerate(widths):
            self.setColumnWidth(column, width)
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
            # The columns fit the list's width (the first takes what is left), so a wrapped
            # line spanning them all is never wider than what can be seen.
            header = self.header()
            header.setStretchLastSection(False)
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            for column in range(1, self.columnCount()):
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        item = self.add([text], tone=tone, parent=parent)
        item.setFirstColumnSpanned(True)
        parent.setExpanded(True)
        return item

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self._wraps:
            self.scheduleDelayedItemsLayout()  # wrapped lines grow or shrink with the width

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
