"""Providers' read side: due-diligence status, the list, and one provider in detail."""

import datetime as dt
from types import SimpleNamespace

import pytest

from flexidesk.policy.providers import due_diligence_status, provider_detail, provider_rows
from flexidesk.policy.vocabulary import CHECKLIST
from flexidesk.store.models import (
    DueDiligenceItem,
    Placement,
    PlacementReview,
    Provider,
    ProviderSite,
    Pupil,
    StaffUser,
)

TODAY = dt.date(2026, 11, 27)
FAR = dt.date(2028, 1, 1)


def item(code, status="held", expires_on=FAR):
    return SimpleNamespace(item=code, status=status, expires_on=expires_on)


def full_checklist(**overrides):
    items = [item(code) for code in CHECKLIST]
    for code, replacement in overrides.items():
        items = [replacement if i.item == code else i for i in items]
    return items


def test_everything_held_is_ready():
    status = due_diligence_status(None, full_checklist(), TODAY)
    assert status.ready and status.label == "Ready"
    assert status.next_expiry == FAR


def test_absent_or_requested_items_are_missing():
    items = full_checklist(insurance=item("insurance", "requested"))[1:]  # drop the first
    status = due_diligence_status(None, items, TODAY)
    assert status.missing == 2 and not status.ready
    assert status.label == "2 missing"


def test_not_applicable_counts_as_done():
    items = full_checklist(ofsted_report=item("ofsted_report", "not_applicable", None))
    assert due_diligence_status(None, items, TODAY).ready


def test_passed_expiry_is_expired_even_if_marked_held():
    items = full_checklist(insurance=item("insurance", "held", dt.date(2026, 11, 26)),
                           risk_assessments=item("risk_assessments", "expired", None),
                           behaviour=item("behaviour", "missing", None))
    status = due_diligence_status(None, items, TODAY)
    assert (status.missing, status.expired) == (1, 2)
    assert status.label == "1 missing, 2 expired"


def test_expiring_within_30_days_is_still_ready_but_flagged():
    soon = dt.date(2026, 12, 27)  # exactly 30 days on
    status = due_diligence_status(None, full_checklist(insurance=item("insurance", "held", soon)),
                                  TODAY)
    assert status.ready and status.expiring == 1
    assert status.next_expiry == soon
    assert "expiring within 30 days" in status.label
    later = full_checklist(insurance=item("insurance", "held", dt.date(2026, 12, 28)))
    assert due_diligence_status(None, later, TODAY).expiring == 0


@pytest.fixture
def providers(school):
    ben = StaffUser.get(StaffUser.username == "pastoral")
    ready = Provider.create(name="Hilltop Farm Learning", provider_type="Farm", la_approved=True)
    patchy = Provider.create(name="Riverside Boxing Academy", provider_type="Sport")
    for code in CHECKLIST:
        DueDiligenceItem.create(provider=ready, item=code, status="held", evidence="Seen",
                                checked_on=dt.date(2026, 9, 1), checked_by=ben,
                                expires_on=dt.date(2027, 9, 1))
    DueDiligenceItem.create(provider=patchy, item="insurance", status="held",
                            expires_on=dt.date(2026, 10, 1))
    site = ProviderSite.create(provider=ready, name="Main yard", postcode="MB3 4EF")
    pupil = Pupil.create(upn="A000000000001", legal_first_name="Nell", legal_last_name="Ashdown",
                         date_of_birth=dt.date(2017, 5, 1), year_group=4,
                         on_roll_date=dt.date(2021, 9, 1))
    active = Placement.create(pupil=pupil, provider=ready, site=site, status="active",
                              start_date=dt.date(2026, 9, 14),
                              next_review_date=dt.date(2026, 11, 20))
    Placement.create(pupil=pupil, provider=ready, status="ended",
                     start_date=dt.date(2025, 9, 14), end_date=dt.date(2026, 2, 1))
    PlacementReview.create(placement=active, review_date=dt.date(2026, 10, 2), score=1,
                           family_feedback_on=dt.date(2026, 10, 5))
    PlacementReview.create(placement=active, review_date=dt.date(2026, 10, 20), score=2)
    return dict(ready=ready, patchy=patchy, active=active)


