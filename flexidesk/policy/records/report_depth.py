"""The governors' report on the provision map in depth: costs against budget, Forest School
coverage, and how placements ended; each protects its hidden counts as ``report_tables`` says."""

from __future__ import annotations

from collections import Counter

from peewee import fn

from flexidesk.i18n import _, format_date, format_money
from flexidesk.policy.records.disclosure import withhold
from flexidesk.policy.records.report_tables import (
    SMALL,
    Period,
    Sum,
    Table,
    Withheld,
    explain,
    suppress,
    withhold_beside,
)
from flexidesk.policy.vocabulary import SCORE_LABELS
from flexidesk.store.models import (
    Enrolment,
    Intervention,
    Placement,
    PlacementReview,
)
from flexidesk.store.query import as_tuples


def costs_against_budget(period: Period) -> list[Table]:
    """Each intervention's cost this term (cost per place x places taken this term) against
    the budget the school set. Money is the school's, not a child's, but the cost of a row
    is its places times a price governors know: where the places are hidden, so are its cost
    and the difference from budget."""
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
        # No budget, no difference: nothing to work a count out from.
        difference = "" if budget is None else format_money(budget - spent)
        table.rows.append([_(name), suppress(places[iid]), format_money(spent),
                           _("not set") if budget is None else format_money(budget),
                           difference])
    table.note = _("Cost is the cost per place for the term times the places taken in it; a "
                   "negative difference is spending over budget.")
    table.key = "costs"
    withhold_beside(table, 1, beside=[2, 4])
    return [table]


def forest_school_coverage(period: Period) -> list[Table]:
    """The share of children on roll with a Forest School session this week and this term,
    overall and by class, against the weekly aim (percentages: a class of few is still one).

    Governors know each class's size, so a share is a count: the classes add up to the whole
    school, and the whole school's share is withheld when a hidden class could be worked
    out from it."""
    from flexidesk.policy.provision.forest import ClassCoverage, coverage_counts

    c = coverage_counts(period.today)
    table = Table(_("Forest School coverage (weekly aim {aim}%)").format(aim=c.aim_percent),
                  [_("Class"), _("This week"), _("This term")])
    rows: list[ClassCoverage] = [c.overall, *c.classes]
    counts = {(r, col): suppress(n) for r, k in enumerate(rows)
              for col, n in ((1, k.this_week), (2, k.this_term))}
    sums = [Sum([(r, col) for r in range(1, len(rows))], [(0, col)]) for col in (1, 2)]
    held = withhold(counts, sums, prefer=[(0, 1), (0, 2)])

    def share(r: int, col: int, part: int, whole: int) -> str:
        if (r, col) in held:
            return Withheld()
        if 0 < part < SMALL:
            return _("fewer than 3 children")  # a share of one or two could name them
        return f"{100.0 * part / whole:.0f}%" if whole else "0%"

    for r, klass in enumerate(rows):
        table.rows.append([klass.name, share(r, 1, klass.this_week, klass.on_roll),
                           share(r, 2, klass.this_term, klass.on_roll)])
    table.note = _("{n} sessions this term.").format(n=c.sessions_this_term)
    if held:
        explain(table)
    return [table]


def placement_outcomes(period: Period) -> list[Table]:
    """How placements that ended in the period ended, by their last review's score, charted.

    The same placements are counted by attendance code in the placements section, so the
    two must not together give a hidden count away (``reports.protect_across``)."""
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
    table.key = "outcomes"  # the placements section counts the same ones by code
    return [table]
