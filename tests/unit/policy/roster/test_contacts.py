"""Parents and carers from the MIS contacts export, linked to their children by UPN."""

import pytest

from flexidesk.policy.roster.contacts import import_contacts, parse_contacts
from flexidesk.policy.roster.csv_file import ImportRefused, read_table
from flexidesk.policy.roster.pupils import import_pupils, parse_pupils
from flexidesk.store.models import Adult, Pupil, PupilAdult
from tests.unit.policy.roster.test_pupils import FIXTURES, TODAY, make_upn


def contacts(name: str):
    return parse_contacts(read_table((FIXTURES / name).read_bytes()))


@pytest.fixture
def roll(head):
    import_pupils(head, parse_pupils(read_table((FIXTURES / "sims_pupils.csv").read_bytes())),
                  TODAY)


@pytest.mark.parametrize("mis", ["sims", "arbor", "bromcom"])
def test_each_mis_contacts_export_links_adults_to_children(head, roll, mis):
    plan = import_contacts(head, contacts(f"{mis}_contacts.csv"))
    assert (plan.adults_added, plan.links_added) == (7, 7)
    amelia = Pupil.get(Pupil.legal_first_name == "Amelia")
    links = sorted(amelia.adult_links, key=lambda link: link.priority)
    assert [(link.adult.first_name, link.relationship, link.priority) for link in links] == [
        ("Helena", "Mother", 1), ("Rupert", "Father", 2)]
    carer = PupilAdult.get(PupilAdult.relationship == "Foster carer")
    assert carer.parental_responsibility is False
    assert carer.adult.address.splitlines() == ["Flat 2, 88 Canal Street", "Millbridge"]
    assert (carer.adult.postcode, carer.adult.phone) == ("MB1 3RE", "01632 960111")
    assert carer.adult.email == "agnes.moss@example.com" and carer.adult.mis_ref == "C1004"


def test_reimporting_contacts_updates_the_same_adults(head, roll):
    import_contacts(head, contacts("bromcom_contacts.csv"))
    plan = import_contacts(head, contacts("sims_contacts.csv"))  # one father's name has an accent
    assert (plan.adults_added, plan.adults_updated, plan.links_added) == (0, 1, 0)
    assert Adult.select().count() == 7
    assert Adult.get(Adult.mis_ref == "C1005").first_name == "Tobías"


def test_a_contact_of_an_unknown_pupil_refuses_the_whole_file(head, roll):
    data = (FIXTURES / "bromcom_contacts.csv").read_bytes() + (
        f"{make_upn(900)},C9,Mr,Al,Stray,Father,1,Y,1 Road,Town,MB1 1AA,0,\r\n").encode()
    with pytest.raises(ImportRefused) as refused:
        import_contacts(head, parse_contacts(read_table(data)))
    assert refused.value.lines == (
        f"line 9: no pupil has UPN {make_upn(900)} (import the pupils first)",)
    assert Adult.select().count() == 0 and PupilAdult.select().count() == 0


def test_a_contact_name_with_a_line_break_is_a_bad_row(head, roll):
    data = (FIXTURES / "bromcom_contacts.csv").read_bytes().replace(b"Helena", b'"Hel\nena"')
    with pytest.raises(ImportRefused) as refused:
        import_contacts(head, parse_contacts(read_table(data)))
    assert refused.value.lines == ("line 2: First name must be on one line.",)


def test_letters_go_to_the_imported_parents_not_an_emergency_contact(head, roll):
    from flexidesk.documents.flexi_letters import family_params
    from flexidesk.store.models import FlexiRequest

    data = (FIXTURES / "bromcom_contacts.csv").read_bytes() + (
        b"T936299920101,C1099,Mrs,Iris,Vane,Grandmother,3,N,9 Elm Row,Millbridge,MB4 1ZZ,"
        b"01632 960999,\r\n")
    import_contacts(head, parse_contacts(read_table(data)))
    amelia = Pupil.get(Pupil.legal_first_name == "Amelia")
    request = FlexiRequest.create(pupil=amelia, received_on=TODAY)
    letter = family_params(request)
    assert letter["names"] == ["Mrs Helena Thornbury", "Mr Rupert Thornbury"]
    assert letter["address_lines"] == ["Mrs Helena Thornbury and Mr Rupert Thornbury",
                                       "14 Quarry Lane", "Millbridge", "MB4 7QT"]
    assert PupilAdult.get(PupilAdult.relationship == "Grandmother").receives_letters is False
