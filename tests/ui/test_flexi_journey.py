"""Issue 4 "done when": the Headteacher walks requests through the real Flexi tab and its dialogs.

One request goes from received to an active, signed agreement; another to a declined
decision letter. Modal dialogs are driven as they open (typing into their real widgets);
the document preview is accepted as if "Issue" were pressed, but the real PDF is rendered,
recorded, re-rendered from its stored params and read back with pypdf.
"""

import datetime as dt
import io
import json

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from flexidesk.i18n import _, format_long_date
from flexidesk.policy import flexi
from flexidesk.policy.records.access import PermissionDenied
from flexidesk.policy.records.documents import pdf_sha256
from flexidesk.store.models import (
    AgreementParty,
    AuditEntry,
    FlexiAgreement,
    FlexiDecision,
    FlexiRequest,
    IssuedDocument,
)
from flexidesk.ui.flexi import dialogs
from flexidesk.ui.flexi.tab import FlexiTab
from tests.clock import TODAY
from tests.ui.flexi_fixtures import make_family, make_provision, request_at, tick, type_date
from tests.ui.modal import Modal

RECEIVED = TODAY - dt.timedelta(days=10)
HELD = TODAY - dt.timedelta(days=3)  # so a decision today is within five working days

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")  # completer popup


@pytest.fixture
def issued(monkeypatch):
    """Press "Issue" in every document preview; remember the titles shown."""
    from flexidesk.ui.dialogs.document_preview import DocumentPreviewDialog

    seen = []

    def accept(self):
        seen.append(self.windowTitle())
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(DocumentPreviewDialog, "exec", accept)
    return seen


def ok(qtbot, dialog):
    assert dialog.ok_button.isEnabled(), dialog.reason_label.text()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def pdf_text(document: IssuedDocument) -> str:
    """Rebuild the issued PDF from its stored params, check it is the same file, read its text."""
    from flexidesk.documents.render import render


    pdf = render(document.kind, json.loads(document.params))
    assert pdf_sha256(pdf) == document.sha256  # a reprint is the very letter the family got
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())


@pytest.fixture
def tab(qtbot, head):
    tab = FlexiTab(head)
    qtbot.addWidget(tab)
    tab.resize(1300, 800)
    tab.show()
    qtbot.waitExposed(tab)
    return tab


def no_appeal() -> str:
    """The letter's no-appeal sentence, as the reader sees it."""
    from flexidesk.documents.wording import NO_APPEAL

    return " ".join(_(NO_APPEAL).split())


def heading(tab) -> str:
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setHtml(tab.heading.text())
    return doc.toPlainText()


def walk_to_decision(qtbot, modal, tab, *, needs_met: bool, provision: str = ""):
    """New request, meeting (with invitation), meeting held, considerations: as the Head would."""

    def receive(d):
        qtbot.keyClicks(d.pupil, "Hollis")
        qtbot.mouseClick(d.sessions.boxes["fri_am"], Qt.MouseButton.LeftButton)
        qtbot.mouseClick(d.sessions.boxes["fri_pm"], Qt.MouseButton.LeftButton)
        type_date(qtbot, d.received, RECEIVED)
        qtbot.keyClicks(d.reasons, "Wren learns best outdoors; her grandmother farms nearby.")
        ok(qtbot, d)

    modal.click(tab.new_button, receive)
    request = FlexiRequest.get()
    assert tab.current_request_id() == request.id
    assert "Request received" in heading(tab)
    assert tab.action_codes()[0] == "arrange_meeting"

    def arrange(d):
        type_date(qtbot, d.date, HELD)
        d.place.selectAll()
        qtbot.keyClicks(d.place, "The library")
        assert d.letter.isChecked()  # the invitation follows
        ok(qtbot, d)

    modal.click(tab.action_button("arrange_meeting"), arrange)
    assert "Meeting arranged" in heading(tab)
    invitation = IssuedDocument.get(IssuedDocument.kind == "flexi_invitation")
    assert invitation.request_id == request.id
    invited = pdf_text(invitation)
    assert format_long_date(HELD) in invited and "The library" in invited and "3.30pm" in invited

    def meeting(d):
        assert d.held.value() == HELD
        qtbot.keyClicks(d.notes, "Wren brought her nature diary; Mrs Hollis explained the farm.")
        ok(qtbot, d)

    modal.click(tab.action_button("record_meeting"), meeting)
    assert "Meeting held" in heading(tab)

    def consider(d):
        for n, combo in enumerate(d.ratings.values()):
            combo.setFocus()
            for _i in range(3 if n in (0, 6) else 2):  # two concerns, the rest neutral
                qtbot.keyClick(combo, Qt.Key.Key_Down)
        qtbot.keyClicks(d.notes["provision"], "Lego Therapy would help with group work.")
        qtbot.mouseClick(d.needs["yes" if needs_met else "no"], Qt.MouseButton.LeftButton)
        if provision:
            tick(qtbot, d.provision, provision)
        ok(qtbot, d)

    modal.click(tab.action_button("record_considerations"), consider)
    assert "Considerations recorded" in heading(tab)
    assert "decide" in tab.action_codes()
    return request.id


