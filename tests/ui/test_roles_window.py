"""Roles at the window: the governor sees no child's name anywhere; office sees no review notes."""

import pytest

from flexidesk.policy.records.access import Actor
from flexidesk.store.models import Adult, Enrolment, EnrolmentReview, Pupil, StaffUser
from flexidesk.ui.main_window import MainWindow

from .school_fixtures import shown_text

demo = pytest.importorskip("flexidesk.demo")


def _actor(role):
    return Actor.from_user(StaffUser.get(StaffUser.role == role))


def _window(qtbot, role, database):
    window = MainWindow(_actor(role), database)
    qtbot.addWidget(window)
    window.show()
    return window


def _every_page_text(window) -> str:
    """What can be read on each tab in turn (and the governors' page, if that is all there is)."""
    if window.tabs is None:
        return shown_text(window)
    texts = []
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        texts.append(shown_text(window))
    return "\n".join(texts)


def _people_names():
    names = set()
    for p in Pupil.select():
        names |= {f"{p.legal_first_name} {p.legal_last_name}",
                  f"{p.legal_last_name}, {p.legal_first_name}"}
        if p.preferred_name:
            names.add(f"{p.preferred_name} {p.legal_last_name}")
    names |= {f"{a.first_name} {a.last_name}" for a in Adult.select()}
    return names


def test_headteacher_sees_children_so_the_check_below_means_something(qtbot, opened):
    text = _every_page_text(_window(qtbot, "headteacher", opened))
    assert any(name in text for name in _people_names())


def test_governor_sees_no_child_or_parent_name_anywhere(qtbot, opened):
    window = _window(qtbot, "governor", opened)
    text = _every_page_text(window)
    assert text.strip()  # the reports page really is showing something
    leaked = sorted(name for name in _people_names() if name in text)
    assert leaked == []


def _child_with_review_notes():
    review = (EnrolmentReview.select().join(Enrolment)
              .where(EnrolmentReview.notes != "", Enrolment.confidential == False)  # noqa: E712
              .order_by(EnrolmentReview.id).first())
    assert review is not None, "the demo has reviews with notes"
    return review.enrolment.pupil_id, review.notes


@pytest.mark.parametrize("role, sees_notes", [("headteacher", True), ("pastoral_lead", True),
                                              ("office", False)])
def test_review_notes_on_a_childs_page_only_for_head_and_pastoral(qtbot, opened, role,
                                                                  sees_notes):
    pupil_id, notes = _child_with_review_notes()
    window = _window(qtbot, role, opened)
    tab = window.provision_tab
    window.tabs.setCurrentWidget(tab)
    tab.filter.setCurrentIndex(tab.filter.findData("all"))
    row = tab.model.row_of(lambda r: r.id == pupil_id)
    tab.open_child(tab.model.row_object(row))
    text = shown_text(window)
    assert (notes in text) is sees_notes
