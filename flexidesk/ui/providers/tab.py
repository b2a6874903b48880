"""The Providers tab: alternative-provision providers, their due diligence, sites and placements."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from flexidesk.i18n import _, format_date
from flexidesk.policy.changes import PROVIDERS_READS
from flexidesk.policy.providers import (
    ProviderRow,
    checklist_template,
    provider_detail,
    provider_rows,
    retire_provider,
)
from flexidesk.policy.records.access import Actor, PolicyError, can, require
from flexidesk.ui.models.rows import MUTED, Column, RowsTableModel, tone_style
from flexidesk.ui.providers.panel import ProviderPanel
from flexidesk.ui.widgets.search_table import SearchableTable


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def _tone(row: ProviderRow) -> str | None:
    if not row.ready or row.alerts:
        return "late"
    if not row.active:
        return "muted"
    if row.status.expiring:
        return "soon"
    return None


def provider_columns() -> list[Column]:
    """The providers list's columns (built at run time so their titles are translated)."""
    return [
        Column(_("Provider"), lambda r: r.name + ("" if r.active else _(" (inactive)")),
               lambda r: r.name.casefold()),
        Column(_("Type"), lambda r: r.provider_type),
        Column(_("LA approved"), lambda r: _yes_no(r.la_approved), lambda r: not r.la_approved),
        Column(_("Due diligence"), lambda r: r.status.label,
               lambda r: (r.ready, -r.status.expired, -r.status.missing, -r.status.expiring)),
        Column(_("Placements"), lambda r: str(r.live_placements),
               lambda r: r.live_placements, align_right=True,
               tooltip=lambda r: _("Placements planned or active with this provider")),
        Column(_("Next expiry"), lambda r: format_date(r.next_expiry), lambda r: r.next_expiry),
        Column(_("State"), lambda r: r.status.state_label
               + (_(" ({n} alert)").format(n=r.alerts) if r.alerts else ""),
               lambda r: (r.status.state, -r.alerts),
               tooltip=lambda r: r.status.reason),
    ]


COLUMN_WIDTHS = (165, 95, 85, 105, 80, 90, 90)


