"""Pupils and adults by hand: each change audited, text bounded, leaving recorded not deleting."""

import datetime as dt

import pytest

from flexidesk.policy.records.access import PermissionDenied, PolicyError
from flexidesk.policy.roster.by_hand import (
    AdultDetails,
    PupilDetails,
    add_adult,
    add_pupil,
    edit_adult,
    edit_pupil,
    link_adult,
    linked_adults,
    mark_left,
    unlink_adult,
)
from flexidesk.store.models import Adult, AuditEntry, Pupil, PupilAdult
from tests.unit.policy.roster.test_pupils import TODAY, make_upn


def details(**changes) -> PupilDetails:
    base = dict(upn=make_upn(1), legal_first_name="Rowan", legal_last_name="Ashdown",
                preferred_name="", date_of_birth=dt.date(2019, 4, 2), year_group=2)
    return PupilDetails(**{**base, **changes})


def actions() -> list[str]:
    """The audit's actions on the school's records (not its setting up, which a server's
    log holds too: the school's creation, its staff's accounts)."""
    return [e.action for e in AuditEntry.select().where(
        AuditEntry.table_name.not_in(["school", "staff_user"])).order_by(AuditEntry.id)]


def test_add_and_edit_a_pupil_are_audited(office):
    pupil = add_pupil(office, details(class_name="2 Elm"), TODAY)
    assert (pupil.on_roll_date, pupil.class_name) == (TODAY, "2 Elm")
    edit_pupil(office, pupil.id, details(preferred_name="Ro", eal=True), TODAY)
    pupil = Pupil.get()
    assert (pupil.preferred_name, pupil.eal, pupil.class_name) == ("Ro", True, "")
    assert actions() == ["pupil.add", "pupil.edit"]


@pytest.mark.parametrize("change,message", [
    ({"upn": "A123"}, "is not 13 characters long"),
    ({"legal_last_name": "Ash\ndown"}, "Legal surname must be on one line."),
    ({"legal_first_name": "x" * 101}, "Legal first name is too long"),
    ({"year_group": 7}, "Reception to Year 6"),
    ({"date_of_birth": TODAY}, "must be in the past"),
])
def test_a_bad_pupil_is_refused_in_plain_words(office, change, message):
    with pytest.raises(PolicyError, match=message):
        add_pupil(office, details(**change), TODAY)
    assert Pupil.select().count() == 0


def test_a_upn_belongs_to_one_child(office):
    add_pupil(office, details(), TODAY)
    with pytest.raises(PolicyError, match="already belongs to Rowan Ashdown"):
        add_pupil(office, details(legal_first_name="Other"), TODAY)


def test_marking_a_child_as_left_keeps_them_and_their_date(office):
    pupil = add_pupil(office, details(on_roll_date=dt.date(2025, 9, 1)), TODAY)
    mark_left(office, pupil.id, TODAY)
    assert Pupil.get().left_date == TODAY
    with pytest.raises(PolicyError, match="already recorded as having left"):
        mark_left(office, pupil.id, TODAY)
    assert actions()[-1] == "pupil.left"


def test_adults_added_edited_linked_and_unlinked(office):
    first = add_pupil(office, details(), TODAY)
    second = add_pupil(office, details(upn=make_upn(2), legal_first_name="Wren"), TODAY)
    mum = add_adult(office, first.id, AdultDetails("Mrs", "Faye", "Ashdown", "07700 900999",
                                                   address="2 Mill Row\nMillbridge",
                                                   postcode="mb1 1aa"), "Mother", True)
    assert mum.postcode == "MB1 1AA"
    edit_adult(office, mum.id, AdultDetails("Ms", "Faye", "Ashdown-Reed", "07700 900999"))
    link_adult(office, second.id, mum.id, "Mother", True, 1)
    assert [a.name for a in linked_adults(office, second.id)] == ["Ms Faye Ashdown-Reed"]
    unlink_adult(office, first.id, mum.id)
    assert PupilAdult.select().count() == 1 and Adult.select().count() == 1
    assert actions()[2:] == ["adult.add", "pupil.adult.link", "adult.edit", "pupil.adult.link",
                             "view.pupil_adults", "pupil.adult.unlink"]


def test_an_adult_name_of_a_megabyte_is_refused(office):
    pupil = add_pupil(office, details(), TODAY)
    with pytest.raises(PolicyError, match="Surname is too long"):
        add_adult(office, pupil.id, AdultDetails("", "A", "x" * 1_000_000), "Mother", True)


def test_a_governor_may_not_add_a_pupil(governor):
    with pytest.raises(PermissionDenied):
        add_pupil(governor, details(), TODAY)
