"""From first run to the school's own set-up: create the school in the first-run dialog, then
fill in its details, calendar and interventions through their dialogs."""

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from flexidesk.policy.school.working_days import school_calendar
from flexidesk.store.models import AuditEntry, ClosureDay, Intervention, School, Term
from flexidesk.ui.dialogs.first_run import FirstRunDialog
from flexidesk.ui.school.calendar import CalendarDialog
from flexidesk.ui.school.catalogue import InterventionsDialog
from flexidesk.ui.school.details import SchoolDetailsDialog
from tests.ui.modal import Modal
from tests.ui.test_flexi_journey import ok

ICS = Path(__file__).parents[1] / "data" / "millbridge-term-dates.ics"
HOLIDAYS_ONLY = Path(__file__).parents[1] / "data" / "ferngate-holidays-only.ics"
PASSWORD = "fictional orchard lantern 42"
SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">'
       b'<rect width="200" height="100" fill="#1a5276"/></svg>')


def _retype(qtbot, widget, text):
    widget.clear()
    qtbot.keyClicks(widget, text)


def _create_school(qtbot, tmp_path):
    dialog = FirstRunDialog(tmp_path / "own.db")
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.school_name, "Ferngate Primary")
    qtbot.keyClicks(dialog.head_name, "Mrs Talia Brook")
    dialog.nation.setCurrentIndex(dialog.nation.findData("ENG"))
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClicks(dialog.password_again, PASSWORD)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.choice == "create", dialog.message.text()
    return dialog.created[1]


