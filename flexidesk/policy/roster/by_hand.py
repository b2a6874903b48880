"""Pupils and their adults by hand: add and edit a child or an adult, link them, mark a child as left.

Each change is one audited action behind ``pupil.edit``; each read of a child's or an
adult's details takes the actor, checks ``pupil.view`` and is recorded as a view.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flexidesk.i18n import _, format_date
from flexidesk.policy.errors import AskFirst
from flexidesk.policy.records.access import (
    Actor,
    PolicyError,
    action,
    create,
    delete,
    require,
    update,
    viewed,
)
from flexidesk.policy.roster import leaving
from flexidesk.policy.roster.pupils import upn_problem
from flexidesk.policy.text import LINE, NAME, PARAGRAPH, bounded, postcode
from flexidesk.store.models import YEAR_GROUPS, Adult, Pupil, PupilAdult


@dataclass(frozen=True)
class PupilDetails:
    """What the pupil form holds (also what it is filled from when editing)."""

    upn: str
    legal_first_name: str
    legal_last_name: str
    preferred_name: str
    date_of_birth: dt.date
    year_group: int
    class_name: str = ""
    sen_support: bool = False
    ehc_plan: bool = False
    looked_after: bool = False
    pupil_premium: bool = False
    eal: bool = False
    on_roll_date: dt.date | None = None


@dataclass(frozen=True)
class AdultDetails:
    """What the adult form holds."""

    title: str
    first_name: str
    last_name: str
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""


@dataclass(frozen=True)
class LinkedAdult:
    """An adult linked to a child, as the Adults form lists them."""

    adult_id: int
    name: str
    relationship: str
    parental_responsibility: bool
    priority: int
    details: AdultDetails


def _clean_pupil(details: PupilDetails, today: dt.date) -> dict:
    upn = (details.upn or "").strip().upper().replace(" ", "")
    if problem := upn_problem(upn):
        raise PolicyError(problem[0].upper() + problem[1:] + ".")
    if details.year_group not in YEAR_GROUPS:
        raise PolicyError(_("A primary school has Reception to Year 6 only."))
    if details.date_of_birth >= today:
        raise PolicyError(_("The date of birth must be in the past."))
    return {
        "upn": upn,
        "legal_first_name": bounded(details.legal_first_name, _("Legal first name"), NAME,
                                    required=True, single_line=True),
        "legal_last_name": bounded(details.legal_last_name, _("Legal surname"), NAME,
                                   required=True, single_line=True),
        "preferred_name": bounded(details.preferred_name, _("Preferred name"), NAME,
                                  single_line=True) or None,
        "date_of_birth": details.date_of_birth, "year_group": details.year_group,
        "class_name": bounded(details.class_name, _("Class"), NAME, single_line=True),
        "sen_support": details.sen_support, "ehc_plan": details.ehc_plan,
        "looked_after": details.looked_after, "pupil_premium": details.pupil_premium,
        "eal": details.eal,
    }


def _taken(upn: str, pupil_id: int | None) -> None:
    other = Pupil.get_or_none(Pupil.upn == upn)
    if other is not None and other.id != pupil_id:
        raise PolicyError(_("UPN {upn} already belongs to {name}.").format(
            upn=upn, name=other.known_as))


@action("pupil.edit")
def add_pupil(actor: Actor, details: PupilDetails, today: dt.date) -> Pupil:
    """Put a new child on roll (from ``details.on_roll_date``, or today)."""
    fields = _clean_pupil(details, today)
    _taken(fields["upn"], None)
    return create(actor, "pupil.add", Pupil, on_roll_date=details.on_roll_date or today, **fields)


@action("pupil.edit")
def edit_pupil(actor: Actor, pupil_id: int, details: PupilDetails, today: dt.date) -> Pupil:
    """Change a child's details (the UPN too, if it was typed wrong)."""
    pupil = _pupil(pupil_id)
    fields = _clean_pupil(details, today)
    _taken(fields["upn"], pupil.id)
    return update(actor, "pupil.edit", pupil, **fields)


@action("pupil.edit")
def mark_left(actor: Actor, pupil_id: int, left_on: dt.date, *,
              end_what_runs: bool = False) -> Pupil:
    """Record that a child has left the school on ``left_on``; their records stay.

    Their provision, placements and flexi request end with them: when any would, the user is
    asked first (``AskFirst`` names them) and ``end_what_runs`` ends them that day.
    """
    pupil = _pupil(pupil_id)
    if pupil.left_date is not None:
        raise PolicyError(_("{child} is already recorded as having left on {date}.").format(
            child=pupil.known_as, date=format_date(pupil.left_date)))
    if left_on < pupil.on_roll_date:
        raise PolicyError(_("{child} joined on {date}: they cannot have left before that.")
                          .format(child=pupil.known_as, date=format_date(pupil.on_roll_date)))
    ends = leaving.ends_on_leaving(pupil.id, left_on)
    if ends.anything and not end_what_runs:
        raise AskFirst(leaving.question(pupil.known_as, left_on, ends))
    leaving.end_for_leaver(actor, pupil.id, left_on)
    return update(actor, "pupil.left", pupil, left_date=left_on)


def _pupil(pupil_id: int) -> Pupil:
    pupil = Pupil.get_or_none(Pupil.id == pupil_id)
    if pupil is None:
        raise PolicyError(_("This pupil could not be found."))
    return pupil


