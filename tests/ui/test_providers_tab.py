"""The Providers tab: status in red where not ready, search, sort, and the side panel's detail."""

from PySide6.QtCore import QPoint, Qt

from flexidesk.policy.vocabulary import CHECKLIST
from flexidesk.ui.models.rows import LATE
from flexidesk.ui.providers.tab import ProvidersTab
from tests.clock import TODAY
from tests.ui.tab_data import make_providers, show


def build(qtbot, actor):
    return show(qtbot, ProvidersTab(actor))


def names(tab):
    return [r.name for r in tab.model.visible_objects()]


def test_list_shows_status_and_paints_the_not_ready_provider_red(qtbot, pastoral):
    make_providers(None)
    tab = build(qtbot, pastoral)
    model = tab.model
    assert names(tab) == ["Hilltop Farm Learning", "Riverside Boxing Academy"]
    hill, river = model.index(0, 3), model.index(1, 3)
    assert model.data(hill) == "Ready"
    assert model.data(hill, Qt.ItemDataRole.ForegroundRole) is None
    assert model.data(river) == f"{len(CHECKLIST) - 1} missing, 1 expired"
    assert model.data(river, Qt.ItemDataRole.ForegroundRole).color() == LATE
    assert model.data(model.index(0, 2)) == "Yes"
    assert model.data(model.index(0, 4)) == "1"


def test_search_and_sort(qtbot, pastoral):
    make_providers(None)
    tab = build(qtbot, pastoral)
    qtbot.keyClicks(tab.table.search, "boxing")
    assert names(tab) == ["Riverside Boxing Academy"]
    tab.table.search.clear()
    header = tab.table.view.horizontalHeader()
    pos = QPoint(header.sectionViewportPosition(3) + 10, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    first = names(tab)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert names(tab) == list(reversed(first))


def test_side_panel_shows_checklist_sites_and_placements(qtbot, pastoral):
    make_providers(None)
    tab = build(qtbot, pastoral)
    # The first provider is shown at once; click the second row to switch.
    assert tab.panel.title.text() == "Hilltop Farm Learning"
    sites = tab.panel.sites.texts()
    assert sites[0][0] == "Lower Meadow yard"
    placement = tab.panel.placements.texts()[0]
    assert placement[0] == "Zara Quinlan" and "(overdue)" in placement[4]
    assert placement[5].endswith("+2: clear benefit")
    assert placement[6] != ""  # the family were told
    checklist = tab.panel.checklist.texts()
    assert len(checklist) == len(CHECKLIST) and checklist[0][1] == "Held"
    assert checklist[0][4] == "Ben Marsh"

    view = tab.table.view
    where = view.visualRect(tab.model.index(1, 0)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert tab.panel.title.text() == "Riverside Boxing Academy"
    assert "Not ready" in tab.panel.status.text()
    lines = {row[0]: row for row in tab.panel.checklist.texts()}
    insurance = lines["Insurance certificates"]
    assert insurance[1] == "Held (expired)"  # out of date: painted red, and says so
    item = tab.panel.checklist.topLevelItem(list(CHECKLIST).index("insurance"))
    assert item.foreground(0).color() == LATE
    assert tab.panel.placements.texts()[0][0] == "No placements."
    assert "No site recorded" in tab.panel.sites.texts()[0][0]


def test_clear_forgets_everything(qtbot, head):
    make_providers(None)
    tab = build(qtbot, head)
    tab.clear()
    assert tab.model.total_count() == 0
    assert tab.panel.detail is None and tab.panel.placements.topLevelItemCount() == 0
    assert tab.side.currentIndex() == 0
    tab.refresh()
    assert tab.model.rowCount() == 2 and tab.panel.title.text() == "Hilltop Farm Learning"


def test_updating_a_checklist_item_from_the_panel(qtbot, pastoral):
    import datetime as dt

    from PySide6.QtCore import QTimer

    from flexidesk.store.models import DueDiligenceItem
    from flexidesk.ui.providers.dialogs import ChecklistItemDialog

    make_providers(None)
    tab = build(qtbot, pastoral)
    tab.table.select_row(1)  # Riverside: insurance expired, the rest missing
    tree = tab.panel.checklist
    assert not tab.panel.update_button.isEnabled()  # nothing chosen yet
    insurance = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                     if tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) == "insurance")
    tree.setCurrentItem(insurance)
    assert tab.panel.update_button.isVisible() and tab.panel.update_button.isEnabled()
    seen = {}

    def fill():
        dialog = next(w for w in tab.findChildren(ChecklistItemDialog) if w.isVisible())
        dialog.status.setCurrentIndex(dialog.status.findData("held"))
        dialog.evidence.clear()
        seen["ok_without_evidence"] = dialog.ok_button.isEnabled()
        qtbot.keyClicks(dialog.evidence, "Public liability certificate seen")
        dialog.expires.setChecked(True)
        dialog.expiry.set_value(TODAY + dt.timedelta(days=200))
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        if dialog.isVisible():
            dialog.discard()  # give up, unsaved, without being asked

    QTimer.singleShot(0, fill)
    qtbot.mouseClick(tab.panel.update_button, Qt.MouseButton.LeftButton)
    assert seen["ok_without_evidence"] is False
    from flexidesk.store.models import Provider

    river = Provider.get(Provider.name == "Riverside Boxing Academy")
    saved = DueDiligenceItem.get((DueDiligenceItem.provider == river)
                                 & (DueDiligenceItem.item == "insurance"))
    assert (saved.status, saved.evidence) == ("held", "Public liability certificate seen")
    assert saved.expires_on == TODAY + dt.timedelta(days=200)
    # The list and the panel say so at once, and the same item stays selected.
    assert tab.model.data(tab.model.index(1, 3)) == f"{len(CHECKLIST) - 1} missing"
    assert tab.panel.selected_item().code == "insurance"
    assert tab.panel.selected_item().status == "held"