def issue_decision_letter(qtbot, modal, tab):
    def letter(d):
        assert d.date.value() == TODAY
        assert not d.confirm_late.isVisible()  # on time
        ok(qtbot, d)

    modal.click(tab.action_button("issue_decision_letter"), letter)
    return IssuedDocument.get(IssuedDocument.kind == "flexi_decision")


def test_headteacher_walks_a_request_to_a_signed_running_arrangement_and_its_end_with_notice(
        qtbot, tab, head, school, issued):
    make_family()
    make_provision()
    tab.refresh()
    modal = Modal(qtbot)
    rid = walk_to_decision(qtbot, modal, tab, needs_met=False)

    def decide(d):
        assert "working day" in d.due.text() and "overdue" not in d.due.text()
        qtbot.mouseClick(d.outcome["agreed"], Qt.MouseButton.LeftButton)
        assert not d.justification.isVisible()  # needs cannot be met in school: no justification
        qtbot.keyClicks(d.reasons, "A Friday at the farm supports her learning and wellbeing.")
        ok(qtbot, d)

    modal.click(tab.action_button("decide"), decide)
    decision = FlexiDecision.get()
    assert (decision.outcome, decision.decided_on) == ("agreed", TODAY)
    assert "Decision made" in heading(tab)

    letter = issue_decision_letter(qtbot, modal, tab)
    assert FlexiRequest.get_by_id(rid).stage == "letter_issued"
    assert "Agreed: letter sent" in heading(tab)
    text = pdf_text(letter)
    assert "Wren Hollis" in text and "Mrs Juno Hollis" in text
    assert format_long_date(TODAY) in text  # the letter's date
    assert format_long_date(HELD) in text  # the meeting
    assert format_long_date(RECEIVED) in text
    assert "your request is agreed" in text
    assert "code C" in text
    assert "A Friday at the farm supports her learning and wellbeing." in text
    assert no_appeal() in text

    def draft(d):
        assert d.sessions.sessions() == ["fri_am", "fri_pm"]
        assert d.signatory.currentText() == "Ms Ada Quill, Headteacher"
        assert [kind for kind, _ref in d.party_rows()] == ["staff", "adult"]
        d.start.set_value(TODAY)  # it starts at once: notice may be given from its start
        ok(qtbot, d)

    modal.click(tab.action_button("draft_agreement"), draft)  # drafting opens its preview
    agreement = FlexiAgreement.get()
    assert agreement.home_sessions == "fri_am,fri_pm"
    assert "Agreement drafted" in heading(tab)
    assert issued[-1].startswith("Flexi-schooling agreement")
    printed = IssuedDocument.get(IssuedDocument.kind == "flexi_agreement")
    agreement_text = pdf_text(printed)
    assert "Ms Ada Quill" in agreement_text and "Mrs Juno Hollis" in agreement_text
    assert "Wren Hollis" in agreement_text
    assert format_long_date(agreement.start_date) in agreement_text
    assert format_long_date(agreement.first_review_date) in agreement_text
    assert "Home (code C)" in agreement_text

    def sign_all(d):
        for _party, box, _date in d.rows:
            qtbot.keyClick(box, Qt.Key.Key_Space)
        ok(qtbot, d)

    modal.click(tab.action_button("record_signature"), sign_all)
    assert all(p.signed_on == TODAY for p in AgreementParty.select())
    assert FlexiRequest.get_by_id(rid).stage == "active"
    agreement = FlexiAgreement.get()  # running from the agreed start, never before it
    assert agreement.active_from == max(TODAY, agreement.start_date)
    assert "Arrangement running" in heading(tab)
    assert "review" in tab.action_codes()
    assert len(issued) == 3  # invitation, decision letter, agreement were all previewed

    # ... and on to its end: the family gives notice today, the agreed four weeks (to the
    # first school day: four weeks on is Monday 28 Dec, the Boxing Day bank holiday).
    last_day = dt.date(2026, 12, 29)

    def give_notice(d):
        assert d.given.value() == TODAY
        assert d.ended.value() == last_day
        ok(qtbot, d)

    modal.click(tab.action_button("end"), give_notice)
    ended = FlexiRequest.get_by_id(rid)
    assert (ended.stage, ended.notice_given_on, ended.ended_on) == (
        "ended", TODAY, last_day)
    assert tab.action_codes() == ["issue_end_letter"]
    tab.action_button("issue_end_letter").click()  # previewed and issued
    end_letter = pdf_text(IssuedDocument.get(IssuedDocument.kind == "flexi_end"))
    assert format_long_date(last_day) in end_letter
    assert tab.action_codes() == []


