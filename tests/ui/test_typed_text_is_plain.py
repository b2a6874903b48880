"""Labels that show what someone typed show it as written: a name holding HTML is never drawn."""

import datetime as dt

from PySide6.QtCore import Qt

from flexidesk.policy.provision.read import pupil_page
from flexidesk.store.models import Adult, Pupil, PupilAdult
from flexidesk.ui.provision.child_page import ChildPage
from tests.clock import TODAY

HOSTILE = '<img src="file:///etc/hostname"><b>Ada</b>'


def test_the_childs_page_shows_a_name_holding_html_as_typed(qtbot, head):
    pupil = Pupil.create(upn="A000000000001", legal_first_name=HOSTILE, legal_last_name="Fen",
                         date_of_birth=dt.date(2018, 3, 4), year_group=3, class_name="<i>Oak",
                         on_roll_date=dt.date(2022, 9, 1))
    mum = Adult.create(first_name="<u>Hazel", last_name="Fen")
    PupilAdult.create(pupil=pupil, adult=mum, relationship="mother", priority=1)
    page = ChildPage()
    qtbot.addWidget(page)
    page.show_page(pupil_page(head, pupil.id, TODAY), True, True)
    for label in (page.title, page.details):
        assert label.textFormat() == Qt.TextFormat.PlainText
    assert page.title.text() == f"{HOSTILE} Fen"
    assert "class <i>Oak" in page.details.text() and "<u>Hazel Fen (mother" in page.details.text()
