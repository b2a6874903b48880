"""The subject access dialog: log a request, see its deadline, export one PDF and one JSON."""

import datetime as dt
import io
import json

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from flexidesk.policy.records import rights
from flexidesk.store.models import AuditEntry, SubjectAccessRequest
from flexidesk.ui.dialogs.subject_access import SubjectAccessDialog
from tests.rights_data import child_with_records
from tests.unit.policy.records.sar_helpers import decide_all

TODAY = dt.date(2026, 11, 27)


def _dialog(qtbot, head):
    dialog = SubjectAccessDialog(head, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


# The offscreen platform cannot raise or grab for the completer's popup; that is not ours.
@pytest.mark.qt_log_ignore("This plugin does not support")
def test_record_a_request_and_see_days_left(qtbot, head, school):
    pupil = child_with_records()
    dialog = _dialog(qtbot, head)
    qtbot.keyClicks(dialog.pupil, "Fernleigh")
    qtbot.keyClicks(dialog.requester, "Mrs Maya Fernleigh (mother)")
    dialog.received.set_value(dt.date(2026, 11, 20))
    assert "19 December 2026" in dialog.due_label.text()
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)

    saved = SubjectAccessRequest.get()
    assert (saved.pupil_id, saved.requester, saved.due_on) == (
        pupil.id, "Mrs Maya Fernleigh (mother)", dt.date(2026, 12, 19))
    assert dialog.model.rowCount() == 1
    assert dialog.model.index(0, 4).data() == "22 days left"


def test_overdue_request_is_red(qtbot, head, school):
    pupil = child_with_records()
    rights.record_request(head, pupil_id=pupil.id, requester="Mr Fernleigh",
                          received_on=dt.date(2026, 10, 1))
    dialog = _dialog(qtbot, head)
    assert dialog.model.index(0, 4).data() == "27 days overdue"
    brush = dialog.model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole)
    assert brush.color().name() == "#b3261e"


def test_missing_child_is_refused_plainly(qtbot, head, school):
    dialog = _dialog(qtbot, head)
    qtbot.keyClicks(dialog.requester, "Someone")
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert "choose the child" in dialog.status.text()
    assert SubjectAccessRequest.select().count() == 0


def test_export_writes_pdf_and_json_and_is_audited(qtbot, head, pastoral, school, tmp_path,
                                                   monkeypatch):
    from flexidesk.store.models import EnrolmentReview, SarPassageDecision
    from flexidesk.ui.dialogs.sar_review import SarReviewDialog
    from tests.rights_data import make_pupil
    from tests.ui.modal import Modal

    pupil = child_with_records(viewer=pastoral)
    make_pupil("Harry", "Pengelly", "H123456789012")
    EnrolmentReview.create(enrolment=pupil.enrolments.get(), review_date=dt.date(2026, 11, 2),
                           score=-1, notes="Tam pushed another boy, Harry P.")
    rights.record_request(head, pupil_id=pupil.id, requester="Mrs Fernleigh",
                          received_on=dt.date(2026, 11, 20))
    dialog = _dialog(qtbot, head)
    dialog.table.select_row(0)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))

    def review(check: SarReviewDialog) -> None:
        # Every flagged passage is shown; nothing can go on until each is decided.
        assert not check.continue_button.isEnabled()
        texts = [p.text for p in check.found]
        harry = texts.index("Tam pushed another boy, Harry P.")
        check.list.setCurrentRow(harry)
        assert "Harry Pengelly (a child on roll)" in check.flags.text()
        check.reason.setCurrentIndex(check.reason.findData("other_person"))
        qtbot.mouseClick(check.redact_button, Qt.MouseButton.LeftButton)
        assert check.list.item(harry).text().startswith("Redacted: Support in school")
        while not check.continue_button.isEnabled():
            qtbot.mouseClick(check.keep_button, Qt.MouseButton.LeftButton)
        assert "Every passage is decided" in check.count.text()
        check.grab().save("out/sar_review.png")
        qtbot.mouseClick(check.continue_button, Qt.MouseButton.LeftButton)

    seen = []
    Modal(qtbot).click(dialog.export_button, review)
    dialog.task.progressed.connect(lambda d, t: seen.append((d, t)))
    qtbot.waitUntil(lambda: dialog.task is None, timeout=15000)

    pdf_path, json_path = dialog.last_export
    text = " ".join(" ".join(p.extract_text() for p in
                             PdfReader(io.BytesIO(pdf_path.read_bytes())).pages).split())
    assert "Records held about Tam Fernleigh" in text and "Quillby" not in text
    assert "Harry" not in text and "Withheld: information about another person" in text
    assert "Information Commissioner" in text  # the covering letter leads the pack
    data = json.loads(json_path.read_text("utf-8"))
    assert data["pupil"]["legal_last_name"] == "Fernleigh" and "Harry" not in json.dumps(data)
    assert "Fernleigh" not in pdf_path.name  # no child's name on the disk's file list
    assert oct(pdf_path.stat().st_mode & 0o777) == "0o600"
    row = AuditEntry.select().where(AuditEntry.action == "export.subject_access").get()
    assert row.pupil_id == pupil.id
    request = SubjectAccessRequest.get()
    assert request.completed_on == TODAY
    assert SarPassageDecision.select().where(SarPassageDecision.request == request,
                                             SarPassageDecision.decision == "redact").count() == 1
    assert "Saved" in dialog.status.text()
    assert dialog.model.index(0, 4).data().startswith("Completed")

    # A second export to the same folder overwrites nothing and says why.
    dialog.start_export(request, tmp_path)
    qtbot.waitUntil(lambda: dialog.task is None, timeout=15000)
    assert "already" in dialog.status.text()
    assert dialog.table.current_object() is not None and dialog.export_button.isEnabled()
    dialog.grab().save("out/sar_dialog.png")


