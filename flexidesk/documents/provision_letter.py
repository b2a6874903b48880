"""The letter to the family after a provision review: what the child has been doing, how it is
going, and what happens next. Built from plain params (rendered anywhere, even off the main
thread); the params are read from the database by ``review_letter_params``."""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

from reportlab.platypus import Flowable, Paragraph

from flexidesk.documents import wording
from flexidesk.documents.flexi_letters import (
    _closing,
    _details_table,
    child_params,
    render_in_languages,
    school_params,
)
from flexidesk.i18n import N_, _
from flexidesk.policy.provision.letters import KIND
from flexidesk.policy.provision.read import _visible_enrolments
from flexidesk.policy.records.access import Actor, PolicyError, require
from flexidesk.policy.school.preferences import letter_language
from flexidesk.store.models import Adult, Enrolment, EnrolmentReview, Intervention, PupilAdult

#: How a review's score reads to a family: plain, and never blaming the child.
SCORE_WORDS = {
    2: N_("It is going very well: we can see a clear difference."),
    1: N_("It is going well: we can see some progress."),
    0: N_("It is early days or steady: we have not yet seen a clear change."),
    -1: N_("It has been harder lately, so we are looking at how best to help."),
    -2: N_("It has not been helping as we hoped, so we are changing our approach."),
}


def _family(pupil_id: int) -> dict:
    """The adults who receive letters about the child, main contact first."""
    adults = [a for a in Adult.select().join(PupilAdult).where(
        (PupilAdult.pupil == pupil_id) & (PupilAdult.receives_letters == True))  # noqa: E712
        .order_by(PupilAdult.priority, PupilAdult.id)]
    names = [a.full_name for a in adults]
    address = []
    with_address = next((a for a in adults if (a.address or "").strip()), None)
    if with_address is not None:
        address = [line.strip() for line in with_address.address.splitlines() if line.strip()]
        if with_address.postcode:
            address.append(with_address.postcode)
    greeting = [f"{a.title} {a.last_name}" if a.title else a.full_name for a in adults]
    return {"names": names, "address_lines": ([_(" and ").join(names[:2])] if names else [])
            + address, "salutation": _(" and ").join(greeting[:2]),
            "greeting": greeting[:2]}  # joined in each language the letter is written in


def review_letter_params(actor: Actor, review_id: int, letter_date: dt.date | None = None
                         ) -> dict:
    """Everything the letter needs, as JSON-safe values (stored to reprint it identically).

    Read for ``actor``: the role must write letters to families ("document.issue", checked
    before the family is read) and see the provision (confidential provision only by those
    it is shared with). No view is recorded here: the batch shows no letter, and records
    each one it writes as issued, naming the child, in one transaction (docs/reads.md).
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
    return {
        "kind": KIND, "review_id": review.id, "letter_date": letter_date.isoformat(),
        "language": letter_language(),
        "school": school_params(), "family": _family(pupil.id), "child": child_params(pupil),
        "intervention": enrolment.intervention.name,
        "description": enrolment.intervention.description,
        "minutes_per_week": enrolment.intervention.minutes_per_week,
        "staff": enrolment.staff, "start_date": enrolment.start_date.isoformat(),
        "target": enrolment.target, "review_date": review.review_date.isoformat(),
        "score": review.score,
        "ended": enrolment.end_date is not None and enrolment.end_date <= review.review_date,
        "next_review": review.next_review_date.isoformat() if review.next_review_date else None,
    }


def _story(p: dict, sheet) -> list[Flowable]:
    body = sheet["BodyText"]
    child = escape(p["child"]["first_name"])
    family = p["family"]
    salutation = (wording.names_list(family["greeting"]) if "greeting" in family
                  else family["salutation"])  # a letter issued before the parts were kept
    story: list[Flowable] = [
        Paragraph(escape(_("Dear {names},").format(names=salutation) if salutation
                         else _("Dear parent or carer,")), body),
        Paragraph(escape(_("{child}: {intervention}, review of {date}").format(
            child=p["child"]["known_as"], intervention=_(p["intervention"]),
            date=wording.long_date(p["review_date"]))), sheet["Reference"]),
        Paragraph(escape(_("We have reviewed how {intervention} is helping {child}, and want "
                           "to let you know how it is going.").format(
            intervention=_(p["intervention"]), child=p["child"]["first_name"])), body),
        Paragraph(escape(_("What {child} has been doing")).format(child=child), sheet["h2"]),
    ]
    rows = [(_("Since"), wording.long_date(p["start_date"])),
            (_("How often"), _("about {n} minutes a week").format(n=p["minutes_per_week"]))]
    if p.get("staff"):
        rows.append((_("With"), escape(p["staff"])))
    if p.get("target"):
        rows.append((_("What we are working on"), escape(p["target"])))
    story.append(_details_table(rows, sheet))
    if p.get("description"):
        story.append(Paragraph(escape(p["description"]), body))
    story += [Paragraph(escape(_("How it is going")), sheet["h2"]),
              Paragraph(escape(_(SCORE_WORDS.get(p["score"], SCORE_WORDS[0]))), body),
              Paragraph(escape(_("What happens next")), sheet["h2"])]
    if p["ended"]:
        nxt = _("{child}'s time in {intervention} has now come to an end. We will keep an "
                "eye on how things go in class and will be in touch if we think more help "
                "would be useful.").format(child=p["child"]["first_name"],
                                           intervention=_(p["intervention"]))
    else:
        nxt = _("{child} will carry on with {intervention}, and we will review it again on "
                "{date}.").format(child=p["child"]["first_name"],
                                  intervention=_(p["intervention"]),
                                  date=wording.long_date(p["next_review"]))
    story.append(Paragraph(escape(nxt), body))
    school = p["school"]
    story += _closing([escape(_("If you would like to talk about this, please contact the "
                                "school office and we will arrange a time."))],
                      [escape(school["signatory"]), escape(school["signatory_title"])],
                      escape(_("Yours sincerely,")), sheet)
    return story


def render_review_letter(params: dict) -> bytes:
    """The letter's PDF from its params alone (no database: safe in a worker thread).

    In the school's letter language: Welsh, English, or both with the Welsh first."""
    return render_in_languages(params, N_("Provision review"), _story)
