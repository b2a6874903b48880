"""One copy of a letter for each household of the adults who receive letters, each greeted the
same way, each with its own address and its own page numbers."""

import datetime as dt

from flexidesk.documents.family import family_params, letter_adults
from flexidesk.documents.render import build_params, render
from flexidesk.documents.templates import Copy, Letterhead, PageSetup, Part, build_copies
from flexidesk.i18n import set_locale
from flexidesk.store.models import Adult, PupilAdult
from tests.unit.documents import flexi_data as fd
from tests.unit.documents import world as w
from tests.unit.documents.flexi_data import page_count, pdf_text


def test_parents_at_two_addresses_each_get_a_copy(head):
    world = w.make_world(head, "latin")
    for kind in ("flexi_invitation", "provision_review_letter", "ap_feedback_letter"):
        params = w.params_of(kind, world, head)
        text = pdf_text(render(kind, params))
        assert text.count("Dear Mrs Wójcik,") == 1 and text.count("Dear Mr Wójcik,") == 1, kind
        assert "4 Willow Row" in text and "MB2 3EF" in text, kind
        assert "9 Station Road" in text and "MB4 8GH" in text, kind
        assert text.index("Dear Mrs Wójcik,") < text.index("9 Station Road"), kind


def test_one_address_typed_two_ways_is_one_household_greeted_once(head, school):
    pupil, mum, dad = fd.family()
    dad.address, dad.postcode = "4 willow row,\nMILLBRIDGE", "mb2 3ef"
    dad.save()
    family = family_params([mum, dad])
    assert len(family["households"]) == 1
    assert family["salutation"] == "Mrs and Mr Ashby"
    assert family["address_lines"] == ["Mrs Hazel Ashby and Mr Owen Ashby", "4 Willow Row",
                                       "Millbridge", "MB2 3EF"]


def test_two_surnames_are_each_written_in_full_in_every_letter(head, school):
    pupil, mum, dad = fd.family()
    dad.last_name, dad.address, dad.postcode = "Lund", mum.address, mum.postcode
    dad.save()
    family = family_params([mum, dad])
    assert family["salutation"] == "Mrs Ashby and Mr Lund"
    set_locale("cy")
    from flexidesk.documents.wording import salutation

    assert salutation({"family": family["households"][0]}) == "Annwyl Mrs Ashby a Mr Lund,"


def test_only_adults_who_receive_letters_are_written_to(head, school):
    pupil, mum, dad = fd.family()
    gran = Adult.create(title="Mrs", first_name="Iris", last_name="Vane",
                        address="9 Elm Row\nMillbridge", postcode="MB4 1ZZ")
    PupilAdult.create(pupil=pupil, adult=gran, receives_letters=False, priority=3)
    homes = family_params(letter_adults(pupil.id))["households"]
    assert [h["names"] for h in homes] == [["Mrs Hazel Ashby", "Mr Owen Ashby"]]


def test_each_copy_is_numbered_on_its_own():
    setup = PageSetup(letterhead=Letterhead("Brookfield Test Primary"), title="A letter")
    from reportlab.platypus import Paragraph

    from flexidesk.documents.styles import stylesheet

    body = stylesheet()["BodyText"]
    long = [Paragraph("A long paragraph of a letter. " * 40, body) for _ in range(6)]
    pdf = build_copies(setup, [Copy(["Mrs A One", "1 Lane", "AA1 1AA"], [Part(long)]),
                               Copy(["Mr B Two", "2 Lane", "BB2 2BB"], [Part(long)])])
    text = pdf_text(pdf)
    assert page_count(pdf) == 4
    assert text.count("Page 1 of 2") == 2 and text.count("Page 2 of 2") == 2
    assert "Page 3 of" not in text


def test_the_review_letter_batch_writes_a_copy_for_each_household(head):
    world = w.make_world(head, "latin")
    params = build_params(head, "provision_review_letter", review_id=world["review"].id,
                          letter_date=dt.date(2026, 11, 30))
    assert [h["address"][-1] for h in params["family"]["households"]] == ["MB2 3EF", "MB4 8GH"]
