"""Retention: how long each kind of record is kept, which records are past it, and destroying them.

Nothing is ever deleted automatically. ``records_due`` lists what has passed its review
date under the school's rules; the Headteacher decides, confirms, and ``destroy`` removes
the records and writes a destruction-log entry that holds no personal data (kind, count,
rule, date, role). Default periods follow the IRMS Information Management Toolkit for
Schools; the school may change them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from peewee import ModelSelect

from flexidesk.i18n import N_, _, format_date
from flexidesk.policy.records.access import (
    Actor,
    PolicyError,
    action,
    create,
    require,
    update,
    viewed_list,
)
from flexidesk.policy.text import PARAGRAPH, bounded
from flexidesk.store import audit
from flexidesk.store.models import (
    Adult,
    DestructionLog,
    Enrolment,
    FamilyContact,
    FlexiRequest,
    IssuedDocument,
    Placement,
    Pupil,
    PupilAdult,
    RetentionRule,
)
from flexidesk.store.query import as_tuples

IRMS = "IRMS Information Management Toolkit for Schools"

KIND_LABELS: dict[str, str] = {
    "pupil_file": N_("Pupil file (children who have left)"),
    "provision": N_("Provision and intervention records"),
    "family_contacts": N_("Family contact log"),
    "placements": N_("Alternative provision placements"),
    "flexi_requests": N_("Flexi-schooling requests"),
    "issued_documents": N_("Issued documents (letters, agreements)"),
    "audit_log": N_("Audit log"),
}

COUNTED_FROM_LABELS: dict[str, str] = {
    "date_of_birth": N_("the child's date of birth"),
    "left_date": N_("the date the child left the school"),
    "end_date": N_("the date the record closed"),
    "created": N_("the date the record was made"),
}


@dataclass(frozen=True)
class DefaultRule:
    """A default retention rule and where it comes from."""

    kind: str
    years: int
    counted_from: str
    source: str


#: The defaults, with their sources written down; the Headteacher can change any of them.
DEFAULT_RULES: tuple[DefaultRule, ...] = (
    DefaultRule("pupil_file", 25, "date_of_birth",
                f"{IRMS}: pupil educational record not transferred on, and records of "
                "pupils with special educational needs (date of birth + 25 years)"),
    DefaultRule("provision", 25, "date_of_birth",
                f"{IRMS}: special educational needs and support records "
                "(date of birth + 25 years)"),
    DefaultRule("family_contacts", 25, "date_of_birth",
                f"{IRMS}: kept with the pupil record they belong to (date of birth + 25 years)"),
    DefaultRule("placements", 25, "date_of_birth",
                f"{IRMS}: alternative provision is part of the pupil's support record "
                "(date of birth + 25 years)"),
    DefaultRule("flexi_requests", 6, "end_date",
                f"{IRMS}: requests and agreements about attendance, "
                "school's own decision (closure + 6 years)"),
    DefaultRule("issued_documents", 6, "created",
                f"{IRMS}: correspondence with parents, school's own decision "
                "(date issued + 6 years)"),
    DefaultRule("audit_log", 6, "created",
                f"{IRMS}: system access logs, school's own decision (6 years); the log is "
                "append-only, so it is reviewed, never destroyed from within FlexiDesk"),
)

#: Kinds FlexiDesk lists but will not delete (the audit chain must stay whole).
REVIEW_ONLY = frozenset({"audit_log"})


def add_years(day: dt.date, years: int) -> dt.date:
    """``day`` moved on ``years`` years; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def rules() -> dict[str, RetentionRule]:
    """The school's rules by kind; a kind the school has not set uses its default (unsaved)."""
    have = {r.record_kind: r for r in RetentionRule.select()}
    for rule in DEFAULT_RULES:
        if rule.kind not in have:
            have[rule.kind] = RetentionRule(record_kind=rule.kind, years=rule.years,
                                            counted_from=rule.counted_from, source=rule.source)
    return have