def test_provider_rows_count_live_placements(providers, pastoral):
    rows = {r.name: r for r in provider_rows(pastoral, TODAY)}
    assert rows["Hilltop Farm Learning"].ready
    assert rows["Hilltop Farm Learning"].live_placements == 1
    assert rows["Hilltop Farm Learning"].next_expiry == dt.date(2027, 9, 1)
    patchy = rows["Riverside Boxing Academy"]
    assert not patchy.ready and patchy.live_placements == 0
    assert patchy.status.label == f"{len(CHECKLIST) - 1} missing, 1 expired"


def test_provider_detail_lists_the_whole_checklist_sites_and_placements(providers, pastoral):
    detail = provider_detail(pastoral, providers["patchy"].id, TODAY)
    assert [line.code for line in detail.checklist] == list(CHECKLIST)
    insurance = next(line for line in detail.checklist if line.code == "insurance")
    assert insurance.problem == "expired"
    assert sum(line.problem == "missing" for line in detail.checklist) == len(CHECKLIST) - 1

    detail = provider_detail(pastoral, providers["ready"].id, TODAY)
    assert detail.checklist[0].checked_by == "Ben Marsh"
    assert detail.checklist[0].evidence == "Seen"
    assert [s.name for s in detail.sites] == ["Main yard"]
    live = detail.placements[0]
    assert live.pupil == "Nell Ashdown" and live.site == "Main yard"
    assert live.review_overdue
    assert (live.last_review, live.last_score) == (dt.date(2026, 10, 20), 2)
    assert live.family_feedback_on == dt.date(2026, 10, 5)
    assert detail.placements[1].next_review is None  # ended: no review expected


def test_recording_checklist_items_moves_the_provider_towards_ready(providers, pastoral):
    from flexidesk.policy.providers import record_due_diligence
    from flexidesk.store.models import AuditEntry

    patchy = providers["patchy"]
    # Renewed insurance (it had expired), then everything else held or not applicable.
    record_due_diligence(pastoral, patchy.id, "insurance", "held",
                         evidence="  Certificate seen, copy filed ", checked_on=TODAY,
                         expires_on=dt.date(2027, 11, 1), today=TODAY)
    saved = DueDiligenceItem.get((DueDiligenceItem.provider == patchy)
                                 & (DueDiligenceItem.item == "insurance"))
    assert (saved.status, saved.evidence, saved.checked_by_id, saved.expires_on) == (
        "held", "Certificate seen, copy filed", pastoral.user_id, dt.date(2027, 11, 1))
    assert AuditEntry.select().order_by(AuditEntry.id.desc()).first().action == \
        "due_diligence.update"
    for code in CHECKLIST:
        if code == "insurance":
            continue
        if code == "independent_registration":
            record_due_diligence(pastoral, patchy.id, code, "not_applicable",
                                 evidence="Not a school: fewer than 18 hours a week",
                                 today=TODAY)
        else:
            record_due_diligence(pastoral, patchy.id, code, "held", evidence="Seen on visit",
                                 today=TODAY)
    row = {r.name: r for r in provider_rows(pastoral, TODAY)}["Riverside Boxing Academy"]
    assert row.ready
    lines = {line.code: line for line in provider_detail(pastoral, patchy.id, TODAY).checklist}
    assert lines["independent_registration"].status == "not_applicable"
    assert lines["independent_registration"].expires_on is None
    assert AuditEntry.select().where(AuditEntry.action == "due_diligence.create").count() == \
        len(CHECKLIST) - 1


