"""Today: one list of everything that needs someone, soonest first, gathered from each source.

Each source is a small private function ``(actor, today) -> list[TodayItem]`` with the
permission a role needs to act on it. Sources check nothing themselves: ``today_items`` is
the one way in, and runs only the sources the actor's role may act on.
Where another part of FlexiDesk already counts something for its own summary line (the
provision map, the flexi requests), the source reads that same function, so the counts on
the tabs and on Today always agree.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from flexidesk.i18n import _, format_date
from flexidesk.policy.records.access import Actor, can, require, viewed_list
from flexidesk.policy.vocabulary import CHECKLIST
from flexidesk.store.models import (
    DueDiligenceItem,
    FlexiAgreement,
    FlexiDecision,
    FlexiMeeting,
    FlexiRequest,
    FlexiReview,
    Placement,
    Provider,
    Pupil,
    SubjectAccessRequest,
)
from flexidesk.store.query import as_tuples

#: "This week" on Today: due within this many days from today (the provision map's own span).
WEEK_DAYS = 7

#: The last backup older than this needs someone.
BACKUP_EVERY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class TodayItem:
    """One thing that needs someone: what, for whom, since when, and where it is done."""

    kind: str  # a code from SOURCES, e.g. "provision_review"
    what: str
    who: str
    due_on: dt.date | None  # the day it fell (or falls) due; None when it never happened
    late: bool
    tab: str  # where Enter goes: provision, providers, flexi, rights, retention, backup, reports
    record_id: int | None

    @property
    def when_text(self) -> str:
        """'overdue since 3 Nov 2026' when late, 'due 5 Dec 2026' when not, 'never' with no
        date. A late line says so in words, not only in red, for those who cannot see red."""
        if self.due_on is None:
            return _("overdue: never done")
        if self.late:
            return _("overdue since {date}").format(date=format_date(self.due_on))
        return _("due {date}").format(date=format_date(self.due_on))


def _soon(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=WEEK_DAYS)


def _names(pupil_ids) -> dict[int, str]:
    ids = set(pupil_ids)
    if not ids:
        return {}
    return {pid: f"{preferred or first} {last}" for pid, first, preferred, last in
            as_tuples(Pupil.select(Pupil.id, Pupil.legal_first_name, Pupil.preferred_name,
                         Pupil.legal_last_name).where(Pupil.id.in_(ids)))}


# --- provision map ------------------------------------------------------------------------


def _provision_reviews(actor: Actor, today: dt.date) -> list[TodayItem]:
    """Children whose next provision review is overdue or due this week (one line a child,
    as the provision map's summary counts them)."""
    from flexidesk.policy.provision.read import map_rows_unrecorded

    items = []
    for row in map_rows_unrecorded(actor, today):
        if row.overdue or row.due_soon:
            what = (_("Provision review overdue") if row.overdue
                    else _("Provision review due this week"))
            items.append(TodayItem("provision_review", what, row.name, row.next_review,
                                   row.overdue, "provision", row.id))
    return items


def _family_contacts(actor: Actor, today: dt.date) -> list[TodayItem]:
    """Children with provision whose family is past the school's contact rhythm (the same
    read as the provision map's summary line)."""
    from flexidesk.policy.provision.family_contact import families_not_contacted

    due = families_not_contacted(actor, today)
    names = _names(due)
    return [TodayItem("family_contact", _("Family contact due"), names.get(pid, ""), since,
                      True, "provision", pid) for pid, since in due.items()]


# --- flexi-schooling ------------------------------------------------------------------------


def _flexi_decisions(actor: Actor, today: dt.date) -> list[TodayItem]:
    """Decisions waiting or late against their five working days (the Flexi tab's summary)."""
    from flexidesk.policy.flexi.deadlines import request_rows_unrecorded

    return [TodayItem("flexi_decision",
                      _("Flexi decision late") if r.overdue else _("Flexi decision due"),
                      r.child, r.decision_due, r.overdue, "flexi", r.id)
            for r in request_rows_unrecorded(actor, today) if r.working_days_left is not None]


def _letters_owed(actor: Actor, today: dt.date) -> list[TodayItem]:
    """Decisions recorded with no decision letter sent yet (owed since the decision)."""
    query = (as_tuples(FlexiRequest.select(FlexiRequest.id, FlexiRequest.pupil, FlexiDecision.decided_on)
             .join(FlexiDecision).where(FlexiRequest.stage == "decided")))
    rows = list(query)
    names = _names(r[1] for r in rows)
    return [TodayItem("letter_owed", _("Decision letter owed"), names.get(pid, ""), decided,
                      decided < today, "flexi", rid) for rid, pid, decided in rows]


def _meetings_this_week(actor: Actor, today: dt.date) -> list[TodayItem]:
    """Meetings arranged and not yet held, up to a week ahead (a past one is late)."""
    rows = list(as_tuples(FlexiMeeting.select(FlexiMeeting.request, FlexiRequest.pupil,
                                    FlexiMeeting.meeting_date)
                .join(FlexiRequest)
                .where((FlexiMeeting.held == False)  # noqa: E712
                       & (FlexiRequest.stage == "meeting_arranged")
                       & (FlexiMeeting.meeting_date <= _soon(today)))))
    names = _names(r[1] for r in rows)
    return [TodayItem("meeting", _("Meeting with the family") if day >= today
                      else _("Meeting not recorded"), names.get(pid, ""), day, day < today,
                      "flexi", rid) for rid, pid, day in rows]


def _arrangement_reviews(actor: Actor, today: dt.date) -> list[TodayItem]:
    """Running arrangements whose review is overdue or due this week."""
    last_next: dict[int, dt.date | None] = {}
    for rid, next_date in (as_tuples(FlexiReview.select(FlexiReview.request, FlexiReview.next_review_date)
                           .order_by(FlexiReview.review_date, FlexiReview.id))):
        last_next[rid] = next_date  # the latest review sets the next one
    items = []
    for rid, pid, start, active_from, first, weeks in (
            as_tuples(FlexiAgreement.select(FlexiAgreement.request, FlexiRequest.pupil,
                                  FlexiAgreement.start_date, FlexiAgreement.active_from,
                                  FlexiAgreement.first_review_date,
                                  FlexiAgreement.review_interval_weeks)
            .join(FlexiRequest).where(FlexiRequest.stage == "active"))):
        due = (last_next[rid] if rid in last_next
               else first or (active_from or start) + dt.timedelta(weeks=weeks))
        if due is not None and due <= _soon(today):
            items.append((rid, pid, due))
    names = _names(i[1] for i in items)
    return [TodayItem("arrangement_review",
                      _("Arrangement review overdue") if due < today
                      else _("Arrangement review due this week"),
                      names.get(pid, ""), due, due < today, "flexi", rid)
            for rid, pid, due in items]


# --- alternative provision ----------------------------------------------------------------


def _placement_reviews(actor: Actor, today: dt.date) -> list[TodayItem]:
    """Running placements whose review is overdue or due this week."""
    from flexidesk.policy.providers import LIVE_PLACEMENT_STATUSES

    rows = list(as_tuples(Placement.select(Placement.id, Placement.pupil, Placement.next_review_date,
                                 Placement.provider)
                .where(Placement.status.in_(LIVE_PLACEMENT_STATUSES)
                       & (Placement.next_review_date <= _soon(today)))))
    names = _names(r[1] for r in rows)
    return [TodayItem("placement_review",
                      _("Placement review overdue") if due < today
                      else _("Placement review due this week"),
                      names.get(pid, ""), due, due < today, "providers", provider)
            for _pid, pid, due, provider in rows]


def _lapsed_checks(today: dt.date) -> list[tuple[int, str, str, dt.date | None, str]]:
    """(provider id, provider, item code, expiry, 'expired'|'expiring') of active providers."""
    from flexidesk.policy.providers import item_problem

    out = []
    for pid, name, code, status, expires in (
            as_tuples(DueDiligenceItem.select(DueDiligenceItem.provider, Provider.name,
                                    DueDiligenceItem.item, DueDiligenceItem.status,
                                    DueDiligenceItem.expires_on)
            .join(Provider).where(Provider.active & DueDiligenceItem.expires_on.is_null(False)))):
        problem = item_problem(status, expires, today)
        if code in CHECKLIST and problem in ("expired", "expiring"):
            out.append((pid, name, code, expires, problem))
    return out


def _provider_checks(actor: Actor, today: dt.date) -> list[TodayItem]:
    """Checklist items that have lapsed or expire within 30 days, each on its provider."""
    return [TodayItem("provider_check",
                      (_("Check lapsed: {item}") if problem == "expired"
                       else _("Check expiring: {item}")).format(item=_(CHECKLIST[code])),
                      name, expires, problem == "expired", "providers", pid)
            for pid, name, code, expires, problem in _lapsed_checks(today)]


def _placements_at_lapsed_providers(actor: Actor, today: dt.date) -> list[TodayItem]:
    """Running placements at a provider with a lapsed check (since the first lapse)."""
    from flexidesk.policy.providers import LIVE_PLACEMENT_STATUSES

    lapsed: dict[int, tuple[str, dt.date]] = {}
    for pid, name, _code, expires, problem in _lapsed_checks(today):
        if (problem == "expired" and expires is not None  # an expired check has its date
                and (pid not in lapsed or expires < lapsed[pid][1])):
            lapsed[pid] = (name, expires)
    if not lapsed:
        return []
    rows = list(as_tuples(Placement.select(Placement.pupil, Placement.provider)
                .where(Placement.status.in_(LIVE_PLACEMENT_STATUSES)
                       & Placement.provider.in_(list(lapsed)))))
    names = _names(r[0] for r in rows)
    return [TodayItem("lapsed_placement",
                      _("Placed at {provider}: a check has lapsed").format(
                          provider=lapsed[provider][0]),
                      names.get(pid, ""), lapsed[provider][1], True, "providers", provider)
            for pid, provider in rows]


# --- data protection ----------------------------------------------------------------------


def _subject_access_requests(actor: Actor, today: dt.date) -> list[TodayItem]:
    """Open subject access requests on their one-month clock (due date from policy.rights)."""
    rows = list(as_tuples(SubjectAccessRequest.select(SubjectAccessRequest.id, SubjectAccessRequest.pupil,
                                            SubjectAccessRequest.requester,
                                            SubjectAccessRequest.due_on)
                .where(SubjectAccessRequest.completed_on.is_null())))
    names = _names(r[1] for r in rows if r[1])
    return [TodayItem("subject_access",
                      _("Subject access request from {who}").format(who=requester),
                      names.get(pid, _("(no child linked)")), due, due < today, "rights", rid)
            for rid, pid, requester, due in rows]


def _retention_reviews(actor: Actor, today: dt.date) -> list[TodayItem]:
    """One line per kind of record with records past their retention review date."""
    from flexidesk.policy.records.retention import KIND_LABELS, records_due_unrecorded

    items = []  # counts only: no record is named on Today
    for kind, records in records_due_unrecorded(actor, today).items():
        if records:
            items.append(TodayItem(
                "retention", _("Records due for retention review: {kind} ({n})").format(
                    kind=_(KIND_LABELS[kind]), n=len(records)),
                "", records[0].review_date, True, "retention", None))
    return items


def _last_backup(actor: Actor, today: dt.date) -> list[TodayItem]:
    """The last backup, if it is older than a day (or there has never been one).

    None on a server: its backups are the server's own (pg_dump, PITR), not a file's."""
    from flexidesk.policy.records.backups import backs_up_to_files, last_backup

    if not backs_up_to_files():
        return []
    when = last_backup()
    now = dt.datetime.combine(today, dt.datetime.now().time())
    if when is not None and now - when <= BACKUP_EVERY:
        return []
    return [TodayItem("backup", _("Back up the school's file"), "",
                      when.date() if when else None, True, "backup", None)]


#: Each source: its code, the permission a role needs to act on it, and its function.
SOURCES: tuple[tuple[str, str, Callable[[Actor, dt.date], list[TodayItem]]], ...] = (
    ("flexi_decision", "flexi.decide", _flexi_decisions),
    ("letter_owed", "document.issue", _letters_owed),
    ("meeting", "flexi.edit", _meetings_this_week),
    ("arrangement_review", "flexi.edit", _arrangement_reviews),
    ("provision_review", "provision.edit", _provision_reviews),
    ("family_contact", "contact.log", _family_contacts),
    ("placement_review", "placement.edit", _placement_reviews),
    ("provider_check", "provider.edit", _provider_checks),
    ("lapsed_placement", "placement.edit", _placements_at_lapsed_providers),
    ("subject_access", "sar.export", _subject_access_requests),
    ("retention", "retention.destroy", _retention_reviews),
    ("backup", "backup.run", _last_backup),
)


def today_items(actor: Actor, today: dt.date) -> list[TodayItem]:
    """Everything the actor may act on that needs someone, soonest first (late ones lead).

    The one way in to the sources: each runs only if the actor's role holds its permission,
    and the list (which names children) is recorded as one view (docs/reads.md)."""
    if not can(actor, "pupil.view"):
        # A governor acts on the reports alone: no child's record is read for them.
        require(actor, "report.anonymised")
        return [TodayItem("report", _("Reports for governors"), "", None, False, "reports",
                          None)]
    items: list[TodayItem] = []
    for _code, permission, source in SOURCES:
        if can(actor, permission):
            items.extend(source(actor, today))
    items.sort(key=lambda i: (i.due_on or dt.date.min, not i.late, i.what, i.who))
    viewed_list(actor, "today", len(items), permission="pupil.view")
    return items


def with_backup_now(actor: Actor, items: list[TodayItem], today: dt.date) -> list[TodayItem]:
    """``items`` with the backup line as it stands now (after a backup was written): the same
    source Today reads, for one line that names no child, so no view is recorded (a view row
    would count as a change, and call for the next backup at once)."""
    kept = [i for i in items if i.kind != "backup"]
    if can(actor, "backup.run") and can(actor, "pupil.view"):
        kept += _last_backup(actor, today)
    kept.sort(key=lambda i: (i.due_on or dt.date.min, not i.late, i.what, i.who))
    return kept


def counts(items: list[TodayItem]) -> Counter:
    """How many lines of each kind (and, for kinds with a late state, ``kind:late``)."""
    out: Counter = Counter()
    for item in items:
        out[item.kind] += 1
        if item.late:
            out[f"{item.kind}:late"] += 1
    return out
