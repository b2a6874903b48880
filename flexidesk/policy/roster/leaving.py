"""A child leaving the school: what of theirs ends with them, said first, then ended together.

A child off roll has no provision in school, no placement the school arranges and no
flexi-schooling arrangement, and nothing of theirs falls due for review. Marking a child as
left lists what would end (``what_ends``); ``mark_left`` asks first when anything would
(``AskFirst``), then ends each of them on the leaving day in the same transaction, each
change audited.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from flexidesk.i18n import _, format_date
from flexidesk.policy.records.access import Actor, require, update, viewed
from flexidesk.policy.vocabulary import STAGE_LABELS
from flexidesk.store.models import Enrolment, FlexiRequest, Intervention, Placement, Provider

#: Flexi requests no longer open.
_CLOSED = ("ended", "withdrawn")
_LIVE_PLACEMENTS = ("planned", "active")


@dataclass(frozen=True)
class WhatEnds:
    """What would end if the child left on a day, each in words."""

    provision: tuple[str, ...]
    placements: tuple[str, ...]
    flexi: tuple[str, ...]
    reviews: int  # reviews that would no longer fall due

    @property
    def anything(self) -> bool:
        return bool(self.provision or self.placements or self.flexi)

    def lines(self) -> list[str]:
        return [*self.provision, *self.placements, *self.flexi]


def _running(pupil_id: int, left_on: dt.date):
    enrolments = list(Enrolment.select(Enrolment, Intervention).join(Intervention)
                      .where((Enrolment.pupil == pupil_id)
                             & (Enrolment.end_date.is_null()
                                | (Enrolment.end_date > left_on))))
    placements = list(Placement.select(Placement, Provider).join(Provider)
                      .where((Placement.pupil == pupil_id)
                             & Placement.status.in_(_LIVE_PLACEMENTS)))
    requests = list(FlexiRequest.select().where((FlexiRequest.pupil == pupil_id)
                                                & FlexiRequest.stage.not_in(_CLOSED)))
    return enrolments, placements, requests


def ends_on_leaving(pupil_id: int, left_on: dt.date) -> WhatEnds:
    """What would end if the child left on ``left_on`` (inside the policy; no view recorded)."""
    enrolments, placements, requests = _running(pupil_id, left_on)
    reviews = sum(1 for e in enrolments if e.next_review_date is not None) + sum(
        1 for p in placements if p.next_review_date is not None) + sum(
        1 for r in requests if r.stage == "active")
    return WhatEnds(
        provision=tuple(_("{intervention} (in-school provision)").format(
            intervention=e.intervention.name) for e in enrolments),
        placements=tuple(_("the placement at {provider}").format(provider=p.provider.name)
                         for p in placements),
        flexi=tuple(_("the flexi-schooling request ({stage})").format(
            stage=_(STAGE_LABELS[r.stage]).lower()) for r in requests),
        reviews=reviews)


def what_ends(actor: Actor, pupil_id: int, left_on: dt.date) -> WhatEnds:
    """What would end if the child left on ``left_on`` (a recorded view of the child)."""
    require(actor, "pupil.view")
    ends = ends_on_leaving(pupil_id, left_on)
    viewed(actor, "leaving", pupil_id, pupil_id)
    return ends


def question(child: str, left_on: dt.date, ends: WhatEnds) -> str:
    """The question to ask before a leaver's provision, placements and requests end."""
    return _("If {child} leaves on {date}, these end that day and no review of them falls "
             "due: {things}. End them?").format(child=child, date=format_date(left_on),
                                                things="; ".join(ends.lines()))


def end_for_leaver(actor: Actor, pupil_id: int, left_on: dt.date) -> WhatEnds:
    """End, on the leaving day, everything of the child's that runs (call inside an action).

    Provision ends with its exit noted; a placement that began ends with "left the school"
    against each objective, one still to start is cancelled; an open flexi request is
    withdrawn, a running arrangement ends. No review is left to fall due.
    """
    ends = ends_on_leaving(pupil_id, left_on)
    enrolments, placements, requests = _running(pupil_id, left_on)
    note = _("Left the school on {date}.").format(date=format_date(left_on))
    for e in enrolments:
        update(actor, "enrolment.end", e, pupil_id=pupil_id,
               end_date=max(left_on, e.start_date), exit_data=e.exit_data or note,
               next_review_date=None)
    for p in placements:
        if p.start_date > left_on:
            update(actor, "placement.cancel", p, pupil_id=pupil_id, status="cancelled",
                   next_review_date=None)
            continue
        objectives = [line for line in p.objectives.splitlines() if line.strip()] or [""]
        update(actor, "placement.end", p, pupil_id=pupil_id, status="ended", end_date=left_on,
               outcomes=json.dumps([note] * len(objectives)),
               next_destination=_("Left the school"), next_review_date=None)
    for r in requests:
        day = max(left_on, r.received_on)
        if r.stage == "active":
            update(actor, "flexi.stage.ended", r, pupil_id=pupil_id, stage="ended", ended_on=day,
                   end_reason="withdrawn", withdrawn_on=day)
        else:
            update(actor, "flexi.stage.withdrawn", r, pupil_id=pupil_id, stage="withdrawn",
                   withdrawn_on=day, end_reason="withdrawn")
    return ends
