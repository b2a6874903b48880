"""The interventions catalogue (Headteacher and pastoral lead): add, change, retire, and
who leads the provision map."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from flexidesk.i18n import N_, _, format_money, ngettext
from flexidesk.policy import ourpolicy
from flexidesk.policy.records.access import Actor, PolicyError
from flexidesk.policy.school import catalogue
from flexidesk.policy.school.catalogue import CatalogueLine, InterventionForm
from flexidesk.ui.models.rows import Column, RowsTableModel
from flexidesk.ui.widgets.form_dialog import FormDialog, text_box
from flexidesk.ui.widgets.keyboard import KeyboardForm, mark_filter
from flexidesk.ui.widgets.search_table import SearchableTable
from flexidesk.ui.widgets.status_line import StatusLine
from flexidesk.ui.widgets.versioned_form import VersionedSave

KIND_LABELS = {"group": N_("Group"), "individual": N_("Individual")}
BASIS_LABELS = {"session": N_("per session"), "term": N_("per term")}


def _row(parent: QWidget, *widgets) -> QWidget:
    holder = QWidget(parent)
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return holder


class InterventionDialog(VersionedSave, FormDialog):
    """Add an intervention to the catalogue, or change one."""

    def __init__(self, actor: Actor, line: CatalogueLine | None = None, parent=None):
        self.line = line
        self.remember_version("intervention", line.id if line else None)
        super().__init__(actor, parent)
        self.setWindowTitle(_("Change an intervention") if line else _("Add an intervention"))
        self.setMinimumWidth(560)

    def build(self) -> None:
        f = self.line.form if self.line else InterventionForm(name="")
        self.name = QLineEdit(f.name, self)
        self.name.setObjectName("interventionName")
        self.kind = QComboBox(self)
        self.kind.setObjectName("kind")
        for code, label in KIND_LABELS.items():
            self.kind.addItem(_(label), code)
        self.kind.setCurrentIndex(self.kind.findData(f.kind))
        self.description = text_box(_("What it is and who it is for"), 50)
        self.description.setObjectName("description")
        self.description.setPlainText(f.description)
        self.lead = QLineEdit(f.staff_lead, self)
        self.lead.setObjectName("staffLead")
        self.lead.setPlaceholderText(_("e.g. Mrs Fenwick (HLTA)"))
        self.sessions = QSpinBox(self)
        self.sessions.setObjectName("sessionsPerWeek")
        self.sessions.setRange(0, 20)
        self.sessions.setValue(f.sessions_per_week)
        self.minutes = QSpinBox(self)
        self.minutes.setObjectName("sessionMinutes")
        self.minutes.setRange(0, 480)
        self.minutes.setSingleStep(5)
        self.minutes.setSuffix(_(" minutes"))
        self.minutes.setValue(f.session_minutes)
        self.capacity = QSpinBox(self)
        self.capacity.setObjectName("capacity")
        self.capacity.setRange(0, 500)
        self.capacity.setSpecialValueText(_("open"))  # 0: no limit on places
        self.capacity.setValue(f.capacity or 0)
        self.cost = QDoubleSpinBox(self)
        self.cost.setObjectName("cost")
        self.cost.setRange(0, 100_000)
        self.cost.setDecimals(2)
        self.cost.setPrefix("£")
        self.cost.setValue(f.cost_pence / 100)
        self.basis = QComboBox(self)
        self.basis.setObjectName("costBasis")
        for code, label in BASIS_LABELS.items():
            self.basis.addItem(_(label), code)
        self.basis.setCurrentIndex(self.basis.findData(f.cost_basis))
        self.funding = QLineEdit(f.funding_stream, self)
        self.funding.setObjectName("fundingStream")
        self.funding.setPlaceholderText(_("e.g. Pupil premium"))
        self.interval = QSpinBox(self)
        self.interval.setObjectName("reviewWeeks")
        self.interval.setRange(1, 52)
        self.interval.setSuffix(_(" weeks"))
        self.interval.setValue(f.review_interval_weeks)
        self._catalogue_weeks = f.review_interval_weeks
        policy = ourpolicy.in_force(self.today)
        if self.line and f.name in policy.body["provision"]["review_weeks"]:
            # Our policy names this intervention's rhythm: it is shown here, changed there.
            self.interval.setValue(policy.review_weeks_for(f.name, f.review_interval_weeks))
            self.interval.setEnabled(False)
            self.interval.setToolTip(_("Set by our policy (Tools > Our policy, Provision map)."))
        self.confidential = QCheckBox(_("Confidential: only the staff ticked below see who "
                                        "is in it"), self)
        self.confidential.setToolTip(_("The Headteacher always sees it. With no one ticked, "
                                       "the pastoral staff all do."))
        self.confidential.setObjectName("confidential")
        self.confidential.setChecked(f.confidential)
        self.staff = QListWidget(self)
        self.staff.setObjectName("namedStaff")
        self.staff.setMaximumHeight(90)
        for staff_id, name in catalogue.staff_choices():
            item = QListWidgetItem(name, self.staff)
            item.setData(Qt.ItemDataRole.UserRole, staff_id)
            item.setCheckState(Qt.CheckState.Checked if staff_id in f.named_staff
                               else Qt.CheckState.Unchecked)
        self.staff.setEnabled(f.confidential)
        self.confidential.toggled.connect(self.staff.setEnabled)

        self.form.addRow(_("&Name:"), self.name)
        self.form.addRow(_("&Kind:"), self.kind)
        self.form.addRow(_("&Description:"), self.description)
        self.form.addRow(_("&Lead adult:"), self.lead)
        self.form.addRow(_("&Sessions a week:"), _row(self, self.sessions, QLabel(_("of"), self),
                                                      self.minutes))
        self.form.addRow(_("&Places:"), _row(self, self.capacity))
        self.form.addRow(_("C&ost:"), _row(self, self.cost, self.basis))
        self.form.addRow(_("&Funding stream:"), self.funding)
        self.form.addRow(_("&Review every:"), _row(self, self.interval))
        # A row of several boxes has no one buddy: its label names (and Alt reaches) the
        # first box, and the second box says what it holds.
        for first in (self.sessions, self.capacity, self.cost, self.interval):
            holder = first.parentWidget()
            row_label = self.form.labelForField(holder) if holder is not None else None
            if isinstance(row_label, QLabel):
                row_label.setBuddy(first)
        self.minutes.setAccessibleName(_("Minutes a session"))
        self.form.addRow("", self.confidential)
        self.form.addRow(_("Who may see it:"), self.staff)
        self.watch(self.name, self.kind, self.capacity)

    def values(self) -> InterventionForm:
        """The form as the policy takes it."""
        named = tuple(self.staff.item(i).data(Qt.ItemDataRole.UserRole)
                      for i in range(self.staff.count())
                      if self.staff.item(i).checkState() == Qt.CheckState.Checked)
        return InterventionForm(
            name=self.name.text(), kind=self.kind.currentData(),
            description=self.description.toPlainText(), staff_lead=self.lead.text(),
            sessions_per_week=self.sessions.value(), session_minutes=self.minutes.value(),
            capacity=self.capacity.value() or None, cost_pence=round(self.cost.value() * 100),
            cost_basis=self.basis.currentData(), funding_stream=self.funding.text(),
            review_interval_weeks=(self.interval.value() if self.interval.isEnabled()
                                   else self._catalogue_weeks),
            confidential=self.confidential.isChecked(),
            named_staff=named if self.confidential.isChecked() else ())

    def problem(self) -> str:
        if not self.name.text().strip():
            return _("Give the intervention a name.")
        if self.kind.currentData() == "individual" and self.capacity.value() > 1:
            return _("Individual work has one child at a time: set places to 1 or open.")
        return ""

    def save(self):
        if self.line is None:
            return catalogue.add_intervention(self.actor, self.values())
        return catalogue.edit_intervention(self.actor, self.line.id, self.values())


def _cost(line: CatalogueLine) -> str:
    f = line.form
    if not f.cost_pence:
        return ""
    return f"{format_money(f.cost_pence)} {_(BASIS_LABELS[f.cost_basis])}"


class InterventionsDialog(KeyboardForm, QDialog):
    """The catalogue of interventions and the provision map's lead (Escape asks before a lead
    typed and not saved is thrown away)."""

    def __init__(self, actor: Actor, parent=None):
        super().__init__(parent)
        self.actor = actor
        self.setWindowTitle(_("Interventions"))
        self.resize(1040, 540)
        self.lead = QLineEdit(catalogue.provision_lead(), self)
        self.lead.setObjectName("provisionLead")
        self.lead.setPlaceholderText(_("the member of the senior leadership team, e.g. "
                                       "Mr Ravi Sethi (Deputy Head)"))
        self.save_lead = QPushButton(_("Save &lead"), self)
        self.save_lead.setObjectName("saveProvisionLead")
        self.save_lead.clicked.connect(self.set_lead)
        lead_label = QLabel(_("Provision map led &by:"), self)
        lead_label.setBuddy(self.lead)

        self.model = RowsTableModel([
            Column(_("Intervention"), lambda x: x.form.name),
            Column(_("Kind"), lambda x: _(KIND_LABELS[x.form.kind])),
            Column(_("Lead adult"), lambda x: x.form.staff_lead),
            Column(_("Sessions"), lambda x: _("{n} × {m} min").format(
                n=x.form.sessions_per_week, m=x.form.session_minutes)),
            Column(_("Places"), lambda x: str(x.form.capacity or ""), align_right=True),
            Column(_("Cost"), _cost),
            Column(_("Funding"), lambda x: x.form.funding_stream),
            Column(_("Now"), lambda x: str(x.current_children), align_right=True,
                   sort_key=lambda x: x.current_children),
            Column(_("Status"), lambda x: ", ".join(
                ([_("retired")] if not x.active else [])
                + ([_("confidential")] if x.form.confidential else []))),
        ], tone=lambda x: None if x.active else "muted", parent=self)
        self.table = SearchableTable(self.model, _("Search interventions"), self)
        self.table.setObjectName("interventionsTable")
        self.table.set_column_widths((190, "Individual", 130, "3 × 120 min", 55,
                                      "£240.00 per term", 110, 40), stretch=8)
        self.table.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.activated.connect(lambda *_a: self.edit())
        self.table.current_changed.connect(lambda *_a: self._enable())
        self.show_retired = QCheckBox(_("Show retired interventions"), self)
        self.show_retired.setObjectName("showRetired")
        mark_filter(self.show_retired)  # only what the list shows
        self.show_retired.toggled.connect(self.refresh)

        self.add_button = QPushButton(_("&Add…"), self)
        self.add_button.setObjectName("addIntervention")
        self.add_button.clicked.connect(self.add)
        self.edit_button = QPushButton(_("&Change…"), self)
        self.edit_button.setObjectName("editIntervention")
        self.edit_button.clicked.connect(self.edit)
        self.retire_button = QPushButton(_("&Retire"), self)
        self.retire_button.setObjectName("retireIntervention")
        self.retire_button.setToolTip(_("No longer offered for new provision; children in it "
                                        "now, and its history, stay"))
        self.retire_button.clicked.connect(self.retire)
        side = QVBoxLayout()
        for b in (self.add_button, self.edit_button, self.retire_button):
            side.addWidget(b)
        side.addStretch(1)
        self.status = StatusLine(self)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        lead_row = QHBoxLayout()
        lead_row.addWidget(lead_label)
        lead_row.addWidget(self.lead, 1)
        lead_row.addWidget(self.save_lead)
        middle = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.table, 1)
        left.addWidget(self.show_retired)
        middle.addLayout(left, 1)
        middle.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addLayout(lead_row)
        layout.addLayout(middle, 1)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.refresh()

    def refresh(self) -> None:
        """Read the catalogue again (keeps the selection)."""
        current = self.table.current_object()
        lines = catalogue.catalogue(self.actor)
        if not self.show_retired.isChecked():
            lines = [x for x in lines if x.active]
        self.table.set_rows(lines)
        if current is not None:
            self.table.select_where(lambda x: x.id == current.id)
        self._enable()

    def _enable(self) -> None:
        line = self.table.current_object()
        self.edit_button.setEnabled(line is not None)
        self.retire_button.setEnabled(line is not None)
        self.retire_button.setText(_("Bring &back") if line is not None and not line.active
                                   else _("&Retire"))

    def add(self) -> None:
        """Add an intervention."""
        form = InterventionDialog(self.actor, None, self)
        if form.exec() == QDialog.DialogCode.Accepted:
            self.refresh()
            self.table.select_where(lambda x: x.id == form.saved.id)
            self.status.say(_("{name} added: it is offered for new provision now.").format(
                name=form.saved.name))
        form.deleteLater()

    def edit(self) -> None:
        """Change the selected intervention."""
        line = self.table.current_object()
        if line is None:
            return
        form = InterventionDialog(self.actor, line, self)
        if form.exec() == QDialog.DialogCode.Accepted:
            self.refresh()
            self.status.say(_("{name} changed.").format(name=form.saved.name))
        form.deleteLater()

    def retire(self) -> None:
        """Retire the selected intervention (after asking), or bring a retired one back."""
        line: CatalogueLine | None = self.table.current_object()
        if line is None:
            return
        if line.active:
            children = line.current_children
            keep = (ngettext("The {n} child in it now keeps it, and its history stays.",
                             "The {n} children in it now keep it, and its history stays.",
                             children).format(n=children) if children
                    else _("No child is in it now; its history stays."))
            answer = QMessageBox.question(
                self, _("Retire an intervention"),
                _("Retire {name}? It will no longer be offered for new provision.").format(
                    name=line.form.name) + " " + keep,
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Yes:
                return
        catalogue.retire_intervention(self.actor, line.id, retired=line.active)
        self.show_retired.setChecked(self.show_retired.isChecked() or line.active)
        self.refresh()
        self.status.say((_("{name} retired.") if line.active else _("{name} is offered again."))
                        .format(name=line.form.name))

    def set_lead(self) -> None:
        """Save who leads the provision map."""
        try:
            name = catalogue.set_provision_lead(self.actor, self.lead.text())
        except PolicyError as exc:
            self.status.say(str(exc), error=True)
            return
        self.lead.setText(name)
        self.mark_unchanged()  # saved
        self.status.say(_("The provision map is led by {name}.").format(name=name) if name
                        else _("No one is named as the provision map's lead."))


