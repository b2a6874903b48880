"""Who asks and who signs: parties are chosen from the records, never typed.

The school signs through a staff account that may sign for it (a Headteacher, or the
account the school names as its letter signatory). The family signs through adults linked
to the child, and whether one holds parental responsibility is read from that link each
time it matters: when the agreement is drafted and again when the last signature makes
it run. The adults who make a request are chosen the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from flexidesk.i18n import _
from flexidesk.policy.flexi._base import RefusedAction
from flexidesk.policy.records.access import HEAD, Actor, require
from flexidesk.store.models import Adult, AgreementParty, Pupil, PupilAdult, School, StaffUser

#: How a chosen party is given to ``draft_agreement``: ("staff", id), ("adult", id), ("pupil", None).
PARTY_KINDS = ("staff", "adult", "pupil")


@dataclass(frozen=True)
class Signatory:
    """A staff account that may sign for the school, as the agreement form offers it."""

    id: int
    name: str
    title: str


def same_person(a: str, b: str) -> bool:
    """Whether two written names are one person ("Ada Quill" is "Ms Ada Quill")."""
    a, b = " ".join(a.split()).casefold(), " ".join(b.split()).casefold()
    return bool(a and b) and (a in b or b in a)


def is_the_head(user: StaffUser) -> bool:
    """Whether the account is the Headteacher the school's profile names."""
    school = School.select().first()
    return (user.role == HEAD and school is not None
            and same_person(user.display_name, school.headteacher_name or ""))


def may_sign_for_school(user: StaffUser | None) -> bool:
    """An active Headteacher's account, or the account of the school's letter signatory."""
    if user is None or not user.active:
        return False
    if user.role == HEAD:
        return True
    school = School.select().first()
    return school is not None and same_person(user.display_name, school.letter_signatory or "")


def _printed_name(user: StaffUser) -> tuple[str, str]:
    """The name and capacity a school party carries: the Head as the profile writes them."""
    school = School.select().first()
    if is_the_head(user) and school is not None:
        return school.headteacher_name, "headteacher"
    return user.display_name, "headteacher" if user.role == HEAD else "signatory"


def school_signatories(actor: Actor) -> list[Signatory]:
    """The staff accounts that may sign an agreement for the school, the Head first."""
    require(actor, "flexi.view")
    users = [u for u in StaffUser.select().where(StaffUser.active == True)  # noqa: E712
             .order_by(StaffUser.display_name) if may_sign_for_school(u)]
    users.sort(key=lambda u: (not is_the_head(u), u.role != HEAD))
    out = []
    for user in users:
        name, capacity = _printed_name(user)
        title = (_("Headteacher") if capacity == "headteacher"
                 else (School.select().first().signatory_title or _("Signatory")))
        out.append(Signatory(user.id, name, title))
    return out


def holds_parental_responsibility(pupil_id: int, adult_id: int | None) -> bool:
    """Whether the adult's link to the child records parental responsibility, now."""
    if adult_id is None:
        return False
    link = PupilAdult.get_or_none(PupilAdult.pupil == pupil_id, PupilAdult.adult == adult_id)
    return link is not None and bool(link.parental_responsibility)


def signs_for_school(party: AgreementParty) -> bool:
    """Whether the party signs for the school: a staff account that may still sign."""
    if party.staff_id is None:
        return False
    return may_sign_for_school(StaffUser.get_or_none(StaffUser.id == party.staff_id))


def check_requesters(pupil: Pupil, adult_ids) -> list[int]:
    """The adults making a request, each linked to the child, one at least with parental
    responsibility; RefusedAction otherwise."""
    adult_ids = list(dict.fromkeys(adult_ids or ()))
    if not adult_ids:
        raise RefusedAction(_("Please choose at least one adult making the request."))
    links = {link.adult_id: link for link in PupilAdult.select().where(
        PupilAdult.pupil == pupil.id, PupilAdult.adult.in_(adult_ids))}
    if set(adult_ids) - set(links):
        raise RefusedAction(_("Only adults linked to {child} can make a request for them. "
                              "Please add the adult to {child}'s record first.").format(
            child=pupil.known_as))
    if not any(links[a].parental_responsibility for a in adult_ids):
        raise RefusedAction(_("A request is made by someone with parental responsibility for "
                              "{child}; none of the adults chosen has it on the child's "
                              "record.").format(child=pupil.known_as))
    return adult_ids


def resolve_parties(pupil: Pupil, parties) -> list[dict]:
    """The chosen parties as rows to save: name, capacity, adult or staff account."""
    rows: list[dict] = []
    seen: set[tuple] = set()
    for party in parties or ():
        if not (isinstance(party, tuple | list) and len(party) == 2
                and party[0] in PARTY_KINDS):
            raise RefusedAction(_("A party to the agreement is chosen from the school's staff "
                                  "or the child's adults."))
        kind, ref = party
        if (kind, ref) in seen:
            continue
        seen.add((kind, ref))
        if kind == "staff":
            user = StaffUser.get_or_none(StaffUser.id == ref)
            if not may_sign_for_school(user):
                raise RefusedAction(_("Only the Headteacher, or the account the school names as "
                                      "its letter signatory, may sign for the school."))
            assert user is not None  # may_sign_for_school refuses no account
            name, capacity = _printed_name(user)
            rows.append({"name": name, "capacity": capacity, "adult": None, "staff": user.id})
        elif kind == "adult":
            link = PupilAdult.get_or_none(PupilAdult.pupil == pupil.id, PupilAdult.adult == ref)
            if link is None:
                raise RefusedAction(_("Only adults linked to {child} can be parties to the "
                                      "agreement.").format(child=pupil.known_as))
            adult = Adult.get_by_id(ref)
            rows.append({"name": adult.full_name,
                         "capacity": "parent" if link.parental_responsibility else "carer",
                         "adult": adult.id, "staff": None})
        else:  # the child: a party who is told, not the one who agrees
            rows.append({"name": pupil.known_as, "capacity": "pupil", "adult": None,
                         "staff": None})
    if not any(r["staff"] for r in rows):
        raise RefusedAction(_("The agreement must be signed for the school, by the Headteacher "
                              "or the school's letter signatory. Please choose who signs."))
    if not any(holds_parental_responsibility(pupil.id, r["adult"]) for r in rows):
        raise RefusedAction(_("The agreement must be signed by at least one adult with parental "
                              "responsibility for the child. Please add them as a party."))
    return rows


def why_not_running(pupil_id: int, parties: list[AgreementParty]) -> str:
    """Why an agreement everyone has signed is not running ('' when nothing is missing)."""
    signed = [p for p in parties if p.signed_on]
    if len(signed) < len(parties):
        return ""
    if not any(signs_for_school(p) for p in signed):
        return _("nobody who signed may sign for the school now")
    if not any(holds_parental_responsibility(pupil_id, p.adult_id) for p in signed):
        return _("no adult who signed holds parental responsibility for the child now")
    return ""