def test_headteacher_walks_a_request_to_a_declined_decision_letter(
        qtbot, tab, head, school, issued):
    make_family()
    make_provision()
    tab.refresh()
    modal = Modal(qtbot)
    rid = walk_to_decision(qtbot, modal, tab, needs_met=True, provision="Lego Therapy")

    def decide(d):
        assert d.outcome["declined"].isChecked()  # the governing body's rule, pre-chosen
        qtbot.keyClicks(d.reasons, "Her needs can be met in school with Lego Therapy.")
        ok(qtbot, d)

    modal.click(tab.action_button("decide"), decide)
    letter = issue_decision_letter(qtbot, modal, tab)
    request = FlexiRequest.get_by_id(rid)
    assert request.stage == "letter_issued"
    assert FlexiDecision.get().outcome == "declined"
    # Closed now, it leaves the open list; the Show filter stays as it was.
    assert tab.stage_filter.currentData() == "open" and tab.current_request_id() is None
    assert tab.select_request(rid)  # asked for: the filter switches to all
    assert "Declined: letter sent" in heading(tab)
    assert tab.action_codes() == []
    assert tab.actions_hint.text() == "This request is closed."
    text = pdf_text(letter)
    assert "Wren Hollis" in text
    assert format_long_date(TODAY) in text and format_long_date(HELD) in text
    assert "your request is declined" in text
    assert "Her needs can be met in school with Lego Therapy." in text
    assert "What we will offer instead" in text
    assert text.split("What we will offer instead")[1].count("Lego Therapy") >= 1
    assert no_appeal() in text


def test_a_pastoral_lead_gets_no_decide_action_and_the_policy_refuses_her(
        qtbot, head, pastoral, school):
    pupil, mother, _ = make_family()
    rid = request_at("considered", head, pupil, [mother], received=RECEIVED, held=HELD)
    tab = FlexiTab(pastoral)
    qtbot.addWidget(tab)
    tab.show()
    assert tab.select_request(rid)
    assert "decide" not in tab.action_codes()
    assert "record_considerations" not in tab.action_codes()
    audit_rows = AuditEntry.select().count()
    with pytest.raises(PermissionDenied):
        flexi.decide(pastoral, rid, outcome="agreed", decided_on=TODAY, today=TODAY, reasons="Keen family.")
    assert FlexiDecision.select().count() == 0
    assert AuditEntry.select().count() == audit_rows
    # Even if she reached the form, the refusal is shown and nothing is saved.
    dialog = dialogs.make_dialog(None, pastoral, rid, "decide")
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.outcome["agreed"], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.reasons, "Keen family.")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "does not allow" in dialog.error_label.text()
    assert FlexiRequest.get_by_id(rid).stage == "considered"


def test_a_late_decision_letter_is_confirmed_then_issued(qtbot, head, school, issued,
                                                        monkeypatch):
    pupil, mother, _ = make_family()
    rid = request_at("decided", head, pupil, [mother], received=TODAY - dt.timedelta(days=40),
                     held=TODAY - dt.timedelta(days=30), outcome="declined")
    dialog = dialogs.make_dialog(None, head, rid, "issue_decision_letter")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.late.isVisible() and not dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert IssuedDocument.select().count() == 0  # nothing goes out unconfirmed
    qtbot.keyClick(dialog.confirm_late, Qt.Key.Key_Space)
    from flexidesk.ui.dialogs.document_preview import DocumentPreviewDialog

    with monkeypatch.context() as closed:  # the Head closes the preview without issuing
        closed.setattr(DocumentPreviewDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "has not been sent" in dialog.error_label.text()
    assert IssuedDocument.select().count() == 0
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    letter = IssuedDocument.get()
    assert (letter.kind, letter.document_date) == ("flexi_decision", TODAY)
    assert FlexiRequest.get_by_id(rid).stage == "letter_issued"
    assert format_long_date(TODAY) in pdf_text(letter)


def test_printing_from_the_preview_is_audited_and_tied_to_the_issued_invitation(
        qtbot, head, school, monkeypatch):
    """The print is recorded as it happens (before Issue is pressed, so whether or not it
    is), for the child, with the hash of the very PDF that is then issued."""
    from flexidesk.ui.dialogs.document_preview import DocumentPreviewDialog

    def print_then_issue(self):
        self.printed.emit()  # as after Print... in the preview
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(DocumentPreviewDialog, "exec", print_then_issue)
    pupil, mother, _ = make_family()
    rid = request_at("meeting_arranged", head, pupil, [mother], received=RECEIVED,
                     held=TODAY + dt.timedelta(days=2))
    assert dialogs.run_action(None, head, rid, "issue_invitation") is True
    invitation = IssuedDocument.get()
    assert invitation.kind == "flexi_invitation"
    printed = AuditEntry.get(AuditEntry.action == "document.print")
    assert (printed.username, printed.pupil_id) == ("head", pupil.id)
    assert json.loads(printed.after)["sha256"] == invitation.sha256


def test_a_document_that_cannot_be_written_yet_is_explained_not_crashed(
        qtbot, head, school, issued, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: said.append(text))
    pupil, mother, _ = make_family()
    rid = request_at("letter_issued", head, pupil, [mother], received=RECEIVED, held=HELD)
    assert dialogs.run_action(None, head, rid, "issue_agreement") is False
    assert said == ["Please draft the agreement before printing it."]
    assert issued == [] and IssuedDocument.select().count() == 1  # only the set-up letter
