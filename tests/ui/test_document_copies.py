"""Every print and save of a document is recorded: preview, then print or save, then an issued
document (or, for a letter not issued, an audit row for the child) and an audit row each.

The AP documents (placement agreement, family letter, register) have no Issue step: their
first copy issues them. A flexi letter is issued by its own button; a copy made before it
(or without it) is still recorded against the child. A cancelled print is no copy.
"""

import datetime as dt
import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QPushButton

from flexidesk.policy.records.documents import pdf_sha256
from flexidesk.store.models import AuditEntry, IssuedDocument
from flexidesk.ui.dialogs.document_preview import DocumentPreviewDialog
from flexidesk.ui.flexi import dialogs
from tests.clock import TODAY
from tests.ui.flexi_fixtures import make_family, request_at
from tests.ui.modal import Modal
from tests.ui.printing import print_to


def _click(qtbot, preview: DocumentPreviewDialog, name: str) -> None:
    qtbot.mouseClick(preview.findChild(QPushButton, name), Qt.MouseButton.LeftButton)


def _last_id() -> int:
    return AuditEntry.select(AuditEntry.id).order_by(AuditEntry.id.desc()).scalar() or 0


def _copies_since(last: int) -> list[tuple[str, int | None, int | None, dict]]:
    return [(e.action, e.record_id, e.pupil_id, json.loads(e.after or "{}"))
            for e in AuditEntry.select().where(AuditEntry.id > last,
                                               AuditEntry.action.startswith("document."))
            .order_by(AuditEntry.id)]


@pytest.fixture
def save_to(tmp_path, monkeypatch):
    """Save as… answers with a file in tmp_path; returns that path."""
    target = tmp_path / "agreement.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *args: (str(target), "")))
    return target


def test_a_saved_agreement_is_one_issued_document_and_each_copy_an_audit_row(
        qtbot, providers_tab, save_to, tmp_path, monkeypatch):
    tab, world = providers_tab
    placement = world["placement"]
    last = _last_id()

    def save_print_then_close(preview):
        assert preview.windowTitle() == "Placement agreement: Zara Quinlan"
        _click(qtbot, preview, "saveAs")
        print_to(monkeypatch, tmp_path / "printed.pdf")
        _click(qtbot, preview, "print")
        print_to(monkeypatch, tmp_path / "never.pdf", cancel=True)
        _click(qtbot, preview, "print")  # cancelled in the print dialog: no copy
        _click(qtbot, preview, "close")

    Modal(qtbot).click(tab.panel.agreement_button, save_print_then_close)
    issued = IssuedDocument.get()
    assert (issued.kind, issued.placement_id, issued.pupil_id, issued.issued_by) == (
        "ap_placement_agreement", placement.id, placement.pupil_id, "pastoral")
    assert issued.document_date == TODAY
    assert issued.sha256 == pdf_sha256(save_to.read_bytes())  # the very file saved
    copies = _copies_since(last)
    assert [(a, r, p) for a, r, p, _after in copies] == [
        ("document.issue", issued.id, placement.pupil_id),
        ("document.save", issued.id, placement.pupil_id),
        ("document.print", issued.id, placement.pupil_id)]
    assert copies[1][3]["file"] == str(save_to)
    assert not (tmp_path / "never.pdf").exists()


def test_a_cancelled_print_records_nothing(qtbot, providers_tab, tmp_path, monkeypatch):
    tab, _world = providers_tab
    print_to(monkeypatch, tmp_path / "never.pdf", cancel=True)
    last = _last_id()

    def print_cancelled_then_close(preview):
        _click(qtbot, preview, "print")
        _click(qtbot, preview, "close")

    Modal(qtbot).click(tab.panel.agreement_button, print_cancelled_then_close)
    assert IssuedDocument.select().count() == 0
    assert _copies_since(last) == []


def test_the_family_letter_is_issued_by_its_print(qtbot, providers_tab, tmp_path, monkeypatch):
    tab, world = providers_tab
    print_to(monkeypatch, tmp_path / "letter.pdf")

    def print_then_close(preview):
        _click(qtbot, preview, "print")
        _click(qtbot, preview, "close")

    def go_ahead(warning):  # Zara has no parent or carer recorded: asked first
        qtbot.mouseClick(next(b for b in warning.buttons() if "Go ahead" in b.text()),
                         Qt.MouseButton.LeftButton)

    Modal(qtbot).click(tab.panel.letter_button, go_ahead, print_then_close)
    letter = IssuedDocument.get()
    assert (letter.kind, letter.placement_id) == ("ap_feedback_letter", world["placement"].id)
    assert letter.title == "Placement review, letter to the family: Zara Quinlan"
    assert AuditEntry.get(AuditEntry.action == "document.print").record_id == letter.id


def test_the_ap_register_is_issued_by_its_save(qtbot, providers_tab, save_to):
    tab, _world = providers_tab
    last = _last_id()

    def save_then_close(preview):
        _click(qtbot, preview, "saveAs")
        _click(qtbot, preview, "close")

    Modal(qtbot).click(tab.register_button, save_then_close)
    register = IssuedDocument.get()
    assert (register.kind, register.pupil_id, register.placement_id) == ("ap_register", None,
                                                                       None)
    assert [a for a, *_rest in _copies_since(last)] == ["document.issue", "document.save"]


def test_a_letter_printed_then_not_issued_is_still_recorded_for_the_child(
        qtbot, head, school, tmp_path, monkeypatch):
    """Closing the preview does not issue the letter, but the paper exists: its print is
    recorded against the child, with the PDF's hash; nothing counts as issued."""
    pupil, mother, _dad = make_family()
    rid = request_at("meeting_arranged", head, pupil, [mother],
                     received=TODAY - dt.timedelta(days=10), held=TODAY + dt.timedelta(days=2))
    print_to(monkeypatch, tmp_path / "invitation.pdf")
    last = _last_id()
    seen = []

    def print_then_close(self):
        seen.append(self.windowTitle())
        self.print_with_dialog()  # Print… in the preview, then the preview is closed
        return DocumentPreviewDialog.DialogCode.Rejected

    monkeypatch.setattr(DocumentPreviewDialog, "exec", print_then_close)
    assert dialogs.run_action(None, head, rid, "issue_invitation") is False
    assert IssuedDocument.select().count() == 0
    printed = [c for c in _copies_since(last) if c[0] == "document.print"]
    assert [(r, p) for _a, r, p, _after in printed] == [(None, pupil.id)]
    after = printed[0][3]
    assert after["kind"] == "flexi_invitation" and after["issued"] is False
    assert seen == [f"Meeting invitation: {pupil.known_as}"]
    # Issued later the same day, the letter is the one printed: the hashes tie them.
    monkeypatch.setattr(DocumentPreviewDialog, "exec",
                        lambda self: DocumentPreviewDialog.DialogCode.Accepted)
    assert dialogs.run_action(None, head, rid, "issue_invitation") is True
    assert IssuedDocument.get().sha256 == after["sha256"]