def test_the_office_sees_the_checklist_but_no_update_button(qtbot, office):
    make_providers(None)
    tab = build(qtbot, office)
    assert not tab.panel.update_button.isVisible()


def test_reviewing_a_placement_from_the_panel(qtbot, pastoral):

    from PySide6.QtCore import QTimer

    from flexidesk.store.models import PlacementReview
    from flexidesk.ui.providers.dialogs import PlacementReviewDialog

    world = make_providers(None)
    tab = build(qtbot, pastoral)
    tab.table.select_row(0)  # Hilltop: Zara's placement, its review a day overdue
    tree = tab.panel.placements
    tree.setCurrentItem(tree.topLevelItem(0))
    assert tab.panel.review_button.isVisible() and tab.panel.review_button.isEnabled()
    seen = {}

    def fill():
        dialog = next(w for w in tab.findChildren(PlacementReviewDialog) if w.isVisible())
        qtbot.keyClick(dialog.score, Qt.Key.Key_Down)  # +2 is offered first
        dialog.attendance.setValue(88)
        dialog.told.setChecked(True)
        seen["ok_without_feedback"] = dialog.ok_button.isEnabled()
        qtbot.keyClicks(dialog.feedback, "Rang dad: she is proud of the lambing work")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        if dialog.isVisible():
            dialog.discard()  # give up, unsaved, without being asked

    QTimer.singleShot(0, fill)
    qtbot.mouseClick(tab.panel.review_button, Qt.MouseButton.LeftButton)
    assert seen["ok_without_feedback"] is False
    saved = PlacementReview.select().order_by(PlacementReview.id.desc()).first()
    assert saved.placement_id == world["placement"].id
    assert (saved.score, saved.attendance_percent, saved.family_feedback) == (
        2, 88, "Rang dad: she is proud of the lambing work")
    assert saved.family_feedback_on == TODAY
    # The panel shows it at once: no longer overdue, the family told today.
    row = tab.panel.placements.topLevelItem(0)
    assert "overdue" not in row.text(4)
    assert row.foreground(0).color() != LATE


def test_a_placement_not_started_yet_cannot_be_reviewed(qtbot, pastoral):
    import datetime as dt

    from flexidesk.store.models import Placement

    world = make_providers(None)
    Placement.update(start_date=TODAY + dt.timedelta(days=10), status="planned").where(
        Placement.id == world["placement"].id).execute()
    tab = build(qtbot, pastoral)
    tab.table.select_row(0)
    tab.panel.placements.setCurrentItem(tab.panel.placements.topLevelItem(0))
    assert not tab.panel.review_button.isEnabled()


def test_a_family_letter_with_no_parent_to_write_to_asks_before_it_is_printed(qtbot, pastoral):
    from PySide6.QtWidgets import QMessageBox

    from flexidesk.ui.dialogs.document_preview import DocumentPreviewDialog
    from tests.ui.modal import Modal

    make_providers(None)  # Zara has no parent or carer recorded
    tab = build(qtbot, pastoral)
    tab.table.select_row(0)
    tree = tab.panel.placements
    tree.setCurrentItem(tree.topLevelItem(0))
    asked = []

    def answer(which):
        def handle(box):
            assert isinstance(box, QMessageBox)
            asked.append(box.text())
            button = next(b for b in box.buttons() if which in b.text())
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        return handle

    def close_preview(preview):
        assert isinstance(preview, DocumentPreviewDialog)
        preview.reject()

    modal = Modal(qtbot)
    modal.click(tab.panel.letter_button, answer("Stop"))  # nothing is shown or recorded
    assert "Dear Parent or carer" in asked[0] and "Zara" in asked[0]
    modal.click(tab.panel.letter_button, answer("Go ahead"), close_preview)
    assert len(asked) == 2
