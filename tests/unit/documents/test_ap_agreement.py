"""The AP placement agreement says only what the record bears out, names what a signable
agreement needs, and says so where the record lacks a fact; AP letters follow the school's
letter language."""

from flexidesk.documents.render import render
from flexidesk.policy.school.preferences import set_letter_language
from tests.unit.documents import world as w
from tests.unit.documents.flexi_data import pdf_text


def _agreement(world, head) -> str:
    return pdf_text(render("ap_placement_agreement", w.params_of("ap_placement_agreement", world, head)))


def test_with_no_checks_held_the_agreement_claims_none_and_lists_them_with_the_override(head):
    world = w.make_world(head, "latin")  # 0 of 12 checks held, placed by the Head's override
    text = _agreement(world, head)
    assert "The school has not yet seen the provider's child protection policy" in text
    assert "does not yet hold evidence that the adults who work with the child have been " \
        "checked" in text
    assert "has been vetted" not in text and "which the school has seen" not in text
    assert "has confirmed in writing" not in text
    assert "12 checks at the provider are outstanding:" in text
    assert "Insurance certificates: not held" in text
    assert "Child protection policy and allegations procedure: not held" in text
    assert "The Headteacher placed the child before these checks were complete, for this " \
        "reason: The nearest farm the family can reach" in text


def test_the_agreement_says_what_the_record_does_not_hold_rather_than_invent_it(head):
    world = w.make_world(head, "latin")
    text = _agreement(world, head)
    for missing in ("Not recorded: the provider's key worker for the child.",
                    "Not recorded: how the child travels and who pays.",
                    "Not recorded: the child's medical needs.",
                    "Not recorded: how the child keeps up English and maths.",
                    "Not recorded: the notice either side gives to end the placement.",
                    "Not recorded: the child's own risk assessment, done before the first "
                    "session."):
        assert missing in text, missing
    assert text.count("To be agreed before anyone signs.") >= 6


def test_a_ready_provider_and_recorded_details_make_a_signable_agreement(head):
    world = w.make_world(head, "latin")
    w.ready_provider(head, world)
    text = _agreement(world, head)
    for expected in (
            # The child
            "Legal name Zofia Wójcik", "Date of birth 4 March 2018", "Year group Year 3",
            "UPN T000000000301", "Special educational needs None recorded",
            "Medical needs Mild asthma: inhaler in the bag.",
            # Contacts
            "School's designated safeguarding lead Mrs Ffion Hale, 01632 960 150",
            "Provider's key worker Jo Penrose, 01632 960 400",
            "Mrs Anna Wójcik (mother), 01632 960 201",
            "Mr Tomasz Wójcik (father), 01632 960 202",
            # Terms
            "Maximum length 16 weeks at most", "Transport Taxi booked by the school",
            "Daily phonics and maths in class", "giving 2 weeks' notice in writing",
            "risk assessment for this placement was completed on Friday 30 October 2026",
            "The provider cannot exclude the child", "reports in writing how the child is "
            "getting on against each objective",
            # Safeguarding, from the checks held
            "The school has seen the provider's child protection policy and allegations "
            "procedure", "confirmed in writing that everyone who works with the child has "
            "been checked"):
        assert expected in text, expected
    assert "Not recorded" not in text and "outstanding" not in text


def test_costs_are_per_session_and_in_total_by_stream(head):
    world = w.make_world(head, "latin")
    text = _agreement(world, head)
    # Tuesday and Thursday mornings, 2 November 2026 to 29 January 2027: 26 sessions on
    # school days (the Christmas bank holidays fall on neither).
    assert "£45.00 per session (Pupil premium £40.00, School budget £5.00)" in text
    assert "26 sessions from the start to the planned end (school days only): £1,170.00 in " \
        "total (Pupil premium £1,040.00, School budget £130.00)" in text
    assert "£45.00 in total" not in text


def test_the_school_the_provider_and_each_parent_sign_with_name_and_position(head):
    world = w.make_world(head, "latin")
    w.ready_provider(head, world)
    text = _agreement(world, head)
    assert "For the school Name Ms Ada Quill Position Headteacher" in text
    assert "For the provider Name Jo Penrose Position" in text
    assert "For the family Name Mrs Anna Wójcik Position Mother" in text
    assert "For the family Name Mr Tomasz Wójcik Position Father" in text


def test_everyone_signs_on_one_page_and_no_block_stands_alone(head):
    import io

    from pypdf import PdfReader

    world = w.make_world(head, "arabic")  # 0 checks held: the long list pushes the close over
    for language in ("en", "cy", "cy+en"):
        set_letter_language(head, language)
        pdf = render("ap_placement_agreement", w.params_of("ap_placement_agreement", world, head))
        pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
        signing = [n for n, page in enumerate(pages)
                   if "For the school" in page or "For the family" in page
                   or "Ar ran yr ysgol" in page or "Ar ran y teulu" in page]
        assert len(signing) == 1, (language, signing)
        page = pages[signing[0]]
        assert page.count("For the family") + page.count("Ar ran y teulu") >= 2, language


def test_ap_letters_follow_the_schools_letter_language(head):
    world = w.make_world(head, "latin")
    set_letter_language(head, "cy")
    letter = pdf_text(render("ap_feedback_letter", w.params_of("ap_feedback_letter", world, head)))
    assert "Annwyl Mrs Wójcik," in letter and "Yn gywir," in letter
    assert "Dear " not in letter and "Tudalen 1 o 1" in letter
    agreement = _agreement(world, head)
    assert "Cytundeb lleoliad darpariaeth amgen" in agreement and "Llofnodion" in agreement
    set_letter_language(head, "cy+en")
    both = _agreement(world, head)
    assert both.index("Cytundeb lleoliad darpariaeth amgen") < both.index(
        "Alternative provision placement agreement")
    assert both.count("Llofnodion / Signatures") == 1  # one set of signatures for both
    assert both.count("Ar ran yr ysgol / For the school") == 1