def test_a_new_school_fills_in_its_details_calendar_and_interventions(qtbot, tmp_path,
                                                                      monkeypatch):
    head = _create_school(qtbot, tmp_path)
    assert School.get().name == "Ferngate Primary" and Term.select().count() == 0

    # School details: address, signatory and an SVG logo.
    details = SchoolDetailsDialog(head)
    qtbot.addWidget(details)
    assert details.name.text() == "Ferngate Primary"
    assert details.signatory.text() == "Mrs Talia Brook"
    details.address.setPlainText("3 Heron Walk\nFerngate")
    _retype(qtbot, details.postcode, "FG1 4AB")
    _retype(qtbot, details.phone, "01632 960 222")
    _retype(qtbot, details.local_authority, "Millbridge Borough Council")
    qtbot.mouseClick(details.la_notify, Qt.MouseButton.LeftButton)
    _retype(qtbot, details.signatory_title, "Headteacher and DSL")
    _retype(qtbot, details.signatory, "")
    assert not details.ok_button.isEnabled()  # nobody would sign the letters
    assert "signs the letters" in details.reason_label.text()
    qtbot.keyClicks(details.signatory, "Mrs T. Brook")
    svg = tmp_path / "logo.svg"
    svg.write_bytes(SVG)
    assert details.load_logo(svg)
    assert not details.logo_preview.pixmap().isNull()
    ok(qtbot, details)
    school = School.get()
    assert (school.address, school.postcode, school.local_authority, school.la_notify_flexi,
            school.letter_signatory, school.signatory_title) == (
        "3 Heron Walk\nFerngate", "FG1 4AB", "Millbridge Borough Council", True,
        "Mrs T. Brook", "Headteacher and DSL")
    assert school.logo is not None
    actions = [a.action for a in AuditEntry.select()]
    assert "school.edit" in actions and "school.logo" in actions

    # Calendar: the local authority's .ics, then a term by hand and a snow day.
    calendar = CalendarDialog(head)
    qtbot.addWidget(calendar)
    calendar.show()
    assert calendar.terms_model.rowCount() == 0
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(ICS), ""))
    modal = Modal(qtbot)

    def confirm_import(summary):
        text = summary.summary.toPlainText()
        assert "7 terms:" in text and "2 closure days:" in text
        assert "October Half Term" in text  # a holiday, said to be left aside
        qtbot.mouseClick(summary.add_button, Qt.MouseButton.LeftButton)

    modal.click(calendar.import_button, confirm_import)
    assert calendar.terms_model.rowCount() == 7 and calendar.closures_model.rowCount() == 2
    assert "Added 7 terms and 2 closure days" in calendar.status.text()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)

    def autumn_2027(form):
        _retype(qtbot, form.name, "Autumn 1 (2027)")
        form.start.set_value(dt.date(2027, 9, 2))
        form.end.set_value(dt.date(2027, 10, 22))
        ok(qtbot, form)

    modal.click(calendar.add_term_button, autumn_2027)
    assert calendar.terms_model.rowCount() == 8
    assert Term.get(Term.name == "Autumn 1 (2027)").end_date == dt.date(2027, 10, 22)

    def snow_day(form):
        form.day.set_value(dt.date(2027, 1, 20))
        qtbot.keyClicks(form.reason, "Snow: the lane is closed")
        ok(qtbot, form)

    modal.click(calendar.add_closure_button, snow_day)
    assert calendar.closures_model.rowCount() == 3
    assert ClosureDay.get(ClosureDay.date == dt.date(2027, 1, 20)).reason == \
        "Snow: the lane is closed"
    cal = school_calendar()
    assert cal.is_holiday(dt.date(2026, 8, 10)) and not cal.is_working_day(dt.date(2027, 1, 20))

    # Interventions: a new confidential one, seen only by the Headteacher, and the map's lead.
    catalogue = InterventionsDialog(head)
    qtbot.addWidget(catalogue)
    catalogue.show()
    shown = catalogue.model.rowCount()
    assert shown == Intervention.select().count()  # the default catalogue

    def drawing(form):
        qtbot.keyClicks(form.name, "Drawing and Talking")
        form.kind.setCurrentIndex(form.kind.findData("individual"))
        form.minutes.setValue(30)
        form.cost.setValue(12.5)
        form.basis.setCurrentIndex(form.basis.findData("session"))
        qtbot.keyClicks(form.funding, "Pupil premium")
        form.confidential.setChecked(True)
        form.staff.item(0).setCheckState(Qt.CheckState.Checked)
        ok(qtbot, form)

    modal.click(catalogue.add_button, drawing)
    assert catalogue.model.rowCount() == shown + 1
    assert catalogue.table.current_object().form.name == "Drawing and Talking"
    saved = Intervention.get(Intervention.name == "Drawing and Talking")
    assert (saved.kind, saved.cost_per_session_pence, saved.confidential) == (
        "individual", 1250, True)
    assert [s.staff.username for s in saved.named_staff] == [head.username]
    assert catalogue.lead.text() == "Mrs Talia Brook"  # asked for on set-up: the Head, at first
    catalogue.lead.clear()
    qtbot.keyClicks(catalogue.lead, "Mr Ravi Sethi (Deputy Head)")
    qtbot.mouseClick(catalogue.save_lead, Qt.MouseButton.LeftButton)
    assert "led by Mr Ravi Sethi" in catalogue.status.text()
    catalogue.table.select_where(lambda x: x.form.name == "Games Club")
    qtbot.mouseClick(catalogue.retire_button, Qt.MouseButton.LeftButton)
    assert not Intervention.get(Intervention.name == "Games Club").active
    assert catalogue.retire_button.text() == "Bring &back"  # retired, still shown


def test_the_provision_map_names_its_lead_and_opens_the_catalogue(qtbot, pastoral, office,
                                                                  monkeypatch):
    from flexidesk.policy.school.catalogue import set_provision_lead
    from flexidesk.ui.provision.tab import ProvisionTab
    from tests.ui.tab_data import show

    set_provision_lead(pastoral, "Mr Ravi Sethi")
    tab = show(qtbot, ProvisionTab(pastoral))
    assert "led by Mr Ravi Sethi" in tab.summary.text()
    assert tab.catalogue_button.isVisible()
    opened = []
    monkeypatch.setattr(InterventionsDialog, "exec", lambda self: opened.append(self) or 0)
    qtbot.mouseClick(tab.catalogue_button, Qt.MouseButton.LeftButton)
    assert len(opened) == 1
    assert not show(qtbot, ProvisionTab(office)).catalogue_button.isVisible()


