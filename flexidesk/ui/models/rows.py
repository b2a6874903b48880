"""A table model fed with rows (set_rows), with its own fast filter and sort.

Display text, sort keys and the search text are computed once per row in set_rows(),
so data() is a list lookup and a keystroke in the search box filters 40,000 rows by
plain substring tests in Python rather than by a Qt proxy calling back into Python for
every cell.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont

# The tones live in ui.tones (the sign-in form uses them before any table); still found here.
from flexidesk.ui.tones import LATE as LATE
from flexidesk.ui.tones import MUTED as MUTED
from flexidesk.ui.tones import readable as readable
from flexidesk.ui.tones import tone_style as tone_style

_Index = QModelIndex | QPersistentModelIndex

# The roles as plain ints: data() runs for every painted cell and every role, and comparing
# an int with an enum member costs several times comparing two ints.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_USER = int(Qt.ItemDataRole.UserRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


@functools.cache
def _bold_font() -> QFont:
    """Bold, for rows needing attention soon (made on first use: fonts need the application)."""
    font = QFont()
    font.setBold(True)
    return font


@dataclass(frozen=True)
class Column:
    """One column: its header, how to show a row, and (optionally) how to sort it."""

    title: str
    text: Callable[[Any], str]
    sort_key: Callable[[Any], Any] | None = None
    tooltip: Callable[[Any], str] | None = None
    align_right: bool = False


def _none_last(value: Any) -> tuple:
    return (value is None, value if value is not None else 0)


class RowsTableModel(QAbstractTableModel):
    """Rows of any objects shown through Columns; filter by substring, sort by column."""

    def __init__(self, columns: Sequence[Column],
                 tone: Callable[[Any], str | None] | None = None, parent=None):
        super().__init__(parent)
        self._columns = list(columns)
        self._tone = tone  # 'late' paints the row red, 'muted' greys it, 'soon' makes it bold
        self._rows: list[Any] = []
        self._cells: list[list[str]] = []
        self._haystack: list[str] = []
        self._tones: list[str | None] = []
        self._visible: list[int] = []
        # Every row index in the current sort order: filtering walks it, so what a keystroke
        # finds is already sorted and never needs sorting again.
        self._order: list[int] = []
        self._needle = ""
        self._sort: tuple[int, Qt.SortOrder] | None = None
        # Which rows a view shows while nothing is searched for (None: all); a search looks
        # through every row, so that typing a name finds it whatever the view's scope.
        self._scope: Callable[[Any], bool] | None = None
        self._in_scope: list[bool] | None = None

    # --- feeding ----------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Any]) -> None:
        """Replace every row; keeps the current filter and sort."""
        self.beginResetModel()
        self._rows = list(rows)
        self._cells = [[c.text(r) for c in self._columns] for r in self._rows]
        self._haystack = ["\x1f".join(cells).casefold() for cells in self._cells]
        self._tones = [self._tone(r) for r in self._rows] if self._tone else []
        self._in_scope = [bool(self._scope(r)) for r in self._rows] if self._scope else None
        self._order = self._sorted_order()
        self._visible = self._matching(self._order, self._needle)
        self.endResetModel()

    def set_filter(self, text: str) -> None:
        """Show only rows whose text contains every word of ``text`` (case-insensitive)."""
        needle = " ".join(text.casefold().split())
        if needle == self._needle:
            return
        # Typing on narrows what is already shown; anything else starts from all rows.
        narrowing = bool(self._needle) and needle.startswith(self._needle)
        pool = self._visible if narrowing else self._order
        self.beginResetModel()
        self._needle = needle
        self._visible = self._matching(pool, needle)
        self.endResetModel()

    def set_scope(self, keep: Callable[[Any], bool] | None) -> None:
        """Show only the rows ``keep`` accepts while nothing is searched for (None: every
        row). Cheaper than feeding a narrower list: the rows' text is not made again."""
        self.beginResetModel()
        self._scope = keep
        self._in_scope = [bool(keep(r)) for r in self._rows] if keep else None
        self._visible = self._matching(self._order, self._needle)
        self.endResetModel()

    def in_scope(self, row_object: Any) -> bool:
        """Whether the scope keeps ``row_object`` (always, with no scope)."""
        return self._scope is None or bool(self._scope(row_object))

    def _matching(self, pool, needle: str) -> list[int]:
        if not needle:
            scope = self._in_scope
            return list(pool) if scope is None else [i for i in pool if scope[i]]
        hay = self._haystack
        words = needle.split(" ")
        if len(words) == 1:
            return [i for i in pool if needle in hay[i]]
        return [i for i in pool if all(w in hay[i] for w in words)]

    # --- reading ----------------------------------------------------------------------------

    def row_object(self, row: int) -> Any:
        """The object shown at view row ``row``."""
        return self._rows[self._visible[row]]

    def visible_objects(self) -> list[Any]:
        """The objects currently shown, in view order."""
        return [self._rows[i] for i in self._visible]

    def total_count(self) -> int:
        """How many rows there are before filtering."""
        return len(self._rows)

    def row_of(self, predicate: Callable[[Any], bool]) -> int:
        """The view row of the first shown object matching ``predicate``, or -1."""
        for view_row, i in enumerate(self._visible):
            if predicate(self._rows[i]):
                return view_row
        return -1

    # --- Qt model interface -----------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: _Index, role: int = _DISPLAY):
        if not index.isValid():
            return None
        i = self._visible[index.row()]
        if role == _DISPLAY:
            return self._cells[i][index.column()]
        if role == _FOREGROUND:
            tone = self._tones[i] if self._tones else None
            if tone == "late":
                return QBrush(readable(LATE))
            if tone == "muted":
                return QBrush(readable(MUTED))
            return None
        if role == _FONT:
            return _bold_font() if self._tones and self._tones[i] == "soon" else None
        if role == _TOOLTIP:
            column = self._columns[index.column()]
            return column.tooltip(self._rows[i]) if column.tooltip else None
        if role == _ALIGNMENT:
            return _RIGHT if self._columns[index.column()].align_right else None
        if role == _USER:
            return self._rows[i]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._columns[section].title
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        # The view's selection and current row are persistent indexes: move each to where
        # its row goes, or a click on a header would leave the selection on another child.
        persistent = self.persistentIndexList()
        held = [self._visible[p.row()] if 0 <= p.row() < len(self._visible) else None
                for p in persistent]
        self._sort = (column, order)
        self._order = self._sorted_order()
        self._visible = self._matching(self._order, self._needle)
        if persistent:
            where = {i: row for row, i in enumerate(self._visible)}
            self.changePersistentIndexList(persistent, [
                self.index(where[i], p.column()) if i in where else QModelIndex()
                for p, i in zip(persistent, held, strict=True)])
        self.layoutChanged.emit()

    def _sorted_order(self) -> list[int]:
        """All row indices in the current sort order (row order when unsorted)."""
        order = list(range(len(self._rows)))
        if self._sort is None:
            return order
        column, direction = self._sort
        spec = self._columns[column]
        keys: list[Any]
        if spec.sort_key is not None:
            key_fn = spec.sort_key
            keys = [_none_last(key_fn(r)) for r in self._rows]
        else:
            keys = [cells[column].casefold() for cells in self._cells]
        # Ties keep row order in both directions, so a re-sort never shuffles equal rows.
        order.sort(key=keys.__getitem__, reverse=direction == Qt.SortOrder.DescendingOrder)
        return order
