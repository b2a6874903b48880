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
    pupil = child_with_records(viewer=pastoral)
    rights.record_request(head, pupil_id=pupil.id, requester="Mrs Fernleigh",
                          received_on=dt.date(2026, 11, 20))
    dialog = _dialog(qtbot, head)
    dialog.table.select_row(0)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    seen = []
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    dialog.task.progressed.connect(lambda d, t: seen.append((d, t)))
    qtbot.waitUntil(lambda: dialog.task is None, timeout=15000)

    pdf_path, json_path = dialog.last_export
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf_path.read_bytes())).pages)
    assert "Records held about Tam Fernleigh" in text and "Quillby" not in text
    assert json.loads(json_path.read_text("utf-8"))["pupil"]["legal_last_name"] == "Fernleigh"
    assert "Fernleigh" not in pdf_path.name  # no child's name on the disk's file list
    assert oct(pdf_path.stat().st_mode & 0o777) == "0o600"
    row = AuditEntry.select().where(AuditEntry.action == "export.subject_access").get()
    assert row.pupil_id == pupil.id
    assert SubjectAccessRequest.get().completed_on == TODAY
    assert "Saved" in dialog.status.text()
    assert dialog.model.index(0, 4).data().startswith("Completed")

    # A second export to the same folder overwrites nothing and says why.
    dialog.start_export(pupil.id, tmp_path)
    qtbot.waitUntil(lambda: dialog.task is None, timeout=15000)
    assert "already" in dialog.status.text()
    assert dialog.table.current_object() is not None and dialog.export_button.isEnabled()
    dialog.grab().save("out/sar_dialog.png")
