"""The Today tab: one list of what needs someone, soonest first; Enter goes where it is done."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from flexidesk.i18n import _, ngettext
from flexidesk.policy.records.access import Actor, PolicyError
from flexidesk.policy.today import NAMELESS, TodayItem, counts, today_items
from flexidesk.ui.models.rows import LATE, Column, RowsTableModel
from flexidesk.ui.widgets.search_table import SearchableTable, widest_date


def today_columns() -> list[Column]:
    """What is due, for whom, and since (or until) when."""
    return [
        Column(_("What needs doing"), lambda i: i.what),
        Column(_("For"), lambda i: i.who),
        Column(_("When"), lambda i: i.when_text, lambda i: i.due_on or dt.date.min),
    ]


def _tone(item: TodayItem) -> str | None:
    return "late" if item.late else None


class TodayTab(QWidget):
    """Everything the signed-in role may act on that needs someone; Enter opens its place."""

    #: Enter or double-click on a line: the main window takes the user to its place.
    open_item = Signal(object)

    def __init__(self, actor: Actor, parent=None, *, load: bool = True):
        super().__init__(parent)
        self.setObjectName("todayTab")
        self.actor = actor
        self.items: list[TodayItem] = []
        self.counts = counts([])
        self.summary = QLabel(self)
        self.summary.setObjectName("todaySummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.model = RowsTableModel(today_columns(), tone=_tone, parent=self)
        self.table = SearchableTable(self.model, _("Search what needs doing (Ctrl+F)"), self)
        # "When" is read whole ("overdue since 28 Sept 2026", in any language and text size);
        # what needs doing takes the width left.
        when = _("overdue since {date}").format(date=widest_date(self.table.view.fontMetrics()))
        self.table.set_column_widths((420, 220, when), stretch=0)
        # Soonest first: what is late leads, and what never happened (a backup) heads it.
        self.table.view.sortByColumn(2, Qt.SortOrder.AscendingOrder)
        self.table.activated.connect(self._activated)
        hint = QLabel(_("Red: late. Press Enter on a line to go where it is done."), self)
        hint.setStyleSheet("color: #6b6b6b;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        self.setFocusProxy(self.table.view)
        if load:  # the main window loads a hidden tab when it is first shown
            self.refresh()

    @staticmethod
    def today() -> dt.date:
        """The day everything is measured from."""
        return dt.date.today()

    def refresh(self) -> None:
        """Gather every source again (keeps the selection where the line is still there)."""
        try:
            self.items = today_items(self.actor, self.today())
        except PolicyError as exc:
            self.items = []
            self.summary.setText(html.escape(str(exc)))  # a rich-text label
            self.table.set_rows([])
            return
        self._show_items()

    def backup_changed(self) -> None:
        """A backup was just written: its line goes (or changes) now, nothing else is read."""
        if self.items:
            fresh = today_items(self.actor, self.today(), only=NAMELESS)
            self.items = sorted([i for i in self.items if i.kind not in NAMELESS] + fresh,
                                key=lambda i: i.order)
            self._show_items()

    def _show_items(self) -> None:
        self.counts = counts(self.items)
        self.table.set_rows(self.items)
        if self.table.current_object() is None and self.model.rowCount():
            self.table.select_row(0)
        late = sum(1 for i in self.items if i.late)
        if not self.items:
            self.summary.setText(_("Nothing needs doing today."))
            return
        text = ngettext("<b>{n}</b> thing needs someone", "<b>{n}</b> things need someone",
                        len(self.items)).format(n=len(self.items))
        if late:
            text += " &nbsp;·&nbsp; " + (f'<span style="color: {LATE.name()};"><b>'
                                         + _("{n} late").format(n=late) + "</b></span>")
        self.summary.setText(text)

    def clear(self) -> None:
        """Drop every line (the window is locking)."""
        self.items = []
        self.table.set_rows([])
        self.summary.clear()

    def _activated(self, item: TodayItem | None) -> None:
        if item is not None:
            self.open_item.emit(item)
