"""The school year's spans, one notion of each: this week, and the school's own terms.

A term is what the school entered in its calendar (Tools > School calendar): costs "this
term", Forest School "this term", the working days of every deadline and the census all read
the same terms from here. A school may enter half terms; two spans a half-term break apart
are one term. Only where the school has entered nothing around a day do the usual English
seasons stand in (autumn September to December, spring January to March, summer April to
August), so that a new school still sees sensible totals.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

#: Two entered spans at most this many days apart (end to next start) are halves of one term:
#: a half-term break is a week (Friday to the Monday after next: 10 days), Christmas and
#: Easter are two weeks or more.
HALF_TERM_GAP_DAYS = 12


@dataclass(frozen=True)
class SchoolTerm:
    """One term: its first and last day, and whether the school entered it (or it stands in)."""

    start: dt.date
    end: dt.date
    entered: bool = True

    @property
    def bounds(self) -> tuple[dt.date, dt.date]:
        return self.start, self.end

    def holds(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def week_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of the week holding ``day``."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def entered_spans() -> list[tuple[dt.date, dt.date]]:
    """The terms (or half terms) the school entered, earliest first (no child's data)."""
    from flexidesk.store.models import Term
    from flexidesk.store.query import as_tuples

    return [(start, end) for start, end in
            as_tuples(Term.select(Term.start_date, Term.end_date).order_by(Term.start_date))]


def join_half_terms(spans: list[tuple[dt.date, dt.date]]) -> list[SchoolTerm]:
    """Entered spans as terms: halves a half-term break apart are joined into one term."""
    terms: list[SchoolTerm] = []
    for start, end in sorted(spans):
        if terms and (start - terms[-1].end).days <= HALF_TERM_GAP_DAYS:
            terms[-1] = SchoolTerm(terms[-1].start, max(end, terms[-1].end))
        else:
            terms.append(SchoolTerm(start, end))
    return terms


def season_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """The usual season holding ``day``, for a school that has entered no terms around it:
    autumn (September to December), spring (January to March) or summer (April to August);
    holidays count with the term before them."""
    if day.month >= 9:
        return dt.date(day.year, 9, 1), dt.date(day.year, 12, 31)
    if day.month <= 3:
        return dt.date(day.year, 1, 1), dt.date(day.year, 3, 31)
    return dt.date(day.year, 4, 1), dt.date(day.year, 8, 31)


def term_holding(day: dt.date, spans: list[tuple[dt.date, dt.date]] | None = None) -> SchoolTerm:
    """The term ``day`` counts in: the school's entered term holding it, or in a holiday the
    term before it. Where the school entered nothing around ``day`` (before its first term,
    or past the last one by more than that term's holiday), the usual season stands in,
    cut short so that it never overlaps an entered term."""
    terms = join_half_terms(entered_spans() if spans is None else spans)
    season = SchoolTerm(*season_bounds(day), entered=False)
    if not terms or day < terms[0].start:
        if terms and season.end >= terms[0].start:
            return SchoolTerm(season.start, terms[0].start - dt.timedelta(days=1), False)
        return season
    before = [t for t in terms if t.start <= day]
    term = before[-1]
    if term.holds(day) or len(before) < len(terms):
        return term  # in term, or in the holiday between two entered terms
    if season.holds(term.end):
        return term  # the holiday just after the last entered term
    return SchoolTerm(max(season.start, term.end + dt.timedelta(days=1)), season.end, False)


def term_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of the term ``day`` counts in (see ``term_holding``)."""
    return term_holding(day).bounds
