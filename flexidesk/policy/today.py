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

from flexidesk.i18n import _
from flexidesk.policy.records.access import Actor, can, require, viewed_list
from flexidesk.policy.today_item import TodayItem, child_names
from flexidesk.store.models import (
    FlexiAgreement,
    FlexiMeeting,
    FlexiRequest,
    FlexiReview,
    Placement,
    SubjectAccessRequest,
)
from flexidesk.store.query import as_tuples

#: "This week" on Today: due within this many days from today (the provision map's own span).
WEEK_DAYS = 7

#: The last backup older than this needs someone.
BACKUP_EVERY = dt.timedelta(days=1)


def _soon(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=WEEK_DAYS)


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
    names = child_names(due)
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
    """Decisions recorded with no decision letter sent yet (the Flexi tab's own rule)."""
    from flexidesk.policy import today_shared

    return today_shared.letters_owed(actor, today)


def _meetings_this_week(actor: Actor, today: dt.date) -> list[TodayItem]:
    """Meetings arranged and not yet held, up to a week ahead (a past one is late)."""
    rows = list(as_tuples(FlexiMeeting.select(FlexiMeeting.request, FlexiRequest.pupil,
                                    FlexiMeeting.meeting_date)
                .join(FlexiRequest)
                .where((FlexiMeeting.held == False)  # noqa: E712
                       & (FlexiRequest.stage == "meeting_arranged")
                       & (FlexiMeeting.meeting_date <= _soon(today)))))
    names = child_names(r[1] for r in rows)
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
    names = child_names(i[1] for i in items)
    return [TodayItem("arrangement_review",
                      _("Arrangement review overdue") if due < today
                      else _("Arrangement review due this week"),
                      names.get(pid, ""), due, due < today, "flexi", rid)
            for rid, pid, due in items]


def _la_to_be_told(actor: Actor, today: dt.date) -> list[TodayItem]:
    """Arrangements the local authority is to be told about (the version of our policy the
    request began under says it is) and has not been yet: from the draft until the date it
    was told is recorded; late once the arrangement has started."""
    from flexidesk.policy.ourpolicy import policies_by_id
    from flexidesk.policy.ourpolicy.school_default import la_told_before
    from flexidesk.store.models import School

    school = School.select().first()
    if school is None:
        return []
    told = {vid: p.la_told for vid, p in policies_by_id().items()}
    default = la_told_before()
    rows = [(rid, pid, start) for rid, pid, start, vid in as_tuples(
        FlexiAgreement.select(FlexiAgreement.request, FlexiRequest.pupil,
                              FlexiAgreement.start_date, FlexiRequest.policy_version_id)
        .join(FlexiRequest)
        .where(FlexiRequest.stage.in_(("agreement_drafted", "active"))
               & FlexiAgreement.la_notified_on.is_null()))
        if (told.get(vid, default) if vid is not None else default)]
    names = child_names(r[1] for r in rows)
    who = school.local_authority or _("the local authority")
    return [TodayItem("la_notice", _("Tell {la} about the flexi arrangement").format(la=who),
                      names.get(pid, ""), start, start < today, "flexi", rid)
            for rid, pid, start in rows]


# --- alternative provision ----------------------------------------------------------------


def _placement_reviews(actor: Actor, today: dt.date) -> list[TodayItem]:
    """Running placements whose review is overdue or due this week."""
    from flexidesk.policy.providers import LIVE_PLACEMENT_STATUSES

    rows = list(as_tuples(Placement.select(Placement.id, Placement.pupil, Placement.next_review_date,
                                 Placement.provider)
                .where(Placement.status.in_(LIVE_PLACEMENT_STATUSES)
                       & (Placement.next_review_date <= _soon(today)))))
    names = child_names(r[1] for r in rows)
    return [TodayItem("placement_review",
                      _("Placement review overdue") if due < today
                      else _("Placement review due this week"),
                      names.get(pid, ""), due, due < today, "providers", provider)
            for _pid, pid, due, provider in rows]


def _provider_checks(actor: Actor, today: dt.date) -> list[TodayItem]:
    """Checks lapsed (by expiry or re-check) or expiring within 30 days, on their provider."""
    from flexidesk.policy import today_shared

    return today_shared.provider_checks(actor, today)


