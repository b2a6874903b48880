"""The letter to the family after a provision review: what the child has been doing, how it is
going, and the next step that was decided. Built from plain params (rendered anywhere, even
off the main thread); the params are read from the database by ``review_letter_params``."""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from flexidesk.documents import family, wording
from flexidesk.documents.compose import Telling, render_document, signed_letter
from flexidesk.documents.fonts import Paragraph
from flexidesk.documents.params import child_params, iso, school_params
from flexidesk.documents.pieces import details_table
from flexidesk.i18n import N_
from flexidesk.i18n.welsh import gettext as _
from flexidesk.policy.provision.letters import KIND
from flexidesk.policy.provision.read import _visible_enrolments
from flexidesk.policy.records.access import Actor, PolicyError, require
from flexidesk.policy.school.preferences import letter_language
from flexidesk.store.models import Enrolment, EnrolmentReview, Intervention

TITLE = N_("Provision review")

#: How a review's score reads to a family: plain, never blaming the child, and saying only
#: how it is going (what happens next is the decision, said on its own).
SCORE_WORDS = {
    2: N_("It is going very well: we can see a clear difference."),
    1: N_("It is going well: we can see some progress."),
    0: N_("It is early days or steady: we have not yet seen a clear change."),
    -1: N_("It has been harder lately."),
    -2: N_("It has not been helping as we hoped."),
}


def review_letter_params(actor: Actor, review_id: int, letter_date: dt.date | None = None
                         ) -> dict:
    """Everything the letter needs, as JSON-safe values (stored to reprint it identically).

    Read for ``actor``: the role must write letters to families ("document.issue", checked
    before the family is read) and see the provision (confidential provision only by those
    it is shared with). No view is recorded here: the batch shows no letter until it is
    issued, and records each one it issues as issued, naming the child (docs/reads.md).
    """
    require(actor, "document.issue")
    review = (EnrolmentReview.select(EnrolmentReview, Enrolment, Intervention)
              .join(Enrolment).join(Intervention)
              .where((EnrolmentReview.id == review_id) & _visible_enrolments(actor)).first())
    if review is None:
        raise PolicyError(_("This review could not be found. It may have been removed."))
    enrolment = review.enrolment
    pupil = enrolment.pupil
    letter_date = letter_date or dt.date.today()
    end = enrolment.end_date
    return {
        "kind": KIND, "review_id": review.id, "pupil_id": pupil.id,
        "letter_date": letter_date.isoformat(),
        "language": letter_language(),
        "school": school_params(), "family": family.family_params(
            family.letter_adults(pupil.id)), "child": child_params(pupil),
        "intervention": enrolment.intervention.name,
        "description": enrolment.intervention.description,
        "minutes_per_week": enrolment.intervention.minutes_per_week,
        "staff": enrolment.staff, "start_date": enrolment.start_date.isoformat(),
        "target": enrolment.target, "review_date": review.review_date.isoformat(),
        "score": review.score,
        "ended": end is not None and end <= review.review_date,
        "ends_on": iso(end) if end is not None and end > review.review_date else None,
        "next_review": review.next_review_date.isoformat() if review.next_review_date else None,
    }


def next_step(p: dict) -> str:
    """What was decided at the review, in one sentence (markup)."""
    child, what = wording.first(p), wording.catalogue_name(p["intervention"])
    if p["ended"]:
        return _("We decided at the review that {child}'s time in {intervention} should come "
                 "to an end. We will keep an eye on how things go in class and will be in "
                 "touch if we think other help would be useful.").format(
            child=child, intervention=what)
    if p.get("ends_on"):
        return _("{child} will carry on with {intervention} until {date}, when it comes to an "
                 "end as planned.").format(child=child, intervention=what,
                                           date=wording.long_date(p["ends_on"]))
    if p["score"] < 0 and p.get("next_review"):
        return _("{child} will keep going to {intervention} for now, and we will look at it "
                 "again on {date}. If you have any thoughts about what would help, we would "
                 "be glad to hear them.").format(child=child, intervention=what,
                                                 date=wording.long_date(p["next_review"]))
    if p.get("next_review"):
        return _("{child} will carry on with {intervention}, and we will review it again on "
                 "{date}.").format(child=child, intervention=what,
                                   date=wording.long_date(p["next_review"]))
    return _("{child} will carry on with {intervention}.").format(child=child,
                                                                  intervention=what)


def _story(p: dict, sheet) -> Telling:
    body = sheet["BodyText"]
    child = wording.first(p)
    what = wording.catalogue_name(p["intervention"])
    story: list[Flowable] = [
        Paragraph(wording.salutation(p), body),
        Paragraph(_("{child}: {intervention}, review of {date}").format(
            child=wording.text(p["child"]["known_as"]), intervention=what,
            date=wording.long_date(p["review_date"])), sheet["Reference"]),
        Paragraph(_("We have reviewed how {intervention} is helping {child}, and want to let "
                    "you know how it is going.").format(intervention=what, child=child), body),
        Paragraph(_("What {child} has been doing").format(child=child), sheet["h2"]),
    ]
    rows = [(_("Since"), wording.long_date(p["start_date"])),
            (_("How often"), _("about {n} minutes a week").format(n=p["minutes_per_week"]))]
    if p.get("staff"):
        rows.append((_("With"), wording.text(p["staff"])))
    if p.get("target"):
        rows.append((_("What we are working on"), wording.text(p["target"])))
    story += [details_table(rows, sheet), Spacer(1, 2 * mm)]
    if p.get("description"):
        story.append(Paragraph(wording.text(p["description"]), body))
    story += [Paragraph(_("How it is going"), sheet["h2"]),
              Paragraph(_(SCORE_WORDS.get(p["score"], SCORE_WORDS[0])), body),
              Paragraph(_("What happens next"), sheet["h2"]),
              Paragraph(next_step(p), body)]
    return signed_letter(p, story, [_("If you would like to talk about this, please contact "
                                      "the school office and we will arrange a time.")], TITLE)


def render_review_letter(params: dict) -> bytes:
    """The letter's PDF from its params alone (no database: safe in a worker thread).

    In the school's letter language: Welsh, English, or both with the Welsh first; a copy
    for each household."""
    return render_document(params, TITLE, _story)
