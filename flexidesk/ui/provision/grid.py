"""The provision map as a grid: children by interventions, each cell the status and next review
(red, and the word "overdue", when overdue); each column's places and cost this term."""

from __future__ import annotations

import datetime as dt
import textwrap

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from flexidesk.i18n import _, format_date, format_money
from flexidesk.policy.provision.grid import (
    FLAG_COLUMNS,
    GridCell,
    GridColumn,
    GridRow,
    ProvisionGrid,
    classes_on_roll,
    provision_grid,
)
from flexidesk.policy.records.access import Actor
from flexidesk.policy.vocabulary import YEAR_LABELS
from flexidesk.ui.models.rows import LATE, MUTED
from flexidesk.ui.widgets.frozen_table import FrozenFirstColumnTable

FIXED = 3  # name, class, family contact


def cell_text(cell: GridCell | None) -> str:
    """'next 7 Dec 2026', 'overdue since 16 Nov 2026', 'ended 3 Oct 2026' or ''."""
    if cell is None:
        return ""
    if not cell.running:
        return _("ended {date}").format(date=format_date(cell.end_date))
    if cell.overdue:
        return _("overdue since {date}").format(date=format_date(cell.next_review))
    if cell.next_review is None:
        return _("running")
    return _("next {date}").format(date=format_date(cell.next_review))


def column_title(column: GridColumn) -> str:
    """The intervention, its places used of capacity, and cost this term against budget."""
    places = (_("{used} of {capacity} places").format(used=column.places_used,
                                                      capacity=column.capacity)
              if column.capacity is not None
              else _("{used} places").format(used=column.places_used))
    cost = format_money(column.cost_this_term_pence)
    if column.budget_pence is not None:
        cost = _("{cost} of {budget}").format(cost=cost, budget=format_money(column.budget_pence))
    # A long name wraps in the header, so every column stays narrow enough to see many.
    return "\n".join([*textwrap.wrap(_(column.name), 20), places, cost])


class GridModel(QAbstractTableModel):
    """The grid's rows with every cell's text worked out once, when the rows are set."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.grid: ProvisionGrid | None = None
        self._texts: list[list[str]] = []
        self._red: list[list[bool]] = []
        self._titles: list[str] = []

    def set_grid(self, grid: ProvisionGrid | None) -> None:
        self.beginResetModel()
        self.grid = grid
        self._texts, self._red, self._titles = [], [], []
        if grid is not None:
            self._titles = [_("Child"), _("Class"), _("Family contact")] + [
                column_title(c) for c in grid.columns]
            for row in sorted(grid.rows, key=lambda r: r.sort_name):
                contact = format_date(row.last_contact) if row.last_contact else _("none")
                if row.contact_due is not None:
                    contact = _("{date}: due since {due}").format(
                        date=contact, due=format_date(row.contact_due))
                texts = [row.name, row.class_name or _(YEAR_LABELS[row.year_group]), contact]
                texts += [cell_text(c) for c in row.cells]
                self._texts.append(texts)
                self._red.append([False, False, row.contact_due is not None]
                                 + [bool(c and c.overdue) for c in row.cells])
            self._rows = sorted(grid.rows, key=lambda r: r.sort_name)
        else:
            self._rows = []
        self.endResetModel()

    def row_object(self, row: int) -> GridRow:
        return self._rows[row]

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008 - Qt's name
        return 0 if parent.isValid() else len(self._texts)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008 - Qt's name
        return 0 if parent.isValid() else len(self._titles)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[index.row()][index.column()]
        if role == Qt.ItemDataRole.ForegroundRole:
            if self._red[index.row()][index.column()]:
                return QBrush(LATE)
            if self._texts[index.row()][index.column()].startswith(_("ended")):
                return QBrush(MUTED)
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._titles[section] if section < len(self._titles) else None
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ForegroundRole
                and self.grid is not None and section >= FIXED):
            column = self.grid.columns[section - FIXED]
            if column.over_budget or column.full:
                return QBrush(LATE)
        return None


class GridView(QWidget):
    """Filters above, the grid below; Enter on a row opens that child's page."""

    activated = Signal(object)  # the GridRow chosen

    def __init__(self, actor: Actor, parent=None):
        super().__init__(parent)
        self.setObjectName("provisionGrid")
        self.actor = actor
        self.class_filter = QComboBox(self)
        self.class_filter.setObjectName("gridClass")
        self.year_filter = QComboBox(self)
        self.year_filter.setObjectName("gridYear")
        self.year_filter.addItem(_("All years"), None)
        for year, label in YEAR_LABELS.items():
            self.year_filter.addItem(_(label), year)
        self.flag_filter = QComboBox(self)
        self.flag_filter.setObjectName("gridFlag")
        self.flag_filter.addItem(_("Any flag"), None)
        for code in FLAG_COLUMNS:
            self.flag_filter.addItem(_(code), code)
        self.with_provision = QCheckBox(_("Only children with provision this term"), self)
        self.with_provision.setChecked(True)
        self.model = GridModel(self)
        self.view = FrozenFirstColumnTable(self)  # the child's name stays while scrolling
        self.view.setObjectName("gridTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        self.view.doubleClicked.connect(self._activate)
        self.view.activated.connect(self._activate)
        self.count = QLabel(self)
        top = QHBoxLayout()
        for label, widget in ((_("C&lass:"), self.class_filter), (_("&Year:"), self.year_filter),
                              (_("Flag:"), self.flag_filter)):
            caption = QLabel(label, self)
            caption.setBuddy(widget)
            top.addWidget(caption)
            top.addWidget(widget)
        top.addStretch(1)
        # The tick and the count under the filters: on their line they made the grid, beside
        # a child's page, wider than a 1366-pixel screen in Welsh.
        under = QHBoxLayout()
        under.addWidget(self.with_provision)
        under.addStretch(1)
        under.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(under)
        layout.addWidget(self.view, 1)
        for combo in (self.class_filter, self.year_filter, self.flag_filter):
            combo.currentIndexChanged.connect(self.refresh)
        self.with_provision.toggled.connect(self.refresh)
        self.setFocusProxy(self.view)

    def refresh(self) -> None:
        """Read the grid again with the filters chosen."""
        today = dt.date.today()
        if self.class_filter.count() == 0:
            self.class_filter.blockSignals(True)
            self.class_filter.addItem(_("All classes"), None)
            for name in classes_on_roll(today):
                self.class_filter.addItem(name, name)
            self.class_filter.blockSignals(False)
        flag = self.flag_filter.currentData()
        grid = provision_grid(self.actor, today, class_name=self.class_filter.currentData(),
                              year_group=self.year_filter.currentData(),
                              flags=(flag,) if flag else (),
                              with_provision=self.with_provision.isChecked())
        self.model.set_grid(grid)
        self.count.setText(_("{n} children").format(n=len(grid.rows)))
        self.view.resizeColumnsToContents()
        for column in range(FIXED, self.model.columnCount()):
            self.view.setColumnWidth(column, min(self.view.columnWidth(column), 170))

    def clear(self) -> None:
        self.model.set_grid(None)

    def _activate(self, index) -> None:
        if index.isValid():
            self.activated.emit(self.model.row_object(index.row()))
