"""A batch of family letters for the reviews in a date range: a worker with a progress bar,
every letter recorded as issued."""

from PySide6.QtCore import Qt

from flexidesk.policy.provision.letters import KIND
from flexidesk.store.models import EnrolmentReview, IssuedDocument
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


def test_batch_writes_and_records_a_letter_per_review(qtbot, school, pastoral):
    world = make_provision(school)
    EnrolmentReview.create(enrolment=world["lego_nell"], review_date=days(-3), score=2,
                           next_review_date=days(40))
    dialog = show(qtbot, ReviewLettersDialog(pastoral))
    dialog.start.set_value(days(-60))
    said: list[str] = []
    # Nell's family is not recorded: asked first, then written as the person chose.
    Modal(qtbot).click(dialog.ok_button, _answer(qtbot, "Go ahead", said))
    assert "1 of the 2 letters has no parent or carer to go to (Nell Ashdown)" in said[0]
    qtbot.waitUntil(lambda: len(dialog.issued) == 2, timeout=10000)
    assert dialog.progress.maximum() == 2 and dialog.letters_done == 2
    assert dialog.result() == dialog.DialogCode.Accepted
    docs = list(IssuedDocument.select().where(IssuedDocument.kind == KIND))
    assert len(docs) == 2 and all(d.issued_by == "pastoral" for d in docs)
    assert "2 letters written and recorded as issued." in dialog.reason_label.text()


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
