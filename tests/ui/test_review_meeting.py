"""Review-meeting mode: three due reviews recorded by keyboard alone, earlier reviews beside."""


from PySide6.QtCore import Qt, QTimer

from flexidesk.store.models import Enrolment, EnrolmentReview, Intervention
from flexidesk.ui.provision.review_meeting import ReviewMeetingDialog
from flexidesk.ui.provision.tab import ProvisionTab
from tests.clock import TODAY
from tests.ui.tab_data import days, make_provision, show


def _three_due(school):
    world = make_provision(school)
    games = Intervention.create(name="Games Club", sort_order=4)
    Enrolment.create(pupil=world["pupils"]["Kwame"], intervention=games, start_date=days(-30),
                     next_review_date=days(1), target="Lose a game calmly")
    return world


def _type_review(qtbot, dialog, score, note, *, end=False, told_key=None):
    """One review by keyboard: score, Tab, note, Tab, decision, Tab, date, Tab, family told."""
    assert dialog.score.hasFocus() or dialog.focusWidget() is dialog.score
    qtbot.keyClicks(dialog.score, score)
    qtbot.keyClick(dialog.score, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.notes, note)
    qtbot.keyClick(dialog.notes, Qt.Key.Key_Tab)
    if end:
        qtbot.keyClick(dialog.decision, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.decision, Qt.Key.Key_Tab)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)  # the next date keeps its default
    if told_key:
        qtbot.keyClick(dialog.told, told_key)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def test_three_reviews_by_keyboard_alone(qtbot, school, pastoral):
    world = _three_due(school)
    tab = show(qtbot, ProvisionTab(pastoral))
    recorded = []

    def meeting():
        dialog = next(w for w in tab.findChildren(ReviewMeetingDialog) if w.isVisible())
        qtbot.waitUntil(dialog.isActiveWindow)  # its shortcuts work once it is in front
        assert dialog.progress.text().startswith("Review 1 of 3 still due · overdue since")
        assert "Nell Ashdown" in dialog.child.text()
        assert "Take turns in a group" in dialog.target.text()
        # Her earlier review is beside the form, whole.
        assert "Joins in without prompting" in dialog.earlier.toPlainText()
        qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.score)
        _type_review(qtbot, dialog, "+2", "Leads the build now", told_key=Qt.Key.Key_P)
        assert "Kwame Osei-Hart" in dialog.child.text(), dialog.error.text()
        # What is still due counts down, and what was saved is counted.
        assert dialog.progress.text().startswith("Review 1 of 2 still due · 1 recorded · ")
        qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.score)
        _type_review(qtbot, dialog, "-1", "Found losing hard")
        assert "Omar Fenwick" in dialog.child.text(), (dialog.error.text(), dialog.score.currentText())
        qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.score)
        _type_review(qtbot, dialog, "0", "Settled, no change", end=True)
        assert dialog.child.text() == "No more reviews due."
        assert dialog.progress.text() == "3 reviews recorded."
        recorded.append(dialog.recorded)
        qtbot.keyClick(dialog.close_button, Qt.Key.Key_Return)

    failures = []

    def guarded():
        try:
            meeting()
        except BaseException as exc:  # a failed check must not leave the modal dialog open
            failures.append(exc)
            for dialog in tab.findChildren(ReviewMeetingDialog):
                dialog.discard()  # give up, unsaved, without being asked

    QTimer.singleShot(0, guarded)
    qtbot.keyClick(tab.table.search, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    if failures:
        raise failures[0]
    assert recorded == [3]
    saved = list(EnrolmentReview.select().where(EnrolmentReview.review_date == TODAY)
                 .order_by(EnrolmentReview.id))
    assert [(r.score, r.notes) for r in saved] == [
        (2, "Leads the build now"), (-1, "Found losing hard"), (0, "Settled, no change")]
    assert (saved[0].family_told_how, saved[0].family_told_on) == ("phone", TODAY)
    assert saved[1].family_told_how == "" and saved[1].family_told_on is None
    nell = Enrolment.get_by_id(world["lego_nell"].id)
    assert nell.next_review_date > TODAY
    omar = Enrolment.get_by_id(saved[2].enrolment_id)
    assert omar.end_date == TODAY
    # The map shows it at once: nothing overdue or due this week.
    assert "0 with a review overdue" in tab.summary.text()
    assert "0 due this week" in tab.summary.text()


def test_a_missing_score_is_said_in_place_and_nothing_is_lost(qtbot, school, pastoral):
    make_provision(school)
    dialog = show(qtbot, ReviewMeetingDialog(pastoral))
    dialog.notes.setPlainText("Half written")
    assert not dialog.save_and_next()
    assert dialog.error.isVisible() and "Choose a score" in dialog.error.text()
    assert dialog.notes.toPlainText() == "Half written"
    dialog.skip()
    assert "Omar Fenwick" in dialog.child.text()
    dialog.back()
    assert "Nell Ashdown" in dialog.child.text()


def test_office_has_no_review_meeting(qtbot, school, office):
    make_provision(school)
    tab = show(qtbot, ProvisionTab(office))
    assert tab.meeting_button.isHidden() and tab.review_meeting() == 0
