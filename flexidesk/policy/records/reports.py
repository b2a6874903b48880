"""Anonymised reports for governors: counts only, no child named, small numbers suppressed.

Every count of 1 or 2 is replaced by None before it leaves this module ("fewer than 3" when
shown), because in a primary school a count of one or two can name a child; 0 names nobody
and prints as 0. A cell from which such a count could be worked out (a total, a cost) is
withheld too (``report_tables``). The report holds no names, dates of birth or UPNs, only
labels of interventions, year groups, providers, codes and stages, and free text only once
the Headteacher has checked it (``release``), unless names are asked for.

The report is a list of self-contained section builders (``SECTIONS``): each takes the
``Period`` and returns its tables, so a new section is one function added to the list.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from peewee import fn

from flexidesk.i18n import _, format_date
from flexidesk.policy.records.access import Actor, can, require
from flexidesk.policy.records.names import names_on_roll
from flexidesk.policy.records.release import (
    AGREEMENT,
    MEETING,
    governor_wording,
    rule_agreements,
)
from flexidesk.policy.records.report_tables import (  # noqa: F401 - named here for callers
    SMALL,
    Period,
    Sum,
    Table,
    Withheld,
    count_text,
    protect,
    protect_across,
    suppress,
)
from flexidesk.policy.vocabulary import (
    ATTENDANCE_CODE_LABELS,
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
    FlexiMeeting,
    FlexiRequest,
    Intervention,
    IssuedDocument,
    Placement,
    PlacementReview,
    Provider,
    Pupil,
    School,
)
from flexidesk.store.query import as_tuples


@dataclass
class Report:
    """The anonymised report: the period it covers and its tables."""

    school: str
    today: dt.date
    since: dt.date
    tables: list[Table]
    named: bool = False  # names were asked for (the Headteacher's own copy)
    #: The audit log's sealed head when the report was made: a paper copy proves what it held.
    audit_fingerprint: str = ""
    #: The school's letterhead: name, address_lines, phone, email, website, logo (bytes).
    letterhead: dict = field(default_factory=dict)


def academic_year_start(today: dt.date) -> dt.date:
    """1 September of the academic year that contains ``today``."""
    year = today.year if today.month >= 9 else today.year - 1
    return dt.date(year, 9, 1)


def _provision_by_year(today: dt.date) -> Table:
    active = ((Enrolment.start_date <= today)
              & (Enrolment.end_date.is_null() | (Enrolment.end_date >= today)))
    query = (as_tuples(Enrolment
             .select(Intervention.name, Pupil.year_group,
                     fn.COUNT(fn.DISTINCT(Enrolment.pupil)).alias("n"))
             .join(Intervention).switch(Enrolment).join(Pupil)
             .where(active & Pupil.left_date.is_null())
             .group_by(Intervention.name, Pupil.year_group)))
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
    # A child has one year group, so a reader may take the total as the sum of the cells
    # (it is, unless a child has two interventions): a total beside one hidden cell is out.
    table.key = "provision"
    cells = [(r, c) for r in range(len(table.rows)) for c in range(1, len(years) + 1)]
    held = protect(table, [Sum(cells, ["total"])], prefer=["total"],
                   figures={"total": suppress(total)})
    table.note = _("Pupils on roll with any provision today: {n}.").format(
        n=Withheld() if held else count_text(suppress(total)))
    if held:
        table.note += " " + _("The total is withheld: with it, a number shown as \u201cfewer "
                              "than 3\u201d could be worked out.")
    return table


def _review_outcomes(since: dt.date, today: dt.date) -> Table:
    table = Table(_("Review outcomes since {date}").format(date=format_date(since)),
                  [_("Outcome"), _("Intervention reviews"), _("Placement reviews")])
    enrol = Counter(dict(as_tuples(EnrolmentReview.select(EnrolmentReview.score, fn.COUNT(EnrolmentReview.id))
                         .where(EnrolmentReview.review_date.between(since, today))
                         .group_by(EnrolmentReview.score))))
    place = Counter(dict(as_tuples(PlacementReview.select(PlacementReview.score, fn.COUNT(PlacementReview.id))
                         .where(PlacementReview.review_date.between(since, today))
                         .group_by(PlacementReview.score))))
    for score in (2, 1, 0, -1, -2):
        table.rows.append([_(SCORE_LABELS[score]), suppress(enrol[score]), suppress(place[score])])
    table.chart = True
    return table


def _providers(today: dt.date) -> Table:
    table = Table(_("Alternative provision providers: due-diligence readiness"),
                  [_("Provider"), _("Checks in order"), _("Ready to place")])
    items: dict[int, list[DueDiligenceItem]] = {}
    for item in DueDiligenceItem.select():
        items.setdefault(item.provider_id, []).append(item)
    # The school's own checklist and re-check intervals, as the Providers tab reads them, so
    # the governors and the tab never disagree on whether a provider is ready.
    from flexidesk.policy.providers import checklist_template, due_diligence_status

    template = checklist_template(today)
    for provider in Provider.select().where(Provider.active).order_by(Provider.name):
        status = due_diligence_status(provider, items.get(provider.id, []), today, template)
        in_order = len(template) - status.missing - status.expired
        # Providers are organisations, not children: these figures are not suppressed.
        table.rows.append([provider.name, f"{in_order} / {len(template)}",
                           _("Yes") if status.ready else _("Not yet")])
    return table


def ended_by_code(since: dt.date, today: dt.date) -> Counter:
    """Placements ended in the period, by attendance code (the placement sections share it)."""
    return Counter(dict(as_tuples(Placement.select(Placement.attendance_code, fn.COUNT(Placement.id))
                        .where((Placement.status == "ended")
                               & Placement.end_date.between(since, today))
                        .group_by(Placement.attendance_code))))


def _placements(since: dt.date, today: dt.date) -> Table:
    table = Table(_("Alternative provision placements, by attendance code"),
                  [_("Attendance code"), _("Running today"), _("Ended since {date}").format(
                      date=format_date(since))])
    running = Counter(dict(as_tuples(Placement.select(Placement.attendance_code, fn.COUNT(Placement.id))
                           .where(Placement.status == "active")
                           .group_by(Placement.attendance_code))))
    ended = ended_by_code(since, today)
    for code in ATTENDANCE_CODES:
        table.rows.append([_(ATTENDANCE_CODE_LABELS[code]), suppress(running[code]),
                           suppress(ended[code])])
    table.key = "placements"
    return table


def _flexi(since: dt.date, today: dt.date) -> list[Table]:
    stages = Table(_("Flexi-schooling requests, by stage"), [_("Stage"), _("Requests")])
    by_stage = Counter(dict(as_tuples(FlexiRequest.select(FlexiRequest.stage, fn.COUNT(FlexiRequest.id))
                            .group_by(FlexiRequest.stage))))
    for stage in FLEXI_STAGES:
        stages.rows.append([_(STAGE_LABELS[stage]), suppress(by_stage[stage])])

    decisions = Table(_("Flexi-schooling decisions since {date}").format(
        date=format_date(since)), [_("Outcome"), _("On time"), _("Late")])
    letters = dict(as_tuples(IssuedDocument.select(IssuedDocument.request,
                                                   fn.MIN(IssuedDocument.document_date))
                             .where(IssuedDocument.kind == "flexi_decision")
                             .group_by(IssuedDocument.request)))
    outcome: Counter[tuple[str, bool]] = Counter()
    for request_id, out, decided_on, due_on in (as_tuples(FlexiDecision
                                    .select(FlexiDecision.request, FlexiDecision.outcome,
                                            FlexiDecision.decided_on, FlexiDecision.due_on)
                                    .where(FlexiDecision.decided_on.between(since, today)))):
        # Late for the family: the decision, or the letter telling them, after the deadline.
        letter = letters.get(request_id)
        heard = letter if letter is not None else (today if today > due_on else None)
        on_time = decided_on <= due_on and (heard is None or _as_date(heard) <= due_on)
        outcome[(out, on_time)] += 1
    for out in ("agreed", "declined"):
        decisions.rows.append([_(OUTCOME_LABELS[out]), suppress(outcome[(out, True)]),
                               suppress(outcome[(out, False)])])
    decisions.note = _("A decision, and the letter telling the family, are due within five "
                       "working days of the meeting; either after that is late.")
    return [stages, decisions]


def _as_date(value) -> dt.date:
    """A date as the database gives it back (SQLite's MIN() returns ISO text)."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def meetings_without_the_head(period: Period) -> list[Table]:
    """Flexi meetings held without the Headteacher in the period, each with the reason
    recorded: in the anonymised report only as the Headteacher checked and released it
    (``release``), as for every free text; the decision is the Head's alone."""
    held = list(as_tuples(FlexiMeeting.select(FlexiMeeting.id, FlexiMeeting.meeting_date,
                                             FlexiMeeting.head_present,
                                             FlexiMeeting.head_absent_reason,
                                             FlexiMeeting.request)
                          .where(FlexiMeeting.held
                                 & FlexiMeeting.meeting_date.between(period.since, period.today))
                          .order_by(FlexiMeeting.meeting_date)))
    table = Table(_("Flexi-schooling meetings held without the Headteacher"),
                  [_("Meeting"), _("Why the Headteacher was not there")])
    absent = [row for row in held if row[2] is False or row[2] == 0]
    finder = functools.cache(names_on_roll)
    unchecked = 0
    for n, (meeting_id, day, _present, reason, request_id) in enumerate(absent, start=1):
        if period.named:
            request = FlexiRequest.get_by_id(request_id)
            label = _("{child}, {date}").format(child=request.pupil.known_as,
                                                date=format_date(day))
        else:
            label = _("Meeting {n}, {month}").format(n=n, month=format_date(day, "MMMM y"))
            reason, checked = governor_wording(MEETING, meeting_id, reason, finder)
            unchecked += not checked
        table.rows.append([label, reason or _("(no reason recorded)")])
    table.note = _("Meetings held since {date}: {held}; without the Headteacher: {absent}.").format(
        date=format_date(period.since), held=count_text(suppress(len(held))),
        absent=count_text(suppress(len(absent))))
    if unchecked:
        table.note += " " + _("A reason is shown only once the Headteacher has checked that "
                              "it names nobody.")
    return [table]


def governing_body_rule(period: Period) -> list[Table]:
    """Every agreement made although the needs could be met in school or through AP, with the
    Headteacher's justification: in the anonymised report only as the Headteacher checked
    and released it for governors (``release``), never as typed. The count follows the
    report's suppression; the list is what governors must see to hold the rule."""
    table = Table(_("Flexi-schooling agreed although needs could be met in school or through "
                    "alternative provision"), [_("Agreement"), _("The Headteacher's reasons")])
    finder = functools.cache(names_on_roll)
    unchecked = 0
    for n, (request_id, decided) in enumerate(rule_agreements(period.since, period.today),
                                              start=1):
        request = FlexiRequest.get_by_id(request_id)
        if period.named:
            label = _("{child}, decided {date}").format(child=request.pupil.known_as,
                                                        date=format_date(decided))
            reasons = request.agree_justification
        else:
            label = _("Agreement {n}, decided {month}").format(
                n=n, month=format_date(decided, "MMMM y"))
            reasons, checked = governor_wording(AGREEMENT, request.id,
                                                request.agree_justification, finder)
            unchecked += not checked
        table.rows.append([label, reasons or _("(no reasons recorded)")])
    count = len(table.rows)
    table.note = _("Agreements made against the governing body's rule since {date}: {n}.").format(
        date=format_date(period.since), n=count_text(suppress(count)))
    if unchecked:
        table.note += " " + _("A reason is shown only once the Headteacher has checked that "
                              "it names nobody.")
    return [table]


#: The report's sections in order; each is ``builder(period) -> list[Table]``.
SECTIONS: list[Callable[[Period], list[Table]]] = [
    lambda p: [_provision_by_year(p.today)],
    lambda p: [_review_outcomes(p.since, p.today)],
    lambda p: [_placements(p.since, p.today)],
    lambda p: _flexi(p.since, p.today),
    meetings_without_the_head,
    governing_body_rule,
    lambda p: [_providers(p.today)],
    lambda p: _our_policy(p),
]


def _our_policy(period: Period) -> list[Table]:
    """Our policy's sections (``ourpolicy.report``; none while the default applies)."""
    from flexidesk.policy.ourpolicy.report import policy_sections

    return policy_sections(period)


def anonymised_report(actor: Actor, today: dt.date, since: dt.date | None = None, *,
                      names: bool = False) -> Report:
    """The governors' report as plain data (permission "report.anonymised"); reads only.

    ``names`` (staff who may see pupils only) puts children's names where the report would
    otherwise leave them out."""
    require(actor, "report.anonymised")
    if names:
        require(actor, "pupil.view")
    from flexidesk.policy.records.audit_queries import head_fingerprint

    return build_report(today, since, named=names and can(actor, "pupil.view"),
                        fingerprint=head_fingerprint(actor))


def build_report(today: dt.date, since: dt.date | None = None, *, named: bool = False,
                 fingerprint: str | None = None) -> Report:
    """The report itself, for whoever was allowed to ask (``anonymised_report``) or for the
    governors' own file (``records.governors``), which staff of any role refresh."""
    since = since or academic_year_start(today)
    school = School.select().first()
    period = Period(today, since, named)
    tables = [table for section in SECTIONS for table in section(period)]
    protect_across(tables, *_sums_across(tables))
    if fingerprint is None:
        from flexidesk.store import audit, audit_head

        fingerprint = audit_head.fingerprint(audit.chain_head())
    return Report(school.name if school else "", today, since, tables, period.named,
                  fingerprint, letterhead(school))


def _sums_across(tables: list[Table]) -> tuple[list[Sum], list]:
    """The sums a reader can make between sections, and the cells to withhold first.

    An intervention's places this term (costs) are, near enough, its children by year group
    (provision); the placements that ended, by code, are the same ones counted by outcome."""
    by = {t.key: t for t in tables if t.key}
    sums: list[Sum] = []
    prefer: list = []
    provision, costs = by.get("provision"), by.get("costs")
    if provision is not None and costs is not None:
        rows = {row[0]: r for r, row in enumerate(provision.rows)}
        for r, row in enumerate(costs.rows):
            if row[0] in rows:
                sums.append(Sum([("provision", rows[row[0]], c)
                                 for c in range(1, len(provision.headers))], [("costs", r, 1)]))
                prefer.append(("costs", r, 1))
    placements, outcomes = by.get("placements"), by.get("outcomes")
    if placements is not None and outcomes is not None:
        sums.append(Sum([("outcomes", r, 1) for r in range(len(outcomes.rows))],
                        [("placements", r, 2) for r in range(len(placements.rows))]))
    return sums, prefer


def letterhead(school: School | None) -> dict:
    """The school's letterhead as plain values, for the report's first page."""
    if school is None:
        return {}
    lines = [line.strip() for line in (school.address or "").splitlines() if line.strip()]
    if school.postcode:
        lines.append(school.postcode)
    return {"name": school.name, "address_lines": lines, "phone": school.phone,
            "email": school.email, "website": school.website, "logo": school.logo}


# The provision map in depth (costs, Forest School, placement outcomes) lives beside this
# module; its sections follow the ones above.
from flexidesk.policy.records.report_depth import (  # noqa: E402 - after SECTIONS, which it extends
    costs_against_budget,
    forest_school_coverage,
    placement_outcomes,
)

SECTIONS += [costs_against_budget, forest_school_coverage, placement_outcomes]
