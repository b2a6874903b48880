"""A read-only table of plain text, for lists shown to be read (the register, the census)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)


def fill_table(table: QTableWidget, headings: list[str], rows: list[list[str]]) -> None:
    """A read-only table of plain text (never rich text: names are typed by people)."""
    table.clear()
    table.setColumnCount(len(headings))
    table.setHorizontalHeaderLabels(headings)
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem(value)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()
    _LastColumnFills.of(table).fit()


class _LastColumnFills(QObject):
    """The last column takes the room the others leave, but never less than its heading and
    cells need. (Qt's own stretched last section is given only the room that is left, so a
    row a few pixels too wide cut the last heading to 100 pixels.)"""

    def __init__(self, table: QTableWidget):
        super().__init__(table)
        self.table = table
        table.viewport().installEventFilter(self)

    @classmethod
    def of(cls, table: QTableWidget) -> _LastColumnFills:
        found = table.findChild(cls)
        return found if found is not None else cls(table)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        table, header = self.table, self.table.horizontalHeader()
        last = table.columnCount() - 1
        if last < 0:
            return
        need = max(table.sizeHintForColumn(last), header.sectionSizeHint(last))
        others = sum(header.sectionSize(c) for c in range(last) if not header.isSectionHidden(c))
        header.resizeSection(last, max(need, table.viewport().width() - others))


def read_only_table(parent: QWidget, name: str) -> QTableWidget:
    """An empty table that selects whole rows and cannot be edited."""
    table = QTableWidget(parent)
    table.setObjectName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
    _LastColumnFills(table)  # instead of Qt's stretched last section, which can cut it
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table
