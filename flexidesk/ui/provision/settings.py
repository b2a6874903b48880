"""Tools > Provision settings…: each intervention's places and termly budget, how often families
should hear from school, and the Forest School weekly aim. The last two are rules of our
policy: once the school has adopted a version, they are shown here and changed there (Tools >
Our policy, Provision map); before, they are the built-in default's, kept here as always."""

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

from flexidesk.i18n import _
from flexidesk.policy import concurrency
from flexidesk.policy.ourpolicy import latest_adopted
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
        self.weeks = QSpinBox(self)
        self.weeks.setObjectName("contactWeeks")
        self.weeks.setRange(1, 52)
        self.weeks.setSuffix(_(" weeks"))
        self.aim = QSpinBox(self)
        self.aim.setObjectName("forestAim")
        self.aim.setRange(1, 100)
        self.aim.setSuffix("%")
        for key in (CONTACT_WEEKS_KEY, FOREST_AIM_KEY):
            self.remember_version("setting", concurrency.row_id("setting", key=key))
        self.where = QLabel(self)
        self.where.setWordWrap(True)
        self._show_policy()
        self.our_policy = QPushButton(_("Our p&olicy…"), self)
        self.our_policy.setObjectName("openOurPolicy")
        self.our_policy.setVisible(can(self.actor, "school.edit"))
        self.our_policy.clicked.connect(self._open_our_policy)
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
        self.form.addRow(_("Contact each &family at least every:"), self.weeks)
        self.form.addRow(_("Forest School weekly &aim:"), self.aim)
        self.form.addRow(self.where)
        line = QHBoxLayout()
        line.addWidget(self.our_policy)
        line.addStretch(1)
        self.form.addRow("", line)
        self.form.addRow(_("&Places and budgets:"), self.table)

    @property
    def policy_holds(self) -> bool:
        """True once a version of our policy holds the rhythm and the aim."""
        return latest_adopted().version_id is not None

    def _show_policy(self) -> None:
        self.weeks.setValue(contact_weeks())
        self.aim.setValue(forest_aim_percent())
        holds = self.policy_holds
        for box in (self.weeks, self.aim):  # shown, not edited, where the policy holds them
            box.setReadOnly(holds)
            box.setButtonSymbols(QSpinBox.ButtonSymbols.NoButtons if holds
                                 else QSpinBox.ButtonSymbols.UpDownArrows)
        self.where.setText(
            _("Set by our policy: the Headteacher changes them under Tools > Our policy, "
              "Provision map, as with each intervention's review rhythm.") if holds else
            _("Kept here until the governing body adopts a policy of the school's own "
              "(Tools > Our policy), which then holds them."))

    def _open_our_policy(self) -> None:
        from flexidesk.ui.school.our_policy import OurPolicyDialog

        dialog = OurPolicyDialog(self.actor, self)
        dialog.form.setCurrentIndex(2)  # the Provision map tab
        dialog.exec()
        dialog.deleteLater()
        self._show_policy()

    def save(self):
        if not self.policy_holds:
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
