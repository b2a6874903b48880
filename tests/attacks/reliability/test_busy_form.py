"""A form saved while another program holds the database's write lock for longer than
FlexiDesk waits: the form says so in place and keeps what was typed; saving again works."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt

from flexidesk.store.models import Pupil
from flexidesk.ui.provision.pupil_dialogs import PupilDialog
from tests.ui.test_pupil_dialogs import families  # noqa: F401 - the fixture

__all__ = ["families"]


def test_a_form_saved_while_another_program_writes_keeps_what_was_typed(qtbot, families,  # noqa: F811
                                                                      database):
    amelia = Pupil.get(Pupil.legal_first_name == "Amelia")
    form = PupilDialog(families, pupil_id=amelia.id)
    qtbot.addWidget(form)
    form.show()
    qtbot.keyClicks(form.preferred, "Millie")
    holder = sqlite3.connect(database.path, isolation_level=None, timeout=0)
    holder.execute("BEGIN IMMEDIATE")  # a sync client or a DB browser, writing for a while
    try:
        qtbot.mouseClick(form.ok_button, Qt.MouseButton.LeftButton)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert form.isVisible()  # nothing typed is lost
    assert "in use by another program" in form.error_label.text()
    assert form.preferred.text() == "Millie"
    assert Pupil.get_by_id(amelia.id).preferred_name != "Millie"

    qtbot.mouseClick(form.ok_button, Qt.MouseButton.LeftButton)  # the program has let go
    assert not form.isVisible()
    assert Pupil.get_by_id(amelia.id).preferred_name == "Millie"
