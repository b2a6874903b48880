"""A new school brings in its own children: first run, import pupils and contacts, add a child by
hand, enrol them; and the import dialog refuses a bad file, changing nothing."""

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from flexidesk.store.models import Adult, Enrolment, Pupil, PupilAdult
from flexidesk.ui.dialogs.first_run import FirstRunDialog
from flexidesk.ui.dialogs.import_pupils import ImportDialog
from flexidesk.ui.main_window import MainWindow
from flexidesk.ui.provision.dialogs import EnrolDialog
from flexidesk.ui.provision.pupil_dialogs import PupilDialog
from tests.unit.policy.roster.test_pupils import FIXTURES, make_upn

from .school_fixtures import PASSWORD


@pytest.fixture
def new_school(qtbot, tmp_path):
    """A school created through the first-run dialog, as a Headteacher would."""
    dialog = FirstRunDialog(tmp_path / "school.db")
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.school_name, "Larkspur Test Primary")
    qtbot.keyClicks(dialog.head_name, "Ms Wren Hollis")
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClicks(dialog.password_again, PASSWORD)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    return dialog.created


def _window(qtbot, new_school) -> MainWindow:
    database, actor = new_school
    window = MainWindow(actor, database)
    qtbot.addWidget(window)
    window.show()
    return window


def _import(qtbot, window, path: Path, *, fix=None) -> ImportDialog:
    dialog = ImportDialog(window.actor, window)
    qtbot.addWidget(dialog)
    dialog.load(path)
    qtbot.waitUntil(lambda: not dialog.busy and dialog.plan is not None)
    if fix is not None:
        fix(dialog)
    return dialog


def _import_from_menu(qtbot, window, path: Path, check) -> bool:
    """File > Import pupils…: load ``path``, let ``check`` look and click, then Import."""
    seen = {}

    def drive():
        dialog = next(w for w in window.findChildren(ImportDialog) if w.isVisible())
        dialog.load(path)
        qtbot.waitUntil(lambda: not dialog.busy and dialog.plan is not None)
        check(dialog)
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        seen["closed"] = not dialog.isVisible()
        if dialog.isVisible():
            dialog.reject()

    QTimer.singleShot(0, drive)
    window.findChild(QAction, "importPupilsAction").trigger()
    return seen.get("closed", False)


