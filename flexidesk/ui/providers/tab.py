"""The Providers tab: alternative-provision providers, their due diligence, sites and placements."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from flexidesk.i18n import N_, _, format_date
from flexidesk.policy.access import Actor, can, require
from flexidesk.policy.providers import (
    LIVE_PLACEMENT_STATUSES,
    ChecklistLine,
    ProviderDetail,
    ProviderPlacementLine,
    ProviderRow,
    provider_detail,
    provider_rows,
)
from flexidesk.policy.vocabulary import SCORE_LABELS
from flexidesk.ui.accessibility import make_heading
from flexidesk.ui.models.rows import LATE, MUTED, Column, RowsTableModel, readable, tone_style
from flexidesk.ui.widgets.detail_tree import DetailTree
from flexidesk.ui.widgets.search_table import SearchableTable


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def _tone(row: ProviderRow) -> str | None:
    if not row.ready:
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
    ]


COLUMN_WIDTHS = (185, 125, 90, 130, 85)

_PLACEMENT_STATUS = {"planned": N_("Planned"), "active": N_("Active"), "ended": N_("Ended"),
                     "cancelled": N_("Cancelled")}


#: What a red checklist line says in words (colour is never the only signal).
_PROBLEM_WORDS = {"missing": N_("not held yet"), "expired": N_("expired")}


class ProviderPanel(QWidget):
    """The selected provider: contact details, the due-diligence checklist, sites, placements."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("providerPanel")
        self.detail: ProviderDetail | None = None
        self.title = QLabel(self)
        self.title.setObjectName("providerName")
        make_heading(self.title, 1.5)
        self.facts = QLabel(self)
        self.facts.setObjectName("providerFacts")
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel(self)
        self.status.setObjectName("providerStatus")
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.checklist = DetailTree(
            [_("Checklist item"), _("Status"), _("Evidence"), _("Checked"), _("By"),
             _("Expires")], (240, 150, 110, 90, 85), object_name="checklistTree", parent=self)
        self.sites = DetailTree([_("Site"), _("Address"), _("Postcode")], (180, 240),
                                object_name="siteTree", parent=self)
        self.placements = DetailTree(
            [_("Pupil"), _("Site"), _("Status"), _("Started"), _("Next review"),
             _("Latest review"), _("Family told")], (130, 100, 65, 90, 120, 150),
            object_name="placementTree", parent=self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.facts)
        layout.addWidget(self.status)
        self.update_button = QPushButton(_("&Update checklist item…"), self)
        self.update_button.setObjectName("updateChecklistItem")
        self.update_button.setToolTip(_("Record where the selected item stands: requested, "
                                        "held (with its evidence and expiry), or not applicable"))
        self.update_button.setEnabled(False)
        self.checklist.currentItemChanged.connect(
            lambda *_a: self.update_button.setEnabled(self.selected_item() is not None))
        checklist_heading = QHBoxLayout()
        checklist_heading.addWidget(self._heading(_("Due-diligence checklist")), 1)
        checklist_heading.addWidget(self.update_button)
        layout.addLayout(checklist_heading)
        layout.addWidget(self.checklist, 4)
        layout.addWidget(self._heading(_("Sites")))
        layout.addWidget(self.sites, 1)
        self.review_button = QPushButton(_("&Review placement…"), self)
        self.review_button.setObjectName("reviewPlacement")
        self.review_button.setToolTip(_("Record the half-termly review of the selected "
                                        "placement, and what the family was told"))
        self.review_button.setEnabled(False)
        self.placements.currentItemChanged.connect(
            lambda *_a: self.review_button.setEnabled(self.selected_placement() is not None))
        placements_heading = QHBoxLayout()
        placements_heading.addWidget(self._heading(_("Placements")), 1)
        placements_heading.addWidget(self.review_button)
        layout.addLayout(placements_heading)
        layout.addWidget(self.placements, 2)

    def _heading(self, text: str) -> QLabel:
        label = QLabel(f"<b>{text}</b>", self)
        label.setTextFormat(Qt.TextFormat.RichText)
        return label

    def show_detail(self, d: ProviderDetail) -> None:
        """Fill the panel from one provider's detail."""
        self.detail = d
        self.title.setText(d.name)
        facts = [part for part in (d.provider_type, d.contact_name, d.phone, d.email) if part]
        lines = [" · ".join(facts)] if facts else []
        address = ", ".join(p for p in (d.address.replace("\n", ", "), d.postcode) if p)
        if address:
            lines.append(address)
        lines.append(_("On the local authority's approved list: {answer}").format(
            answer=_yes_no(d.la_approved)))
        if d.registered_school:
            lines.append(_("Registered independent school {number}").format(
                number=d.registration_number).strip())
        if d.ofsted_urn:
            lines.append(_("Ofsted URN {urn}").format(urn=d.ofsted_urn))
        self.facts.setText("\n".join(lines))
        if d.status.ready:
            self.status.setText(_("<b>Due diligence:</b> {label}").format(label=d.status.label))
        else:
            self.status.setText(
                _("<b>Due diligence:</b> <span style='color: {red};'><b>{label}</b> "
                  "— not ready for a new placement</span>").format(
                    red=readable(LATE).name(), label=d.status.label))

        self.checklist.clear()
        for line in d.checklist:
            tone = {"missing": "late", "expired": "late", "expiring": "soon"}.get(line.problem)
            if line.status == "not_applicable":
                tone = "muted"
            expires = format_date(line.expires_on)
            if line.problem == "expiring":
                expires = _("{date} (soon)").format(date=expires)
            status = line.status_label
            if line.problem in _PROBLEM_WORDS and line.status != line.problem:  # red: say why
                status = _("{status} ({problem})").format(status=status,
                                                          problem=_(_PROBLEM_WORDS[line.problem]))
            self.checklist.add([line.label, status, line.evidence,
                                format_date(line.checked_on), line.checked_by, expires],
                               tone=tone, tooltip=line.evidence or line.label, key=line.code)

        self.sites.clear()
        for site in d.sites:
            self.sites.add([site.name, site.address.replace("\n", ", "), site.postcode])
        if not d.sites:
            self.sites.add([_("No site recorded: add every site a pupil may attend.")],
                           tone="late")

        self.placements.clear()
        for p in d.placements:
            review = format_date(p.next_review)
            if p.review_overdue:
                review = _("{date} (overdue)").format(date=review)
            latest = ""
            if p.last_review is not None:
                score = _(SCORE_LABELS.get(p.last_score, str(p.last_score)))
                latest = f"{format_date(p.last_review)}: {score}"
            live = p.status in LIVE_PLACEMENT_STATUSES
            self.placements.add(
                [p.pupil, p.site, _(_PLACEMENT_STATUS.get(p.status, p.status)),
                 format_date(p.start_date), review, latest, format_date(p.family_feedback_on)],
                tone="late" if p.review_overdue else (None if live else "muted"), key=p.id)
        if not d.placements:
            self.placements.add([_("No placements.")], tone="muted")

    def selected_placement(self) -> ProviderPlacementLine | None:
        """The placement picked in the list if it can be reviewed: live and already started
        (an ended one has nothing left to review, a planned one nothing yet)."""
        if self.detail is None:
            return None
        placement_id = self.placements.current_key()
        line = next((p for p in self.detail.placements if p.id == placement_id), None)
        if line is None or line.status not in LIVE_PLACEMENT_STATUSES:
            return None
        return line if line.start_date <= dt.date.today() else None

    def selected_item(self) -> ChecklistLine | None:
        """The checklist line picked in the list, if any."""
        if self.detail is None:
            return None
        code = self.checklist.current_key()
        return next((line for line in self.detail.checklist if line.code == code), None)

    def clear(self) -> None:
        """Forget the provider and its pupils."""
        self.detail = None
        for widget in (self.title, self.facts, self.status):
            widget.clear()
        for tree in (self.checklist, self.sites, self.placements):
            tree.clear()


