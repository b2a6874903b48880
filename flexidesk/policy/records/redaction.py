"""Before a subject access pack leaves the school, the Headteacher reads every passage that names
someone else or is an internal note, and keeps or redacts each; every decision is recorded.

A family asking for a child's records is entitled to the child's information, not to other
people's: a staff note that "pushed another boy, Harry P." names another child, "dad's court
case" is a third party's affair, and an adult's address and telephone may be withheld from
another adult. Notes the school wrote for itself (the Headteacher's weighing of a request, a
meeting's notes, a confidential intervention) are disclosable too, unless an exemption
applies, so the Headteacher reads them before they go. Nothing is redacted by FlexiDesk on
its own: each flagged passage waits for a decision, kept with the request (``SarPassageDecision``)
and in the audit log. A passage edited after its decision is flagged again.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from flexidesk.i18n import N_, _
from flexidesk.policy.records.access import Actor, PolicyError, action, create, require, update
from flexidesk.policy.records.names import NameFinder, names_on_roll, plain
from flexidesk.policy.records.release import sha256
from flexidesk.store.models import Pupil, SarPassageDecision, StaffUser, SubjectAccessRequest

#: Why a passage may be withheld (UK GDPR and the Data Protection Act 2018's exemptions).
REASONS = {
    "other_person": N_("It is information about another person"),
    "serious_harm": N_("Disclosing it would be likely to cause serious harm"),
    "legal": N_("It is legal advice, or about legal proceedings"),
}
#: What a redacted passage reads in the pack and the JSON, by reason.
WITHHELD = "withheld"

#: Free-text fields of each kind of record, and whether the school wrote it for itself.
TEXT_FIELDS: dict[str, dict[str, bool]] = {
    "enrolment": {"target": False, "entry_data": False, "exit_data": False},
    "enrolment_review": {"notes": False},
    "family_contact": {"summary": False},
    "placement": {"objectives": False, "return_plan": False, "attendance_reporting": False,
                  "next_destination": False, "override_justification": True,
                  "continue_reason": True},
    "placement_review": {"notes": False, "family_feedback": False},
    "flexi_request": {"reasons": False, "needs_met_notes": True, "agree_justification": True,
                      "short_notice_reason": True},
    "flexi_meeting": {"attendees": False, "notes": True, "head_absent_reason": True},
    "factor_assessment": {"note": True},
    "flexi_decision": {"reasons": False},
    "flexi_agreement": {"special_terms": False},
    "flexi_review": {"notes": False},
    "subject_access_request": {"notes": True},
}
#: An adult's contact details, flagged as one passage.
CONTACT_FIELDS = ("address", "postcode", "phone", "email")

_TITLE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|PC|DC|Sgt)\.?\s+([A-Z][\w'\u2019-]+)")
_INITIAL = re.compile(r"\b([A-Z][a-z]+)\s+[A-Z]\.(?!\w)")
_THIRD_PARTY = re.compile(
    r"\b(?:another (?:child|boy|girl|pupil|parent|family)|other (?:child|children|boys|girls|pupils)"
    r"|brother|sister|sibling|cousin|uncle|aunt|grand(?:ma|pa|mother|father|parent)s?|grandad"
    r"|step-?(?:mum|dad|mother|father)|partner|boyfriend|girlfriend|ex-?(?:partner|husband|wife)"
    r"|court|police|solicitor|social worker|social services|probation|prison|custody"
    r"|domestic abuse|domestic violence|injunction|non-molestation)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Passage:
    """One passage the Headteacher decides on, with why it was flagged and any decision."""

    key: str  # "family_contact:12:summary", or "adult:3:contact"
    where: str  # where in the pack it is, in words
    field: str  # the record's field ("summary"), or "contact"
    text: str
    flags: tuple[str, ...]  # why it is shown, in words
    decision: str | None = None  # "keep", "redact", or None while undecided
    reason: str = ""  # a REASONS code when redacted

    @property
    def decided(self) -> bool:
        return self.decision is not None


def _day(value) -> str:
    from flexidesk.i18n import format_date

    try:
        return format_date(dt.date.fromisoformat(str(value or "")[:10]))
    except ValueError:
        return ""


def _where(table: str, record: dict, parent: dict | None) -> str:
    """Where a record's passage is in the pack, in words (a date, not the text)."""
    if table == "adult":
        return _("Family and carers: {name}").format(
            name=" ".join(str(record.get(k) or "") for k in ("title", "first_name", "last_name")
                          ).strip())
    if table == "enrolment":
        return _("Support in school: {what}").format(what=record.get("intervention", ""))
    if table == "enrolment_review":
        return _("Support in school: {what}, review of {date}").format(
            what=(parent or {}).get("intervention", ""), date=_day(record.get("review_date")))
    if table == "family_contact":
        return _("Contacts with the family: {date}").format(date=_day(record.get("contact_at")))
    if table == "placement":
        return _("Alternative provision: {what}").format(what=record.get("provider", ""))
    if table == "placement_review":
        return _("Alternative provision: {what}, review of {date}").format(
            what=(parent or {}).get("provider", ""), date=_day(record.get("review_date")))
    if table == "subject_access_request":
        return _("Subject access requests")
    return _("Flexi-schooling request received {date}").format(
        date=_day((parent or record).get("received_on")))


