"""The subject access pack reads as a person would expect, holds only this child, says what
Article 15 asks, and lays out cleanly however long a note is."""

import datetime as dt
import io
import json

import pytest
from pypdf import PdfReader

from flexidesk.documents.sar_labels import FIELD_LABELS, SKIP, action_text
from flexidesk.documents.subject_access import (
    render_json,
    render_pack,
    render_subject_access,
    value_text,
)
from flexidesk.policy.records.redaction import records
from flexidesk.policy.records.rights import collect_subject_data
from flexidesk.policy.records.sar_reply import prepare_pack
from flexidesk.store import audit
from flexidesk.store.models import FamilyContact, Placement
from tests.rights_data import child_with_records
from tests.unit.policy.records.sar_helpers import child_naming_others, decide_all

D = dt.date


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(_pages(pdf)).split())


def test_pack_holds_every_section_in_plain_words(head, pastoral, school):
    pupil = child_with_records(viewer=pastoral)
    data = collect_subject_data(head, pupil.id)
    steps = []
    pdf = render_subject_access(data, school.name, lambda done, total: steps.append((done, total)))
    text = " ".join(_text(pdf).split())
    for expected in ("Records held about Tam Fernleigh", "Brookfield Test Primary",
                     "Family and carers", "Maya", "Support in school", "Lego Therapy",
                     "Calmer at the start of sessions", "Contacts with the family",
                     "Alternative provision", "Riverside Farm Learning",
                     "Wednesday afternoon", "Flexi-schooling requests", "Music lessons",
                     "Continuity of teaching and learning", "A concern", "Declined",
                     "Documents issued", "Decision on flexi-schooling request",
                     "Who has looked at or changed these records", "Ben Marsh",
                     "Opened the child's page", "4 May 2017", "Page 1 of"):
        assert expected in text, expected
    assert "Quillby" not in text and "Another child" not in text
    assert steps[-1][0] == steps[-1][1] and len(steps) >= 5  # progress reaches the end


def _rich_child(head, pastoral):
    """The issue's child, her cost in pence and an action recorded by its code."""
    reply = child_naming_others(head, viewer=pastoral)
    Placement.update(cost_pence=4500).execute()
    audit.record("head", "flexi.consider.factor", "factor_assessment", 1,
                 pupil_id=reply.pupil.id)
    return reply.pupil, reply.request, reply.review


def test_the_reply_carries_the_article_15_letter_and_withholds_what_was_redacted(
        head, pastoral, school):
    pupil, request, review = _rich_child(head, pastoral)
    found = decide_all(head, request,
                       redact={f"enrolment_review:{review.id}:notes": "other_person"})
    assert found  # the review step had passages to show
    pack = prepare_pack(head, request)
    pdf = render_pack(pack)
    text = _text(pdf)
    # The letter: to the requester at her address, and what Article 15 says she is told.
    for expected in ("Dear Mrs Fernleigh,", "4 Willow Row", "MB3 9ZZ",
                     "Why we hold this information", "What the records contain",
                     "Who receives it", "Riverside Farm Learning", "Where it came from",
                     "made by a computer alone", "How long we keep it",
                     "25 years", "The child's date of birth", "Your rights",
                     "correct it", "delete information", "object to how we use it",
                     "Information Commissioner's Office", "ico.org.uk/make-a-complaint",
                     "0303 123 1113", "We have withheld 1 passage", "Yours sincerely,",
                     "Ms Ada Quill", "Headteacher"):
        assert expected in text, expected
    # The redacted note is gone from the PDF and the JSON; its place says why.
    assert "Harry" not in text and "pushed another boy" not in text and "court" not in text
    assert "[Withheld: information about another person]" in text
    assert "What has been withheld, and why" in text
    assert "Support in school: Lego Therapy, review of 2 Nov 2026" in text
    js = render_json({**pack["records"], "withheld": pack["withheld"]}).decode("utf-8")
    assert "Harry" not in js and '"withheld": "other_person"' in js


def test_labels_not_raw_field_names(head, pastoral, school):
    pupil, request, _review = _rich_child(head, pastoral)
    decide_all(head, request)
    text = _text(render_pack(prepare_pack(head, request)))
    assert "£45.00" in text and "Weighed one of the considerations" in text
    for raw in ("Cost (pence)", "cost_pence", "4500", "flexi.consider.factor", "view.pupil",
                "Eal", "Mis ref", "Version", "sar.request", "(view.", "_"):
        assert raw not in text, raw


def test_every_field_collected_has_a_label(head, pastoral, school):
    pupil, _request, _review = _rich_child(head, pastoral)
    data = collect_subject_data(head, pupil.id)
    fields = set(data["pupil"])
    for _table, record, _parent in records(data):
        fields |= {k for k, v in record.items() if not isinstance(v, list)}
    missing = {f for f in fields if f not in FIELD_LABELS and f not in SKIP
               and not f.endswith("_id")}
    assert missing == set()


COVER_HEADINGS = {"Why we hold this information", "What the records contain", "Who receives it",
                  "Where it came from", "How long we keep it", "What we have withheld",
                  "Your rights", "If you are not satisfied"}
