"""What the office may do in the window, it may do on the trust's server as its own login:
the writes the application makes beyond each table's usual permission (marking a child as
left ends their provision; printing an AP register records the copy) are granted there too."""

from __future__ import annotations

import datetime as dt

from flexidesk.policy.records.access import Actor
from flexidesk.policy.records.documents import Paper, record_copy
from flexidesk.policy.roster.by_hand import mark_left
from flexidesk.store import close_database, server_accounts
from flexidesk.store.models import Enrolment, Intervention, IssuedDocument, Pupil, StaffUser
from tests.server.conftest import add_pg_school, add_pg_staff, open_pg_school

D = dt.date
TODAY = D(2026, 11, 30)


def _as_office(pg_server):
    school_id, head_login = add_pg_school(pg_server)
    database = open_pg_school(pg_server, school_id, head_login)
    add_pg_staff()
    ro = Pupil.create(upn="A000000000001", legal_first_name="Ro", legal_last_name="Ashby",
                      date_of_birth=D(2017, 3, 1), year_group=4, on_roll_date=D(2021, 9, 1))
    lego = Intervention.create(name="Lego Therapy")
    Enrolment.create(pupil=ro, intervention=lego, start_date=D(2026, 11, 2),
                     target="Take turns", next_review_date=D(2026, 12, 14))
    office_login = server_accounts.login_for(database, "office")
    database.close()
    close_database()
    database = open_pg_school(pg_server, school_id, office_login)
    user = StaffUser.get(StaffUser.username == "office")
    return database, Actor.from_user(user), ro


def test_the_office_marks_a_child_with_provision_as_left(pg_server):
    database, office, ro = _as_office(pg_server)
    try:
        mark_left(office, ro.id, TODAY, end_what_runs=True)
        assert Pupil.get_by_id(ro.id).left_date == TODAY
        assert Enrolment.get(Enrolment.pupil == ro.id).end_date == TODAY
    finally:
        database.close()
        close_database()


def test_the_office_prints_a_register_and_its_copy_is_recorded(pg_server):
    database, office, ro = _as_office(pg_server)
    try:
        paper = Paper("ap_register", "Register", b"%PDF-1.4 register", {}, TODAY,
                      pupil_id=ro.id)
        document = record_copy(office, paper, "print")
        assert document is not None
        assert IssuedDocument.get_by_id(document.id).issued_by == "office"
    finally:
        database.close()
        close_database()
