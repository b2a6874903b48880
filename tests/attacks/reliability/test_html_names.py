"""Names holding HTML, typed by staff (the school's name, a child's, a provider's, an
intervention's): no label of any tab of the window draws them as HTML."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from flexidesk.store.models import Intervention, Provider, Pupil, School
from flexidesk.ui.main_window import MainWindow

HOSTILE = '<img src="file:///etc/hostname"><b>Ada</b>'


def test_no_label_of_any_tab_draws_a_typed_name_as_html(qtbot, head, database):
    School.update(name=f"{HOSTILE} School").execute()
    Pupil.create(upn="A000000000001", legal_first_name=HOSTILE, legal_last_name="Fen",
                 date_of_birth=dt.date(2018, 3, 4), year_group=3, class_name="<i>Oak",
                 on_roll_date=dt.date(2022, 9, 1))
    Provider.create(name=f"{HOSTILE} Farm")
    Intervention.create(name=f"{HOSTILE} Group", kind="group")
    window = MainWindow(head, database)
    qtbot.addWidget(window)
    window.show()
    drawn = set()
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        qtbot.waitUntil(lambda i=index: window.tabs.currentIndex() == i)
        for label in window.findChildren(QLabel):
            if "<img" in label.text() and label.textFormat() != Qt.TextFormat.PlainText:
                drawn.add(label.objectName() or type(label.parent()).__name__)
    assert drawn == set()
    assert window.status_label.text().startswith(f"{HOSTILE} School")  # shown as typed
