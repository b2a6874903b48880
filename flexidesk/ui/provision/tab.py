"""The Provision map tab: every child with their current interventions, and a child's page."""

from __future__ import annotations

import datetime as dt
import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from flexidesk.i18n import N_, _, ngettext
from flexidesk.policy.provision import (
    PupilRow,
    pupil_page,
    pupil_rows,
    summarise,
)
from flexidesk.policy.provision.family_contact import families_not_contacted
from flexidesk.policy.records.access import Actor, PolicyError, can
from flexidesk.policy.school.catalogue import provision_lead
from flexidesk.policy.vocabulary import YEAR_LABELS
from flexidesk.ui.models.rows import LATE, MUTED, Column, RowsTableModel, readable, tone_style
from flexidesk.ui.provision import pupil_actions
from flexidesk.ui.provision.child_page import ChildPage, short_date
from flexidesk.ui.widgets.search_table import SearchableTable, widest_date

if TYPE_CHECKING:
    from flexidesk.ui.provision.grid import GridView

#: The filter choices above the map: (code, label).
FILTERS = (
    ("all", N_("All pupils")),
    ("provision", N_("With provision")),
    ("overdue", N_("Overdue reviews")),
    ("due_soon", N_("Due this week")),
)
DEFAULT_FILTER = "provision"



def _placeholder_text() -> str:
    return _("Select a child and press Enter, or double-click, to open their page: "
             "their provision, reviews and the family contact log.")


def _review_text(row: PupilRow) -> str:
    if row.next_review is None:
        return ""
    if row.overdue:
        return _("{date} (overdue)").format(date=short_date(row.next_review))
    if row.due_soon:
        return _("{date} (this week)").format(date=short_date(row.next_review))
    return short_date(row.next_review)


def _tone(row: PupilRow) -> str | None:
    if row.overdue:
        return "late"
    if row.due_soon:
        return "soon"
    return None


def pupil_columns() -> list[Column]:
    """The provision map's columns (built at run time so their titles are translated)."""
    years = {year: _(label) for year, label in YEAR_LABELS.items()}  # once, not per row
    return [
        Column(_("Name"), lambda r: r.name, lambda r: r.sort_name),
        Column(_("Year"), lambda r: years[r.year_group], lambda r: r.year_group),
        Column(_("Class"), lambda r: r.class_name),
        Column(_("Flags"), lambda r: " ".join(r.flags), lambda r: (-len(r.flags), r.flags),
               tooltip=lambda r: _("SEN: SEN support; EHCP: education, health and care plan; "
                                   "LAC: looked after; PP: pupil premium")),
        Column(_("Current interventions"), lambda r: ", ".join(r.interventions),
               lambda r: (not r.interventions, ", ".join(r.interventions).casefold()),
               tooltip=lambda r: "\n".join(r.interventions)),
        Column(_("Next review"), _review_text, lambda r: r.next_review),
    ]