@action("retention.destroy")
def edit_rule(actor: Actor, kind: str, *, years: int, counted_from: str,
              source: str) -> RetentionRule:
    """Change how long a kind of record is kept (Headteacher)."""
    if kind not in KIND_LABELS:
        raise PolicyError(_("There is no such kind of record."))
    if not 0 <= years <= 100:
        raise PolicyError(_("Please choose between 0 and 100 years."))
    if counted_from not in COUNTED_FROM_LABELS:
        raise PolicyError(_("Please choose what the years are counted from."))
    source = bounded(source, _("Source"), PARAGRAPH)
    if not source:
        raise PolicyError(_("Please write down where this period comes from."))
    rule = rules()[kind]
    if rule.id is None:
        return create(actor, "retention.rule", RetentionRule, record_kind=kind, years=years,
                      counted_from=counted_from, source=source)
    return update(actor, "retention.rule", rule, years=years, counted_from=counted_from,
                  source=source)


def describe_rule(rule: RetentionRule) -> str:
    """E.g. '25 years from the child's date of birth'."""
    from flexidesk.i18n import ngettext

    return ngettext("{n} year from {start}", "{n} years from {start}", rule.years).format(
        n=rule.years, start=_(COUNTED_FROM_LABELS.get(rule.counted_from, rule.counted_from)))


# --- what is due -------------------------------------------------------------------------


@dataclass(frozen=True)
class DueRecord:
    """One record past its review date."""

    kind: str
    id: int
    label: str  # shown to the Headteacher only; never written to the destruction log
    review_date: dt.date


def _day(value) -> dt.date | None:
    if value is None:
        return None
    return value.date() if isinstance(value, dt.datetime) else value


# For each kind: the records to consider, a label, and the candidate dates by counted_from.
# A record with no date for the rule's starting point (a child still on roll counted
# from leaving, an open record counted from its closure) is never due.
def _pupil_dates(p: Pupil) -> dict:
    return {"date_of_birth": p.date_of_birth, "left_date": p.left_date}


def _source(kind: str) -> tuple[Iterable, Callable[[object], str], Callable[[object], dict]]:
    if kind == "pupil_file":
        query: ModelSelect[Any] = Pupil.select().where(Pupil.left_date.is_null(False))
        return (query, lambda p: p.known_as,
                lambda p: {**_pupil_dates(p), "end_date": p.left_date,
                           "created": _day(p.created_at)})
    if kind == "provision":
        query = (Enrolment.select(Enrolment, Pupil).join(Pupil)
                 .where(Enrolment.end_date.is_null(False)))
        return (query, lambda e: f"{e.pupil.known_as}: {e.intervention.name} "
                                 f"({format_date(e.start_date)})",
                lambda e: {**_pupil_dates(e.pupil), "end_date": e.end_date,
                           "created": _day(e.created_at)})
    if kind == "family_contacts":
        query = FamilyContact.select(FamilyContact, Pupil).join(Pupil)
        return (query, lambda c: _("{child}: contact on {date}").format(
                    child=c.pupil.known_as, date=format_date(_day(c.contact_at))),
                lambda c: {**_pupil_dates(c.pupil), "end_date": _day(c.contact_at),
                           "created": _day(c.contact_at)})
    if kind == "placements":
        query = (Placement.select(Placement, Pupil).join(Pupil)
                 .where(Placement.status.in_(["ended", "cancelled"])))
        return (query, lambda p: f"{p.pupil.known_as}: {p.provider.name} "
                                 f"({format_date(p.start_date)})",
                lambda p: {**_pupil_dates(p.pupil), "end_date": p.end_date or p.start_date,
                           "created": _day(p.created_at)})
    if kind == "flexi_requests":
        query = (FlexiRequest.select(FlexiRequest, Pupil).join(Pupil)
                 .where(FlexiRequest.stage.in_(["ended", "withdrawn", "letter_issued",
                                                "decided"])))

        def closed(r) -> dt.date | None:
            if r.ended_on or r.withdrawn_on:
                return r.ended_on or r.withdrawn_on
            decision = r.decisions.first()
            # Only a declined request is closed at its decision; an agreed one runs on.
            return decision.decided_on if decision and decision.outcome == "declined" else None

        return (query, lambda r: _("{child}: request received {date}").format(
                    child=r.pupil.known_as, date=format_date(r.received_on)),
                lambda r: {**_pupil_dates(r.pupil), "end_date": closed(r),
                           "created": _day(r.created_at)})
    if kind == "issued_documents":
        query = IssuedDocument.select()
        return (query, lambda d: f"{d.title} ({format_date(d.document_date)})",
                lambda d: {"date_of_birth": d.pupil.date_of_birth if d.pupil_id else None,
                           "left_date": d.pupil.left_date if d.pupil_id else None,
                           "end_date": _day(d.issued_at), "created": _day(d.issued_at)})
    raise PolicyError(_("There is no such kind of record."))