def test_a_new_school_imports_its_children_and_families_then_adds_and_enrols_one(
        qtbot, tmp_path, new_school):
    window = _window(qtbot, new_school)
    tab = window.provision_tab
    tab.filter.setCurrentIndex(tab.filter.findData("all"))

    # The pupil export names its date-of-birth column "Born": the guess is corrected by hand.
    source = (FIXTURES / "sims_pupils.csv").read_bytes().replace(b",DOB,", b",Born,", 1)
    pupils_csv = tmp_path / "pupils.csv"
    pupils_csv.write_bytes(source)

    def choose_date_of_birth(dialog):
        assert "Date of birth" in dialog.preview.item(0, 2).text()  # the bad row says why
        assert not dialog.import_button.isEnabled()
        born = dialog.mapping_table.cellWidget(6, 2)
        assert dialog.mapping_table.item(6, 0).text() == "Born" and born.currentData() == ""
        born.setCurrentIndex(born.findData("date_of_birth"))
        qtbot.waitUntil(lambda: not dialog.busy and dialog.import_button.isEnabled())
        assert dialog.summary.text().startswith("Ready to import: 6 pupils added")
        # "=Kit" (a legal and a preferred name) is flagged to check, above the six added.
        assert [dialog.preview.item(r, 0).text() for r in range(8)] == ["Check"] * 2 + ["Add"] * 6
        assert Pupil.select().count() == 0  # the preview saved nothing

    assert _import_from_menu(qtbot, window, pupils_csv, choose_date_of_birth)
    assert Pupil.select().count() == 6
    assert tab.table.view.model().rowCount() == 6  # the map shows them at once
    assert window.statusBar().currentMessage().startswith("Imported: 6 pupils added")
    assert Pupil.get(Pupil.legal_last_name == "Delacroix-Moss").date_of_birth.year == 2014

    def check_contacts(dialog):
        assert dialog.kind_box.currentData() == "contacts"  # recognised by its columns
        assert dialog.mapping_table.cellWidget(0, 2).currentData() == "upn"
        assert dialog.preview.rowCount() == 7 and dialog.preview.item(0, 0).text() == "Link"

    assert _import_from_menu(qtbot, window, FIXTURES / "arbor_contacts.csv", check_contacts)
    assert Adult.select().count() == 7 and PupilAdult.select().count() == 7

    def check_reimport(dialog):  # Arbor's export differs from SIMS's in one admission date
        assert dialog.summary.text().startswith("Ready to import: 0 pupils added, 1 updated")
        assert [dialog.preview.item(1, c).text() for c in range(3)] == [
            "Update", "Zainab Okonkwo-Reid", "Admission date"]

    assert _import_from_menu(qtbot, window, FIXTURES / "arbor_pupils.csv", check_reimport)
    amelia = Pupil.get(Pupil.legal_first_name == "Amelia")
    tab._show_child(amelia.id)
    assert "Helena Thornbury (Mother, parental responsibility)" in tab.child.details.text()

    # By hand: New pupil… on the Provision map, then Start provision on their page.

    def fill_pupil():
        form = next(w for w in tab.findChildren(PupilDialog) if w.isVisible())
        qtbot.keyClicks(form.upn, make_upn(55))
        qtbot.keyClicks(form.first, "Juniper")
        qtbot.keyClicks(form.last, "Calloway")
        form.year.setCurrentIndex(form.year.findData(2))
        qtbot.mouseClick(form.ok_button, Qt.MouseButton.LeftButton)
        if form.isVisible():
            form.discard()  # give up, unsaved, without being asked

    QTimer.singleShot(0, fill_pupil)
    qtbot.mouseClick(tab.new_pupil_button, Qt.MouseButton.LeftButton)
    juniper = Pupil.get(Pupil.upn == make_upn(55))
    assert (juniper.legal_first_name, juniper.year_group) == ("Juniper", 2)
    assert tab.child.title.text() == "Juniper Calloway"  # their page opened
    assert tab.table.view.model().rowCount() == 7

    def enrol():
        form = next(w for w in tab.findChildren(EnrolDialog) if w.isVisible())
        form.intervention.setCurrentIndex(1)
        qtbot.keyClicks(form.target, "Joins in at the start of the session")
        qtbot.mouseClick(form.ok_button, Qt.MouseButton.LeftButton)
        if form.isVisible():
            form.discard()  # give up, unsaved, without being asked

    QTimer.singleShot(0, enrol)
    qtbot.mouseClick(tab.child.enrol_button, Qt.MouseButton.LeftButton)
    enrolment = Enrolment.get(Enrolment.pupil == juniper)
    assert enrolment.target == "Joins in at the start of the session"
    assert tab.child.enrolments.topLevelItem(0).text(0) == enrolment.intervention.name


def _import_with_a_bad_row(qtbot, tmp_path, school, year_and_class: str):
    """Bromcom's file with one more row, born on a day that never was."""
    window = _window(qtbot, school)
    bad = tmp_path / "bad.csv"
    bad.write_bytes((FIXTURES / "bromcom_pupils.csv").read_bytes()
                    + f"{make_upn(9)},Oak,Al,,31/02/2019,{year_and_class},N,N,F,N,N,C,F,\r\n"
                    .encode())
    return _import(qtbot, window, bad)


def test_the_dialog_lists_bad_rows_and_imports_nothing(qtbot, tmp_path, new_school):
    dialog = _import_with_a_bad_row(qtbot, tmp_path, new_school, "Y8,8A")
    lines = [(dialog.preview.item(r, 1).text(), dialog.preview.item(r, 2).text())
             for r in range(2)]
    assert lines == [("line 8", "there is no such date as 31/02/2019"),
                     ("line 8", "“Y8” is not a year group of a primary school (Reception to "
                                "Year 6)")]
    assert dialog.summary.text().startswith("2 problems: nothing can be imported")
    assert not dialog.import_button.isEnabled()
    dialog.run_import()  # even forced, it does nothing
    assert Pupil.select().count() == 0


def test_one_problem_is_called_one_problem(qtbot, tmp_path, new_school):
    dialog = _import_with_a_bad_row(qtbot, tmp_path, new_school, "Y6,6A")
    assert dialog.summary.text().startswith(
        "1 problem: nothing can be imported until the file (or the choice of columns) is put "
        "right. It is listed below")


