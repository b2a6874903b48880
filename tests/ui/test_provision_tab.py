"""The Provision map tab: search, sort, red overdue rows, filters, and the audited child's page."""

import datetime as dt

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFont

from flexidesk.store.models import AuditEntry
from flexidesk.ui.models.rows import LATE
from flexidesk.ui.provision.child_page import short_date
from flexidesk.ui.provision.tab import ProvisionTab
from tests.clock import TODAY
from tests.ui.tab_data import make_provision, show


def build(qtbot, actor, everyone=True):
    tab = show(qtbot, ProvisionTab(actor))
    if everyone:
        choose_filter(qtbot, tab, "All pupils")
    return tab


def choose_filter(qtbot, tab, label):
    """Pick a filter by its label, as chosen from the combo's list."""
    tab.filter.setCurrentIndex(tab.filter.findText(label))
    assert tab.filter.currentText() == label


def names(tab):
    return [r.name for r in tab.model.visible_objects()]


def row_of(tab, name):
    return tab.model.row_of(lambda r: r.name == name)


def lines_under(item):
    """The lines under a line of the child's page: (wrapped text lines, other lines)."""
    kids = [item.child(i) for i in range(item.childCount())]
    return ([k.text(0) for k in kids if k.isFirstColumnSpanned()],
            [k for k in kids if not k.isFirstColumnSpanned()])


def first_review(tab):
    """The newest review of the child's first provision, and the note under it."""
    _texts, reviews = lines_under(tab.child.enrolments.topLevelItem(0))
    notes = [t for t in lines_under(reviews[0])[0] if not t.startswith("Family ")]
    return reviews[0], notes


def family_line(tab):
    """What the newest review of the first provision says about telling the family."""
    _texts, reviews = lines_under(tab.child.enrolments.topLevelItem(0))
    return next(t for t in lines_under(reviews[0])[0] if t.startswith("Family "))


def first_summary(tab):
    return lines_under(tab.child.contacts.topLevelItem(0))[0]


def test_typing_in_the_search_box_shrinks_the_table(qtbot, pastoral):
    make_provision(None)
    tab = build(qtbot, pastoral)
    assert tab.table.view.model().rowCount() == 6
    qtbot.keyClicks(tab.table.search, "lego")
    assert sorted(names(tab)) == ["Nell Ashdown", "Priya Castell"]
    assert tab.table.count_label.text() == "2 of 6"
    tab.table.search.clear()
    qtbot.keyClicks(tab.table.search, "ehcp")
    assert names(tab) == ["Tomasz Brightwater"]