RECORD_HEADINGS = {"Family and carers", "Support in school", "Contacts with the family",
                   "Alternative provision", "Flexi-schooling requests", "Documents issued",
                   "Who has looked at or changed these records", "Subject access requests",
                   "Reviews", "Reviews with the provider", "Meetings", "Decision",
                   "Considerations weighed", "Mrs Maya Fernleigh", "Mr Tom Fernleigh",
                   "What has been withheld, and why", "About the child"}


def _no_heading_ends_a_page(pages: list[str], headings: set[str], marking: str, page: str):
    for number, text in enumerate(pages, start=1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        assert f"{page} {number} o {len(pages)}" in text or \
            f"{page} {number} of {len(pages)}" in text
        assert marking in text
        body = [line for line in lines if not line.startswith((page, marking))]
        assert body[-1] not in headings, (number, body[-1])


def test_every_page_is_numbered_and_marked_and_no_heading_ends_a_page(head, pastoral, school):
    pupil, request, _review = _rich_child(head, pastoral)
    decide_all(head, request)
    for _extra in range(0, 16, 3):  # contacts push every later section down the pages
        for n in range(3):
            FamilyContact.create(pupil=pupil, contact_at=dt.datetime(2026, 10, 5 + n, 9),
                                 summary="Talked about the week ahead")
        pages = _pages(render_pack(prepare_pack(head, request)))
        _no_heading_ends_a_page(pages, COVER_HEADINGS | RECORD_HEADINGS,
                                "CONFIDENTIAL: PERSONAL INFORMATION", "Page")


def test_the_welsh_pack_is_in_welsh_and_the_bilingual_one_welsh_first(head, pastoral, school):
    from flexidesk.policy.school.preferences import set_letter_language

    pupil, request, _review = _rich_child(head, pastoral)
    decide_all(head, request)
    set_letter_language(head, "cy")
    welsh = _text(render_pack(prepare_pack(head, request)))
    for expected in ("Annwyl Mrs Fernleigh,", "Pam rydym yn cadw'r wybodaeth hon", "Eich hawliau",
                     "Swyddfa'r Comisiynydd Gwybodaeth", "Yn gywir,", "Pennaeth",
                     "Cofnodion a gedwir am Tam Fernleigh", "Dyddiad geni", "Cymorth yn yr ysgol",
                     "Galwad ffôn", "Perthynas â'r plentyn", "Rhiant", "Tad",
                     "Wedi pwyso a mesur un o'r ystyriaethau", "Tudalen 1 o",
                     "CYFRINACHOL: GWYBODAETH BERSONOL"):
        assert expected in welsh, expected
    for english in ("Date of birth", "Support in school", "Phone call", "Dear", "Your rights",
                    "Relationship to the child", "Page 1 of"):
        assert english not in welsh, english
    set_letter_language(head, "cy+en")
    pages = _pages(render_pack(prepare_pack(head, request)))
    both = _text(render_pack(prepare_pack(head, request)))
    assert both.index("Annwyl Mrs Fernleigh,") < both.index("Dear Mrs Fernleigh,") < \
        both.index("Cofnodion a gedwir am Tam Fernleigh Ada Quill") < \
        both.index("Records held about Tam Fernleigh Prepared on")
    _no_heading_ends_a_page(pages, COVER_HEADINGS | RECORD_HEADINGS,
                            "CYFRINACHOL: GWYBODAETH BERSONOL", "Tudalen")


def test_a_note_of_10000_characters_runs_across_pages(head, pastoral, school):
    pupil, request, review = _rich_child(head, pastoral)
    long = " ".join(f"Word{n:04d}" for n in range(1250))  # 10,000 characters and more
    assert len(long) >= 10_000
    review.notes = "Settled well. " + long
    review.save()
    decide_all(head, request)
    pdf = render_pack(prepare_pack(head, request))  # a LayoutError before (issue 20)
    text = _text(pdf)
    assert "Word0000" in text and "Word1249" in text and len(_pages(pdf)) >= 8


def test_json_is_the_same_records(head, school):
    pupil = child_with_records()
    data = collect_subject_data(head, pupil.id)
    parsed = json.loads(render_json(data).decode("utf-8"))
    assert parsed["pupil"]["upn"] == "A123456789012"
    assert parsed["enrolments"][0]["reviews"][0]["score"] == 1


def test_values_read_naturally():
    assert value_text(None) == "\u2014"
    assert value_text(True) == "Yes"
    assert value_text("2026-01-03") == "3 Jan 2026"
    assert value_text("2026-10-02T09:00:00") == "2 Oct 2026, 09:00"
    assert value_text("declined", "outcome") == "Declined"
    assert value_text("fri_am,fri_pm", "sessions") == "Friday (all day)"
    assert value_text(4500, "cost_pence") == "£45.00"
    assert value_text("phone", "method") == "Phone call"
    assert value_text("B", "attendance_code") == "B: approved off-site educational activity"
    assert value_text({"withheld": "legal"}, "notes").startswith("[Withheld: legal advice")


@pytest.mark.parametrize("action, words", [
    ("flexi.consider.factor", "Weighed one of the considerations"),
    ("view.pupil", "Opened the child's page"),
    ("sar.decide", "Decided whether a passage is disclosed in a subject access reply"),
    ("view.something_new", "Opened the records"),
    ("mystery", "Worked on the records"),
])
def test_audit_actions_read_as_sentences(action, words):
    assert action_text(action) == words