def test_a_file_of_part_of_the_school_asks_which_it_is_before_import(qtbot, tmp_path,
                                                                   new_school):
    window = _window(qtbot, new_school)
    full = _import(qtbot, window, FIXTURES / "sims_pupils.csv")
    assert not full.partial_note.isVisible() and full.import_button.isEnabled()
    assert "2 names are flagged to check" in full.summary.text()
    assert [full.preview.item(0, c).text() for c in (0, 1)] == ["Check", "line 7"]
    assert "“=Kit” starts with “=”" in full.preview.item(0, 2).text()
    qtbot.mouseClick(full.import_button, Qt.MouseButton.LeftButton)
    assert Pupil.select().where(Pupil.left_date.is_null()).count() == 6

    lines = (FIXTURES / "sims_pupils.csv").read_bytes().splitlines(keepends=True)
    one_class = tmp_path / "year4.csv"
    one_class.write_bytes(b"".join(lines[:3]))  # the header and two of the six children
    dialog = _import(qtbot, window, one_class)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.partial_note.isVisible()
    assert "This file has 2 pupils of 6 on roll; 4 would be marked as left." in \
        dialog.partial_note.text()
    assert not dialog.import_button.isEnabled()  # no single key press marks them as left
    assert not dialog.keep_others.isChecked() and not dialog.mark_others.isChecked()
    dialog.grab().save(str(tmp_path / "partial-import.png"))
    # On its words, where a person clicks (the button's row is wider than its words).
    qtbot.mouseClick(dialog.keep_others, Qt.MouseButton.LeftButton,
                     pos=QPoint(30, dialog.keep_others.height() // 2))
    assert dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.result_plan.partial and not dialog.result_plan.left
    assert Pupil.select().where(Pupil.left_date.is_null()).count() == 6


def test_marking_a_child_as_left_is_confirmed_first(qtbot, new_school, monkeypatch):
    window = _window(qtbot, new_school)
    dialog = _import(qtbot, window, FIXTURES / "bromcom_pupils.csv")
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    window.show_tab(1)  # the Provision map (Today is in front)
    tab = window.provision_tab
    harry = Pupil.get(Pupil.legal_last_name == "Delacroix-Moss")
    tab._show_child(harry.id)
    assert tab.child.left_button.isVisible()
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: next(answers))
    qtbot.mouseClick(tab.child.left_button, Qt.MouseButton.LeftButton)
    assert Pupil.get_by_id(harry.id).left_date is None  # said No
    qtbot.mouseClick(tab.child.left_button, Qt.MouseButton.LeftButton)
    assert Pupil.get_by_id(harry.id).left_date is not None
    assert not tab.child.left_button.isVisible()


def test_thousands_of_rows_are_read_in_a_worker_with_a_progress_bar(qtbot, tmp_path, new_school):
    from benchmarks.bench_import import pupil_export

    window = _window(qtbot, new_school)
    big = tmp_path / "roll.csv"
    big.write_bytes(pupil_export(3_000))
    dialog = ImportDialog(window.actor, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.load(big)
    assert dialog.busy and dialog.progress.isVisible()  # the window is not held up meanwhile
    qtbot.waitUntil(lambda: not dialog.busy and dialog.plan is not None, timeout=30_000)
    assert (dialog.progress.value(), dialog.progress.maximum()) == (3_000, 3_000)
    assert not dialog.progress.isVisible()
    assert dialog.summary.text().startswith("Ready to import: 3000 pupils added")
    assert dialog.preview.rowCount() == 500  # the list stops; the counts cover every row


def test_the_preview_says_the_encoding_and_warns_when_it_is_a_guess(qtbot, new_school,
                                                                    tmp_path):
    window = _window(qtbot, new_school)
    header = "UPN,Legal Surname,Legal Forename,DOB,Year,Reg\r\n"
    rows = [(make_upn(1), "Wójcik", "Łukasz"), (make_upn(2), "Dvořák", "Zdeněk"),
            (make_upn(3), "Kováč", "Štefan")]
    central = tmp_path / "central.csv"
    central.write_bytes((header + "".join(f"{u},{last},{first},2019-02-03,Year 2,2B\r\n"
                                          for u, last, first in rows)).encode("cp1250"))
    dialog = _import(qtbot, window, central)
    assert dialog.encoding_label.text().splitlines() == [
        "Encoding: Windows-1250 (Central European)",
        "The file does not say which encoding it is in: FlexiDesk read it as Windows-1250 "
        "(Central European). Check that the names in the preview look right."]
    assert dialog.encoding_label.textFormat() == Qt.TextFormat.PlainText
    names = {dialog.preview.item(r, 1).text() for r in range(dialog.preview.rowCount())}
    assert names == {"Łukasz Wójcik", "Zdeněk Dvořák", "Štefan Kováč"}
    dialog.grab().save(str(tmp_path / "import-encoding.png"))
    stated = tmp_path / "stated.csv"
    stated.write_bytes(b"\xef\xbb\xbf" + central.read_bytes().decode("cp1250").encode())
    dialog.load(stated)
    qtbot.waitUntil(lambda: not dialog.busy and "mark" in dialog.encoding_label.text())
    assert dialog.encoding_label.text() == "Encoding: UTF-8 (with a byte-order mark)"
