"""The audit log viewer (Headteacher): who looked at or changed what, filtered, a page at a time."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from flexidesk.i18n import _, format_datetime
from flexidesk.policy.records import audit_queries as aq
from flexidesk.policy.records.access import Actor, PolicyError
from flexidesk.ui.models.rows import Column, RowsTableModel
from flexidesk.ui.widgets.date_field import DateField
from flexidesk.ui.widgets.keyboard import mark_filter
from flexidesk.ui.widgets.search_table import SearchableTable
from flexidesk.ui.widgets.status_line import StatusLine


class AuditViewerDialog(QDialog):
    """Filter by child, user, dates and action; see each row's before and after; verify the chain."""

    def __init__(self, actor: Actor, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Audit log"))
        self.resize(1100, 700)
        self.actor = actor
        self.page: aq.AuditPage | None = None
        self.rows: list[aq.AuditRow] = []
        self._filters: dict = {}

        self.child = QLineEdit(self)
        self.child.setObjectName("childFilter")
        mark_filter(self.child)  # a filter: Escape need not ask about it
        self.child.setPlaceholderText(_("Type part of a child's name"))
        self.child.returnPressed.connect(self.search)
        self.user = QComboBox(self)
        self.user.setObjectName("userFilter")
        self.user.addItem(_("Everyone"), "")
        for username, name in aq.staff_usernames():
            self.user.addItem(f"{name} ({username})", username)
        self.action_box = QComboBox(self)
        self.action_box.setObjectName("actionFilter")
        self.action_box.addItem(_("All actions"), "")
        self.action_box.addItem(_("Every look at a record (view.)"), "view.")
        for name in aq.action_names():
            self.action_box.addItem(name, name)
        today = dt.date.today()
        self.use_from = QCheckBox(_("&From"), self)
        self.date_from = DateField(today - dt.timedelta(days=30), self)
        self.use_to = QCheckBox(_("&To"), self)
        self.date_to = DateField(today, self)
        for box, field in ((self.use_from, self.date_from), (self.use_to, self.date_to)):
            field.setEnabled(False)
            box.toggled.connect(field.setEnabled)
        self.search_button = QPushButton(_("&Search"), self)
        self.search_button.setObjectName("searchButton")
        self.search_button.setDefault(True)
        self.search_button.clicked.connect(self.search)

        filters = QFormLayout()
        filters.addRow(_("&Child:"), self.child)
        filters.addRow(_("&User:"), self.user)
        filters.addRow(_("&Action:"), self.action_box)
        dates = QHBoxLayout()
        dates.addWidget(self.use_from)
        dates.addWidget(self.date_from)
        dates.addSpacing(12)
        dates.addWidget(self.use_to)
        dates.addWidget(self.date_to)
        dates.addStretch(1)
        dates.addWidget(self.search_button)
        filters.addRow(_("Dates:"), dates)

        self.model = RowsTableModel([
            Column(_("When"), lambda r: format_datetime(r.at, "dd/MM/yyyy HH:mm:ss"),
                   sort_key=lambda r: r.id),
            Column(_("Who"), lambda r: r.username),
            Column(_("Action"), lambda r: r.action),
            Column(_("Child"), lambda r: r.pupil_name),
            Column(_("Record"), lambda r: f"{r.table_name} {r.record_id or ''}".strip()),
        ], parent=self)
        self.table = SearchableTable(self.model, _("Narrow the rows shown (Ctrl+F)"), self)
        self.table.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        for column, width in enumerate((150, 90, 150, 160)):
            self.table.view.setColumnWidth(column, width)
        self.more_button = QPushButton(_("Show &older rows"), self)
        self.more_button.setObjectName("moreButton")
        self.more_button.clicked.connect(self.load_more)
        self.more_button.setEnabled(False)

        self.detail_title = QLabel(_("Choose a row to see what changed."), self)
        self.detail_title.setWordWrap(True)
        self.detail = QTableWidget(0, 3, self)
        self.detail.setObjectName("detail")
        self.detail.setHorizontalHeaderLabels([_("Field"), _("Before"), _("After")])
        self.detail.verticalHeader().hide()
        self.detail.horizontalHeader().setStretchLastSection(True)
        self.detail.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.detail.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.detail.setWordWrap(True)

        self.verify_button = QPushButton(_("&Verify chain"), self)
        self.verify_button.setObjectName("verifyButton")
        self.verify_button.setToolTip(_("Check that no audit row has been removed or altered."))
        self.verify_button.clicked.connect(self.verify)
        self.chain_label = StatusLine(self)
        self.chain_label.setObjectName("chainLabel")

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.more_button, 0, Qt.AlignmentFlag.AlignLeft)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.detail_title)
        right_layout.addWidget(self.detail, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([680, 420])

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.verify_button)
        bottom.addWidget(self.chain_label, 1)
        bottom.addWidget(buttons)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self.table.current_changed.connect(self._show_detail)
        self.search()

    # --- behaviour ---------------------------------------------------------------------------

    def _current_filters(self) -> dict:
        return {"child": self.child.text(), "username": self.user.currentData() or "",
                "action": self.action_box.currentData() or "",
                "date_from": self.date_from.value() if self.use_from.isChecked() else None,
                "date_to": self.date_to.value() if self.use_to.isChecked() else None}

    def search(self) -> None:
        """Run the filters from the newest row (the search is audited)."""
        self._filters = self._current_filters()
        if (self._filters["date_from"] and self._filters["date_to"]
                and self._filters["date_from"] > self._filters["date_to"]):
            self.chain_label.say(_("The 'from' date is after the 'to' date."), error=True)
            return
        try:
            self.page = aq.search_audit(self.actor, **self._filters)
        except PolicyError as exc:
            self.chain_label.say(str(exc), error=True)
            return
        self.rows = list(self.page.rows)
        self._show_rows()
        if self._filters["child"].strip() and not self.page.matched_pupils:
            self.chain_label.say(_("No child's name contains \u201c{text}\u201d.").format(
                text=self._filters["child"].strip()), error=True)

    def load_more(self) -> None:
        """Append the next older page of the same search."""
        if self.page is None or not self.page.more:
            return
        self.page = aq.search_audit(self.actor, before_id=self.page.last_id, **self._filters)
        self.rows += self.page.rows
        self._show_rows()

    def _show_rows(self) -> None:
        self.table.set_rows(self.rows)
        self.more_button.setEnabled(bool(self.page and self.page.more))
        if self.rows:
            self.table.select_row(0)
        else:
            self._show_detail(None)

    def _show_detail(self, row: aq.AuditRow | None) -> None:
        self.detail.setRowCount(0)
        if row is None:
            self.detail_title.setText(_("Choose a row to see what changed."))
            return
        who = _("{user} at {when}: {action}").format(
            user=row.username, when=format_datetime(row.at, "dd/MM/yyyy HH:mm:ss"),
            action=row.action)
        if row.pupil_name:
            who += "\n" + _("Child: {name}").format(name=row.pupil_name)
        changes = aq.describe_change(row)
        if not changes:
            who += "\n" + _("Nothing was changed: this row records a look or an event.")
        self.detail_title.setText(who)
        self.detail.setRowCount(len(changes))
        for r, (field, before, after) in enumerate(changes):
            for c, text in enumerate((field, before, after)):
                self.detail.setItem(r, c, QTableWidgetItem(text))
        self.detail.resizeColumnToContents(0)
        self.detail.resizeRowsToContents()

    def verify(self) -> None:
        """Walk the whole chain and say whether it is whole."""
        report = aq.verify(self.actor)
        if report.ok:
            self.chain_label.say(_("The audit log is whole: {n} rows checked, none removed or "
                            "altered.").format(n=f"{report.rows:,}"))
        else:
            self.chain_label.say(_("The audit log has been tampered with at row {row}: {reason}. "
                            "Keep this computer as it is and tell the data protection "
                            "officer.").format(row=report.broken_at, reason=_(report.reason)),
                          error=True)
