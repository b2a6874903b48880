"""The trust's central team's window: placements by provider, flexi by school, costs (no child shown)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QVBoxLayout, QWidget

from flexidesk.i18n import _, format_money
from flexidesk.policy.records import trust
from flexidesk.policy.records.access import Actor
from flexidesk.policy.roles import ROLE_LABELS
from flexidesk.ui.models.rows import Column, RowsTableModel
from flexidesk.ui.widgets.search_table import SearchableTable


def _count(n: int) -> str:
    return str(n)


def _providers_columns() -> list[Column]:
    return [
        Column(_("Provider"), lambda r: r.name),
        Column(_("Checks (shared by the trust)"), lambda r: r.status.label,
               sort_key=lambda r: r.status.state, tooltip=lambda r: r.status.reason),
        Column(_("Active"), lambda r: _count(r.active), sort_key=lambda r: r.active,
               align_right=True),
        Column(_("Planned"), lambda r: _count(r.planned), sort_key=lambda r: r.planned,
               align_right=True),
        Column(_("Ended"), lambda r: _count(r.ended), sort_key=lambda r: r.ended,
               align_right=True),
        Column(_("Cost"), lambda r: format_money(r.cost_pence), sort_key=lambda r: r.cost_pence,
               align_right=True),
        Column(_("Schools using it now"),
               lambda r: "; ".join(f"{s} ({n})" for s, n in sorted(r.by_school.items()))),
    ]


def _flexi_columns() -> list[Column]:
    return [
        Column(_("School"), lambda r: r.school),
        Column(_("Requests"), lambda r: _count(r.requests), sort_key=lambda r: r.requests,
               align_right=True),
        Column(_("Open"), lambda r: _count(r.open), sort_key=lambda r: r.open, align_right=True),
        Column(_("Agreed"), lambda r: _count(r.agreed), sort_key=lambda r: r.agreed,
               align_right=True),
        Column(_("Declined"), lambda r: _count(r.declined), sort_key=lambda r: r.declined,
               align_right=True),
        Column(_("Running"), lambda r: _count(r.running), sort_key=lambda r: r.running,
               align_right=True),
    ]


def _cost_columns() -> list[Column]:
    return [
        Column(_("School"), lambda r: r.school),
        Column(_("Placements"), lambda r: _count(r.placements), sort_key=lambda r: r.placements,
               align_right=True),
        Column(_("Cost"), lambda r: format_money(r.cost_pence), sort_key=lambda r: r.cost_pence,
               align_right=True),
        Column(_("By funding stream"), lambda r: "; ".join(
            f"{stream}: {format_money(p)}" for stream, p in sorted(r.by_stream.items()))),
    ]


class TrustWindow(QMainWindow):
    """Three read-only tables across the trust's schools; F5 reads them again."""

    def __init__(self, actor: Actor, today: Callable[[], dt.date] = dt.date.today,
                 parent=None):
        super().__init__(parent)
        self.setObjectName("trustWindow")
        self.actor, self.today = actor, today
        # Qt adds " — FlexiDesk" (the application's name) to the title itself.
        self.setWindowTitle(_("The trust ({role})").format(
            role=_(ROLE_LABELS.get(actor.role, actor.role))))
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.providers = self._add(_providers_columns(), _("&Placements by provider"),
                                   _("Search providers (Ctrl+F)"))
        self.flexi = self._add(_flexi_columns(), _("&Flexi by school"), _("Search schools"))
        self.costs = self._add(_cost_columns(), _("&Costs"), _("Search schools"))
        self.setCentralWidget(self.tabs)
        refresh = self.menuBar().addMenu(_("&View")).addAction(_("&Refresh"))
        refresh.setShortcut(QKeySequence.StandardKey.Refresh)
        refresh.triggered.connect(self.refresh)
        from flexidesk.ui.trust_policy import add_policy_menu

        add_policy_menu(self, actor, today)  # the trust's AP lead publishes our policy
        self.resize(1280, 720)
        self.refresh()

    def _add(self, columns: list[Column], title: str, placeholder: str) -> SearchableTable:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        note = QLabel(_("Counts and costs across the trust's schools; no child is named."), page)
        layout.addWidget(note)
        table = SearchableTable(RowsTableModel(columns, parent=page), placeholder, page)
        layout.addWidget(table, 1)
        self.tabs.addTab(page, title)
        return table

    def refresh(self) -> None:
        """Read the three views again (three queries across the trust)."""
        self.providers.model.set_rows(trust.placements_by_provider(self.actor, self.today()))
        self.flexi.model.set_rows(trust.flexi_by_school(self.actor))
        self.costs.model.set_rows(trust.costs_by_school(self.actor))
        for table in (self.providers, self.flexi, self.costs):
            table.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # by name, as the header says
            table.view.resizeColumnsToContents()
