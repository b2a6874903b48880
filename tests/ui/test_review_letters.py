"""A batch of family letters for the reviews in a date range: a worker with a progress bar,
one PDF of the batch to print or save, and every letter recorded as issued and reprintable."""

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from flexidesk.documents.render import reprint
from flexidesk.policy.provision.letters import KIND
from flexidesk.policy.records.documents import pdf_sha256
from flexidesk.store.models import Adult, AuditEntry, EnrolmentReview, IssuedDocument, PupilAdult
from flexidesk.ui.dialogs.document_preview import DocumentPreviewDialog
from flexidesk.ui.provision.letters import ReviewLettersDialog
from tests.ui.modal import Modal
from tests.ui.tab_data import days, make_provision, show


def _answer(qtbot, which: str, said: list):
    """A handler pressing the button of the no-family warning whose text holds ``which``."""
    def handle(box):
        said.append(box.text())
        qtbot.mouseClick(next(b for b in box.buttons() if which in b.text()),
                         Qt.MouseButton.LeftButton)
    return handle


def _two_households(world) -> None:
    """Nell's parents live apart, so each review's letter comes as two copies."""
    for title, first, address, postcode in (("Mr", "Rory", "7 Wren Close", "MB4 1AA"),
                                            ("Ms", "Jo", "2 Heron Way", "MB5 2BB")):
        adult = Adult.create(title=title, first_name=first, last_name="Ashdown",
                             address=f"{address}\nMillbridge", postcode=postcode)
        PupilAdult.create(pupil=world["pupils"]["Nell"], adult=adult)


def _write_batch(qtbot, dialog, answer) -> None:
    """Press Write the letters; ``answer`` handles the preview of the batch when it opens
    (after the progress dialog, once the worker has written every letter)."""
    answered: list[bool] = []

    def poll() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, DocumentPreviewDialog) and widget.isVisible() and not answered:
                answered.append(True)
                answer(widget)

    timer = QTimer()
    timer.timeout.connect(poll)
    timer.start(20)
    try:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(answered), timeout=15000)
    finally:
        timer.stop()


def test_the_batch_reaches_paper_and_each_letter_is_recorded_and_reprintable(
        qtbot, school, pastoral):
    world = make_provision(school)
    _two_households(world)
    EnrolmentReview.create(enrolment=world["lego_nell"], review_date=days(-3), score=2,
                           next_review_date=days(40))
    dialog = show(qtbot, ReviewLettersDialog(pastoral))
    dialog.start.set_value(days(-60))
    shown = {}

    def issue(preview):
        shown["pages"] = preview.page_count
        shown["title"] = preview.windowTitle()
        qtbot.mouseClick(preview.issue_button, Qt.MouseButton.LeftButton)

    _write_batch(qtbot, dialog, issue)
    qtbot.waitUntil(lambda: len(dialog.issued) == 2, timeout=10000)
    # Two reviews, each a letter to two households: four pages in the one PDF shown.
    assert shown == {"pages": 4, "title": "2 family letters after reviews"}
    assert dialog.progress.maximum() == 2 and dialog.letters_done == 2
    assert dialog.result() == dialog.DialogCode.Accepted
    docs = list(IssuedDocument.select().where(IssuedDocument.kind == KIND))
    assert len(docs) == 2 and all(d.issued_by == "pastoral" for d in docs)
    assert "2 letters written and recorded as issued." in dialog.reason_label.text()
    for document in docs:  # each is rebuilt from its params, byte for byte
        assert pdf_sha256(reprint(pastoral, document.id)) == document.sha256
    assert AuditEntry.select().where(AuditEntry.action == "document.print").count() == 2


def test_closing_the_preview_issues_nothing(qtbot, school, pastoral):
    _two_households(make_provision(school))  # a family to write to: nothing asked first
    dialog = show(qtbot, ReviewLettersDialog(pastoral))
    dialog.start.set_value(days(-60))
    _write_batch(qtbot, dialog, lambda preview: preview.reject())
    qtbot.waitUntil(lambda: not dialog.error_label.isHidden(), timeout=10000)
    assert "not issued" in dialog.error_label.text()
    assert IssuedDocument.select().count() == 0 and dialog.ok_button.isEnabled()


def test_an_empty_range_says_so_and_records_nothing(qtbot, school, pastoral):
    make_provision(school)
    dialog = show(qtbot, ReviewLettersDialog(pastoral))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "No reviews were held in that range." in dialog.error_label.text()
    assert IssuedDocument.select().count() == 0


def test_stopping_at_the_no_family_warning_writes_and_records_nothing(qtbot, school, pastoral):
    make_provision(school)
    dialog = show(qtbot, ReviewLettersDialog(pastoral))
    dialog.start.set_value(days(-60))
    said: list[str] = []
    Modal(qtbot).click(dialog.ok_button, _answer(qtbot, "Stop", said))
    assert said and dialog.isVisible() and dialog.task is None
    assert IssuedDocument.select().count() == 0