class ProvisionTab(QWidget):
    """The provision map: a searchable list of pupils and, on Enter, the chosen child's page."""

    def __init__(self, actor: Actor, parent=None, *, load: bool = True):
        super().__init__(parent)
        self.setObjectName("provisionTab")
        self.actor = actor
        self._rows: list[PupilRow] = []

        self.summary = QLabel(self)
        self.summary.setObjectName("provisionSummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)  # gives way to the buttons beside it on a narrow window
        self.filter = QComboBox(self)
        self.filter.setObjectName("provisionFilter")
        for code, label in FILTERS:
            self.filter.addItem(_(label), code)
        # A provision map shows provision first; every pupil is one choice (or Alt+S) away.
        self.filter.setCurrentIndex(self.filter.findData(DEFAULT_FILTER))
        self.filter.currentIndexChanged.connect(self._apply_filter)
        show_label = QLabel(_("&Show:"), self)
        show_label.setBuddy(self.filter)

        self.model = RowsTableModel(pupil_columns(), tone=_tone, parent=self)
        self.model.set_scope(self._shows)  # the default "Show:" (with provision)
        self.table = SearchableTable(
            self.model, _("Search by name, year, class, flag or intervention (Ctrl+F)"), self)
        metrics = self.table.view.fontMetrics()
        date = widest_date(metrics)
        review = max(_("{date} (this week)").format(date=date),
                     _("{date} (overdue)").format(date=date), key=metrics.horizontalAdvance)
        # The next review is read whole; the interventions column takes what room is left
        # (a long list ends in an ellipsis, and its tooltip has every one).
        self.table.set_column_widths((165, _("Reception"), 70, "EHCP LAC PP", 240, review),
                                     stretch=4)
        self.table.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # by surname
        self.table.activated.connect(self.open_child)
        # Searching finds every child on roll, whatever "Show:" says (a child with no
        # provision yet must be findable to be given some); a line says what the filter
        # would have hidden.
        self._searching = False
        self.table.search.textChanged.connect(self._search_changed)
        self.hidden_hint = QLabel(self)
        self.hidden_hint.setObjectName("filterHint")
        self.hidden_hint.setWordWrap(True)
        self.hidden_hint.setStyleSheet(tone_style(MUTED))
        self.hidden_hint.hide()

        self.child = ChildPage(self)
        self.child.close_button.clicked.connect(self.close_child)
        self.child.review_button.clicked.connect(self.record_review)
        self.child.enrol_button.clicked.connect(self.start_provision)
        self.child.end_button.clicked.connect(self.end_provision)
        self.child.contact_button.clicked.connect(self.log_contact)
        self.child.edit_pupil_button.clicked.connect(lambda: pupil_actions.edit_pupil(self))
        self.child.adults_button.clicked.connect(lambda: pupil_actions.adults(self))
        self.child.left_button.clicked.connect(lambda: pupil_actions.mark_left(self))
        self.placeholder = QLabel(_placeholder_text(), self)
        self.placeholder.setObjectName("childPlaceholder")
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setStyleSheet(tone_style(MUTED) + " padding: 24px;")
        self.side = QStackedWidget(self)
        self.side.addWidget(self.placeholder)
        self.side.addWidget(self.child)  # its lists scroll themselves; the page never needs to

        self.catalogue_button = QPushButton(_("&Interventions…"), self)
        self.catalogue_button.setObjectName("interventionsButton")
        self.catalogue_button.setToolTip(_("The school's catalogue of interventions and who "
                                           "leads the provision map"))
        self.catalogue_button.setVisible(can(actor, "provision.catalogue"))
        self.catalogue_button.clicked.connect(self.edit_catalogue)

        self.new_pupil_button = QPushButton(_("&New pupil…"), self)
        self.new_pupil_button.setObjectName("newPupil")
        self.new_pupil_button.setVisible(can(actor, "pupil.edit"))
        self.new_pupil_button.clicked.connect(lambda: pupil_actions.new_pupil(self))

        self.meeting_button = QPushButton(_("Review &meeting…"), self)
        self.meeting_button.setObjectName("reviewMeetingButton")
        self.meeting_button.setToolTip(_("Step through the due reviews by keyboard (Ctrl+M)"))
        self.meeting_button.clicked.connect(self.review_meeting)
        self.meeting_button.setVisible(can(actor, "provision.edit"))
        QShortcut(QKeySequence(_("Ctrl+M")), self, self.review_meeting,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

        self.forest_button = QPushButton(_("F&orest School…"), self)
        self.forest_button.setObjectName("forestButton")
        self.forest_button.setToolTip(_("Record a session and see this week's coverage"))
        self.forest_button.clicked.connect(self.forest_school)

        self.grid_button = QPushButton(_("&Grid"), self)
        self.grid_button.setObjectName("gridButton")
        self.grid_button.setCheckable(True)
        self.grid_button.setToolTip(_("Children by interventions, with places and costs "
                                      "(Ctrl+G)"))
        self.grid_button.toggled.connect(self.show_grid)
        QShortcut(QKeySequence(_("Ctrl+G")), self, self.grid_button.toggle,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

        # The summary reads on a line of its own: beside six buttons it wrapped word by word.
        # The buttons have a line of their own, under the filter: on its line they made the
        # window wider than a 1366-pixel screen in Welsh.
        top = QVBoxLayout()
        filter_row, buttons_row = QHBoxLayout(), QHBoxLayout()
        filter_row.addWidget(show_label)
        filter_row.addWidget(self.filter)
        filter_row.addStretch(1)
        buttons_row.addStretch(1)
        for button in (self.new_pupil_button, self.grid_button, self.forest_button,
                       self.meeting_button, self.catalogue_button):
            buttons_row.addWidget(button)
        top.addLayout(filter_row)
        top.addLayout(buttons_row)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.summary)
        left_layout.addLayout(top)
        list_page = QWidget(self)
        list_layout = QVBoxLayout(list_page)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addWidget(self.table, 1)
        list_layout.addWidget(self.hidden_hint)
        self.views = QStackedWidget(self)  # the list, or the grid beside it (Ctrl+G)
        self.views.addWidget(list_page)
        self.grid: GridView | None = None  # built when first shown
        left_layout.addWidget(self.views, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([800, 500])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        self.setFocusProxy(self.table.search)  # arriving on the tab, one can type a name at once
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close_child,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        if load:  # the main window loads a hidden tab when it is first shown
            self.refresh()

    # --- data -----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the pupils again (keeps the search, filter, selection and open page)."""
        today = dt.date.today()
        self._rows = pupil_rows(self.actor, today)
        s = summarise(self._rows)
        overdue = _("{n} with a review overdue").format(n=s.overdue)
        if s.overdue:
            overdue = f'<span style="color: {readable(LATE).name()};"><b>{overdue}</b></span>'
        self.summary.setText(" &nbsp;·&nbsp; ".join([
            _("<b>{with_provision}</b> of {pupils} pupils with provision").format(
                with_provision=s.with_provision, pupils=s.pupils),
            overdue,
            _("{n} due this week").format(n=s.due_soon),
            _("{n} families to contact").format(
                n=len(families_not_contacted(self.actor, today)))]
            + [_("led by {name}").format(name=html.escape(lead)) if (lead := provision_lead())
               else _("no lead named yet (Interventions…)")]))
        self.table.set_rows(self._rows)  # every child: "Show:" is the model's scope
        self._show_hidden_hint()
        if self.grid is not None and self.views.currentIndex() == 1:
            self.grid.refresh()
        if self.child.page is not None:
            self._show_child(self.child.page.id)  # a fresh read of an open page is a view too

    def edit_catalogue(self) -> None:
        """Open the interventions catalogue; the map shows what it changed afterwards."""
        from flexidesk.ui.school.catalogue import InterventionsDialog

        dialog = InterventionsDialog(self.actor, self)
        dialog.exec()
        dialog.deleteLater()
        self.refresh()

    def _shows(self, row: PupilRow) -> bool:
        """Whether the chosen "Show:" filter keeps ``row``."""
        code = self.filter.currentData()
        if code == "provision":
            return bool(row.interventions)
        if code == "overdue":
            return row.overdue
        if code == "due_soon":
            return row.due_soon
        return True

    def _apply_filter(self) -> None:
        """Show what "Show:" asks for; a search still looks through every child on roll."""
        current = self.table.current_object()
        self.model.set_scope(None if self.filter.currentData() == "all" else self._shows)
        if current is not None:
            self.table.select_where(lambda r: r.id == current.id)
        self._show_hidden_hint()

    def _search_changed(self, text: str) -> None:
        self._searching = bool(text.strip())
        self._show_hidden_hint()

    def _show_hidden_hint(self) -> None:
        """Say how many of the matches the "Show:" filter would have hidden."""
        hidden = 0
        if self._searching and self.filter.currentData() != "all":
            hidden = sum(1 for r in self.model.visible_objects() if not self.model.in_scope(r))
        if hidden:
            self.hidden_hint.setText(ngettext(
                "{n} match is not in \u201c{filter}\u201d: shown because you searched.",
                "{n} matches are not in \u201c{filter}\u201d: shown because you searched.",
                hidden).format(n=hidden, filter=self.filter.currentText()))
        self.hidden_hint.setVisible(bool(hidden))

    def clear(self) -> None:
        """Drop every row and the open page (the window is locking)."""
        self._rows = []
        self.table.set_rows([])
        if self.grid is not None:
            self.grid.clear()
        self.summary.clear()
        self.close_child()

    # --- the child's page -----------------------------------------------------------------

    def open_child(self, row: PupilRow | None) -> None:
        """Open the child's page (audited as a view of their record)."""
        if row is not None:
            self._show_child(row.id)

    def show_pupil(self, pupil_id: int) -> None:
        """Open child ``pupil_id``'s page, selecting their row where the list shows it."""
        self.table.select_where(lambda r: r.id == pupil_id)
        self._show_child(pupil_id)

    def _show_child(self, pupil_id: int) -> None:
        try:
            page = pupil_page(self.actor, pupil_id, dt.date.today())
        except PolicyError as exc:
            self.child.clear()
            self.placeholder.setText(str(exc))
            self.side.setCurrentIndex(0)
            self.side.show()  # the refusal is said, even beside the grid
            return
        self.child.show_page(page, can(self.actor, "review.notes"), can(self.actor, "contact.log"),
                             can(self.actor, "provision.edit"), can(self.actor, "pupil.edit"))
        self.side.setCurrentIndex(1)
        self._fit_side()

    def _fit_side(self) -> None:
        """Beside the grid, the side shows only a child's page: with none open, the grid has
        the whole width (a hint to choose a child is no use to the columns it squeezed)."""
        beside_grid = self.views.currentIndex() == 1
        showing = not (beside_grid and self.side.currentIndex() == 0)
        if beside_grid and showing and not self.side.isVisible():
            # A child's page opened from the grid: room enough to read it (its lists' titles
            # whole), the grid keeping the rest.
            total = sum(self.splitter.sizes()) or self.splitter.width()
            page = max(self.side.sizeHint().width(), int(total * 0.45))
            self.splitter.setSizes([max(total - page, 0), page])
        self.side.setVisible(showing)

    def record_review(self) -> bool:
        """Open the review form for the provision selected on the child's page."""
        enrolment = self.child.selected_enrolment()
        if self.child.page is None or enrolment is None:
            return False
        from flexidesk.ui.provision.dialogs import ReviewDialog

        return self._run(ReviewDialog(self.actor, self.child.page.name, enrolment, self))

    def start_provision(self) -> bool:
        """Open the form putting the child on the page in an intervention."""
        if self.child.page is None:
            return False
        from flexidesk.ui.provision.dialogs import EnrolDialog

        return self._run(EnrolDialog(self.actor, self.child.page, self))

    def end_provision(self) -> bool:
        """Open the form ending the provision selected on the child's page."""
        enrolment = self.child.selected_enrolment()
        if self.child.page is None or enrolment is None:
            return False
        from flexidesk.ui.provision.dialogs import EndEnrolmentDialog

        return self._run(EndEnrolmentDialog(self.actor, self.child.page.name, enrolment, self))

    def log_contact(self) -> bool:
        """Open the contact form for the child on the page."""
        if self.child.page is None:
            return False
        from flexidesk.ui.provision.dialogs import ContactDialog

        return self._run(ContactDialog(self.actor, self.child.page, self))

    def review_meeting(self) -> int:
        """Open review-meeting mode on the due reviews; returns how many were recorded."""
        if not can(self.actor, "provision.edit"):
            return 0
        from flexidesk.ui.provision.review_meeting import ReviewMeetingDialog

        dialog = ReviewMeetingDialog(self.actor, self)
        dialog.exec()
        recorded = dialog.recorded
        dialog.deleteLater()
        if recorded:
            self.refresh()
        return recorded

    def show_grid(self, on: bool = True) -> None:
        """Show the grid in place of the list (built and read when first shown)."""
        if on and self.grid is None:
            from flexidesk.ui.provision.grid import GridView

            self.grid = GridView(self.actor, self)
            self.grid.activated.connect(self.open_child)
            self.views.addWidget(self.grid)
        if on:
            assert self.grid is not None  # built above
            self.grid.refresh()
        if on != (self.views.currentIndex() == 1):
            # The grid wants the width: the child's page narrows while it is shown.
            total = sum(self.splitter.sizes())
            share = 0.8 if on else 0.6
            self.splitter.setSizes([int(total * share), total - int(total * share)])
        self.views.setCurrentIndex(1 if on else 0)
        self._fit_side()
        if self.grid_button.isChecked() != on:
            self.grid_button.setChecked(on)
        (self.grid if on and self.grid is not None else self.table).setFocus()

    def forest_school(self) -> int:
        """Open Forest School: coverage, and recording a session; returns sessions recorded."""
        from flexidesk.ui.provision.forest import ForestSchoolDialog

        dialog = ForestSchoolDialog(self.actor, self)
        dialog.exec()
        saved = dialog.saved
        dialog.deleteLater()
        return saved

    def _run(self, dialog) -> bool:
        saved = dialog.exec() == dialog.DialogCode.Accepted
        dialog.deleteLater()
        if saved:
            self.refresh()  # the list and the open page show what was just saved
        return saved

    def close_child(self) -> None:
        """Close the child's page and go back to the list."""
        self.child.clear()
        self.placeholder.setText(_placeholder_text())
        self.side.setCurrentIndex(0)
        self._fit_side()
        if self.table.current_object() is not None:
            self.table.view.setFocus()
