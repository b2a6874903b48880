"""Names of children and adults on roll are found in free text, as a reader would see them."""

import datetime as dt

from flexidesk.policy.records.names import NameFinder, Person, _words, names_on_roll
from flexidesk.store.models import Adult, Pupil


def _finder(*people: tuple[str, str, tuple[str, ...]]) -> NameFinder:
    return NameFinder([Person(name, kind, tuple(_words(*names))) for name, kind, names in people])


def test_first_names_surnames_and_possessives_are_found_in_any_case():
    finder = _finder(("Yusuf Al-Haddad", "child", ("Yusuf", "Al-Haddad")))
    for text, found in [("Yusuf Al-Haddad's mother asked for the farm.", ["Yusuf", "Al-Haddad"]),
                        ("yusuf's mother asked", ["yusuf"]),
                        ("the Haddad family", ["Haddad"]),
                        ("YUSUF rides on Fridays", ["YUSUF"])]:
        assert [h.found for h in finder.find(text)] == found, text
    assert finder.find("A parent asked for the farm; al fresco lunch.") == []  # "Al" is no name


def test_accents_are_ignored_and_words_inside_words_do_not_count():
    finder = _finder(("Zoë Wójcik", "child", ("Zoë", "Wójcik")), ("Ann Lee", "adult", ("Ann", "Lee")))
    assert [h.found for h in finder.find("Zoe Wojcik and her mum")] == ["Zoe", "Wojcik"]
    assert finder.find("Annual sleepover; a fleet of boats") == []


def test_everyday_words_count_only_with_a_capital():
    finder = _finder(("May Will", "child", ("May", "Will")))
    assert finder.find("we will see whether she may go") == []
    assert [h.person for h in finder.find("May is happier")] == ["May Will"]


def test_chinese_and_arabic_names_are_found():
    finder = _finder(("王伟", "child", ("伟", "王", "王伟")), ("يوسف", "child", ("يوسف",)))
    assert [h.found for h in finder.find("王伟的妈妈来了")] == ["王伟"]
    assert [h.found for h in finder.find("Met يوسف today")] == ["يوسف"]


def test_everyone_on_roll_is_searched_but_the_child_left_out(school):
    d = dt.date
    tam = Pupil.create(upn="A123456789012", legal_first_name="Tamsin", legal_last_name="Fernleigh",
                       preferred_name="Tam", date_of_birth=d(2017, 5, 4), year_group=4,
                       on_roll_date=d(2021, 9, 1))
    Pupil.create(upn="B123456789012", legal_first_name="Harry", legal_last_name="Pengelly",
                 date_of_birth=d(2017, 5, 4), year_group=4, on_roll_date=d(2021, 9, 1))
    Adult.create(title="Mrs", first_name="Maya", last_name="Fernleigh")
    text = "Tam pushed Harry P.; Maya was told."
    assert {h.person for h in names_on_roll().find(text)} == {"Tam Fernleigh", "Harry Pengelly",
                                                             "Mrs Maya Fernleigh"}
    others = names_on_roll(except_pupil=tam.id).find(text)
    assert {(h.person, h.kind) for h in others} == {("Harry Pengelly", "child"),
                                                    ("Mrs Maya Fernleigh", "adult")}
