"""The placement agreement's own details, recorded in a form and printed in the agreement; the
agreement, once out, rebuilds byte for byte from what was recorded."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from flexidesk.documents.render import reprint
from flexidesk.policy.records.documents import pdf_sha256
from flexidesk.store.models import IssuedDocument, Placement
from tests.clock import TODAY
from tests.ui.modal import Modal
from tests.ui.printing import print_to
from tests.unit.documents.flexi_data import pdf_text


def test_the_details_typed_are_saved_and_printed_in_the_agreement(
        qtbot, pastoral, providers_tab, tmp_path, monkeypatch):
    tab, world = providers_tab
    assert tab.panel.details_button.isEnabled()

    def fill(dialog):
        qtbot.keyClicks(dialog.key_worker, "Jo Penrose")
        qtbot.keyClicks(dialog.key_worker_phone, "01632 960 400")
        qtbot.keyClicks(dialog.transport, "Minibus from the school gate")
        qtbot.keyClicks(dialog.medical, "None")
        qtbot.keyClicks(dialog.english_maths, "Phonics each morning in class")
        qtbot.mouseClick(dialog.has_notice, Qt.MouseButton.LeftButton)
        assert dialog.notice.isEnabled()
        dialog.notice.selectAll()
        qtbot.keyClicks(dialog.notice, "3")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    Modal(qtbot).click(tab.panel.details_button, fill)
    placement = Placement.get_by_id(world["placement"].id)
    assert (placement.key_worker, placement.key_worker_phone, placement.transport,
            placement.medical_needs, placement.notice_weeks) == (
        "Jo Penrose", "01632 960 400", "Minibus from the school gate", "None", 3)
    assert placement.risk_assessed_on is None  # not ticked: not recorded

    print_to(monkeypatch, tmp_path / "agreement.pdf")
    shown = {}

    def print_then_close(preview):
        shown["pdf"] = preview._bytes
        qtbot.mouseClick(preview.findChild(QPushButton, "print"), Qt.MouseButton.LeftButton)
        qtbot.mouseClick(preview.findChild(QPushButton, "close"), Qt.MouseButton.LeftButton)

    Modal(qtbot).click(tab.panel.agreement_button, print_then_close)
    text = pdf_text(shown["pdf"])
    assert "Provider's key worker Jo Penrose, 01632 960 400" in text
    assert "Minibus from the school gate" in text and "giving 3 weeks' notice" in text
    assert "Not recorded: the child's own risk assessment" in text
    issued = IssuedDocument.get(IssuedDocument.kind == "ap_placement_agreement")
    assert issued.document_date == TODAY
    assert pdf_sha256(reprint(pastoral, issued.id)) == issued.sha256
