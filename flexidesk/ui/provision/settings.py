"""Tools > Provision settings…: each intervention's places and termly budget; how often families
should hear from school and the Forest School weekly aim are shown as our policy sets them,
with a way there (Tools > Our policy, Provision map, is where they change)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
)

from flexidesk.i18n import _, ngettext
from flexidesk.policy.provision.settings import (
    contact_weeks,
    forest_aim_percent,
    places_and_budgets,
    set_places_and_budget,
)
from flexidesk.policy.records.access import Actor, can
from flexidesk.ui.widgets.form_dialog import FormDialog
from flexidesk.ui.widgets.versioned_form import VersionedSave


class ProvisionSettingsDialog(VersionedSave, FormDialog):
    """The school's own numbers for the provision map; 0 places or £0 means "not set"."""

    def __init__(self, actor: Actor, parent=None):
        super().__init__(actor, parent)
        self.setObjectName("provisionSettings")
        self.setWindowTitle(_("Provision settings"))
        self.resize(620, 520)

    def build(self) -> None:
        # Rules of our policy: shown, not edited here (one place changes them).
        self.weeks = QLabel(self)
        self.weeks.setObjectName("contactWeeks")
        self.aim = QLabel(self)
        self.aim.setObjectName("forestAim")
        self._show_policy()
        self.our_policy = QPushButton(_("Our p&olicy…"), self)
        self.our_policy.setObjectName("openOurPolicy")
        self.our_policy.setVisible(can(self.actor, "school.edit"))
        self.our_policy.clicked.connect(self._open_our_policy)
        where = QLabel(_("Set by our policy: the Headteacher changes them under Tools > Our "
                         "policy, Provision map, as with each intervention's review rhythm."),
                       self)
        where.setWordWrap(True)
        self.rows = places_and_budgets()
        self.remember_versions([("intervention", i.id) for i in self.rows])
        self.table = QTableWidget(len(self.rows), 3, self)
        self.table.setObjectName("budgets")
        self.table.setHorizontalHeaderLabels([_("Intervention"), _("Places"),
                                              _("Budget a term (£)")])
        self.table.verticalHeader().hide()
        self.places: list[QSpinBox] = []
        self.budgets: list[QDoubleSpinBox] = []
        for row, intervention in enumerate(self.rows):
            name = QTableWidgetItem(_(intervention.name))
            self.table.setItem(row, 0, name)
            places = QSpinBox(self.table)
            places.setRange(0, 1000)
            places.setSpecialValueText(_("not set"))
            places.setValue(intervention.capacity or 0)
            # A box in a table cell has no label of its own: name it after its row and column.
            places.setAccessibleName(_("{intervention}: places").format(
                intervention=_(intervention.name)))
            budget = QDoubleSpinBox(self.table)
            budget.setRange(0, 1_000_000)
            budget.setDecimals(2)
            budget.setSpecialValueText(_("not set"))
            budget.setValue((intervention.budget_per_term_pence or 0) / 100)
            budget.setAccessibleName(_("{intervention}: budget a term (£)").format(
                intervention=_(intervention.name)))
            self.table.setCellWidget(row, 1, places)
            self.table.setCellWidget(row, 2, budget)
            self.places.append(places)
            self.budgets.append(budget)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.form.addRow(_("Contact each family at least every:"), self.weeks)
        self.form.addRow(_("Forest School weekly aim:"), self.aim)
        self.form.addRow(where)
        line = QHBoxLayout()
        line.addWidget(self.our_policy)
        line.addStretch(1)
        self.form.addRow("", line)
        self.form.addRow(_("&Places and budgets:"), self.table)

    def _show_policy(self) -> None:
        weeks = contact_weeks()
        self.weeks.setText(ngettext("{n} week", "{n} weeks", weeks).format(n=weeks))
        self.aim.setText(f"{forest_aim_percent()}%")

    def _open_our_policy(self) -> None:
        from flexidesk.ui.school.our_policy import OurPolicyDialog

        dialog = OurPolicyDialog(self.actor, self)
        dialog.form.setCurrentIndex(2)  # the Provision map tab
        dialog.exec()
        dialog.deleteLater()
        self._show_policy()

    def save(self):
        for intervention, places, budget in zip(self.rows, self.places, self.budgets,
                                                strict=True):
            capacity = places.value() or None
            pence = round(budget.value() * 100) or None
            if (capacity, pence) != (intervention.capacity, intervention.budget_per_term_pence):
                set_places_and_budget(self.actor, intervention.id, capacity=capacity,
                                      budget_per_term_pence=pence)
        return True
