"""Steps shared by the our-policy tests: change rules, adopt, run a request under them."""

import datetime as dt
import io

from pypdf import PdfReader

from flexidesk.documents.flexi_letters import build_flexi_params, render_flexi
from flexidesk.policy import flexi, ourpolicy

D = dt.date
ADOPTED = D(2026, 11, 18)  # the governing body's meeting (a Wednesday)


def adopt_with(head, change, *, adopted_on=ADOPTED, today=None):
    """Save the default policy changed by ``change(body)`` as a draft, and adopt it."""
    body = ourpolicy.default_policy()
    change(body)
    ourpolicy.save_draft(head, body)
    return ourpolicy.adopt(head, adopted_on=adopted_on, next_review=D(2027, 11, 17),
                           today=today)


def run_to_meeting(head, family, *, received_on, meeting):
    pupil, mum, dad = family
    request = flexi.receive_request(head, pupil_id=pupil.id, adult_ids=[mum.id, dad.id],
                                    received_on=received_on, sessions=["fri_am", "fri_pm"],
                                    reasons="Ro learns outdoors with his grandfather.",
                                    today=meeting)
    flexi.arrange_meeting(head, request.id, meeting_date=meeting, meeting_time=None,
                          place="Office", today=meeting)
    flexi.record_meeting(head, request.id, held_on=meeting, attendees="Mrs Ashby",
                         notes="", head_present=True, today=meeting)
    return request


def weigh(head, request, codes, *, needs_met=False, in_letter=True):
    return flexi.record_considerations(
        head, request.id, assessments={c: ("concern", f"About {c}", in_letter) for c in codes},
        needs_met_in_school=needs_met, needs_met_notes="", alternatives=[])


def letter_text(head, request, kind, *, language="en", letter_date=None) -> str:
    params = build_flexi_params(head, kind, request_id=request.id, language=language,
                                letter_date=letter_date)
    pdf = render_flexi(kind, params)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())
