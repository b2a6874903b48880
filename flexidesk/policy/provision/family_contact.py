"""The rhythm of contact with families: a child with provision whose family has not been in
touch within the school's set number of weeks is flagged.

Provision is in school (an intervention) or alternative (a placement): a child only in AP is
in the rhythm too. Contact is anything logged with the family, a letter issued to them about
their child (a review letter, a flexi letter), or a review whose outcome they were told.
"""

from __future__ import annotations

import datetime as dt

from peewee import fn

from flexidesk.policy.due import is_late
from flexidesk.policy.provision.settings import contact_weeks
from flexidesk.policy.records.access import Actor, require
from flexidesk.store.models import (
    Enrolment,
    EnrolmentReview,
    FamilyContact,
    IssuedDocument,
    Placement,
    PlacementReview,
    Pupil,
)
from flexidesk.store.query import as_tuples

#: Documents that go to the family: each counts as contact with them on its date.
FAMILY_LETTER_KINDS = ("provision_review_letter", "flexi_invitation", "flexi_decision",
                       "flexi_agreement", "flexi_end")


def _day(value) -> dt.date:
    return value if isinstance(value, dt.date) and not isinstance(value, dt.datetime) \
        else dt.date.fromisoformat(str(value)[:10])


def last_contacts() -> dict[int, dt.date]:
    """Each child's last contact with their family: logged, by letter, or told of a review."""
    out: dict[int, dt.date] = {}
    sources = (
        FamilyContact.select(FamilyContact.pupil, fn.MAX(FamilyContact.contact_at))
        .group_by(FamilyContact.pupil),
        IssuedDocument.select(IssuedDocument.pupil, fn.MAX(IssuedDocument.document_date))
        .where(IssuedDocument.kind.in_(FAMILY_LETTER_KINDS) & IssuedDocument.pupil.is_null(False))
        .group_by(IssuedDocument.pupil),
        Enrolment.select(Enrolment.pupil, fn.MAX(EnrolmentReview.family_told_on))
        .join(EnrolmentReview).group_by(Enrolment.pupil),
        Placement.select(Placement.pupil, fn.MAX(PlacementReview.family_feedback_on))
        .join(PlacementReview).group_by(Placement.pupil),
    )
    for query in sources:
        for pid, last in as_tuples(query):
            if last:
                day = _day(last)
                if pid not in out or day > out[pid]:
                    out[pid] = day
    return out


def contact_due_since(last: dt.date | None, started: dt.date, today: dt.date,
                      weeks: int) -> dt.date | None:
    """The day contact fell due, if it has: ``weeks`` after the last contact, or after the
    provision began when there has been none; None while within the rhythm."""
    due = (last or started) + dt.timedelta(weeks=weeks)
    return due if is_late(due, today) else None


def _on_roll(today: dt.date):
    return Pupil.left_date.is_null() | (Pupil.left_date > today)


def _started(today: dt.date) -> dict[int, dt.date]:
    """Children on roll with provision running on ``today`` (in school or alternative), each
    with the day their earliest running provision began."""
    from flexidesk.policy.providers.register import LIVE_PLACEMENT_STATUSES

    started: dict[int, dt.date] = {}
    queries = (
        Enrolment.select(Enrolment.pupil, fn.MIN(Enrolment.start_date)).join(Pupil)
        .where((Enrolment.end_date.is_null() | (Enrolment.end_date >= today))
               & (Enrolment.start_date <= today) & _on_roll(today))
        .group_by(Enrolment.pupil),
        Placement.select(Placement.pupil, fn.MIN(Placement.start_date)).join(Pupil)
        .where(Placement.status.in_(LIVE_PLACEMENT_STATUSES)
               & (Placement.start_date <= today) & _on_roll(today))
        .group_by(Placement.pupil),
    )
    for query in queries:
        for pid, first in as_tuples(query):
            day = _day(first)
            if pid not in started or day < started[pid]:
                started[pid] = day
    return started


def families_not_contacted(actor: Actor, today: dt.date) -> dict[int, dt.date]:
    """Children on roll with current provision (in school or alternative) whose family is past
    the contact rhythm, each with the day contact fell due."""
    require(actor, "provision.view")
    weeks = contact_weeks(today)
    last = last_contacts()
    out = {}
    for pid, first in _started(today).items():
        due = contact_due_since(last.get(pid), first, today, weeks)
        if due is not None:
            out[pid] = due
    return out
