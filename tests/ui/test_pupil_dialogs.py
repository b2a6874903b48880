"""The child's record by hand: the pupil form, the adults of a child, and refusals shown in place."""


import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMessageBox

from flexidesk.policy.roster.contacts import import_contacts, parse_contacts
from flexidesk.policy.roster.csv_file import read_table
from flexidesk.policy.roster.pupils import import_pupils, parse_pupils
from flexidesk.store.models import Adult, AuditEntry, Pupil, PupilAdult
from flexidesk.ui.provision.pupil_dialogs import (
    AdultDialog,
    AdultsDialog,
    LinkAdultDialog,
    PupilDialog,
)
from tests.clock import TODAY
from tests.unit.policy.roster.test_pupils import FIXTURES


@pytest.fixture
def families(office):
    import_pupils(office, parse_pupils(read_table((FIXTURES / "sims_pupils.csv").read_bytes())),
                  TODAY)
    import_contacts(office, parse_contacts(read_table(
        (FIXTURES / "sims_contacts.csv").read_bytes())))
    return office


def _drive(qtbot, kind, parent, fill):
    """Run ``fill`` on the modal form of ``kind`` once it is open, then save or give up."""
    def run():
        form = next(w for w in parent.findChildren(kind) if w.isVisible())
        fill(form)
        qtbot.mouseClick(form.ok_button, Qt.MouseButton.LeftButton)
        if form.isVisible():
            form.discard()  # give up, unsaved, without being asked

    QTimer.singleShot(0, run)


def test_editing_a_pupil_saves_the_change_and_a_bad_upn_is_refused_in_place(qtbot, families):
    amelia = Pupil.get(Pupil.legal_first_name == "Amelia")
    form = PupilDialog(families, pupil_id=amelia.id)
    qtbot.addWidget(form)
    form.show()
    assert form.upn.text() == amelia.upn and form.flags["pupil_premium"].isChecked()
    wrong = ("A" if amelia.upn[0] != "A" else "B") + amelia.upn[1:]
    form.upn.setText(wrong)
    qtbot.mouseClick(form.ok_button, Qt.MouseButton.LeftButton)
    assert form.error_label.text() == f"UPN {wrong} has the wrong check letter."
    assert form.isVisible()
    form.upn.setText(amelia.upn)
    qtbot.keyClicks(form.preferred, "Millie")
    form.flags["eal"].setChecked(True)
    qtbot.mouseClick(form.ok_button, Qt.MouseButton.LeftButton)
    amelia = Pupil.get_by_id(amelia.id)
    assert (amelia.preferred_name, amelia.eal) == ("Millie", True)


def test_adults_are_added_linked_edited_and_unlinked_from_the_childs_list(qtbot, families,
                                                                         monkeypatch):
    chloe = Pupil.get(Pupil.legal_last_name == "Fairweather")
    dialog = AdultsDialog(families, chloe.id, "Chloé Fairweather")
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 1  # her father, from the MIS

    def new_adult(form):
        qtbot.keyClicks(form.first, "Maren")
        qtbot.keyClicks(form.last, "Fairweather")
        qtbot.keyClicks(form.relationship, "Stepmother")
        form.responsibility.setChecked(False)
        form.priority.setValue(2)
        form.address.setPlainText("The Old Forge, Mill Road\nLower Dene")

    _drive(qtbot, AdultDialog, dialog, new_adult)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert [dialog.list.item(i).text() for i in range(2)] == [
        "1. Mr Tobías Fairweather (Father, parental responsibility)",
        "2. Maren Fairweather (Stepmother)"]
    maren = Adult.get(Adult.first_name == "Maren")
    assert maren.address == "The Old Forge, Mill Road\nLower Dene"

    def link_helena(form):
        form.adult.setCurrentIndex(form.adult.findText("Mrs Helena Thornbury, MB4 7QT"))
        qtbot.keyClicks(form.relationship, "Godmother")
        form.responsibility.setChecked(False)

    _drive(qtbot, LinkAdultDialog, dialog, link_helena)
    qtbot.mouseClick(dialog.link_button, Qt.MouseButton.LeftButton)
    assert dialog.list.count() == 3
    assert PupilAdult.get(PupilAdult.relationship == "Godmother").pupil_id == chloe.id

    dialog.list.setCurrentRow(0)

    def rename(form):
        form.phone.setText("01632 960223")

    _drive(qtbot, AdultDialog, dialog, rename)
    qtbot.mouseClick(dialog.edit_button, Qt.MouseButton.LeftButton)
    assert Adult.get(Adult.mis_ref == "C1005").phone == "01632 960223"

    dialog.list.setCurrentRow(dialog.list.count() - 1)  # Maren, last by priority
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: next(answers))
    qtbot.mouseClick(dialog.unlink_button, Qt.MouseButton.LeftButton)
    assert dialog.list.count() == 3  # said No
    qtbot.mouseClick(dialog.unlink_button, Qt.MouseButton.LeftButton)
    assert dialog.list.count() == 2 and Adult.get_or_none(Adult.first_name == "Maren")
    assert AuditEntry.select().where(AuditEntry.action == "pupil.adult.unlink").count() == 1


def test_an_adult_without_a_relationship_cannot_be_saved(qtbot, families):
    chloe = Pupil.get(Pupil.legal_last_name == "Fairweather")
    form = AdultDialog(families, chloe.id, "Chloé Fairweather")
    qtbot.addWidget(form)
    qtbot.keyClicks(form.first, "Ann")
    qtbot.keyClicks(form.last, "Other")
    assert not form.ok_button.isEnabled()
    assert form.reason_label.text() == "Say how the adult is related to the child."


def test_new_adult_by_keyboard_tabs_through_the_address_and_checks_the_postcode(qtbot, families):
    chloe = Pupil.get(Pupil.legal_last_name == "Fairweather")
    form = AdultDialog(families, chloe.id, "Chloé Fairweather")
    qtbot.addWidget(form)
    form.show()
    form.activateWindow()
    qtbot.waitUntil(lambda: form.focusWidget() is form.title_edit)  # the first field, not Save
    for typed in ("Ms", "Ann", "Other", "Aunt"):
        qtbot.keyClicks(form.focusWidget(), typed)
        qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Tab)
    while form.focusWidget() is not form.email:
        qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClick(form.email, Qt.Key.Key_Tab)
    assert form.focusWidget() is form.address
    qtbot.keyClicks(form.address, "27 Walkley Road")
    qtbot.keyClick(form.address, Qt.Key.Key_Tab)  # Tab leaves the address box, typing nothing
    assert form.focusWidget() is form.postcode
    assert form.address.toPlainText() == "27 Walkley Road"
    qtbot.keyClicks(form.postcode, "27 WALKLEY ROAD")
    qtbot.keyClick(form.postcode, Qt.Key.Key_Return)
    assert form.isVisible() and "is not a UK postcode" in form.error_label.text()
    assert not Adult.select().where(Adult.last_name == "Other").exists()
    form.postcode.clear()
    qtbot.keyClicks(form.postcode, "s6 2xp")
    qtbot.keyClick(form.postcode, Qt.Key.Key_Return)
    assert not form.isVisible()
    adult = Adult.get(Adult.last_name == "Other")
    assert (adult.address, adult.postcode) == ("27 Walkley Road", "S6 2XP")
