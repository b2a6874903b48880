"""The subject access pack reads as a person would expect, and holds only this child."""

import io
import json

from pypdf import PdfReader

from flexidesk.documents.subject_access import render_json, render_subject_access, value_text
from flexidesk.policy.records.rights import collect_subject_data
from tests.rights_data import child_with_records


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


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
                     "Who has looked at or changed these records", "Ben Marsh", "Opened: pupil",
                     "4 May 2017", "Page 1"):
        assert expected in text, expected
    assert "Quillby" not in text and "Another child" not in text
    assert steps[-1][0] == steps[-1][1] and len(steps) >= 5  # progress reaches the end


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
    assert value_text("declined", "outcome") == "Declined"
    assert value_text("fri_am,fri_pm", "sessions") == "Friday (all day)"