def test_export_stops_when_the_review_is_cancelled_and_keeps_what_was_decided(
        qtbot, head, school, tmp_path, monkeypatch):
    from flexidesk.store.models import SarPassageDecision
    from flexidesk.ui.dialogs.sar_review import SarReviewDialog
    from tests.ui.modal import Modal

    pupil = child_with_records()
    rights.record_request(head, pupil_id=pupil.id, requester="Mrs Fernleigh",
                          received_on=dt.date(2026, 11, 20))
    dialog = _dialog(qtbot, head)
    dialog.table.select_row(0)
    asked = []
    folder = tmp_path / "exports"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        lambda *a, **k: asked.append(1) or str(folder))

    def keep_one_then_cancel(check: SarReviewDialog) -> None:
        qtbot.mouseClick(check.keep_button, Qt.MouseButton.LeftButton)
        check.reject()

    Modal(qtbot).click(dialog.export_button, keep_one_then_cancel)
    assert asked == [] and dialog.task is None and list(folder.iterdir()) == []
    assert "Nothing was exported" in dialog.status.text()
    assert SarPassageDecision.select().count() == 1
    assert SubjectAccessRequest.get().completed_on is None


@pytest.mark.parametrize("language", ["en_GB", "cy_GB"])
def test_the_review_names_every_control_and_its_keys_do_not_clash(qtbot, head, school, language):
    from flexidesk.i18n import set_locale
    from flexidesk.ui.dialogs.sar_review import SarReviewDialog
    from tests.ui.test_accessibility import clashing_mnemonics, unnamed_controls

    pupil = child_with_records()
    request = rights.record_request(head, pupil_id=pupil.id, requester="Mrs Fernleigh",
                                    received_on=dt.date(2026, 11, 20))
    set_locale(language)
    review = SarReviewDialog(head, request)
    qtbot.addWidget(review)
    review.show()
    assert review.found and not unnamed_controls(review) and not clashing_mnemonics(review)


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_an_export_that_fails_to_render_ends_with_a_message_and_never_sticks(
        qtbot, head, pastoral, school, tmp_path, monkeypatch):
    from reportlab.platypus.doctemplate import LayoutError

    pupil = child_with_records(viewer=pastoral)
    request = rights.record_request(head, pupil_id=pupil.id, requester="Mrs Fernleigh",
                                    received_on=dt.date(2026, 11, 20))
    decide_all(head, request)  # every flagged passage decided: the pack may be made
    dialog = _dialog(qtbot, head)

    def cannot_lay_out(*_args, **_kwargs):
        raise LayoutError("Flowable too large on page 1")

    monkeypatch.setattr("flexidesk.ui.dialogs.subject_access.render_pack",
                        cannot_lay_out)
    with qtbot.captureExceptions() as bugs:  # logged and apologised for, as any bug is
        dialog.start_export(request, tmp_path)
        qtbot.waitUntil(lambda: dialog.task is None, timeout=15000)
    assert [type(b[1]) for b in bugs] == [LayoutError]
    assert dialog.status.text().startswith("The export could not be made. Nothing was saved")
    assert dialog.progress.isHidden()
    assert not list(tmp_path.glob("subject-access-*"))
    assert not AuditEntry.select().where(AuditEntry.action == "export.subject_access").exists()
    dialog.reject()  # Close is not refused: nothing is still being written
    assert not dialog.isVisible()