def pupil_details(actor: Actor, pupil_id: int) -> PupilDetails:
    """A child's details as the edit form shows them (a recorded view)."""
    require(actor, "pupil.view")
    p = _pupil(pupil_id)
    viewed(actor, "pupil_details", p.id, p.id)
    return PupilDetails(p.upn, p.legal_first_name, p.legal_last_name, p.preferred_name or "",
                        p.date_of_birth, p.year_group, p.class_name, p.sen_support, p.ehc_plan,
                        p.looked_after, p.pupil_premium, p.eal, p.on_roll_date)


# --- adults ----------------------------------------------------------------------------


def _clean_adult(details: AdultDetails) -> dict:
    return {
        "title": bounded(details.title, _("Title"), 20, single_line=True),
        "first_name": bounded(details.first_name, _("First name"), NAME, required=True,
                              single_line=True),
        "last_name": bounded(details.last_name, _("Surname"), NAME, required=True,
                             single_line=True),
        "phone": bounded(details.phone, _("Telephone"), NAME, single_line=True),
        "email": bounded(details.email, _("Email"), LINE, single_line=True),
        "address": bounded(details.address, _("Address"), PARAGRAPH // 4),
        "postcode": postcode(bounded(details.postcode, _("Postcode"), 20, single_line=True),
                             _("Postcode")),
    }


def _link_fields(relationship: str, parental_responsibility: bool, priority: int) -> dict:
    if not 1 <= priority <= 99:
        raise PolicyError(_("The priority is a number from 1 (called first) to 99."))
    return {"relationship": bounded(relationship, _("Relationship"), 50, required=True,
                                    single_line=True),
            "parental_responsibility": bool(parental_responsibility), "priority": priority}


@action("pupil.edit")
def add_adult(actor: Actor, pupil_id: int, details: AdultDetails, relationship: str,
              parental_responsibility: bool, priority: int = 1) -> Adult:
    """A new adult, linked at once to the child (letters go to them)."""
    pupil = _pupil(pupil_id)
    link = _link_fields(relationship, parental_responsibility, priority)
    adult = create(actor, "adult.add", Adult, pupil_id=pupil.id, **_clean_adult(details))
    create(actor, "pupil.adult.link", PupilAdult, pupil=pupil.id, adult=adult.id, **link)
    return adult


@action("pupil.edit")
def edit_adult(actor: Actor, adult_id: int, details: AdultDetails) -> Adult:
    """Change an adult's name, address or how to reach them."""
    adult = Adult.get_or_none(Adult.id == adult_id)
    if adult is None:
        raise PolicyError(_("This adult could not be found."))
    return update(actor, "adult.edit", adult, **_clean_adult(details))


@action("pupil.edit")
def link_adult(actor: Actor, pupil_id: int, adult_id: int, relationship: str,
               parental_responsibility: bool, priority: int = 1) -> PupilAdult:
    """Link a known adult to a child (a sibling's parent), or change how they are linked."""
    pupil = _pupil(pupil_id)
    if Adult.get_or_none(Adult.id == adult_id) is None:
        raise PolicyError(_("This adult could not be found."))
    fields = _link_fields(relationship, parental_responsibility, priority)
    link = PupilAdult.get_or_none(PupilAdult.pupil == pupil.id, PupilAdult.adult == adult_id)
    if link is not None:
        return update(actor, "pupil.adult.link", link, **fields)
    return create(actor, "pupil.adult.link", PupilAdult, pupil=pupil.id, adult=adult_id,
                  **fields)


@action("pupil.edit")
def unlink_adult(actor: Actor, pupil_id: int, adult_id: int) -> None:
    """Take an adult off a child's record (the adult stays, for any other child)."""
    link = PupilAdult.get_or_none(PupilAdult.pupil == pupil_id, PupilAdult.adult == adult_id)
    if link is None:
        raise PolicyError(_("This adult is not linked to this child."))
    delete(actor, "pupil.adult.unlink", link)


def linked_adults(actor: Actor, pupil_id: int) -> list[LinkedAdult]:
    """The adults linked to a child, first to call first (a recorded view)."""
    require(actor, "pupil.view")
    pupil = _pupil(pupil_id)
    out = []
    for link in (PupilAdult.select(PupilAdult, Adult).join(Adult)
                 .where(PupilAdult.pupil == pupil.id)
                 .order_by(PupilAdult.priority, Adult.last_name)):
        a = link.adult
        out.append(LinkedAdult(a.id, a.full_name, link.relationship,
                               link.parental_responsibility, link.priority,
                               AdultDetails(a.title, a.first_name, a.last_name, a.phone,
                                            a.email, a.address, a.postcode)))
    viewed(actor, "pupil_adults", pupil.id, pupil.id)
    return out


def adult_choices(actor: Actor, pupil_id: int) -> list[tuple[int, str]]:
    """Adults not yet linked to the child, as (id, "name, postcode"), for linking a sibling's
    parent; a recorded view."""
    require(actor, "pupil.view")
    linked = PupilAdult.select(PupilAdult.adult).where(PupilAdult.pupil == pupil_id)
    adults = (Adult.select(Adult.id, Adult.title, Adult.first_name, Adult.last_name,
                           Adult.postcode)
              .where(Adult.id.not_in(linked)).order_by(Adult.last_name, Adult.first_name))
    viewed(actor, "adult_list", pupil_id)
    return [(a.id, ", ".join(p for p in (a.full_name, a.postcode) if p)) for a in adults]
