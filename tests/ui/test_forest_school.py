"""Forest School: record a session in the window and see coverage change at once."""

from PySide6.QtCore import Qt, QTimer

from flexidesk.store.models import AuditEntry, ForestAttendance, ForestSession
from flexidesk.ui.provision.forest import ForestSchoolDialog
from flexidesk.ui.provision.tab import ProvisionTab
from tests.ui.tab_data import make_provision, show


def test_record_a_session_and_see_coverage_change(qtbot, school, pastoral):
    make_provision(school)
    tab = show(qtbot, ProvisionTab(pastoral))
    seen = {}

    def use_it():
        try:
            dialog = next(w for w in tab.findChildren(ForestSchoolDialog) if w.isVisible())
            qtbot.waitUntil(dialog.isActiveWindow)
            seen["before"] = dialog.summary.text()
            oak = next(r for r in range(dialog.by_class.rowCount())
                       if dialog.by_class.item(r, 0).text() == "Oak")
            seen["oak_before"] = dialog.by_class.item(oak, 2).text()
            dialog.group.setFocus()
            dialog.group.lineEdit().selectAll()
            qtbot.keyClicks(dialog.group.lineEdit(), "Oak")
            assert [dialog.children_list.item(i).text()
                    for i in range(dialog.children_list.count())] == ["Nell Ashdown"]
            qtbot.keyClicks(dialog.led_by, "Mr Reed")
            qtbot.keyClick(dialog.led_by, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
            seen["after"] = dialog.summary.text()
            seen["oak_after"] = dialog.by_class.item(oak, 2).text()
            seen["saved"] = dialog.saved
        finally:
            for dialog in tab.findChildren(ForestSchoolDialog):
                dialog.accept()

    QTimer.singleShot(0, use_it)
    qtbot.mouseClick(tab.forest_button, Qt.MouseButton.LeftButton)
    assert seen["saved"] == 1
    assert "This week: 0% of children" in seen["before"]
    assert "This week: 17% of children" in seen["after"]  # one child of six
    assert (seen["oak_before"], seen["oak_after"]) == ("0%", "100%")
    session = ForestSession.get()
    assert (session.group_name, session.led_by) == ("Oak", "Mr Reed")
    assert ForestAttendance.select().count() == 1
    assert AuditEntry.select().where(AuditEntry.action == "forest.session").exists()


def test_nobody_ticked_is_refused_in_place(qtbot, school, head):
    make_provision(school)
    dialog = show(qtbot, ForestSchoolDialog(head))
    dialog.group.setCurrentText("Oak")
    dialog.children_list.item(0).setCheckState(Qt.CheckState.Unchecked)
    assert not dialog.record()
    assert "Tick the children" in dialog.error.text() and dialog.error.isVisible()
    assert ForestSession.select().count() == 0


def test_office_sees_coverage_but_cannot_record(qtbot, school, office):
    make_provision(school)
    dialog = show(qtbot, ForestSchoolDialog(office))
    assert "This week" in dialog.summary.text() and not dialog.record_button.isEnabled()