def records(data: dict) -> Iterator[tuple[str, dict, dict | None]]:
    """(kind of record, record, the record it belongs to) for every record in a collected pack."""
    for adult in data.get("adults", []):
        yield "adult", adult, None
    for enrolment in data.get("enrolments", []):
        yield "enrolment", enrolment, None
        for review in enrolment.get("reviews", []):
            yield "enrolment_review", review, enrolment
    for contact in data.get("family_contacts", []):
        yield "family_contact", contact, None
    for placement in data.get("placements", []):
        yield "placement", placement, None
        for review in placement.get("reviews", []):
            yield "placement_review", review, placement
    for request in data.get("flexi_requests", []):
        yield "flexi_request", request, None
        for key, table in (("meetings", "flexi_meeting"), ("factors", "factor_assessment"),
                           ("decisions", "flexi_decision"), ("agreements", "flexi_agreement"),
                           ("reviews", "flexi_review")):
            for item in request.get(key, []):
                yield table, item, request
    for request in data.get("subject_access_requests", []):
        yield "subject_access_request", request, None


class Scanner:
    """Finds what in a passage points at someone other than the child."""

    def __init__(self, finder: NameFinder, child_words: set[str], staff_words: set[str]):
        self.finder = finder
        self.child = {plain(w) for w in child_words}
        self.staff = {plain(w) for w in staff_words}

    def flags(self, text: str) -> list[str]:
        found: list[str] = []
        for hit in self.finder.find(text):
            if plain(hit.found) in self.child:
                continue  # the child's own name (a parent shares the surname)
            found.append(_("Names {person} (a child on roll)").format(person=hit.person)
                         if hit.kind == "child" else
                         _("Names {person} (an adult the school holds)").format(person=hit.person))
        for match in _TITLE.finditer(text):
            word = plain(match.group(1))
            if word not in self.staff and not any(match.group(0) in f for f in found):
                found.append(_("Names someone: \u201c{words}\u201d").format(words=match.group(0)))
        for match in _INITIAL.finditer(text):
            if plain(match.group(1)) not in self.child:
                found.append(_("Names someone: \u201c{words}\u201d").format(words=match.group(0)))
        for match in _THIRD_PARTY.finditer(text):
            found.append(_("May be about another person: \u201c{words}\u201d").format(
                words=match.group(0)))
        return list(dict.fromkeys(found))


