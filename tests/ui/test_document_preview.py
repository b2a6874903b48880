"""The document preview: real pages rendered in memory, zoom, save, print and issue by mouse and keys."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QPushButton, QToolButton

from flexidesk.documents.render import build_params, render
from flexidesk.ui.dialogs.document_preview import DocumentPreviewDialog, default_file_name
from tests.ui.printing import print_to
from tests.unit.documents import flexi_data as fd

TITLE = "Flexi-schooling agreement: Ro Ashby"


@pytest.fixture
def agreement_pdf(head):
    fd.dress_school()
    pupil, mum, dad = fd.family()
    request = fd.agreed_request(head, pupil, [mum, dad])
    params = build_params(head, "flexi_agreement", request_id=request.id,
                          letter_date=dt.date(2026, 11, 20))
    return render("flexi_agreement", params)


def open_preview(qtbot, pdf, issue_label=None):
    dialog = DocumentPreviewDialog(pdf, TITLE, issue_label=issue_label)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):  # shortcuts (Ctrl+S, Ctrl+P) reach the active window only
        dialog.show()
        dialog.activateWindow()
    return dialog


def pages_in(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def test_every_page_is_shown_with_its_count(qtbot, agreement_pdf):
    dialog = open_preview(qtbot, agreement_pdf)
    assert pages_in(agreement_pdf) == 3
    assert dialog.page_count_label.text() == "3 pages"
    for number in (1, 2, 3):
        label = dialog.findChild(type(dialog.page_count_label), f"page{number}")
        assert label is not None and not label.pixmap().isNull()
    assert dialog.windowTitle() == TITLE
    assert dialog.findChild(QPushButton, "issue") is None  # no Issue without a label


def test_save_as_writes_the_very_bytes(qtbot, agreement_pdf, tmp_path, monkeypatch):
    asked = []

    def choose(parent, caption, suggested, filters):
        asked.append(suggested)
        return str(tmp_path / "for the family"), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose))
    dialog = open_preview(qtbot, agreement_pdf)
    with qtbot.waitSignal(dialog.saved) as blocker:
        qtbot.mouseClick(dialog.findChild(QPushButton, "saveAs"), Qt.MouseButton.LeftButton)
    saved = tmp_path / "for the family.pdf"
    assert blocker.args == [str(saved)]
    assert saved.read_bytes() == agreement_pdf
    assert asked[0].endswith("Flexi-schooling agreement - Ro Ashby.pdf")
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert asked[0].startswith(documents)  # starts in the user's Documents folder
    confirmation = dialog.findChild(QLabel, "savedTo")
    assert confirmation.isVisible() and str(saved) in confirmation.text()

    assert saved.stat().st_mode & 0o777 == 0o600  # a child's letter: owner-only, as backups

    saved.write_bytes(b"an older copy anyone could read")
    saved.chmod(0o644)
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Ctrl+S
    assert saved.read_bytes() == agreement_pdf
    assert saved.stat().st_mode & 0o777 == 0o600


def test_save_cancelled_writes_nothing(qtbot, agreement_pdf, tmp_path, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: ("", "")))
    dialog = open_preview(qtbot, agreement_pdf)
    assert dialog.save_as() is None
    assert list(tmp_path.glob("*.pdf")) == []


def test_zoom_buttons_change_the_page_size(qtbot, agreement_pdf):
    dialog = open_preview(qtbot, agreement_pdf)
    page = dialog.findChild(type(dialog.page_count_label), "page1")
    before, zoom = page.width(), dialog.zoom
    plus = [b for b in dialog.findChildren(QToolButton) if b.text() == "+"][0]
    qtbot.mouseClick(plus, Qt.MouseButton.LeftButton)
    assert dialog.zoom > zoom and page.width() > before
    assert dialog.zoom_box.currentText() == f"{dialog.zoom}%"
    qtbot.keyClick(dialog, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert dialog.zoom == zoom and page.width() == before


def test_ctrl_p_prints_every_page(qtbot, agreement_pdf, tmp_path, monkeypatch):
    print_to(monkeypatch, tmp_path / "printed.pdf")
    dialog = open_preview(qtbot, agreement_pdf)
    with qtbot.waitSignal(dialog.printed):
        qtbot.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    printed = (tmp_path / "printed.pdf").read_bytes()
    assert pages_in(printed) == 3


def test_print_a_page_range(qtbot, agreement_pdf, tmp_path):
    dialog = open_preview(qtbot, agreement_pdf)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "range.pdf"))
    printer.setFullPage(True)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    assert dialog.print_document(printer)
    assert pages_in((tmp_path / "range.pdf").read_bytes()) == 2


def test_issue_button_accepts_and_escape_closes(qtbot, agreement_pdf):
    dialog = open_preview(qtbot, agreement_pdf, issue_label="Issue agreement")
    issue = dialog.findChild(QPushButton, "issue")
    assert issue.text() == "Issue agreement"
    qtbot.mouseClick(issue, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted

    other = open_preview(qtbot, agreement_pdf, issue_label="Issue agreement")
    qtbot.keyClick(other, Qt.Key.Key_Escape)
    assert other.result() == QDialog.DialogCode.Rejected and not other.isVisible()


def test_a_damaged_document_says_so_and_cannot_be_issued(qtbot):
    dialog = open_preview(qtbot, b"%PDF-1.4 this is not really a PDF", issue_label="Issue")
    assert dialog.page_count == 0
    assert "could not be shown" in dialog.page_count_label.text()
    assert not dialog.findChild(QPushButton, "issue").isEnabled()
    assert not dialog.findChild(QPushButton, "print").isEnabled()


def test_default_file_name_is_safe():
    assert default_file_name("Decision letter: Ro Ashby") == "Decision letter - Ro Ashby.pdf"
    assert default_file_name("a/b\\c*?<>") == "a - b - c.pdf"
    assert default_file_name("") == "Document.pdf"


def test_a_closed_preview_shown_again_still_prints(qtbot, agreement_pdf, tmp_path):
    dialog = open_preview(qtbot, agreement_pdf)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "again.pdf"))
    assert dialog.print_document(printer)
    assert pages_in((tmp_path / "again.pdf").read_bytes()) == 3


def test_saving_to_a_folder_that_has_gone_says_so_plainly(qtbot, agreement_pdf, tmp_path,
                                                          monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    warnings = []
    monkeypatch.setattr(QMessageBox, "warning",
                        staticmethod(lambda parent, title, text: warnings.append(text)))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(
        lambda *a: (str(tmp_path / "gone" / "letter.pdf"), "")))
    dialog = open_preview(qtbot, agreement_pdf)
    assert dialog.save_as() is None
    assert warnings and "could not be saved" in warnings[0] and "Traceback" not in warnings[0]


def test_the_letters_are_warmed_in_the_background_after_sign_in(qtbot, monkeypatch):
    """ReportLab and the fonts load in the thread pool; pdfium draws back on this thread."""
    from flexidesk.ui import warm

    drawn = []
    real = warm._draw_sample
    monkeypatch.setattr(warm, "_draw_sample", lambda pdf: drawn.append(real(pdf)))
    task = warm.warm_documents()
    qtbot.waitUntil(lambda: not task.running, timeout=20000)
    assert task.error is None and task.result.startswith(b"%PDF") and len(drawn) == 1