@pytest.mark.parametrize("status, kwargs, message", [
    ("held", dict(evidence=" "), "what evidence"),
    ("held", dict(evidence="Seen", checked_on=TODAY + dt.timedelta(days=1)), "future"),
    ("held", dict(evidence="Seen", checked_on=TODAY, expires_on=TODAY), "expiry must come"),
    ("not_applicable", dict(evidence=""), "does not apply"),
    ("expired", dict(evidence="Seen"), "Choose Missing"),
])
def test_nonsense_checklist_entries_are_refused(providers, pastoral, status, kwargs, message):
    from flexidesk.policy.providers import record_due_diligence
    from flexidesk.policy.records.access import PolicyError

    before = DueDiligenceItem.select().count()
    with pytest.raises(PolicyError, match=message):
        record_due_diligence(pastoral, providers["patchy"].id, "risk_assessments", status,
                             today=TODAY, **kwargs)
    assert DueDiligenceItem.select().count() == before


def test_the_office_may_not_change_the_checklist(providers, office):
    from flexidesk.policy.providers import record_due_diligence
    from flexidesk.policy.records.access import PermissionDenied

    with pytest.raises(PermissionDenied):
        record_due_diligence(office, providers["patchy"].id, "insurance", "requested",
                             today=TODAY)


def test_reviewing_a_placement_records_the_familys_feedback_and_moves_the_next_review(
        providers, pastoral):
    from flexidesk.policy.providers import review_due_after, review_placement
    from flexidesk.policy.school.working_days import school_calendar
    from flexidesk.store.models import AuditEntry

    active = providers["active"]
    review = review_placement(pastoral, active.id, TODAY, 1, attendance_percent=92,
                              notes=" Settled with the horses ", family_feedback_on=TODAY,
                              family_feedback="Phoned mum with the review",
                              family_told_how="phone", today=TODAY)
    assert (review.score, review.attendance_percent, review.notes, review.reviewed_by_id) == (
        1, 92, "Settled with the horses", pastoral.user_id)
    # Half a term of school days on, counted on the school calendar (Christmas skipped).
    due = review_due_after(TODAY)
    assert due == school_calendar().add_working_days(TODAY, 30) and due > TODAY
    assert review.next_review_date == due
    assert Placement.get_by_id(active.id).next_review_date == due
    actions = [e.action for e in AuditEntry.select().order_by(AuditEntry.id)][-2:]
    assert actions == ["placement_review.create", "placement.next_review"]
    line = next(p for p in provider_detail(pastoral, providers["ready"].id, TODAY).placements
                if p.id == active.id)
    assert (line.last_review, line.family_feedback_on, line.review_overdue) == (TODAY, TODAY,
                                                                               False)


@pytest.mark.parametrize("kwargs, message", [
    (dict(score=5), "Choose a score"),
    (dict(review_date=TODAY + dt.timedelta(days=1)), "future"),
    (dict(review_date=dt.date(2026, 9, 1)), "before the placement started"),
    (dict(attendance_percent=120), "percentage"),
    (dict(family_feedback_on=TODAY), "what the family was told"),
    (dict(family_feedback="Told dad"), "date the family was told"),
    (dict(family_feedback_on=TODAY, family_feedback="Told dad"), "how the family was told"),
    (dict(next_review_date=TODAY), "must come after"),
])
def test_nonsense_placement_reviews_are_refused(providers, pastoral, kwargs, message):
    from flexidesk.policy.providers import review_placement
    from flexidesk.policy.records.access import PolicyError

    args = dict(review_date=TODAY, score=1)
    args.update(kwargs)
    before = PlacementReview.select().count()
    with pytest.raises(PolicyError, match=message):
        review_placement(pastoral, providers["active"].id, today=TODAY, **args)
    assert PlacementReview.select().count() == before


def test_an_ended_placement_is_not_reviewed_and_the_office_may_not_review(providers, pastoral,
                                                                           office):
    from flexidesk.policy.providers import review_placement
    from flexidesk.policy.records.access import PermissionDenied, PolicyError

    ended = Placement.get(Placement.status == "ended")
    with pytest.raises(PolicyError, match="has ended"):
        review_placement(pastoral, ended.id, TODAY, 1, today=TODAY)
    with pytest.raises(PermissionDenied):
        review_placement(office, providers["active"].id, TODAY, 1, today=TODAY)
