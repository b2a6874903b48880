"""Retention (Headteacher): the rules and their sources, records past review, destruction and its log."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from flexidesk.i18n import _, format_date, ngettext
from flexidesk.policy.records import retention
from flexidesk.policy.records.access import ROLE_LABELS, Actor, PolicyError
from flexidesk.ui.models.rows import Column, RowsTableModel
from flexidesk.ui.widgets.search_table import SearchableTable
from flexidesk.ui.widgets.status_line import StatusLine


def _widths(table: SearchableTable, *widths: int) -> None:
    for column, width in enumerate(widths):
        table.view.setColumnWidth(column, width)


class RetentionDialog(QDialog):
    """Three tabs: rules (editable), records due for review (destroy after confirming), the log."""

    def __init__(self, actor: Actor, parent=None, today: dt.date | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Retention of records"))
        self.resize(960, 620)
        self.actor = actor
        self.today = today or dt.date.today()
        self.due: dict[str, list[retention.DueRecord]] = {}

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._build_rules(), _("&Rules"))
        self.tabs.addTab(self._build_due(), _("&Due for review"))
        self.tabs.addTab(self._build_log(), _("Destruction &log"))
        self.status = StatusLine(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Nothing is ever deleted automatically. Records past their "
                                  "review date are listed here for you to decide."), self))
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.refresh()

    # --- rules ------------------------------------------------------------------------------

    def _build_rules(self) -> QWidget:
        page = QWidget(self)
        self.rules_model = RowsTableModel([
            Column(_("Kind of record"), lambda r: _(retention.KIND_LABELS[r.record_kind])),
            Column(_("Kept for"), retention.describe_rule),
            Column(_("Source"), lambda r: r.source, tooltip=lambda r: r.source),
        ], parent=self)
        self.rules_table = SearchableTable(self.rules_model, parent=page)
        self.rules_table.current_changed.connect(self._show_rule)
        _widths(self.rules_table, 300, 280)
        self.years = QSpinBox(page)
        self.years.setObjectName("years")
        self.years.setRange(0, 100)
        self.years.setSuffix(_(" years"))
        self.counted_from = QComboBox(page)
        self.counted_from.setObjectName("countedFrom")
        for code, text in retention.COUNTED_FROM_LABELS.items():
            self.counted_from.addItem(_(text), code)
        self.source = QPlainTextEdit(page)
        self.source.setObjectName("source")
        self.source.setTabChangesFocus(True)  # Tab moves on; it never types into the box
        self.source.setFixedHeight(60)
        self.save_rule_button = QPushButton(_("&Save rule"), page)
        self.save_rule_button.setObjectName("saveRule")
        self.save_rule_button.clicked.connect(self.save_rule)
        form = QFormLayout()
        form.addRow(_("Keep for:"), self.years)
        form.addRow(_("Counted from:"), self.counted_from)
        form.addRow(_("Source:"), self.source)
        form.addRow("", self.save_rule_button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.rules_table, 1)
        layout.addLayout(form)
        return page

    def _show_rule(self, rule) -> None:
        self.save_rule_button.setEnabled(rule is not None)
        if rule is None:
            return
        self.years.setValue(rule.years)
        self.counted_from.setCurrentIndex(self.counted_from.findData(rule.counted_from))
        self.source.setPlainText(rule.source)

    def save_rule(self) -> None:
        """Save the edited rule for the selected kind."""
        rule = self.rules_table.current_object()
        if rule is None:
            return
        try:
            retention.edit_rule(self.actor, rule.record_kind, years=self.years.value(),
                                counted_from=self.counted_from.currentData(),
                                source=self.source.toPlainText())
        except PolicyError as exc:
            self.status.say(str(exc), error=True)
            return
        kind = rule.record_kind
        self.refresh()
        self.rules_table.select_where(lambda r: r.record_kind == kind)
        self.status.say(_("Rule saved."))

    # --- due for review ---------------------------------------------------------------------

    def _build_due(self) -> QWidget:
        page = QWidget(self)
        self.kind = QComboBox(page)
        self.kind.setObjectName("kind")
        for code, text in retention.KIND_LABELS.items():
            if code not in retention.REVIEW_ONLY:
                self.kind.addItem(_(text), code)
        self.kind.currentIndexChanged.connect(self._show_due)
        self.due_model = RowsTableModel([
            Column(_("Record"), lambda r: r.label),
            Column(_("Review date"), lambda r: format_date(r.review_date),
                   sort_key=lambda r: r.review_date),
        ], parent=self)
        self.due_table = SearchableTable(self.due_model, parent=page)
        self.due_table.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        _widths(self.due_table, 640)
        self.select_all_button = QPushButton(_("Select &all"), page)
        self.select_all_button.clicked.connect(self.due_table.view.selectAll)
        self.destroy_button = QPushButton(_("&Destroy selected..."), page)
        self.destroy_button.setObjectName("destroyButton")
        self.destroy_button.clicked.connect(self.destroy_selected)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Kind:"), page))
        top.addWidget(self.kind, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.select_all_button)
        bottom.addStretch(1)
        bottom.addWidget(self.destroy_button)
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(self.due_table, 1)
        layout.addLayout(bottom)
        return page

    def _show_due(self) -> None:
        self.due_table.set_rows(self.due.get(self.kind.currentData(), []))
        self.destroy_button.setEnabled(bool(self.due_model.rowCount()))

    def selected_due(self) -> list[retention.DueRecord]:
        """The records chosen in the list."""
        rows = sorted({i.row() for i in self.due_table.view.selectionModel().selectedRows()})
        return [self.due_model.row_object(r) for r in rows]

    def destroy_selected(self) -> None:
        """Confirm, then destroy the chosen records and log it (without names)."""
        chosen = self.selected_due()
        if not chosen:
            self.status.say(_("Choose the records to destroy first."), error=True)
            return
        kind = self.kind.currentData()
        text = ngettext(
            "Destroy {n} record of this kind: {kind}? This cannot be undone. The destruction "
            "log will note the kind, how many, the rule and the date, but no names.",
            "Destroy {n} records of this kind: {kind}? This cannot be undone. The destruction "
            "log will note the kind, how many, the rule and the date, but no names.",
            len(chosen)).format(n=len(chosen), kind=self.kind.currentText())
        answer = QMessageBox.question(self, _("Destroy records"), text,
                                      QMessageBox.StandardButton.Yes
                                      | QMessageBox.StandardButton.Cancel,
                                      QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            self.status.say(_("Nothing was destroyed."))
            return
        try:
            retention.destroy(self.actor, kind, [r.id for r in chosen], self.today)
        except PolicyError as exc:
            self.status.say(str(exc), error=True)
            return
        self.refresh()
        self.status.say(ngettext("{n} record destroyed and logged.", "{n} records destroyed and logged.",
                           len(chosen)).format(n=len(chosen)))

    # --- the log ----------------------------------------------------------------------------

    def _build_log(self) -> QWidget:
        page = QWidget(self)
        self.log_model = RowsTableModel([
            Column(_("Date"), lambda e: format_date(dt.date.fromisoformat(e.destroyed_at[:10])),
                   sort_key=lambda e: e.destroyed_at),
            Column(_("Kind"), lambda e: _(retention.KIND_LABELS.get(e.record_kind, e.record_kind))),
            Column(_("How many"), lambda e: str(e.record_count), sort_key=lambda e: e.record_count,
                   align_right=True),
            Column(_("Authorised by"), lambda e: _(ROLE_LABELS.get(e.authorised_role, e.authorised_role))),
            Column(_("Rule"), lambda e: e.rule, tooltip=lambda e: e.rule),
        ], parent=self)
        self.log_table = SearchableTable(self.log_model, parent=page)
        _widths(self.log_table, 110, 280, 80, 120)
        layout = QVBoxLayout(page)
        layout.addWidget(self.log_table)
        return page

    # --- shared -----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the rules, what is due and the log."""
        rules = retention.rules()
        self.rules_table.set_rows([rules[k] for k in retention.KIND_LABELS])
        if self.rules_table.current_object() is None:
            self.rules_table.select_row(0)
        self.due = retention.records_due(self.actor, self.today)
        self._show_due()
        total = sum(len(v) for v in self.due.values())
        self.tabs.setTabText(1, _("&Due for review ({n})").format(n=total))
        self.log_table.set_rows(retention.destruction_log(self.actor))