def _placements_at_lapsed_providers(actor: Actor, today: dt.date) -> list[TodayItem]:
    """Running placements past an uncovered lapse at their provider."""
    from flexidesk.policy import today_shared

    return today_shared.placements_at_lapsed_providers(actor, today)


def _override_checks(actor: Actor, today: dt.date) -> list[TodayItem]:
    """Placements made by override whose provider's checks are still outstanding."""
    from flexidesk.policy import today_shared

    return today_shared.override_checks(actor, today)


# --- data protection ----------------------------------------------------------------------


def _subject_access_requests(actor: Actor, today: dt.date) -> list[TodayItem]:
    """Open subject access requests on their one-month clock (due date from policy.rights)."""
    rows = list(as_tuples(SubjectAccessRequest.select(SubjectAccessRequest.id, SubjectAccessRequest.pupil,
                                            SubjectAccessRequest.requester,
                                            SubjectAccessRequest.due_on)
                .where(SubjectAccessRequest.completed_on.is_null())))
    names = child_names(r[1] for r in rows if r[1])
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


def _policy_review(actor: Actor, today: dt.date) -> list[TodayItem]:
    """Our policy's next review, from a month before the day the governing body set."""
    from flexidesk.policy.ourpolicy import in_force, review_due_from

    policy = in_force(today)
    if policy.next_review is None or today < review_due_from(policy.next_review):
        return []
    return [TodayItem("policy_review", _("Policy review due"), "", policy.next_review,
                      today > policy.next_review, "policy", policy.version_id)]


#: Each source: its code, the permission a role needs to act on it, and its function.
SOURCES: tuple[tuple[str, str, Callable[[Actor, dt.date], list[TodayItem]]], ...] = (
    ("flexi_decision", "flexi.decide", _flexi_decisions),
    ("letter_owed", "document.issue", _letters_owed),
    ("meeting", "flexi.edit", _meetings_this_week),
    ("arrangement_review", "flexi.edit", _arrangement_reviews),
    ("la_notice", "flexi.edit", _la_to_be_told),
    ("provision_review", "provision.edit", _provision_reviews),
    ("family_contact", "contact.log", _family_contacts),
    ("placement_review", "placement.edit", _placement_reviews),
    ("provider_check", "provider.edit", _provider_checks),
    ("lapsed_placement", "placement.edit", _placements_at_lapsed_providers),
    ("override_checks", "provider.edit", _override_checks),
    ("subject_access", "sar.export", _subject_access_requests),
    ("retention", "retention.destroy", _retention_reviews),
    ("backup", "backup.run", _last_backup),
    ("policy_review", "school.edit", _policy_review),
)


#: The sources whose lines name no child: reading only these is no view of anyone's record.
NAMELESS = frozenset({"backup"})


def today_items(actor: Actor, today: dt.date, *,
                only: frozenset[str] | None = None) -> list[TodayItem]:
    """Everything the actor may act on that needs someone, soonest first (late ones lead).

    The one way in to the sources: each runs only if the actor's role holds its permission,
    and the list (which names children) is recorded as one view (docs/reads.md). ``only``
    reads just those sources (the backup line, after a backup was written); lines that name
    no child record no view, which would itself count as a change and call for a backup."""
    if not can(actor, "pupil.view"):
        # A governor acts on the reports alone: no child's record is read for them.
        require(actor, "report.anonymised")
        return [] if only is not None else [
            TodayItem("report", _("Reports for governors"), "", None, False, "reports", None)]
    items: list[TodayItem] = []
    for code, permission, source in SOURCES:
        if (only is None or code in only) and can(actor, permission):
            items.extend(source(actor, today))
    items.sort(key=lambda i: i.order)
    if only is None or not only <= NAMELESS:
        viewed_list(actor, "today", len(items), permission="pupil.view")
    return items


def counts(items: list[TodayItem]) -> Counter:
    """How many lines of each kind (and, for kinds with a late state, ``kind:late``)."""
    out: Counter = Counter()
    for item in items:
        out[item.kind] += 1
        if item.late:
            out[f"{item.kind}:late"] += 1
    return out