def review_date(rule: RetentionRule, dates: dict) -> dt.date | None:
    """When a record with these candidate dates comes up for review under ``rule``."""
    start = dates.get(rule.counted_from)
    return add_years(start, rule.years) if start else None


def records_due(actor: Actor, today: dt.date, kinds: Iterable[str] | None = None
                ) -> dict[str, list[DueRecord]]:
    """Records past their review date, by kind (Headteacher). Nothing is deleted here.

    The list names children, so the read is recorded once for it (docs/reads.md)."""
    due = records_due_unrecorded(actor, today, kinds)
    viewed_list(actor, "retention_due", sum(len(r) for r in due.values()),
                permission="retention.destroy")
    return due


def records_due_unrecorded(actor: Actor, today: dt.date, kinds: Iterable[str] | None = None
                           ) -> dict[str, list[DueRecord]]:
    """``records_due`` (role checked) for a read that shows no name or records itself: Today
    counts them, ``destroy`` checks against them. Not for the window."""
    require(actor, "retention.destroy")
    school_rules = rules()
    due: dict[str, list[DueRecord]] = {}
    for kind in kinds or KIND_LABELS:
        if kind in REVIEW_ONLY:
            continue
        rule = school_rules[kind]
        query, label, dates = _source(kind)
        found = []
        for record in query:
            when = review_date(rule, dates(record))
            if when is not None and when <= today:
                found.append(DueRecord(kind, record.id, label(record), when))
        found.sort(key=lambda r: r.review_date)
        due[kind] = found
    return due


_MODELS = {"pupil_file": Pupil, "provision": Enrolment, "family_contacts": FamilyContact,
           "placements": Placement, "flexi_requests": FlexiRequest,
           "issued_documents": IssuedDocument}


@action("retention.destroy")
def destroy(actor: Actor, kind: str, ids: Iterable[int], today: dt.date) -> DestructionLog:
    """Delete records of one kind that are past their review date, and log it without names.

    Refuses the whole batch if any id is not (or no longer) due, so a stale list cannot
    remove a record the rules still keep. Related records go with their parent (a pupil
    file takes the child's provision, contacts, placements and requests with it).
    """
    if kind in REVIEW_ONLY:
        raise PolicyError(_("The audit log is kept whole and cannot be destroyed here."))
    if kind not in _MODELS:
        raise PolicyError(_("There is no such kind of record."))
    wanted = sorted(set(ids))
    if not wanted:
        raise PolicyError(_("Please choose at least one record to destroy."))
    due_ids = {r.id for r in records_due_unrecorded(actor, today, [kind])[kind]}
    not_due = [i for i in wanted if i not in due_ids]
    if not_due:
        raise PolicyError(_("{n} of the chosen records are not past their review date, so "
                            "nothing was destroyed. Please refresh the list.").format(n=len(not_due)))
    rule = rules()[kind]
    model = _MODELS[kind]
    adults: set[int] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        if kind == "pupil_file":
            adults.update(a for (a,) in as_tuples(PupilAdult.select(PupilAdult.adult)
                          .where(PupilAdult.pupil.in_(chunk))))
        model.delete().where(model.id.in_(chunk)).execute()
    if adults:
        # The family of a destroyed file goes too, unless they are linked to another child.
        still_linked = {a for (a,) in as_tuples(PupilAdult.select(PupilAdult.adult)
                        .where(PupilAdult.adult.in_(list(adults))))}
        Adult.delete().where(Adult.id.in_(list(adults - still_linked))).execute()
    rule_text = f"{_(KIND_LABELS[kind])}: {describe_rule(rule)}"
    entry = DestructionLog.create(destroyed_at=today.isoformat(), record_kind=kind,
                                  record_count=len(wanted), rule=rule_text,
                                  authorised_role=actor.role)
    # The audit row says what kind and how many, never who: it must not keep what was destroyed.
    audit.record(actor.username, "retention.destroy", "destruction_log", entry.id,
                 after={"kind": kind, "count": len(wanted), "rule": rule_text})
    return entry


def destruction_log(actor: Actor) -> list[DestructionLog]:
    """Every destruction, newest first (Headteacher)."""
    require(actor, "retention.destroy")
    return list(DestructionLog.select().order_by(DestructionLog.id.desc()))