def test_calendar_removes_after_asking_and_refuses_a_file_that_is_no_calendar(
        qtbot, office, tmp_path, monkeypatch):
    from flexidesk.policy.school import term_dates

    term_dates.add_term(office, "Autumn 1", dt.date(2026, 9, 3), dt.date(2026, 10, 23))
    term_dates.add_closure(office, dt.date(2026, 9, 18), "INSET day")
    dialog = CalendarDialog(office)
    qtbot.addWidget(dialog)
    dialog.show()
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answers.pop(0))
    dialog.closures_table.select_row(0)
    qtbot.mouseClick(dialog.remove_closure_button, Qt.MouseButton.LeftButton)
    assert ClosureDay.select().count() == 1  # cancelled: nothing removed
    qtbot.mouseClick(dialog.remove_closure_button, Qt.MouseButton.LeftButton)
    assert ClosureDay.select().count() == 0 and dialog.closures_model.rowCount() == 0
    bad = tmp_path / "pupils.ics"
    bad.write_text("UPN,Surname\nA123,Smith\n")
    assert not dialog.import_ics(bad)
    assert "not a calendar" in dialog.status.text()
    assert Term.select().count() == 1


def test_a_holidays_only_calendar_is_confirmed_before_its_terms_are_saved(
        qtbot, office, monkeypatch, tmp_path):
    dialog = CalendarDialog(office)
    qtbot.addWidget(dialog)
    dialog.show()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(HOLIDAYS_ONLY), ""))
    modal = Modal(qtbot)
    seen = []

    def read_then_cancel(summary):
        seen.append(summary.summary.toPlainText())
        assert Term.select().count() == 0  # nothing saved while the school reads it
        summary.grab().save(str(tmp_path / "holidays-only-summary.png"))
        summary.reject()

    modal.click(dialog.import_button, read_then_cancel)
    assert "only holidays" in seen[0] and "12 terms:" in seen[0]
    assert "Bank holiday - Summer (31 Aug 2026): already a bank holiday in England" in seen[0]
    assert Term.select().count() == 0 and dialog.terms_model.rowCount() == 0

    modal.click(dialog.import_button,
                lambda summary: qtbot.mouseClick(summary.add_button, Qt.MouseButton.LeftButton))
    assert dialog.terms_model.rowCount() == 12 and dialog.closures_model.rowCount() == 1
    assert Term.get(Term.name == "Summer 2 2025/26").end_date == dt.date(2026, 7, 21)
    assert school_calendar().decision_due(dt.date(2026, 7, 17)) == dt.date(2026, 9, 7)


def test_a_file_that_is_no_picture_is_refused_and_the_logo_kept(qtbot, head, tmp_path):
    details = SchoolDetailsDialog(head)
    qtbot.addWidget(details)
    junk = tmp_path / "logo.png"
    junk.write_bytes(b"not a picture at all")
    assert not details.load_logo(junk)
    assert "not a picture" in details.error_label.text()
    ok(qtbot, details)
    assert School.get().logo is None


def test_an_svg_logo_that_draws_a_local_file_is_refused(qtbot, head, tmp_path):
    details = SchoolDetailsDialog(head)
    qtbot.addWidget(details)
    svg = tmp_path / "crest.svg"
    svg.write_bytes(SVG.replace(b"</svg>", b'<image href="file:///etc/hostname" width="9" '
                                           b'height="9"/></svg>'))
    assert not details.load_logo(svg)
    assert details.error_label.text().startswith(
        "This SVG logo refers to something outside itself (file:///etc/hostname).")
    ok(qtbot, details)
    assert School.get().logo is None
