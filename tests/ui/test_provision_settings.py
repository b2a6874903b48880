"""Provision settings: places and a budget per intervention, the contact rhythm, the weekly aim."""

from PySide6.QtCore import Qt

from flexidesk.policy.provision.settings import contact_weeks, forest_aim_percent
from flexidesk.store.models import Intervention
from flexidesk.ui.provision.settings import ProvisionSettingsDialog
from tests.ui.tab_data import make_provision, show


def test_settings_are_saved_through_the_policy(qtbot, school, head):
    make_provision(school)
    dialog = show(qtbot, ProvisionSettingsDialog(head))
    dialog.weeks.setValue(6)
    dialog.aim.setValue(80)
    lego = next(i for i, row in enumerate(dialog.rows) if row.name == "Lego Therapy")
    dialog.places[lego].setValue(8)
    dialog.budgets[lego].setValue(450.0)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert (contact_weeks(), forest_aim_percent()) == (6, 80)
    saved = Intervention.get(Intervention.name == "Lego Therapy")
    assert (saved.capacity, saved.budget_per_term_pence) == (8, 45000)
    assert Intervention.get(Intervention.name == "Nurture Group").capacity is None


def test_only_the_head_and_pastoral_lead_have_the_menu(qtbot, database, school, office, head):
    from PySide6.QtGui import QAction

    from flexidesk.ui.main_window import MainWindow

    for actor, has in ((office, False), (head, True)):
        window = show(qtbot, MainWindow(actor, database))
        assert (window.findChild(QAction, "provisionSettingsAction") is not None) is has