class ProvidersTab(QWidget):
    """Providers with their due-diligence state; the selected one in detail beside the list.

    ``clock`` gives today's date (tests pass their own, so days can pass without waiting).
    """

    READS = PROVIDERS_READS  # read again when any of these was written elsewhere

    def __init__(self, actor: Actor, parent=None, *, load: bool = True,
                 clock: Callable[[], dt.date] = dt.date.today):
        super().__init__(parent)
        self.setObjectName("providersTab")
        self.actor = actor
        self.clock = clock
        self.model = RowsTableModel(provider_columns(), tone=_tone, parent=self)
        self.table = SearchableTable(self.model, _("Search providers (Ctrl+F)"), self)
        self.table.set_column_widths(COLUMN_WIDTHS)  # each at least its title's width
        self.table.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.current_changed.connect(self.show_provider)
        self.legend = QLabel(
            _("Red: not ready for a new placement (items missing or expired), or a check has "
              "lapsed while a child is placed. Bold: an item expires within 30 days."), self)
        self.legend.setWordWrap(True)
        self.legend.setStyleSheet(tone_style(MUTED))
        self.add_button = QPushButton(_("&Add provider…"), self)
        self.add_button.setObjectName("addProvider")
        self.add_button.setToolTip(_("Put a provider on the register (Ctrl+N)"))
        self.add_button.clicked.connect(self.add_provider)
        self.register_button = QPushButton(_("A&P register"), self)
        self.register_button.setObjectName("apRegister")
        self.register_button.setToolTip(_("Every current placement, its provider's state, the "
                                          "next review and any override, on paper"))
        self.register_button.clicked.connect(self.show_register)

        self.panel = ProviderPanel(self)
        edit = can(actor, "provider.edit")
        place = can(actor, "placement.edit")
        for button in (self.add_button, self.panel.update_button, self.panel.edit_button,
                       self.panel.retire_button, self.panel.template_button,
                       self.panel.add_item_button, self.panel.site_button,
                       self.panel.edit_site_button, self.panel.remove_site_button):
            button.setVisible(edit)
        for button in (self.panel.commission_button, self.panel.review_button,
                       self.panel.feedback_button, self.panel.end_button):
            button.setVisible(place)
        self.panel.continue_button.setVisible(can(actor, "placement.override"))
        if edit:
            QShortcut(QKeySequence("Ctrl+N"), self, self.add_provider)
            self.panel.checklist.itemActivated.connect(lambda *_a: self.update_checklist_item())
        from flexidesk.ui.providers import actions

        self.panel.review_button.clicked.connect(self.review_placement)
        self.panel.update_button.clicked.connect(self.update_checklist_item)
        self.panel.edit_button.clicked.connect(lambda: actions.edit_provider(self))
        self.panel.retire_button.clicked.connect(self.retire_provider)
        self.panel.template_button.clicked.connect(lambda: actions.edit_template_item(self))
        self.panel.add_item_button.clicked.connect(lambda: actions.add_template_item(self))
        self.panel.site_button.clicked.connect(lambda: actions.add_site(self))
        self.panel.edit_site_button.clicked.connect(lambda: actions.edit_site(self))
        self.panel.remove_site_button.clicked.connect(lambda: actions.remove_site(self))
        self.panel.commission_button.clicked.connect(lambda: actions.commission(self))
        self.panel.feedback_button.clicked.connect(lambda: actions.family_feedback(self))
        self.panel.end_button.clicked.connect(lambda: actions.end(self))
        self.panel.continue_button.clicked.connect(lambda: actions.continue_placement(self))
        self.panel.agreement_button.clicked.connect(lambda: actions.agreement(self))
        self.panel.details_button.clicked.connect(lambda: actions.agreement_details(self))
        self.panel.letter_button.clicked.connect(lambda: actions.feedback_letter(self))
        self.placeholder = QLabel(
            _("Select a provider to see its checklist, sites and placements."), self)
        self.placeholder.setObjectName("providerPlaceholder")
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setStyleSheet(tone_style(MUTED) + " padding: 24px;")
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # Welsh labels run long: a narrow window scrolls rather than hide a button.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        scroll.setWidget(self.panel)
        self.side = QStackedWidget(self)
        self.side.addWidget(self.placeholder)
        self.side.addWidget(scroll)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        buttons.addWidget(self.register_button)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.legend)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([700, 600])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        self.setFocusProxy(self.table.search)
        if load:  # the main window loads a hidden tab when it is first shown
            self.refresh()

    def refresh(self) -> None:
        """Read the providers again (keeps the search and the selection)."""
        require(self.actor, "provider.view")
        self.table.set_rows(provider_rows(self.actor, self.clock()))
        if self.table.current_object() is None and self.model.rowCount():
            self.table.select_row(0)  # a provider's checklist is no secret: show the first

    def show_provider(self, row: ProviderRow | None) -> None:
        """Show ``row``'s detail in the side panel (or the hint when nothing is selected)."""
        if row is None:
            self.panel.clear()
            self.side.setCurrentIndex(0)
            return
        today = self.clock()
        self.panel.show_detail(provider_detail(self.actor, row.id, today), today)
        self.side.setCurrentIndex(1)

    def select_provider(self, provider_id: int) -> None:
        """Select the provider with ``provider_id`` in the list (after a search is cleared)."""
        if not self.table.select_where(lambda r: r.id == provider_id):
            self.table.search.clear()
            self.table.select_where(lambda r: r.id == provider_id)

    def add_provider(self) -> bool:
        """Open the form for a new provider; select it once saved."""
        from flexidesk.ui.providers.register_dialogs import ProviderDialog

        dialog = ProviderDialog(self.actor, None, self, today=self.clock())
        saved = self._run(dialog)
        if saved and dialog.saved is not None:
            self.select_provider(dialog.saved.id)
        return saved

    def retire_provider(self) -> bool:
        """Retire the shown provider after a confirmation (or reinstate a retired one)."""
        detail = self.panel.detail
        if detail is None:
            return False
        if detail.active:
            answer = QMessageBox.question(
                self, _("Retire provider"),
                _("Take {name} off the register? Its record and checks are kept, and it can "
                  "be reinstated.").format(name=detail.name))
            if answer != QMessageBox.StandardButton.Yes:
                return False
        try:
            retire_provider(self.actor, detail.id, retired=detail.active)
        except PolicyError as refusal:
            QMessageBox.information(self, _("Retire provider"), str(refusal))
            return False
        self.refresh()
        self.show_provider(self.table.current_object())
        return True

    def show_register(self) -> None:
        """Preview the AP register report."""
        from flexidesk.ui.providers import actions

        actions.register_report(self)

    def review_placement(self) -> bool:
        """Open the review form for the placement selected on the panel; True if saved."""
        line, detail = self.panel.selected_placement(), self.panel.detail
        if line is None or detail is None:
            return False
        from flexidesk.ui.providers.dialogs import PlacementReviewDialog

        return self._run(PlacementReviewDialog(self.actor, detail.name, line, self,
                                               today=self.clock()))

    def update_checklist_item(self) -> bool:
        """Open the form for the checklist item selected on the panel; True if it was saved."""
        line, detail = self.panel.selected_item(), self.panel.detail
        if line is None or detail is None:
            return False
        from flexidesk.ui.providers.dialogs import ChecklistItemDialog

        saved = self._run(ChecklistItemDialog(self.actor, detail.id, detail.name, line, self,
                                              today=self.clock()))
        if saved:
            self.panel.checklist.select_key(line.code)
        return saved

    def template_item(self):
        """The school's checklist item behind the line selected on the panel."""
        line = self.panel.selected_item()
        if line is None:
            return None
        return next((t for t in checklist_template(self.clock()) if t.code == line.code), None)

    def _run(self, dialog) -> bool:
        """Run a form; once it saved, read the list (its status may have changed: ready,
        expiring...) and the provider's panel again, keeping the placement selected."""
        placement = self.panel.placements.current_key()
        saved = dialog.exec() == dialog.DialogCode.Accepted
        dialog.deleteLater()
        if saved:
            self.refresh()
            self.show_provider(self.table.current_object())
            if placement is not None:
                self.panel.placements.select_key(placement)
        return saved

    def clear(self) -> None:
        """Drop every row and the panel (the window is locking)."""
        self.table.set_rows([])
        self.panel.clear()
        self.side.setCurrentIndex(0)
