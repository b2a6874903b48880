"""Letters to families after provision reviews: which reviews a batch covers, and recording each
letter as issued (the window renders them; policy never imports the documents layer)."""

from __future__ import annotations

import datetime as dt

from flexidesk.i18n import _
from flexidesk.policy.provision.read import _visible_enrolments
from flexidesk.policy.records import documents
from flexidesk.policy.records.access import Actor, PolicyError, action, require
from flexidesk.store.models import (
    Enrolment,
    EnrolmentReview,
    Intervention,
    IssuedDocument,
    Pupil,
)
from flexidesk.store.query import as_tuples

#: The kind of an issued provision-review letter.
KIND = "provision_review_letter"


def reviews_between(actor: Actor, start: dt.date, end: dt.date) -> list[int]:
    """The reviews held from ``start`` to ``end`` (both included) that the actor may write
    to families about, oldest first."""
    require(actor, "document.issue")
    if end < start:
        raise PolicyError(_("The end of the range comes before its start."))
    return [rid for (rid,) in as_tuples(EnrolmentReview.select(EnrolmentReview.id)
            .join(Enrolment).join(Intervention)
            .where(EnrolmentReview.review_date.between(start, end) & _visible_enrolments(actor))
            .order_by(EnrolmentReview.review_date, EnrolmentReview.id))]


@action("document.issue")
def issue_review_letters(actor: Actor, letters: list[tuple[int, bytes, dict]], *,
                         document_date: dt.date) -> list[IssuedDocument]:
    """Record each (review id, PDF, params) letter as issued to the child's family, all in one
    transaction: a batch is recorded whole or not at all."""
    names = dict(as_tuples(EnrolmentReview.select(EnrolmentReview.id, Enrolment.pupil).join(Enrolment)
                 .where(EnrolmentReview.id.in_([r for r, _p, _q in letters]))))
    known = {p.id: p.known_as for p in Pupil.select().where(Pupil.id.in_(list(names.values())))}
    issued = []
    for review_id, pdf, params in letters:
        pupil_id = names.get(review_id)
        if pupil_id is None:
            raise PolicyError(_("A review in this batch could not be found. It may have been "
                                "removed."))
        issued.append(documents.record_issue(
            actor, KIND, _("Provision review letter: {child}").format(child=known[pupil_id]),
            pdf, params, document_date=document_date, pupil_id=pupil_id))
    return issued
