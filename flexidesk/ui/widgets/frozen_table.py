"""A table whose first column stays put while the others scroll sideways (the child's name).

The classic Qt way: a second view, showing the first column only, laid over the table's
left edge; it shares the model and the selection, follows the rows' heights and the
vertical scroll, and takes no focus (the keyboard stays on the table underneath).
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget


class FrozenFirstColumnTable(QTableView):
    """A QTableView whose column 0 never scrolls out of sight."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.frozen = QTableView(self)
        self.frozen.setObjectName("frozenColumn")
        self.frozen.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.frozen.verticalHeader().hide()
        self.frozen.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.frozen.setStyleSheet("QTableView#frozenColumn { border: none; "
                                  "border-right: 1px solid palette(mid); }")
        self.viewport().stackUnder(self.frozen)
        self.horizontalHeader().sectionResized.connect(self._column_resized)
        self.verticalHeader().sectionResized.connect(self._row_resized)
        self.frozen.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(self.frozen.verticalScrollBar().setValue)
        self.frozen.doubleClicked.connect(self.doubleClicked)  # a name double-clicked opens it

    # --- keeping the two views as one ----------------------------------------------------------

    def setModel(self, model: QAbstractItemModel | None) -> None:  # noqa: N802 - Qt's name
        super().setModel(model)
        self.frozen.setModel(model)
        self.frozen.setSelectionModel(self.selectionModel())
        self.frozen.setSelectionBehavior(self.selectionBehavior())
        self.frozen.setAlternatingRowColors(self.alternatingRowColors())
        if model is not None:
            model.modelReset.connect(self._show_first_column_only)
            model.columnsInserted.connect(self._show_first_column_only)
        self._show_first_column_only()

    def setAlternatingRowColors(self, enable: bool) -> None:  # noqa: N802 - Qt's name
        super().setAlternatingRowColors(enable)
        self.frozen.setAlternatingRowColors(enable)

    def setWordWrap(self, on: bool) -> None:  # noqa: N802 - Qt's name
        super().setWordWrap(on)
        self.frozen.setWordWrap(on)

    def _show_first_column_only(self, *_args) -> None:
        model = self.model()
        columns = model.columnCount() if model is not None else 0
        for column in range(columns):
            self.frozen.setColumnHidden(column, column != 0)
        if columns:
            self.frozen.setColumnWidth(0, self.columnWidth(0))
        self._place()

    def _column_resized(self, column: int, _old: int, size: int) -> None:
        if column == 0:
            self.frozen.setColumnWidth(0, size)
            self._place()

    def _row_resized(self, row: int, _old: int, size: int) -> None:
        self.frozen.setRowHeight(row, size)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._place()

    def updateGeometries(self) -> None:  # noqa: N802 - Qt's name
        super().updateGeometries()
        self._place()

    def _place(self) -> None:
        """Lay the frozen view exactly over column 0 (the header's height included)."""
        frame = self.frameWidth()
        header = self.horizontalHeader().height() if self.horizontalHeader().isVisible() else 0
        self.frozen.horizontalHeader().setFixedHeight(header)
        if self.frozen.horizontalHeader().isVisible() != bool(header):
            self.frozen.horizontalHeader().setVisible(bool(header))
        left = self.verticalHeader().width() if self.verticalHeader().isVisible() else 0
        self.frozen.setGeometry(left + frame, frame, self.columnWidth(0),
                                self.viewport().height() + header)

    # --- the cursor never hides under the frozen column ------------------------------------

    def moveCursor(self, action, modifiers) -> QModelIndex:  # noqa: N802 - Qt's name
        current = super().moveCursor(action, modifiers)
        if (action == QAbstractItemView.CursorAction.MoveLeft and current.column() > 0
                and self.visualRect(current).topLeft().x() < self.frozen.columnWidth(0)):
            scroll = self.horizontalScrollBar()
            shift = self.visualRect(current).topLeft().x() - self.frozen.columnWidth(0)
            scroll.setValue(scroll.value() + shift)
        return current

    def scrollTo(self, index: QModelIndex | QPersistentModelIndex,  # noqa: N802 - Qt's name
                 hint=QAbstractItemView.ScrollHint.EnsureVisible) -> None:
        across = self.horizontalScrollBar().value()
        super().scrollTo(index, hint)
        if index.column() == 0:  # always in sight: only the rows scroll to reach it
            self.horizontalScrollBar().setValue(across)