def find_passages(data: dict, scanner: Scanner) -> list[Passage]:
    """Every passage of a collected pack to show the Headteacher (no decisions yet)."""
    found: list[Passage] = []
    for table, record, parent in records(data):
        where = _where(table, record, parent)
        if table == "adult":
            text = "\n".join(str(record.get(k) or "") for k in CONTACT_FIELDS if record.get(k))
            if text:
                found.append(Passage(f"adult:{record['id']}:contact", where, "contact", text,
                                     (_("An adult's contact details (someone other than the child)"),)))
            continue
        confidential = bool(record.get("confidential") or (parent or {}).get("confidential"))
        for field, internal in TEXT_FIELDS.get(table, {}).items():
            value = record.get(field)
            if not isinstance(value, str) or not value.strip():
                continue
            text = value
            flags = scanner.flags(text)
            if table == "factor_assessment" and record.get("in_letter"):
                internal = False  # the family read it in the decision letter
            if internal or confidential:
                flags.append(_("An internal note: written by the school for its own use"))
            if flags:
                found.append(Passage(f"{table}:{record['id']}:{field}", where, field, text,
                                     tuple(flags)))
    return found


def scanner_for(pupil_id: int) -> Scanner:
    """A scanner for one child's pack: everyone else on roll, and staff left alone."""
    pupil = Pupil.get_by_id(pupil_id)
    child = {w for w in (pupil.legal_first_name, pupil.legal_last_name, pupil.preferred_name) if w}
    staff = {part for user in StaffUser.select(StaffUser.display_name)
             for part in user.display_name.split()}
    return Scanner(names_on_roll(except_pupil=pupil_id), child, staff)


def with_decisions(request: SubjectAccessRequest, found: list[Passage]) -> list[Passage]:
    """The passages with the decisions recorded on ``request`` (those still about the same text)."""
    decided = {d.passage: d for d in SarPassageDecision.select()
               .where(SarPassageDecision.request == request)}
    out = []
    for passage in found:
        row = decided.get(passage.key)
        if row is not None and row.text_sha256 == sha256(passage.text):
            passage = Passage(passage.key, passage.where, passage.field, passage.text,
                              passage.flags, row.decision, row.reason)
        out.append(passage)
    return out


def passages(actor: Actor, request: SubjectAccessRequest) -> list[Passage]:
    """Every passage of the request's pack to decide on, with the decisions so far
    (permission "sar.export"; gathering the records is a recorded view of them)."""
    from flexidesk.policy.records.rights import collect_subject_data

    require(actor, "sar.export")
    if request.pupil_id is None:
        raise PolicyError(_("This request is not linked to a child, so there is nothing to "
                            "export."))
    data = collect_subject_data(actor, request.pupil_id)
    return with_decisions(request, find_passages(data, scanner_for(request.pupil_id)))


@action("sar.export")
def decide_passage(actor: Actor, request: SubjectAccessRequest, passage: Passage,
                   decision: str, reason: str = "") -> SarPassageDecision:
    """Keep or redact one passage of the request's pack (with a REASONS code to redact);
    kept with the request and audited on the child's record."""
    if decision not in ("keep", "redact"):
        raise PolicyError(_("Please choose whether to keep or redact the passage."))
    if decision == "redact" and reason not in REASONS:
        raise PolicyError(_("Please choose why the passage is withheld."))
    fields = dict(text_sha256=sha256(passage.text), decision=decision,
                  reason=reason if decision == "redact" else "", decided_by=actor.username,
                  decided_at=dt.datetime.now().isoformat(timespec="seconds"))
    row = SarPassageDecision.get_or_none((SarPassageDecision.request == request)
                                         & (SarPassageDecision.passage == passage.key))
    if row is None:
        return create(actor, "sar.decide", SarPassageDecision, pupil_id=request.pupil_id,
                      request=request, passage=passage.key, **fields)
    return update(actor, "sar.decide", row, pupil_id=request.pupil_id, **fields)


def redacted(data: dict, decided: list[Passage]) -> dict:
    """A copy of the collected data with each passage decided "redact" replaced by a marker
    ``{"withheld": reason}`` (the pack prints why; the JSON says the same)."""
    out = copy.deepcopy(data)
    cut = {p.key: p.reason for p in decided if p.decision == "redact"}
    if not cut:
        return out
    for table, record, _parent in records(out):
        for key, reason in cut.items():
            kind, record_id, field = key.split(":")
            if kind != table or str(record.get("id")) != record_id:
                continue
            for name in (CONTACT_FIELDS if field == "contact" else (field,)):
                if record.get(name):
                    record[name] = {WITHHELD: reason}
    return out
