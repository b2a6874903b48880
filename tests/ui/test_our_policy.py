"""Issue 24 "done when": the Headteacher changes two rules in Tools > Our policy, adopts the
version, runs a request under it through the Flexi tab and prints the decision letter."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from flexidesk.policy import ourpolicy
from flexidesk.store.models import AuditEntry, FlexiDecision, FlexiRequest, IssuedDocument
from flexidesk.ui.school.our_policy import OurPolicyDialog
from tests.clock import TODAY
from tests.ui import test_flexi_journey as journey
from tests.ui.flexi_fixtures import make_family, type_date
from tests.ui.modal import Modal
from tests.ui.test_flexi_journey import heading, issue_decision_letter, ok, pdf_text

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")  # completer popup

# The Flexi tab and the "Issue" press of the journey's own tests.
tab = journey.tab
issued = journey.issued

ADOPTED = TODAY - dt.timedelta(days=14)  # Monday 16 November
RECEIVED = TODAY - dt.timedelta(days=10)
HELD = TODAY - dt.timedelta(days=3)  # Friday 27 November


@pytest.fixture
def policy_dialog(qtbot, head):
    dialog = OurPolicyDialog(head)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def change_two_rules_and_adopt(qtbot, dialog):
    form = dialog.form
    form.deadline_days.setFocus()
    form.deadline_days.selectAll()
    qtbot.keyClicks(form.deadline_days, "10")
    qtbot.mouseClick(form.gb_rule, Qt.MouseButton.LeftButton)
    changes = [dialog.changes.item(i).text() for i in range(dialog.changes.count())]
    assert changes == ["Decision deadline: 5 school days \u2192 10 school days",
                       "The governing body's rule applies: yes \u2192 no"]

    def adopt(d):
        type_date(qtbot, d.adopted_on, ADOPTED)
        type_date(qtbot, d.in_force_from, ADOPTED)
        type_date(qtbot, d.next_review, dt.date(2027, 11, 15))
        ok(qtbot, d)

    Modal(qtbot).click(dialog.adopt_button, adopt)
    assert "In force: version 1" in dialog.status.text()
    assert [dialog.changes.item(i).text() for i in range(dialog.changes.count())] \
        == ["Nothing changes."]


def test_change_two_rules_adopt_run_a_request_and_print_its_letter(
        qtbot, head, school, policy_dialog, tab, issued):
    change_two_rules_and_adopt(qtbot, policy_dialog)
    version = ourpolicy.in_force(TODAY)
    assert (version.number, version.deadline_days, version.governing_body_rule) == (1, 10, False)
    assert AuditEntry.select().where(AuditEntry.action == "policy.adopt").count() == 1

    make_family()
    tab.refresh()
    modal = Modal(qtbot)

    def receive(d):
        qtbot.keyClicks(d.pupil, "Hollis")
        qtbot.mouseClick(d.sessions.boxes["fri_am"], Qt.MouseButton.LeftButton)
        type_date(qtbot, d.received, RECEIVED)
        qtbot.keyClicks(d.reasons, "Wren learns best outdoors on Friday mornings.")
        ok(qtbot, d)

    modal.click(tab.new_button, receive)
    request = FlexiRequest.get()
    assert request.policy_version_id == version.version_id

    def arrange(d):
        type_date(qtbot, d.date, HELD)
        d.letter.setChecked(False)
        ok(qtbot, d)

    modal.click(tab.action_button("arrange_meeting"), arrange)
    modal.click(tab.action_button("record_meeting"), lambda d: ok(qtbot, d))

    def consider(d):
        assert not hasattr(d, "needs")  # no governing-body rule: the form does not ask
        assert "governing body" not in " ".join(
            w.text() for w in d.findChildren(type(d.reason_label)) if w.isVisible())
        for combo in d.ratings.values():
            combo.setFocus()
            qtbot.keyClick(combo, Qt.Key.Key_Down)
            qtbot.keyClick(combo, Qt.Key.Key_Down)
        ok(qtbot, d)

    modal.click(tab.action_button("record_considerations"), consider)
    assert "Considerations recorded" in heading(tab)
    assert "Made under our flexi-schooling policy, version 1" in tab.details.toPlainText()

    def decide(d):
        assert "11 December 2026: 9 working days left" in d.due.text()  # ten school days on
        qtbot.mouseClick(d.outcome["declined"], Qt.MouseButton.LeftButton)
        qtbot.keyClicks(d.reasons, "School is the right place for Wren this year.")
        ok(qtbot, d)

    modal.click(tab.action_button("decide"), decide)
    decision = FlexiDecision.get()
    assert decision.due_on == dt.date(2026, 12, 11)
    assert decision.policy_version_id == version.version_id
    letter = issue_decision_letter(qtbot, modal, tab)
    assert letter == IssuedDocument.get(IssuedDocument.kind == "flexi_decision")
    text = pdf_text(letter)
    assert "your request is declined" in text
    assert "Made under our flexi-schooling policy, version 1, adopted 16 Nov 2026." in text
    assert "governing body" not in text


def test_a_template_with_an_unknown_field_is_refused_in_the_form(qtbot, head, school,
                                                                 policy_dialog):
    box = policy_dialog.form.templates["decision_declined"]["en"]
    box.setFocus()
    qtbot.keyClicks(box, "Dear {parent_name}, {child_name} stays with us.")
    assert "letters.decision_declined.en" in policy_dialog.problem.text()
    assert "{parent_name}" in policy_dialog.problem.text()
    assert not policy_dialog.save_button.isEnabled()
    assert ourpolicy.draft() is None


def test_importing_a_bad_file_names_each_problem_and_a_good_one_fills_the_form(
        qtbot, head, school, policy_dialog, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from flexidesk.policy.ourpolicy.transfer import policy_file_text

    body = ourpolicy.default_policy()
    body["flexi"]["deadline_days"] = 45
    bad = tmp_path / "bad.json"
    bad.write_text(policy_file_text(body), encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    said = []

    def refused(box):
        said.append(box.text())
        box.accept()

    Modal(qtbot).click(policy_dialog.import_button, refused)
    assert "flexi.deadline_days: must be from 1 to 30, not 45" in said[0]
    assert ourpolicy.draft() is None and policy_dialog.form.deadline_days.value() == 5
    body["flexi"]["deadline_days"] = 15
    bad.write_text(policy_file_text(body), encoding="utf-8")
    qtbot.mouseClick(policy_dialog.import_button, Qt.MouseButton.LeftButton)
    assert policy_dialog.form.deadline_days.value() == 15
    assert ourpolicy.draft().deadline_days == 15
    assert "Draft: version 1." in policy_dialog.status.text()


def test_a_bad_file_imported_through_the_window_names_its_line(
        qtbot, head, school, policy_dialog, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from flexidesk.policy.ourpolicy.transfer import policy_file_text

    body = ourpolicy.default_policy()
    body["letters"]["invitation_opening"]["en"] = "Dear family of {child_name}, see {teacher}."
    text = policy_file_text(body).replace('"notice_weeks": 4', '"notice_weeks": 4.5')
    bad = tmp_path / "trust-policy.json"
    bad.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    notice = next(n for n, line in enumerate(lines, 1) if '"notice_weeks"' in line)
    template = next(n for n, line in enumerate(lines, 1) if "{teacher}" in line)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    said = []

    def refused(box):
        said.append(box.text())
        box.accept()

    Modal(qtbot).click(policy_dialog.import_button, refused)
    assert f"line {notice}: flexi.notice_weeks: must be a whole number" in said[0]
    assert f"line {template}: letters.invitation_opening.en: uses the field {{teacher}}" \
        in said[0]
    assert ourpolicy.draft() is None and policy_dialog.form.notice.value() == 4
