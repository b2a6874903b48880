"""The governors' page: counts on screen, small ones hidden, no child named, printable."""

import datetime as dt
import io

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTableWidget

from flexidesk.documents.governor_report import render_report
from flexidesk.store.models import Enrolment, Intervention
from flexidesk.ui.dialogs.document_preview import DocumentPreviewDialog
from flexidesk.ui.reports import page as page_module
from flexidesk.ui.reports.page import ReportsPage
from tests.rights_data import child_with_records, make_pupil

TODAY = dt.date(2026, 11, 27)


def _all_text(page) -> str:
    texts = [w.text() for w in page.findChildren(QLabel)]
    for grid in page.findChildren(QTableWidget):
        texts += [grid.horizontalHeaderItem(c).text() for c in range(grid.columnCount())]
        texts += [grid.item(r, c).text() for r in range(grid.rowCount())
                  for c in range(grid.columnCount())]
    return "\n".join(texts)


def test_page_shows_counts_and_names_no_child(qtbot, governor, monkeypatch):
    child_with_records()
    lego = Intervention.get(Intervention.name == "Lego Therapy")
    for i in range(4):
        Enrolment.create(pupil=make_pupil("Kit", f"Sorrel{i}", f"Z{i:012d}", year_group=3),
                         intervention=lego, start_date=dt.date(2026, 9, 1))
    page = ReportsPage(governor, today=TODAY)
    qtbot.addWidget(page)
    page.resize(1000, 900)
    page.show()
    text = _all_text(page)
    assert "Reports for governors" in text and "fewer than 3" in text
    lego_grid = page.blocks[0].grid
    row = next(r for r in range(lego_grid.rowCount()) if lego_grid.item(r, 0).text() == "Lego Therapy")
    assert lego_grid.item(row, 1 + 3).text() == "4"            # Year 3
    assert lego_grid.item(row, 1 + 4).text() == "fewer than 3"  # Year 4: Tamsin alone
    for personal in ("Tamsin", "Fernleigh", "Sorrel", "A123456789012", "4 May 2017"):
        assert personal not in text
    page.grab().save("out/reports_page.png")

    shown = []
    monkeypatch.setattr(DocumentPreviewDialog, "exec",
                        lambda dialog: shown.append(dialog.windowTitle()) or 0)
    monkeypatch.setattr(page_module, "render_report",
                        lambda report, **kw: shown.append(render_report(report, **kw)) or shown[-1])
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    assert len(shown) == 2
    pdf_text = PdfReader(io.BytesIO(shown[0])).pages[0].extract_text()
    assert "Reports for governors" in pdf_text and "Sorrel" not in pdf_text


def test_office_sees_a_refusal_not_a_crash(qtbot, office):
    page = ReportsPage(office, today=TODAY)
    qtbot.addWidget(page)
    assert not page.error.isHidden() and "does not allow" in page.error.text()
    assert not page.print_button.isEnabled() and page.blocks == []


def test_clear_drops_the_tables(qtbot, governor):
    page = ReportsPage(governor, today=TODAY)
    qtbot.addWidget(page)
    page.clear()
    assert page.blocks == [] and page.report is None
    page.refresh()
    assert page.blocks


def test_the_head_checks_a_reason_before_the_governors_read_it(qtbot, head, governor):
    from flexidesk.store.models import Placement, Provider, ReleasedText
    from flexidesk.ui.reports.release_dialog import ReleaseDialog
    from tests.ui.modal import Modal

    yusuf = make_pupil("Yusuf", "Al-Haddad", "Y000000000001")
    placement = Placement.create(
        pupil=yusuf, provider=Provider.create(name="Riverside Farm Learning"),
        start_date=dt.date(2026, 10, 5), status="active",
        override_justification="Yusuf's mother asked for the farm; nothing else is near.")
    page = ReportsPage(head, today=TODAY)
    qtbot.addWidget(page)
    page.show()
    assert page.check_button.isVisible()

    def check(dialog: ReleaseDialog) -> None:
        assert dialog.list.count() == 1 and "not checked" in dialog.list.item(0).text()
        assert "Yusuf" not in dialog.list.item(0).text()  # the list names no child
        assert dialog.written.toPlainText().startswith("Yusuf's mother")
        # As written it names the child: refused, and nothing is saved.
        qtbot.mouseClick(dialog.release_button, Qt.MouseButton.LeftButton)
        assert "Yusuf" in dialog.status.text() and "names nobody" in dialog.status.text()
        assert ReleasedText.select().count() == 0
        dialog.wording.clear()
        qtbot.keyClicks(dialog.wording, "A parent asked for the farm; nothing else is near.")
        qtbot.mouseClick(dialog.release_button, Qt.MouseButton.LeftButton)
        assert "Released" in dialog.status.text()
        assert "released" in dialog.list.item(0).text()
        dialog.grab().save("out/release_dialog.png")
        dialog.accept()

    modal = Modal(qtbot)
    modal.click(page.check_button, check)
    saved = ReleasedText.get()
    assert (saved.record_id, saved.wording, saved.checked_by) == (
        placement.id, "A parent asked for the farm; nothing else is near.", "head")

    # The governor has no such button, and reads the wording released.
    from flexidesk.policy.providers import placement_overrides

    governors_page = ReportsPage(governor, today=TODAY)
    qtbot.addWidget(governors_page)
    assert not governors_page.check_button.isVisible()
    assert [o.reason for o in placement_overrides(governor, page.report.since, TODAY)] == [
        "A parent asked for the farm; nothing else is near."]
