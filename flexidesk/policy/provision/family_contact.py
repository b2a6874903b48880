"""The rhythm of contact with families: a child with provision whose family has not been in
touch within the school's set number of weeks is flagged."""

from __future__ import annotations

import datetime as dt

from peewee import fn

from flexidesk.policy.provision.settings import contact_weeks
from flexidesk.policy.records.access import Actor, require
from flexidesk.store.models import Enrolment, FamilyContact, Pupil
from flexidesk.store.query import as_tuples


def last_contacts() -> dict[int, dt.date]:
    """Each child's last contact with their family (one query)."""
    out = {}
    for pid, last in (as_tuples(FamilyContact.select(FamilyContact.pupil, fn.MAX(FamilyContact.contact_at))
                      .group_by(FamilyContact.pupil))):
        if last:
            out[pid] = dt.date.fromisoformat(str(last)[:10])
    return out


def contact_due_since(last: dt.date | None, started: dt.date, today: dt.date,
                      weeks: int) -> dt.date | None:
    """The day contact fell due, if it has: ``weeks`` after the last contact, or after the
    provision began when there has been none; None while within the rhythm."""
    due = (last or started) + dt.timedelta(weeks=weeks)
    return due if due < today else None


def families_not_contacted(actor: Actor, today: dt.date) -> dict[int, dt.date]:
    """Children on roll with current provision whose family is past the contact rhythm, each
    with the day contact fell due."""
    require(actor, "provision.view")
    weeks = contact_weeks()
    started: dict[int, dt.date] = {}
    for pid, first in (as_tuples(Enrolment.select(Enrolment.pupil, fn.MIN(Enrolment.start_date))
                       .join(Pupil)
                       .where((Enrolment.end_date.is_null() | (Enrolment.end_date >= today))
                              & (Enrolment.start_date <= today)
                              & (Pupil.left_date.is_null() | (Pupil.left_date > today)))
                       .group_by(Enrolment.pupil))):
        started[pid] = first if isinstance(first, dt.date) else dt.date.fromisoformat(first)
    last = last_contacts()
    out = {}
    for pid, first in started.items():
        due = contact_due_since(last.get(pid), first, today, weeks)
        if due is not None:
            out[pid] = due
    return out
