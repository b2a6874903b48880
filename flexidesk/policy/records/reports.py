"""Anonymised reports for governors: counts only, no child named, small numbers suppressed.

Every count of 1 or 2 is replaced by None before it leaves this module ("fewer than 3" when
shown), because in a primary school a count of one or two can name a child; 0 names nobody
and prints as 0. The report holds no names, dates of birth or UPNs, only labels of
interventions, year groups, providers, codes and stages, unless names are asked for.

The report is a list of self-contained section builders (``SECTIONS``): each takes the
``Period`` and returns its tables, so a new section is one function added to the list.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from peewee import fn

from flexidesk.i18n import _, format_date
from flexidesk.policy.records.access import Actor, can, require
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
)
from flexidesk.store.query import as_tuples

SMALL = 3  # counts from 1 up to (not including) this are never shown


def suppress(n: int) -> int | None:
    """``n`` if it is safe to show, else None (a count of 1 or 2 could identify a child;
    0 identifies nobody and is shown)."""
    return n if n == 0 or n >= SMALL else None


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
    chart: bool = False  # drawn as a bar chart of its counts too (on paper)


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


@dataclass(frozen=True)
class Period:
    """What every section builder is given: the day, the start of the period, and whether
    names may be shown."""

    today: dt.date
    since: dt.date
    named: bool = False


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
    table.note = _("Pupils on roll with any provision today: {n}.").format(
        n=count_text(suppress(total)))
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

    template = checklist_template()
    for provider in Provider.select().where(Provider.active).order_by(Provider.name):
        status = due_diligence_status(provider, items.get(provider.id, []), today, template)
        in_order = len(template) - status.missing - status.expired
        # Providers are organisations, not children: these figures are not suppressed.
        table.rows.append([provider.name, f"{in_order} / {len(template)}",
                           _("Yes") if status.ready else _("Not yet")])
    return table


def _placements(since: dt.date, today: dt.date) -> Table:
    table = Table(_("Alternative provision placements, by attendance code"),
                  [_("Attendance code"), _("Running today"), _("Ended since {date}").format(
                      date=format_date(since))])
    running = Counter(dict(as_tuples(Placement.select(Placement.attendance_code, fn.COUNT(Placement.id))
                           .where(Placement.status == "active")
                           .group_by(Placement.attendance_code))))
    ended = Counter(dict(as_tuples(Placement.select(Placement.attendance_code, fn.COUNT(Placement.id))
                         .where((Placement.status == "ended")
                                & Placement.end_date.between(since, today))
                         .group_by(Placement.attendance_code))))
    for code in ATTENDANCE_CODES:
        table.rows.append([_(ATTENDANCE_CODE_LABELS[code]), suppress(running[code]),
                           suppress(ended[code])])
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
    recorded (names taken out unless asked for): the decision is the Head's alone."""
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
    for n, (_id, day, _present, reason, request_id) in enumerate(absent, start=1):
        request = FlexiRequest.get_by_id(request_id)
        if period.named:
            label = _("{child}, {date}").format(child=request.pupil.known_as,
                                                date=format_date(day))
        else:
            label = _("Meeting {n}, {month}").format(n=n, month=format_date(day, "MMMM y"))
            reason = _without_names(reason, _family_names(request))
        table.rows.append([label, reason or _("(no reason recorded)")])
    table.note = _("Meetings held since {date}: {held}; without the Headteacher: {absent}.").format(
        date=format_date(period.since), held=count_text(suppress(len(held))),
        absent=count_text(suppress(len(absent))))
    return [table]


def _family_names(request: FlexiRequest) -> set[str]:
    """The child's and the requesting adults' names, to take out of free text."""
    pupil = request.pupil
    names = {pupil.legal_first_name, pupil.legal_last_name, pupil.preferred_name or ""}
    for link in request.adult_links:
        names |= {link.adult.first_name, link.adult.last_name}
    return names


def _without_names(text: str, names: set[str]) -> str:
    """``text`` with each of ``names`` (a child's or adult's name) replaced by a blank."""
    for name in sorted((n for n in names if len(n) > 1), key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(name)}\b", "…", text, flags=re.IGNORECASE)
    return text


