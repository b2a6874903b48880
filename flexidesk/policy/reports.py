"""Anonymised reports for governors: counts only, no child named, small numbers suppressed.

Every count below ``SMALL`` is replaced by None before it leaves this module ("fewer than
3" when shown), because in a primary school a count of one or two can name a child. The
report holds no names, dates of birth or UPNs, only labels of interventions, year groups,
providers, codes and stages.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from peewee import fn

from flexidesk.i18n import _, format_date
from flexidesk.policy.access import Actor, require
from flexidesk.policy.vocabulary import (
    ATTENDANCE_CODE_LABELS,
    CHECKLIST,
    OUTCOME_LABELS,
    SCORE_LABELS,
    STAGE_LABELS,
    YEAR_LABELS,
)
from flexidesk.store.models import (
    ATTENDANCE_CODES,
    FLEXI_STAGES,
    DueDiligenceItem,
    Enrolment,
    EnrolmentReview,
    FlexiDecision,
    FlexiRequest,
    Intervention,
    Placement,
    PlacementReview,
    Provider,
    Pupil,
)

SMALL = 3  # counts below this are never shown


def suppress(n: int) -> int | None:
    """``n`` if it is safe to show, else None (a count of 0, 1 or 2 could identify a child)."""
    return n if n >= SMALL else None


def count_text(n: int | None) -> str:
    """A suppressed count as words, a shown one as a number."""
    return _("fewer than 3") if n is None else str(n)


@dataclass
class Table:
    """One section of the report: a title, column headers and rows of (label, counts...)."""

    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)  # [label, count-or-None, ...]
    note: str = ""


@dataclass
class Report:
    """The anonymised report: the period it covers and its tables."""

    school: str
    today: dt.date
    since: dt.date
    tables: list[Table]
    #: The audit log's sealed head when the report was made: a paper copy proves what it held.
    audit_fingerprint: str = ""


def academic_year_start(today: dt.date) -> dt.date:
    """1 September of the academic year that contains ``today``."""
    year = today.year if today.month >= 9 else today.year - 1
    return dt.date(year, 9, 1)


def _provision_by_year(today: dt.date) -> Table:
    active = ((Enrolment.start_date <= today)
              & (Enrolment.end_date.is_null() | (Enrolment.end_date >= today)))
    query = (Enrolment
             .select(Intervention.name, Pupil.year_group,
                     fn.COUNT(fn.DISTINCT(Enrolment.pupil)).alias("n"))
             .join(Intervention).switch(Enrolment).join(Pupil)
             .where(active & Pupil.left_date.is_null())
             .group_by(Intervention.name, Pupil.year_group)
             .tuples())
    counts: dict[str, Counter] = {}
    for name, year, n in query:
        counts.setdefault(name, Counter())[year] = n
    total = (Enrolment.select(fn.COUNT(fn.DISTINCT(Enrolment.pupil)))
             .join(Pupil).where(active & Pupil.left_date.is_null()).scalar() or 0)
    years = sorted(YEAR_LABELS)
    table = Table(_("Pupils with provision, by intervention and year group"),
                  [_("Intervention")] + [_(YEAR_LABELS[y]) for y in years])
    names = [i.name for i in Intervention.select(Intervention.name)
             .where(Intervention.active).order_by(Intervention.sort_order, Intervention.name)]
    names += sorted(set(counts) - set(names))
    for name in names:
        by_year = counts.get(name, Counter())
        # No per-intervention total: with it, one suppressed cell could be worked out.
        table.rows.append([_(name)] + [suppress(by_year[y]) for y in years])
    table.note = _("Pupils on roll with any provision today: {n}.").format(
        n=count_text(suppress(total)))
    return table


def _review_outcomes(since: dt.date, today: dt.date) -> Table:
    table = Table(_("Review outcomes since {date}").format(date=format_date(since)),
                  [_("Outcome"), _("Intervention reviews"), _("Placement reviews")])
    enrol = Counter(dict(EnrolmentReview.select(EnrolmentReview.score, fn.COUNT(EnrolmentReview.id))
                         .where(EnrolmentReview.review_date.between(since, today))
                         .group_by(EnrolmentReview.score).tuples()))
    place = Counter(dict(PlacementReview.select(PlacementReview.score, fn.COUNT(PlacementReview.id))
                         .where(PlacementReview.review_date.between(since, today))
                         .group_by(PlacementReview.score).tuples()))
    for score in (2, 1, 0, -1, -2):
        table.rows.append([_(SCORE_LABELS[score]), suppress(enrol[score]), suppress(place[score])])
    return table


def provider_ready(items: list[DueDiligenceItem], today: dt.date) -> tuple[int, bool]:
    """How many checklist items are in order (held and in date, or not applicable), and all?"""
    ok = {i.item for i in items
          if i.status == "not_applicable"
          or (i.status == "held" and (i.expires_on is None or i.expires_on >= today))}
    in_order = len(ok & set(CHECKLIST))
    return in_order, in_order == len(CHECKLIST)


def _providers(today: dt.date) -> Table:
    table = Table(_("Alternative provision providers: due-diligence readiness"),
                  [_("Provider"), _("Checks in order"), _("Ready to place")])
    items: dict[int, list[DueDiligenceItem]] = {}
    for item in DueDiligenceItem.select():
        items.setdefault(item.provider_id, []).append(item)
    for provider in Provider.select().where(Provider.active).order_by(Provider.name):
        in_order, ready = provider_ready(items.get(provider.id, []), today)
        # Providers are organisations, not children: these figures are not suppressed.
        table.rows.append([provider.name, f"{in_order} / {len(CHECKLIST)}",
                           _("Yes") if ready else _("Not yet")])
    return table


def _placements(since: dt.date, today: dt.date) -> Table:
    table = Table(_("Alternative provision placements, by attendance code"),
                  [_("Attendance code"), _("Running today"), _("Ended since {date}").format(
                      date=format_date(since))])
    running = Counter(dict(Placement.select(Placement.attendance_code, fn.COUNT(Placement.id))
                           .where(Placement.status == "active")
                           .group_by(Placement.attendance_code).tuples()))
    ended = Counter(dict(Placement.select(Placement.attendance_code, fn.COUNT(Placement.id))
                         .where((Placement.status == "ended")
                                & Placement.end_date.between(since, today))
                         .group_by(Placement.attendance_code).tuples()))
    for code in ATTENDANCE_CODES:
        table.rows.append([_(ATTENDANCE_CODE_LABELS[code]), suppress(running[code]),
                           suppress(ended[code])])
    return table


def _flexi(since: dt.date, today: dt.date) -> list[Table]:
    stages = Table(_("Flexi-schooling requests, by stage"), [_("Stage"), _("Requests")])
    by_stage = Counter(dict(FlexiRequest.select(FlexiRequest.stage, fn.COUNT(FlexiRequest.id))
                            .group_by(FlexiRequest.stage).tuples()))
    for stage in FLEXI_STAGES:
        stages.rows.append([_(STAGE_LABELS[stage]), suppress(by_stage[stage])])

    decisions = Table(_("Flexi-schooling decisions since {date}").format(
        date=format_date(since)), [_("Outcome"), _("On time"), _("Late")])
    outcome = Counter()
    for out, decided_on, due_on in (FlexiDecision
                                    .select(FlexiDecision.outcome, FlexiDecision.decided_on,
                                            FlexiDecision.due_on)
                                    .where(FlexiDecision.decided_on.between(since, today))
                                    .tuples()):
        outcome[(out, decided_on <= due_on)] += 1
    for out in ("agreed", "declined"):
        decisions.rows.append([_(OUTCOME_LABELS[out]), suppress(outcome[(out, True)]),
                               suppress(outcome[(out, False)])])
    decisions.note = _("A decision is due within five working days of the meeting.")
    return [stages, decisions]


def anonymised_report(actor: Actor, today: dt.date, since: dt.date | None = None) -> Report:
    """The governors' report as plain data (permission "report.anonymised"); reads only."""
    require(actor, "report.anonymised")
    since = since or academic_year_start(today)
    from flexidesk.store.models import School

    school = School.select().first()
    tables = [_provision_by_year(today), _review_outcomes(since, today),
              _placements(since, today), *_flexi(since, today), _providers(today)]
    from flexidesk.policy.audit_queries import head_fingerprint

    return Report(school.name if school else "", today, since, tables,
                  head_fingerprint(actor))