class ProvidersTab(QWidget):
    """Providers with their due-diligence status; the selected one in detail beside the list."""

    def __init__(self, actor: Actor, parent=None, *, load: bool = True):
        super().__init__(parent)
        self.setObjectName("providersTab")
        self.actor = actor
        self.model = RowsTableModel(provider_columns(), tone=_tone, parent=self)
        self.table = SearchableTable(self.model, _("Search providers (Ctrl+F)"), self)
        for column, width in enumerate(COLUMN_WIDTHS):
            self.table.view.setColumnWidth(column, width)
        self.table.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.current_changed.connect(self.show_provider)
        self.legend = QLabel(
            _("Red: not ready for a new placement (items missing or expired). "
              "Bold: an item expires within 30 days."), self)
        self.legend.setWordWrap(True)
        self.legend.setStyleSheet(tone_style(MUTED))

        self.panel = ProviderPanel(self)
        self.panel.update_button.setVisible(can(actor, "provider.edit"))
        self.panel.review_button.setVisible(can(actor, "placement.edit"))
        self.panel.review_button.clicked.connect(self.review_placement)
        self.panel.update_button.clicked.connect(self.update_checklist_item)
        if can(actor, "provider.edit"):
            self.panel.checklist.itemActivated.connect(lambda *_a: self.update_checklist_item())
        self.placeholder = QLabel(
            _("Select a provider to see its checklist, sites and placements."), self)
        self.placeholder.setObjectName("providerPlaceholder")
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setStyleSheet(tone_style(MUTED) + " padding: 24px;")
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.panel)
        self.side = QStackedWidget(self)
        self.side.addWidget(self.placeholder)
        self.side.addWidget(scroll)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
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
        self.table.set_rows(provider_rows(dt.date.today()))
        if self.table.current_object() is None and self.model.rowCount():
            self.table.select_row(0)  # a provider's checklist is no secret: show the first

    def show_provider(self, row: ProviderRow | None) -> None:
        """Show ``row``'s detail in the side panel (or the hint when nothing is selected)."""
        if row is None:
            self.panel.clear()
            self.side.setCurrentIndex(0)
            return
        self.panel.show_detail(provider_detail(row.id, dt.date.today()))
        self.side.setCurrentIndex(1)

    def review_placement(self) -> bool:
        """Open the review form for the placement selected on the panel; True if saved."""
        line, detail = self.panel.selected_placement(), self.panel.detail
        if line is None or detail is None:
            return False
        from flexidesk.ui.providers.dialogs import PlacementReviewDialog

        return self._run(PlacementReviewDialog(self.actor, detail.name, line, self))

    def update_checklist_item(self) -> bool:
        """Open the form for the checklist item selected on the panel; True if it was saved."""
        line, detail = self.panel.selected_item(), self.panel.detail
        if line is None or detail is None:
            return False
        from flexidesk.ui.providers.dialogs import ChecklistItemDialog

        saved = self._run(ChecklistItemDialog(self.actor, detail.id, detail.name, line, self))
        if saved:
            self.panel.checklist.select_key(line.code)
        return saved

    def _run(self, dialog) -> bool:
        """Run a form; once it saved, read the list (its status may have changed: ready,
        expiring...) and the provider's panel again."""
        saved = dialog.exec() == dialog.DialogCode.Accepted
        dialog.deleteLater()
        if saved:
            self.refresh()
            self.show_provider(self.table.current_object())
        return saved

    def clear(self) -> None:
        """Drop every row and the panel (the window is locking)."""
        self.table.set_rows([])
        self.panel.clear()
        self.side.setCurrentIndex(0)