def governing_body_rule(period: Period) -> list[Table]:
    """Every agreement made although the needs could be met in school or through AP, with the
    Headteacher's justification (names taken out unless asked for). The count follows the
    report's suppression; the list is what governors must see to hold the rule."""
    query = (as_tuples(FlexiRequest.select(FlexiRequest.id, FlexiDecision.decided_on)
             .join(FlexiDecision)
             .where((FlexiRequest.needs_met_in_school == True)  # noqa: E712
                    & (FlexiDecision.outcome == "agreed")
                    & FlexiDecision.decided_on.between(period.since, period.today))
             .order_by(FlexiDecision.decided_on)))
    table = Table(_("Flexi-schooling agreed although needs could be met in school or through "
                    "alternative provision"), [_("Agreement"), _("The Headteacher's reasons")])
    for n, (request_id, decided) in enumerate(query, start=1):
        request = FlexiRequest.get_by_id(request_id)
        pupil = request.pupil
        if period.named:
            label = _("{child}, decided {date}").format(child=pupil.known_as,
                                                        date=format_date(decided))
            reasons = request.agree_justification
        else:
            label = _("Agreement {n}, decided {month}").format(
                n=n, month=format_date(decided, "MMMM y"))
            reasons = _without_names(request.agree_justification, _family_names(request))
        table.rows.append([label, reasons or _("(no reasons recorded)")])
    count = len(table.rows)
    table.note = _("Agreements made against the governing body's rule since {date}: {n}.").format(
        date=format_date(period.since), n=count_text(suppress(count)))
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
]


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
    from flexidesk.store.models import School

    school = School.select().first()
    period = Period(today, since, named)
    tables = [table for section in SECTIONS for table in section(period)]
    if fingerprint is None:
        from flexidesk.store import audit, audit_head

        fingerprint = audit_head.fingerprint(audit.chain_head())
    return Report(school.name if school else "", today, since, tables, period.named,
                  fingerprint)


# --- the provision map in depth: costs, Forest School, placement outcomes -----------------------


def costs_against_budget(period: Period) -> list[Table]:
    """Each intervention's cost this term (cost per place x places taken this term) against
    the budget the school set; organisations' money, not children, so nothing is suppressed
    except the places count."""
    from flexidesk.i18n import format_money
    from flexidesk.policy.school.terms import term_bounds

    start, end = term_bounds(period.today)
    places = Counter(dict(as_tuples(Enrolment.select(Enrolment.intervention, fn.COUNT(Enrolment.id))
                          .where((Enrolment.start_date <= end)
                                 & (Enrolment.end_date.is_null() | (Enrolment.end_date >= start)))
                          .group_by(Enrolment.intervention))))
    table = Table(_("Costs this term against budget ({start} to {end})").format(
        start=format_date(start), end=format_date(end)),
        [_("Intervention"), _("Places this term"), _("Cost"), _("Budget"), _("Difference")])
    for iid, name, cost, budget in (as_tuples(Intervention.select(
            Intervention.id, Intervention.name, Intervention.cost_per_term_pence,
            Intervention.budget_per_term_pence).where(Intervention.active)
            .order_by(Intervention.sort_order, Intervention.name))):
        spent = cost * places[iid]
        difference = "" if budget is None else format_money(budget - spent)
        table.rows.append([_(name), suppress(places[iid]), format_money(spent),
                           _("not set") if budget is None else format_money(budget),
                           difference])
    table.note = _("Cost is the cost per place for the term times the places taken in it; a "
                   "negative difference is spending over budget.")
    return [table]


def forest_school_coverage(period: Period) -> list[Table]:
    """The share of children on roll with a Forest School session this week and this term,
    overall and by class, against the weekly aim (percentages: a class of few is still one)."""
    from flexidesk.policy.provision.forest import ClassCoverage, coverage_counts

    c = coverage_counts(period.today)
    table = Table(_("Forest School coverage (weekly aim {aim}%)").format(aim=c.aim_percent),
                  [_("Class"), _("This week"), _("This term")])

    def percent(part: int, whole: int) -> str:
        if 0 < part < SMALL:
            return _("fewer than 3 children")  # a share of one or two could name them
        return f"{100.0 * part / whole:.0f}%" if whole else "0%"

    rows: list[ClassCoverage] = [c.overall, *c.classes]
    for klass in rows:
        table.rows.append([klass.name, percent(klass.this_week, klass.on_roll),
                           percent(klass.this_term, klass.on_roll)])
    table.note = _("{n} sessions this term.").format(n=c.sessions_this_term)
    return [table]


def placement_outcomes(period: Period) -> list[Table]:
    """How placements that ended in the period ended, by their last review's score, charted."""
    table = Table(_("Placement outcomes since {date}").format(date=format_date(period.since)),
                  [_("Last review before the end"), _("Placements ended")])
    ended = [pid for (pid,) in as_tuples(Placement.select(Placement.id)
             .where((Placement.status == "ended")
                    & Placement.end_date.between(period.since, period.today)))]
    last: dict[int, int] = {}
    for pid, score in (as_tuples(PlacementReview.select(PlacementReview.placement, PlacementReview.score)
                       .where(PlacementReview.placement.in_(ended))
                       .order_by(PlacementReview.review_date))):
        last[pid] = score  # the latest review wins
    counts = Counter(last.get(pid) for pid in ended)
    for score in (2, 1, 0, -1, -2):
        table.rows.append([_(SCORE_LABELS[score]), suppress(counts[score])])
    table.rows.append([_("No review recorded"), suppress(counts[None])])
    table.chart = True
    return [table]


SECTIONS += [costs_against_budget, forest_school_coverage, placement_outcomes]