def click_header(qtbot, tab, column):
    header = tab.table.view.horizontalHeader()
    pos = QPoint(header.sectionViewportPosition(column) + 10, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def test_clicking_a_header_changes_the_order(qtbot, head):
    make_provision(None)
    tab = build(qtbot, head)
    assert names(tab)[:2] == ["Nell Ashdown", "Tomasz Brightwater"]  # by surname at first
    click_header(qtbot, tab, 1)  # Year: Reception first
    assert names(tab)[0] == "Ivy Lindqvist" and names(tab)[-1] == "Tomasz Brightwater"
    click_header(qtbot, tab, 1)
    assert names(tab)[0] == "Tomasz Brightwater"
    click_header(qtbot, tab, 5)  # Next review: the overdue one first
    assert names(tab)[:3] == ["Nell Ashdown", "Omar Fenwick", "Priya Castell"]


def test_overdue_row_is_red_and_due_this_week_bold(qtbot, pastoral):
    make_provision(None)
    tab = build(qtbot, pastoral)
    model = tab.model
    nell = model.index(row_of(tab, "Nell Ashdown"), 5)
    assert model.data(nell, Qt.ItemDataRole.ForegroundRole).color() == LATE
    assert "(overdue)" in model.data(nell)
    omar = model.index(row_of(tab, "Omar Fenwick"), 5)
    assert isinstance(model.data(omar, Qt.ItemDataRole.FontRole), QFont)
    assert model.data(omar, Qt.ItemDataRole.FontRole).bold()
    priya = model.index(row_of(tab, "Priya Castell"), 0)
    assert model.data(priya, Qt.ItemDataRole.ForegroundRole) is None
    summary = tab.summary.text()
    assert "<b>3</b> of 6 pupils with provision" in summary
    assert "1 with a review overdue" in summary and "1 due this week" in summary


def test_opens_on_pupils_with_provision_and_filters_narrow(qtbot, pastoral):
    make_provision(None)
    tab = build(qtbot, pastoral, everyone=False)
    assert tab.filter.currentText() == "With provision"
    assert sorted(names(tab)) == ["Nell Ashdown", "Omar Fenwick", "Priya Castell"]
    choose_filter(qtbot, tab, "Overdue reviews")
    assert names(tab) == ["Nell Ashdown"]
    choose_filter(qtbot, tab, "Due this week")
    assert names(tab) == ["Omar Fenwick"]
    choose_filter(qtbot, tab, "All pupils")
    assert len(names(tab)) == 6
    tab.filter.setFocus()
    qtbot.keyClick(tab.filter, Qt.Key.Key_O)  # each choice starts with its own letter
    assert names(tab) == ["Nell Ashdown"]
    choose_filter(qtbot, tab, "With provision")
    qtbot.keyClicks(tab.table.search, "omar")  # the search works within the filter
    assert names(tab) == ["Omar Fenwick"]


def test_enter_opens_the_childs_page_and_audits_it(qtbot, pastoral):
    world = make_provision(None)
    tab = build(qtbot, pastoral)
    qtbot.mouseClick(tab.table.search, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(tab.table.search, "ashdown")
    qtbot.keyClick(tab.table.search, Qt.Key.Key_Down)
    before = AuditEntry.select().count()
    qtbot.keyClick(tab.table.view, Qt.Key.Key_Return)
    assert tab.side.currentIndex() == 1
    assert tab.child.title.text() == "Nell Ashdown"
    assert "UPN T000000000001" in tab.child.details.text()
    lines = tab.child.enrolments.texts()
    assert lines[0][0] == "Lego Therapy" and "(overdue)" in lines[0][2]
    targets, _reviews = lines_under(tab.child.enrolments.topLevelItem(0))
    assert targets == ["Target: Take turns in a group"]
    review, notes = first_review(tab)
    assert review.text(2) == "+1: some benefit"
    assert notes == ["Joins in without prompting"]
    assert first_summary(tab) == ["Shared the good review with dad"]
    views = list(AuditEntry.select().where(AuditEntry.id > before))
    assert [(v.action, v.pupil_id) for v in views] == [("view.pupil",
                                                        world["pupils"]["Nell"].id)]
    qtbot.keyClick(tab.child.enrolments, Qt.Key.Key_Escape)
    assert tab.side.currentIndex() == 0 and tab.child.page is None


def test_office_does_not_see_confidential_counselling_nor_notes(qtbot, office):
    make_provision(None)
    tab = build(qtbot, office)
    omar = tab.model.row_object(row_of(tab, "Omar Fenwick"))
    assert omar.interventions == ("Nurture Group",)
    qtbot.keyClicks(tab.table.search, "counselling")
    assert tab.model.rowCount() == 0
    tab.table.search.clear()
    tab.table.select_where(lambda r: r.name == "Nell Ashdown")
    where = tab.table.view.visualRect(tab.table.view.currentIndex()).center()
    qtbot.mouseClick(tab.table.view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(tab.table.view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert tab.child.title.text() == "Nell Ashdown"
    assert first_review(tab)[1] == ["(notes not shown to your role)"]
    assert first_summary(tab) == ["(not shown to your role)"]


def test_clear_drops_every_row_and_the_open_page(qtbot, head):
    make_provision(None)
    tab = build(qtbot, head)
    tab.table.select_row(0)
    tab.open_child(tab.table.current_object())
    tab.clear()
    assert tab.model.rowCount() == 0 and tab.model.total_count() == 0
    assert tab.child.page is None and tab.child.enrolments.topLevelItemCount() == 0
    assert tab.summary.text() == ""
    tab.refresh()
    assert tab.model.rowCount() == 6


def open_nell(qtbot, tab):
    tab.table.select_where(lambda r: r.name == "Nell Ashdown")
    tab.table.view.setFocus()
    qtbot.keyClick(tab.table.view, Qt.Key.Key_Return)
    assert tab.child.title.text() == "Nell Ashdown"


def test_recording_a_review_from_the_childs_page(qtbot, pastoral):
    from PySide6.QtCore import QTimer

    from flexidesk.store.models import Enrolment, EnrolmentReview
    from flexidesk.ui.provision.dialogs import ReviewDialog

    world = make_provision(None)
    tab = build(qtbot, pastoral)
    open_nell(qtbot, tab)
    assert tab.child.review_button.isVisible() and tab.child.review_button.isEnabled()
    seen = {}

    def fill():
        dialog = next(w for w in tab.findChildren(ReviewDialog) if w.isVisible())
        seen["ok_at_first"] = dialog.ok_button.isEnabled()
        qtbot.keyClick(dialog.score, Qt.Key.Key_Down)  # the first score offered is +2
        qtbot.keyClicks(dialog.notes, "Now leads the building task")
        dialog.told.setCurrentIndex(dialog.told.findData("email"))
        seen["ok_then"] = dialog.ok_button.isEnabled()
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        if dialog.isVisible():  # never leave the test waiting on an open form
            dialog.discard()  # give up, unsaved, without being asked

    QTimer.singleShot(0, fill)
    assert qtbot.mouseClick(tab.child.review_button, Qt.MouseButton.LeftButton) is None
    assert seen["ok_at_first"] is False  # no score chosen yet
    assert seen["ok_then"] is True
    saved = EnrolmentReview.select().order_by(EnrolmentReview.id.desc()).first()
    assert (saved.score, saved.notes) == (2, "Now leads the building task")
    assert saved.enrolment_id == world["lego_nell"].id
    assert Enrolment.get_by_id(world["lego_nell"].id).next_review_date > saved.review_date
    # The list and the page show it at once: Nell is no longer overdue.
    nell = tab.model.row_object(row_of(tab, "Nell Ashdown"))
    assert not nell.overdue
    assert first_review(tab)[1] == ["Now leads the building task"]
    assert (saved.family_told_how, saved.family_told_on) == ("email", saved.review_date)
    assert family_line(tab) == f"Family told by email on {short_date(saved.review_date)}"


def test_logging_a_contact_from_the_childs_page(qtbot, pastoral):
    from PySide6.QtCore import QTimer

    from flexidesk.store.models import FamilyContact
    from flexidesk.ui.provision.dialogs import ContactDialog

    make_provision(None)
    tab = build(qtbot, pastoral)
    open_nell(qtbot, tab)

    def fill():
        dialog = next(w for w in tab.findChildren(ContactDialog) if w.isVisible())
        assert not dialog.ok_button.isEnabled()  # a summary is needed
        qtbot.keyClicks(dialog.summary, "Mum asked how the group is going")
        dialog.method.setCurrentIndex(dialog.method.findData("meeting"))
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        if dialog.isVisible():
            dialog.discard()  # give up, unsaved, without being asked

    QTimer.singleShot(0, fill)
    qtbot.mouseClick(tab.child.contact_button, Qt.MouseButton.LeftButton)
    saved = FamilyContact.select().order_by(FamilyContact.id.desc()).first()
    assert (saved.method, saved.summary) == ("meeting", "Mum asked how the group is going")
    assert first_summary(tab) == ["Mum asked how the group is going"]


def test_office_gets_no_review_or_contact_buttons(qtbot, office):
    make_provision(None)
    tab = build(qtbot, office)
    open_nell(qtbot, tab)
    assert not tab.child.review_button.isVisible()
    assert not tab.child.contact_button.isVisible()


def test_next_review_reads_whole_and_interventions_take_the_room_left(qtbot, pastoral):
    make_provision(None)
    tab = build(qtbot, pastoral)
    tab.resize(1366, 720)
    view, model = tab.table.view, tab.model
    bold = QFont(view.font())
    bold.setBold(True)
    from PySide6.QtGui import QFontMetrics

    widest = QFontMetrics(bold)
    for row in range(model.rowCount()):
        text = model.data(model.index(row, 5))
        assert widest.horizontalAdvance(text) + 8 <= view.columnWidth(5), text
    # The interventions column, not the last one, grows with the window.
    before = view.columnWidth(4)
    tab.resize(1600, 720)
    qtbot.waitUntil(lambda: view.columnWidth(4) > before)


def test_starting_and_ending_provision_from_the_childs_page(qtbot, pastoral):
    from PySide6.QtCore import QTimer

    from flexidesk.store.models import Enrolment
    from flexidesk.ui.provision.dialogs import EndEnrolmentDialog, EnrolDialog

    world = make_provision(None)
    tab = build(qtbot, pastoral)
    open_nell(qtbot, tab)
    seen = {}

    def start():
        dialog = next(w for w in tab.findChildren(EnrolDialog) if w.isVisible())
        # Nell is already in Lego Therapy: it is not offered again.
        seen["offered"] = [dialog.intervention.itemText(i)
                           for i in range(1, dialog.intervention.count())]
        seen["ok_at_first"] = dialog.ok_button.isEnabled()
        dialog.intervention.setCurrentIndex(dialog.intervention.findText("Nurture Group"))
        qtbot.keyClicks(dialog.target, "Settles within ten minutes of arriving")
        seen["first_review"] = dialog.first_review.value()
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        if dialog.isVisible():
            dialog.discard()  # give up, unsaved, without being asked

    QTimer.singleShot(0, start)
    qtbot.mouseClick(tab.child.enrol_button, Qt.MouseButton.LeftButton)
    assert seen["offered"] == ["Nurture Group", "Counselling (confidential)"]
    assert seen["ok_at_first"] is False
    nell = world["pupils"]["Nell"]
    started = Enrolment.get((Enrolment.pupil == nell)
                            & (Enrolment.target == "Settles within ten minutes of arriving"))
    assert started.next_review_date == seen["first_review"] == started.start_date + dt.timedelta(
        weeks=6)
    assert "Nurture Group" in tab.model.row_object(row_of(tab, "Nell Ashdown")).interventions
    assert "Nurture Group" in [tab.child.enrolments.topLevelItem(i).text(0)
                               for i in range(tab.child.enrolments.topLevelItemCount())]

    # End Lego Therapy: select it on the page, then End provision.
    tree = tab.child.enrolments
    lego_item = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                     if tree.topLevelItem(i).text(0).startswith("Lego Therapy"))
    tree.setCurrentItem(lego_item)
    assert tab.child.end_button.isEnabled()

    def end():
        dialog = next(w for w in tab.findChildren(EndEnrolmentDialog) if w.isVisible())
        seen["end_ok_at_first"] = dialog.ok_button.isEnabled()  # an outcome is needed
        qtbot.keyClicks(dialog.exit, "Takes turns without a reminder")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        if dialog.isVisible():
            dialog.discard()  # give up, unsaved, without being asked

    QTimer.singleShot(0, end)
    qtbot.mouseClick(tab.child.end_button, Qt.MouseButton.LeftButton)
    assert seen["end_ok_at_first"] is False
    ended = Enrolment.get_by_id(world["lego_nell"].id)
    assert (ended.end_date, ended.exit_data, ended.next_review_date) == (
        TODAY, "Takes turns without a reminder", None)
    # Today is its last day; no review of it is due any more, so Nell is not overdue.
    row = tab.model.row_object(row_of(tab, "Nell Ashdown"))
    assert not row.overdue and row.next_review == started.next_review_date


def test_office_cannot_start_or_end_provision(qtbot, office):
    make_provision(None)
    tab = build(qtbot, office)
    open_nell(qtbot, tab)
    assert not tab.child.enrol_button.isVisible() and not tab.child.end_button.isVisible()


def test_search_finds_a_child_without_provision_and_says_the_filter_hid_them(qtbot, pastoral):
    make_provision(None)
    tab = build(qtbot, pastoral, everyone=False)
    assert tab.filter.currentText() == "With provision"
    assert "Kwame Osei-Hart" not in names(tab) and tab.hidden_hint.isHidden()
    qtbot.keyClicks(tab.table.search, "kwame")
    assert names(tab) == ["Kwame Osei-Hart"]
    assert tab.hidden_hint.isVisible()
    assert "1 match is not in \u201cWith provision\u201d" in tab.hidden_hint.text()
    # A match within the filter needs no word; clearing the search brings the filter back.
    tab.table.search.clear()
    qtbot.keyClicks(tab.table.search, "omar")
    assert names(tab) == ["Omar Fenwick"] and tab.hidden_hint.isHidden()
    tab.table.search.clear()
    assert sorted(names(tab)) == ["Nell Ashdown", "Omar Fenwick", "Priya Castell"]
    assert tab.filter.currentText() == "With provision"


def test_childs_page_shows_long_targets_notes_and_summaries_whole_and_wrapped(qtbot, pastoral):
    from flexidesk.store.models import EnrolmentReview, FamilyContact

    world = make_provision(None)
    target = ("Take turns in a group of four for a whole session, asking for help with words "
              "rather than leaving the table, and say one thing that went well at the end. ") * 2
    lego = world["lego_nell"]
    lego.target = target.strip()
    lego.save()
    note = "Joined in without prompting; " * 12
    EnrolmentReview.update(notes=note.strip()).execute()
    FamilyContact.update(summary=("Long chat with dad about the group. " * 10).strip()).execute()
    tab = build(qtbot, pastoral)
    tab.resize(1300, 900)
    tab.show_pupil(world["pupils"]["Nell"].id)
    tree = tab.child.enrolments
    target_line = tree.topLevelItem(0).child(0)
    assert target_line.text(0) == "Target: " + target.strip()
    assert target_line.isFirstColumnSpanned() and not target_line.toolTip(0)
    # Wrapped: the line is several text lines tall and no wider than the list.
    qtbot.waitUntil(lambda: tree.visualItemRect(target_line).height()
                    > 2 * tree.fontMetrics().height())
    assert tree.visualItemRect(target_line).right() <= tree.viewport().width()
    assert first_review(tab)[1] == [note.strip()]
    contacts = tab.child.contacts
    summary = contacts.topLevelItem(0).child(0)
    assert summary.text(0).endswith("about the group.") and summary.isFirstColumnSpanned()
    assert contacts.visualItemRect(summary).height() > 2 * contacts.fontMetrics().height()
