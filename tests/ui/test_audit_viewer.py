"""The audit viewer: type a child's name, pick a user, see before/after, verify the chain."""

from PySide6.QtCore import Qt

from flexidesk.policy.records.access import viewed
from flexidesk.store import audit
from flexidesk.store.database import db
from flexidesk.store.models import AuditEntry
from flexidesk.ui.dialogs.audit_viewer import AuditViewerDialog
from tests.rights_data import make_pupil


def _dialog(qtbot, actor):
    dialog = AuditViewerDialog(actor)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_filter_by_child_and_user_shows_before_and_after(qtbot, head, pastoral, office):
    ivy = make_pupil("Ivy", "Brackenridge", "C000000000001")
    otto = make_pupil("Otto", "Lanyard", "C000000000002")
    viewed(office, "pupil", otto.id)
    with db.atomic():
        audit.record("pastoral", "pupil.edit", "pupil", ivy.id, pupil_id=ivy.id,
                     before={"class_name": "Oak"}, after={"class_name": "Ash"})
    dialog = _dialog(qtbot, head)

    qtbot.keyClicks(dialog.child, "bracken")
    dialog.user.setCurrentIndex(dialog.user.findData("pastoral"))
    qtbot.mouseClick(dialog.search_button, Qt.MouseButton.LeftButton)
    assert dialog.model.rowCount() == 1
    assert dialog.model.row_object(0).pupil_name == "Ivy Brackenridge"
    assert [dialog.detail.item(0, c).text() for c in range(3)] == ["class name", "Oak", "Ash"]
    # The search itself is in the log, against Ivy.
    last = AuditEntry.select().order_by(AuditEntry.id.desc()).get()
    assert (last.action, last.pupil_id, last.username) == ("view.audit", ivy.id, "head")
    dialog.grab().save("out/audit_viewer.png")


def test_unknown_child_says_so(qtbot, head):
    dialog = _dialog(qtbot, head)
    qtbot.keyClicks(dialog.child, "Zebedee")
    qtbot.keyClick(dialog.child, Qt.Key.Key_Return)
    assert dialog.model.rowCount() == 0
    assert "Zebedee" in dialog.chain_label.text()


def test_verify_chain_reports_whole_log(qtbot, head, pastoral):
    viewed(pastoral, "pupil", None)
    dialog = _dialog(qtbot, head)
    qtbot.mouseClick(dialog.verify_button, Qt.MouseButton.LeftButton)
    assert "whole" in dialog.chain_label.text()


def test_older_rows_are_paged(qtbot, head, monkeypatch):
    from flexidesk.policy.records import audit_queries

    with db.atomic():
        for i in range(30):
            audit.record("pastoral", "pupil.edit", "pupil", i)
    original = audit_queries.search_audit
    monkeypatch.setattr(audit_queries, "search_audit",
                        lambda actor, **kw: original(actor, **{**kw, "limit": 20}))
    dialog = _dialog(qtbot, head)
    assert dialog.model.rowCount() == 20 and dialog.more_button.isEnabled()
    qtbot.mouseClick(dialog.more_button, Qt.MouseButton.LeftButton)
    assert dialog.model.rowCount() == 30  # the search's own row is written after it reads
    assert not dialog.more_button.isEnabled()
