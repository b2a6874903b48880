"""Tools > Provision settings…: each intervention's places and termly budget, how often families
should hear from school, and the Forest School weekly aim."""

from __future__ import annotations

from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox, QTableWidget, QTableWidgetItem

from flexidesk.i18n import _
from flexidesk.policy import concurrency
from flexidesk.policy.provision.settings import (
    CONTACT_WEEKS_KEY,
    FOREST_AIM_KEY,
    contact_weeks,
    forest_aim_percent,
    places_and_budgets,
    set_contact_weeks,
    set_forest_aim,
    set_places_and_budget,
)
from flexidesk.policy.records.access import Actor
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
        self.weeks = QSpinBox(self)
        self.weeks.setObjectName("contactWeeks")
        self.weeks.setRange(1, 52)
        self.weeks.setSuffix(_(" weeks"))
        self.weeks.setValue(contact_weeks())
        self.aim = QSpinBox(self)
        self.aim.setObjectName("forestAim")
        self.aim.setRange(1, 100)
        self.aim.setSuffix("%")
        self.aim.setValue(forest_aim_percent())
        self.rows = places_and_budgets()
        self.remember_versions([("intervention", i.id) for i in self.rows])
        for key in (CONTACT_WEEKS_KEY, FOREST_AIM_KEY):
            self.remember_version("setting", concurrency.row_id("setting", key=key))
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
        self.form.addRow(_("Contact each &family at least every:"), self.weeks)
        self.form.addRow(_("Forest School weekly &aim:"), self.aim)
        self.form.addRow(_("&Places and budgets:"), self.table)

    def save(self):
        set_contact_weeks(self.actor, self.weeks.value())
        set_forest_aim(self.actor, self.aim.value())
        for intervention, places, budget in zip(self.rows, self.places, self.budgets,
                                                strict=True):
            capacity = places.value() or None
            pence = round(budget.value() * 100) or None
            if (capacity, pence) != (intervention.capacity, intervention.budget_per_term_pence):
                set_places_and_budget(self.actor, intervention.id, capacity=capacity,
                                      budget_per_term_pence=pence)
        return True
