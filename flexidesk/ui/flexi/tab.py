"""The Flexi requests tab: every request beside the selected one's timeline, details and next step."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from flexidesk.i18n import _, ngettext
from flexidesk.policy import flexi
from flexidesk.policy.changes import FLEXI_READS
from flexidesk.policy.flexi import CLOSED_STAGES, RequestRow
from flexidesk.policy.records.access import Actor, PolicyError, can
from flexidesk.policy.vocabulary import STAGE_LABELS
from flexidesk.ui.flexi.details import details_html
from flexidesk.ui.flexi.present import (
    FIXED_FILTERS,
    LIST_MAX_WIDTH,
    MILESTONE_ACTIONS,
    MUTED_HEX,
    heading_html,
    is_open,
    nothing_selected_html,
    request_columns,
    summary_html,
    tone,
)
from flexidesk.ui.flexi.timeline import TimelineWidget
from flexidesk.ui.models.rows import RowsTableModel
from flexidesk.ui.widgets.search_table import SearchableTable, widest_date


class FlexiTab(QWidget):
    """Requests on the left; the selected one's timeline, details and next actions on the right."""

    READS = FLEXI_READS  # the window reads it again when any of these was written elsewhere

    def __init__(self, actor: Actor, parent=None, *, load: bool = True):
        super().__init__(parent)
        self.setObjectName("flexiTab")
        self.actor = actor
        self._rows: list[RequestRow] = []
        self._action_buttons: list[QPushButton] = []

        # --- left: filter, search, list
        self.stage_filter = QComboBox(self)
        self.stage_filter.setObjectName("stageFilter")
        self.stage_filter.setAccessibleName(_("Show requests at stage"))
        for code, label in FIXED_FILTERS:
            self.stage_filter.addItem(_(label), code)
        for code, label in STAGE_LABELS.items():
            self.stage_filter.addItem(_(label), code)
        self.stage_filter.setCurrentIndex(1)  # open requests: what needs doing
        self.stage_filter.currentIndexChanged.connect(lambda _i: self._show_rows())
        filter_label = QLabel(_("&Show:"), self)
        filter_label.setBuddy(self.stage_filter)

        self.new_button = QPushButton(_("&New request…"), self)
        self.new_button.setObjectName("newRequest")
        self.new_button.setToolTip(_("Record a family's request (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_request)
        self.new_button.setVisible(can(actor, "flexi.edit"))

        self.model = RowsTableModel(request_columns(), tone=tone, parent=self)
        self.table = SearchableTable(self.model, _("Search by child, stage or date (Ctrl+F)"), self)
        self.table.setObjectName("requestList")
        self.table.view.setAccessibleName(_("Flexi-schooling requests"))
        self.table.view.setTabKeyNavigation(False)  # Tab leaves the list for the timeline
        self.table.current_changed.connect(self._show_request)
        self.table.activated.connect(lambda _row: self.focus_next_action())
        metrics = self.table.view.fontMetrics()
        date = widest_date(metrics)  # the one format the list and the timeline share
        stage = max([_(label) for label in STAGE_LABELS.values()]
                    + [_("Declined: letter sent"), _("Agreed: letter sent")],
                    key=metrics.horizontalAdvance)
        due = max([_("{date} ({n} late)").format(
            date=date, n=ngettext("{n} day", "{n} days", 30).format(n=30)),
            _("Letter late (due {date})").format(date=date),
            _("Review overdue since {date}").format(date=date)],
            key=metrics.horizontalAdvance)
        self.table.set_column_widths((110, _("Reception"), stage, date, date, due))
        # The list starts wide enough for every column (and a scroll bar), but never so wide
        # that the timeline beside it loses its milestones' names at 1280 pixels.
        list_width = min(self.table.columns_width() + 24, LIST_MAX_WIDTH)

        top = QHBoxLayout()
        top.addWidget(filter_label)
        top.addWidget(self.stage_filter, 1)
        top.addWidget(self.new_button)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 4, 0)
        left_layout.addLayout(top)
        self.summary = QLabel(self)
        self.summary.setObjectName("deadlineSummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        left_layout.addWidget(self.summary)
        left_layout.addWidget(self.table, 1)

        # --- right: heading, timeline, milestone detail, actions, details
        self.heading = QLabel(self)
        self.heading.setObjectName("requestHeading")
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setWordWrap(True)
        self.timeline = TimelineWidget(self)
        self.timeline.milestone_clicked.connect(self._show_milestone)
        self.milestone_label = QLabel(self)
        self.milestone_label.setObjectName("milestoneDetail")
        self.milestone_label.setTextFormat(Qt.TextFormat.PlainText)
        self.milestone_label.setWordWrap(True)
        self.milestone_label.setStyleSheet(f"color: {MUTED_HEX};")
        self.actions_row = QHBoxLayout()
        self.actions_row.setSpacing(6)
        self.actions_hint = QLabel(self)
        self.actions_hint.setObjectName("actionsHint")
        self.actions_hint.setStyleSheet(f"color: {MUTED_HEX};")
        self.details = QTextBrowser(self)
        self.details.setTabChangesFocus(True)  # Tab moves on, never from link to link
        self.details.setObjectName("requestDetails")
        self.details.setAccessibleName(_("Request details"))
        self.details.setOpenLinks(False)

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(4, 0, 0, 0)
        right_layout.addWidget(self.heading)
        right_layout.addWidget(self.timeline)
        right_layout.addWidget(self.milestone_label)
        actions = QHBoxLayout()
        actions.addLayout(self.actions_row)
        actions.addWidget(self.actions_hint)
        actions.addStretch(1)
        right_layout.addLayout(actions)
        right_layout.addWidget(self.details, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        # The list keeps the width its columns need; the timeline and details take the rest.
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([list_width, max(1300 - list_width, 560)])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        QShortcut(QKeySequence(_("Ctrl+N")), self, self.new_request,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        # Ctrl+L locks the window from every tab, so the list is Ctrl+Shift+L here.
        QShortcut(QKeySequence(_("Ctrl+Shift+L")), self, self._focus_list,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence(_("Ctrl+T")), self, self._focus_timeline,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.setTabOrder(self.stage_filter, self.new_button)
        self.setTabOrder(self.new_button, self.table.search)
        self.setTabOrder(self.table.search, self.table.view)
        self.setTabOrder(self.table.view, self.timeline)
        self._show_request(None)
        # Most urgent first: overdue decisions, then those due soonest.
        self.table.view.sortByColumn(5, Qt.SortOrder.AscendingOrder)
        if load:  # the main window loads a hidden tab when it is first shown
            self.refresh()

    # --- data ------------------------------------------------------------------------------

    @staticmethod
    def today() -> dt.date:
        """The day deadlines are measured from."""
        return dt.date.today()

    def refresh(self) -> None:
        """Reload every request from the database, keeping the selection where possible."""
        try:
            self._rows = flexi.request_rows(self.actor, self.today())
        except PolicyError as exc:
            self._rows = []
            self.details.setPlainText(str(exc))
        self._show_rows()
        self._show_request(self.table.current_object())

    def clear(self) -> None:
        """Drop every row and the details (the window is locking)."""
        self._rows = []
        self.model.set_rows([])
        self._show_request(None)

    def _show_counts(self) -> None:
        """Each filter with how many requests it holds; a line on the decisions waiting."""
        counts = {"all": len(self._rows), "open": sum(1 for r in self._rows if is_open(r))}
        for row in self._rows:
            counts[row.stage] = counts.get(row.stage, 0) + 1
        labels = dict(FIXED_FILTERS) | STAGE_LABELS
        for index in range(self.stage_filter.count()):
            code = self.stage_filter.itemData(index)
            self.stage_filter.setItemText(index, _("{label} ({n})").format(
                label=_(labels[code]), n=counts.get(code, 0)))
        self.summary.setText(summary_html(self._rows))

    def _show_rows(self) -> None:
        self._show_counts()
        code = self.stage_filter.currentData()
        if code == "all":
            rows = self._rows
        elif code == "open":
            rows = [r for r in self._rows if is_open(r)]
        else:
            rows = [r for r in self._rows if r.stage == code]
        self.table.set_rows(rows)
        if self.table.current_object() is None and self.model.rowCount():
            self.table.select_row(0)

    def select_request(self, request_id: int, *, reveal: bool = True) -> bool:
        """Show request ``request_id``; if it is hidden, switch the filter to all (``reveal``)."""
        if self.table.select_where(lambda r: r.id == request_id):
            return True
        if not reveal:  # after an action the Show filter stays as the user left it
            return False
        self.stage_filter.setCurrentIndex(0)
        self.table.search.clear()
        return self.table.select_where(lambda r: r.id == request_id)

    # --- the selected request ----------------------------------------------------------------

    def current_request_id(self) -> int | None:
        """The id of the request shown on the right, or None."""
        row = self.table.current_object()
        return row.id if row is not None else None

    def _show_request(self, row: RequestRow | None) -> None:
        for button in self._action_buttons:
            self.actions_row.removeWidget(button)
            button.hide()
            button.deleteLater()
        self._action_buttons = []
        self.milestone_label.clear()
        if row is None:
            self.heading.setText(nothing_selected_html())
            self.timeline.set_timeline(None)
            self.details.clear()
            self.actions_hint.setText("")
            return
        try:
            detail = flexi.request_detail(self.actor, row.id, self.today())
            line = flexi.timeline(self.actor, row.id, self.today())
            actions = flexi.next_actions(row.id, self.actor)
        except PolicyError as exc:  # removed meanwhile by someone else
            self.heading.setText(html.escape(str(exc)))
            self.timeline.set_timeline(None)
            self.details.clear()
            return
        self.heading.setText(heading_html(row))
        self.timeline.set_timeline(line)
        current = self.timeline.current_milestone()
        if current is not None:
            self.milestone_label.setText(TimelineWidget.describe(current).replace("\n", " · "))
        for index, (code, label) in enumerate(actions):
            button = QPushButton(label, self)
            button.setObjectName(f"action_{code}")
            button.setProperty("action_code", code)
            button.setAutoDefault(True)
            if index == 0 and code != "withdraw":
                button.setDefault(True)
                font = button.font()
                font.setBold(True)
                button.setFont(font)
            button.clicked.connect(lambda _checked=False, c=code: self.run(c))
            self.actions_row.addWidget(button)
            button.show()  # now, not on the next event loop pass, so it can take focus at once
            self._action_buttons.append(button)
        previous: QWidget = self.timeline
        for button in self._action_buttons:
            self.setTabOrder(previous, button)
            previous = button
        self.setTabOrder(previous, self.details)
        if actions:
            self.actions_hint.setText("")
        elif row.stage in CLOSED_STAGES or not is_open(row):
            self.actions_hint.setText(_("This request is closed."))
        else:
            self.actions_hint.setText(_("Nothing for your role to do here now."))
        self.details.setHtml(details_html(detail, row, self.today()))

    def action_codes(self) -> list[str]:
        """The codes of the action buttons shown for the selected request."""
        return [b.property("action_code") for b in self._action_buttons]

    def action_button(self, code: str) -> QPushButton | None:
        """The button for action ``code``, if it is shown."""
        for button in self._action_buttons:
            if button.property("action_code") == code:
                return button
        return None

    def focus_next_action(self) -> None:
        """Put the keyboard on the most likely next step (Enter on a row)."""
        if self._action_buttons:
            self._action_buttons[0].setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.timeline.setFocus(Qt.FocusReason.OtherFocusReason)

    def _focus_list(self) -> None:
        self.table.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _focus_timeline(self) -> None:
        self.timeline.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _show_milestone(self, code: str) -> None:
        milestone = next((m for m in self.timeline.milestones() if m.code == code), None)
        if milestone is None:
            return
        self.milestone_label.setText(TimelineWidget.describe(milestone).replace("\n", " · "))
        # Picking a step that can be taken now puts the keyboard on its button.
        button = self.action_button(MILESTONE_ACTIONS.get(code, ""))
        if button is not None and milestone.state in ("next", "late"):
            button.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- actions ----------------------------------------------------------------------------

    def new_request(self) -> None:
        """Record a new request (Ctrl+N)."""
        if not can(self.actor, "flexi.edit"):
            return
        self._run(None, "receive_request")

    def run(self, code: str) -> None:
        """Run action ``code`` on the selected request."""
        request_id = self.current_request_id()
        if request_id is not None:
            self._run(request_id, code)

    def _run(self, request_id: int | None, code: str) -> None:
        try:
            from flexidesk.ui.flexi.dialogs import run_action
        except ImportError:
            QMessageBox.information(self, _("Not available yet"),
                                    _("This step cannot be recorded in this version yet."))
            return
        before = {r.id for r in self._rows}
        changed = run_action(self, self.actor, request_id, code)
        if not changed:
            return
        self.refresh()
        if request_id is None:
            # Show the new request: the one that was not there before.
            new_ids = [r.id for r in self._rows if r.id not in before]
            if new_ids:
                self.select_request(max(new_ids))
        else:
            self.select_request(request_id, reveal=False)
        self.focus_next_action()
