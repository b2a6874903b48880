"""Alternative provision end to end: the register, the school's checklist, placements and their rules."""

import datetime as dt

import pytest

from flexidesk.policy.providers import (
    add_provider,
    add_site,
    ap_register,
    checklist_template,
    commission_placement,
    continue_despite_lapse,
    edit_provider,
    end_placement,
    hours_a_week,
    placement_overrides,
    provider_detail,
    provider_rows,
    record_due_diligence,
    record_family_feedback,
    registration_warnings,
    remove_site,
    retire_checklist_item,
    retire_provider,
    review_due_after,
    review_placement,
    save_checklist_item,
)
from flexidesk.policy.records.access import PermissionDenied, PolicyError
from flexidesk.policy.records.release import OVERRIDE, release_text
from flexidesk.store.models import (
    AuditEntry,
    Placement,
    PlacementFunding,
    PlacementSite,
    ProviderSite,
    Pupil,
)
from tests.engines import acting_as

TODAY = dt.date(2026, 11, 2)


def _pupil(upn="B000000000001", first="Ada", *, left=None, lac=False):
    return Pupil.create(upn=upn, legal_first_name=first, legal_last_name="Fenwick",
                        date_of_birth=dt.date(2017, 3, 1), year_group=4,
                        on_roll_date=dt.date(2021, 9, 1), left_date=left, looked_after=lac)


def _ready_provider(actor, name="Hilltop Farm Learning", *, insurance_expires=None, today=TODAY):
    provider = add_provider(actor, name, provider_type="Farm", la_approved=True, today=today)
    for item in checklist_template():
        record_due_diligence(actor, provider.id, item.code, "held", evidence="Seen on visit",
                             checked_on=today - dt.timedelta(days=10),
                             expires_on=insurance_expires if item.code == "insurance" else None,
                             today=today)
    site = add_site(actor, provider.id, "Lower Meadow yard", postcode="KX2 3AQ")
    return provider, site


def _terms(site, **changes):
    terms = dict(site_ids=[site.id], start_date=TODAY, planned_end_date=TODAY + dt.timedelta(
        weeks=12), max_weeks=16, sessions=["tue_am", "thu_am"], attendance_code="B",
        attendance_sender="Farm office", funding=[("Pupil premium", 4000),
                                                  ("School budget", 500)],
        objectives="Attend every session\nLead one task with the animals",
        return_plan="One more afternoon in class each half term.",
        family_agreed_on=TODAY - dt.timedelta(days=3), la_notified_on=TODAY,
        primary_reason="behaviour", today=TODAY)
    terms.update(changes)
    return terms


def test_a_provider_goes_from_not_ready_to_ready_to_expiring_as_days_pass(head):
    provider = add_provider(head, "Hilltop Farm Learning", provider_type="Farm", today=TODAY)
    row = provider_rows(head, TODAY)[0]
    assert row.status.state == "not_ready"
    assert "Insurance certificates: not held" in row.status.reason
    for item in checklist_template():
        record_due_diligence(head, provider.id, item.code, "held", evidence="Seen",
                             expires_on=dt.date(2027, 3, 1) if item.code == "insurance"
                             else None, today=TODAY)
    assert provider_rows(head, TODAY)[0].status.state == "ready"
    later = dt.date(2027, 2, 10)
    status = provider_rows(head, later)[0].status
    assert status.state == "expiring" and status.ready
    assert status.reason == "Insurance certificates: expires on 1 Mar 2027."
    status = provider_rows(head, dt.date(2027, 3, 2))[0].status
    assert status.state == "not_ready"
    assert status.reason == "Insurance certificates: expired on 1 Mar 2027."


def test_a_held_item_without_expiry_lapses_at_its_recheck_interval(head):
    provider, _site = _ready_provider(head)
    item = next(t for t in checklist_template() if t.code == "staff_vetting")
    assert item.recheck_months == 12
    checked = TODAY - dt.timedelta(days=10)
    due = dt.date(checked.year + 1, checked.month, checked.day)
    assert provider_rows(head, due)[0].status.state == "expiring"
    status = provider_rows(head, due + dt.timedelta(days=1))[0].status
    assert status.state == "not_ready" and "vetting" in status.reason


def test_the_school_edits_its_checklist(head):
    added = save_checklist_item(head, None, "First-aid certificates", recheck_months=24)
    assert [t.code for t in checklist_template()][-1] == added.code
    save_checklist_item(head, "insurance", "Insurance certificates (all kinds)",
                        recheck_months=6)
    retire_checklist_item(head, "data_protection")
    codes = {t.code: t for t in checklist_template()}
    assert "data_protection" not in codes
    assert codes["insurance"].recheck_months == 6
    with pytest.raises(PolicyError, match="1 to 60 months"):
        save_checklist_item(head, "insurance", "Insurance", recheck_months=0)


def test_the_register_keeps_a_providers_details_and_refuses_nonsense(head, pastoral):
    provider = add_provider(pastoral, "Brook Tutors", provider_type="Tutor", ukprn="10012345",
                            ofsted_judgement="Good", ofsted_date=dt.date(2025, 5, 1),
                            offer="Maths and reading, one to one", costs="£40 an hour",
                            today=TODAY)
    edit_provider(pastoral, provider.id, "Brook Tutors", ofsted_urn="123456", today=TODAY)
    detail = provider_detail(pastoral, provider.id, TODAY)
    assert (detail.ukprn, detail.ofsted_urn, detail.offer) == (
        "10012345", "123456", "Maths and reading, one to one")
    with pytest.raises(PolicyError, match="UKPRN"):
        add_provider(pastoral, "Other", ukprn="123", today=TODAY)
    with pytest.raises(PolicyError, match="already on the register"):
        add_provider(pastoral, "Brook Tutors", today=TODAY)
    retire_provider(pastoral, provider.id)
    assert provider_rows(pastoral, TODAY)[0].status.label == "Retired"


def test_a_not_ready_provider_is_refused_and_only_the_head_may_override(head, pastoral):
    provider = add_provider(head, "Riverside Boxing Academy", today=TODAY)
    site = add_site(head, provider.id, "Gym")
    pupil = _pupil()
    with pytest.raises(PolicyError, match="not ready for a placement"):
        commission_placement(pastoral, pupil.id, provider.id, **_terms(site))
    with pytest.raises(PermissionDenied):
        commission_placement(pastoral, pupil.id, provider.id,
                             override_reason="Only boxing club near", checks_due_on=TODAY,
                             **_terms(site))
    assert Placement.select().count() == 0
    placed = commission_placement(head, pupil.id, provider.id,
                                  override_reason="Only provider the child will attend", checks_due_on=TODAY + dt.timedelta(weeks=4),
                                  **_terms(site))
    assert placed.override_justification == "Only provider the child will attend"
    assert AuditEntry.select().where(AuditEntry.action == "placement.override").count() == 1
    line = provider_detail(head, provider.id, TODAY).placements[0]
    assert line.override == "Only provider the child will attend"
    governors = placement_overrides(head, TODAY - dt.timedelta(days=30), TODAY)
    # The governors read the reason only once the Headteacher has checked it (issue 20).
    assert [(o.provider, o.checked) for o in governors] == [("Riverside Boxing Academy", False)]
    release_text(head, OVERRIDE, placed.id, placed.override_justification)
    governors = placement_overrides(head, TODAY - dt.timedelta(days=30), TODAY)
    assert [(o.provider, o.reason) for o in governors] == [
        ("Riverside Boxing Academy", "Only provider the child will attend")]


def test_commissioning_keeps_every_term(head):
    provider, site = _ready_provider(head)
    pupil = _pupil()
    placed = commission_placement(head, pupil.id, provider.id, **_terms(site))
    assert placed.status == "active" and placed.cost_pence == 4500
    assert placed.next_review_date == review_due_after(TODAY)
    assert [(f.stream, f.pence) for f in PlacementFunding.select()] == [
        ("Pupil premium", 4000), ("School budget", 500)]
    line = provider_detail(head, provider.id, TODAY).placements[0]
    assert line.hours == "6 hours a week (part time)"
    assert line.sites == ("Lower Meadow yard",)
    assert line.family_agreed_on == TODAY - dt.timedelta(days=3)


@pytest.mark.parametrize("changes, message", [
    (dict(planned_end_date=TODAY - dt.timedelta(days=1)), "comes before the start"),
    (dict(family_agreed_on=TODAY + dt.timedelta(days=1)), "family must agree before"),
    (dict(planned_end_date=TODAY + dt.timedelta(weeks=20)), "maximum length"),
    (dict(sessions=["mon_am", "sat_am"]), "at most five days"),
    (dict(funding=[("School budget", -100)]), "cannot be negative"),
    (dict(objectives=""), "Objectives is needed"),
])
def test_bad_terms_are_refused_and_nothing_is_saved(head, changes, message):
    provider, site = _ready_provider(head)
    pupil = _pupil()
    before = AuditEntry.select().count()
    with pytest.raises(PolicyError, match=message):
        commission_placement(head, pupil.id, provider.id, **_terms(site, **changes))
    assert Placement.select().count() == 0 and PlacementFunding.select().count() == 0
    assert AuditEntry.select().count() == before


def test_a_child_who_has_left_or_is_already_placed_there_is_refused(head):
    provider, site = _ready_provider(head)
    gone = _pupil("B000000000002", "Bea", left=TODAY - dt.timedelta(days=5))
    with pytest.raises(PolicyError, match="who has left"):
        commission_placement(head, gone.id, provider.id, **_terms(site))
    pupil = _pupil()
    commission_placement(head, pupil.id, provider.id, **_terms(site))
    with pytest.raises(PolicyError, match="already has a placement"):
        commission_placement(head, pupil.id, provider.id, **_terms(
            site, start_date=TODAY + dt.timedelta(weeks=2), family_agreed_on=TODAY))
    assert Placement.select().count() == 1


def test_full_time_and_registration_warnings(head):
    provider, _site = _ready_provider(head)
    assert hours_a_week(["mon_am", "mon_pm", "tue_am", "tue_pm"]) == 11
    four_days = [f"{d}_{p}" for d in ("mon", "tue", "wed", "thu") for p in ("am", "pm")]
    assert registration_warnings(provider.id, None, hours_a_week(four_days[:4])) == []
    lac = _pupil("B000000000003", "Cal", lac=True)
    warnings = registration_warnings(provider.id, lac.id, hours_a_week(four_days))
    assert "full-time education" in warnings[0]
    assert "may need to register as an independent school" in warnings[1]
    plain = _pupil("B000000000004", "Dot")
    assert len(registration_warnings(provider.id, plain.id, hours_a_week(four_days))) == 1
    # Once placed, the placement itself carries both warnings.
    site = provider_detail(head, provider.id, TODAY).sites[0]
    commission_placement(head, lac.id, provider.id, **_terms(site, sessions=four_days))
    line = provider_detail(head, provider.id, TODAY).placements[0]
    assert line.hours == "22 hours a week (full time)"
    assert [w.split(":")[0].split(" may")[0] for w in line.warnings] == [
        "22 hours a week is more than 18", "Hilltop Farm Learning"]


def test_a_lapsed_check_raises_an_alert_until_the_head_says_why_it_continues(head, pastoral):
    expires = TODAY + dt.timedelta(days=60)
    provider, site = _ready_provider(head, insurance_expires=expires)
    pupil = _pupil()
    placed = commission_placement(pastoral, pupil.id, provider.id, **_terms(site))
    assert provider_detail(head, provider.id, expires).placements[0].alert == ""
    after = expires + dt.timedelta(days=1)
    alert = provider_detail(head, provider.id, after).placements[0].alert
    assert alert.startswith("Check lapsed at the provider: Insurance certificates: expired")
    assert provider_rows(head, after)[0].alerts == 1
    assert ap_register(head, after)[0].alert == alert
    with pytest.raises(PermissionDenied):
        continue_despite_lapse(pastoral, placed.id, "Renewal promised", today=after)
    continue_despite_lapse(head, placed.id, "Renewal in the post; broker confirmed cover",
                           today=after)
    assert provider_detail(head, provider.id, after).placements[0].alert == ""


def test_renewing_the_check_lifts_the_alert(head):
    expires = TODAY + dt.timedelta(days=60)
    provider, site = _ready_provider(head, insurance_expires=expires)
    commission_placement(head, _pupil().id, provider.id, **_terms(site))
    after = expires + dt.timedelta(days=1)
    record_due_diligence(head, provider.id, "insurance", "held", evidence="New certificate",
                         expires_on=after + dt.timedelta(days=365), today=after)
    assert provider_detail(head, provider.id, after).placements[0].alert == ""


def test_reviews_are_due_each_half_term_and_family_feedback_is_flagged_until_recorded(head):
    provider, site = _ready_provider(head)
    placed = commission_placement(head, _pupil().id, provider.id, **_terms(site))
    day = TODAY + dt.timedelta(weeks=5)
    with pytest.raises(PolicyError, match="at least every half term"):
        review_placement(head, placed.id, day, 1, next_review_date=day + dt.timedelta(weeks=12),
                         today=day)
    review = review_placement(head, placed.id, day, 1, today=day)
    line = provider_detail(head, provider.id, day).placements[0]
    assert line.feedback_missing_review == review.id
    record_family_feedback(head, review.id, day, "phone", "Phoned mum: going well", today=day)
    line = provider_detail(head, provider.id, day).placements[0]
    assert line.feedback_missing_review is None and line.family_feedback_on == day


def test_removing_a_site_refuses_a_current_placement_and_keeps_an_ended_ones_history(head):
    provider, site = _ready_provider(head)
    placed = commission_placement(head, _pupil().id, provider.id, **_terms(site))
    with pytest.raises(PolicyError, match="A running placement uses Lower Meadow yard"):
        remove_site(head, site.id)
    assert PlacementSite.get(placement=placed.id).site_id == site.id
    day = TODAY + dt.timedelta(weeks=10)
    end_placement(head, placed.id, day, ["Attended 95%", "Led feeding twice"],
                  "Full time in Year 4", today=day)
    remove_site(head, site.id)
    # The ended placement still names where the child went; the site is offered no more.
    assert PlacementSite.get(placement=placed.id).site_id == site.id
    detail = provider_detail(head, provider.id, day)
    assert detail.sites == () and detail.placements[0].sites == ("Lower Meadow yard",)
    with pytest.raises(PolicyError, match="Choose every site"):
        commission_placement(head, _pupil("B000000000002", "Bea").id, provider.id,
                             **_terms(site, start_date=day, planned_end_date=None,
                                      family_agreed_on=day, la_notified_on=day, today=day))
    unused = add_site(head, provider.id, "Barn")
    remove_site(head, unused.id)
    assert ProviderSite.get_or_none(ProviderSite.id == unused.id) is None


def test_ending_a_placement_records_outcomes_and_stops_reviews(head):
    provider, site = _ready_provider(head)
    placed = commission_placement(head, _pupil().id, provider.id, **_terms(site))
    day = TODAY + dt.timedelta(weeks=10)
    with pytest.raises(PolicyError, match="each of the 2 objectives"):
        end_placement(head, placed.id, day, ["Attended 95%"], "Full time in Year 4", today=day)
    end_placement(head, placed.id, day, ["Attended 95%", "Led feeding twice"],
                  "Full time in Year 4", today=day)
    line = provider_detail(head, provider.id, day).placements[0]
    assert (line.status, line.end_date, line.next_review) == ("ended", day, None)
    assert line.outcomes == ("Attended 95%", "Led feeding twice")
    assert AuditEntry.select().where(AuditEntry.action == "placement.end").count() == 1
    with pytest.raises(PolicyError, match="has ended"):
        review_placement(head, placed.id, day, 1, today=day)


def test_reading_a_provider_records_the_view_of_each_child_placed(head, office):
    provider, site = _ready_provider(head)
    pupil = _pupil()
    commission_placement(head, pupil.id, provider.id, **_terms(site))
    with acting_as("office"):
        provider_detail(office, provider.id, TODAY)
    seen = AuditEntry.select().where(AuditEntry.action == "view.provider").first()
    assert seen.pupil_id == pupil.id and seen.username == "office"


def test_sites_are_edited_and_removed_unless_a_running_placement_uses_them(head):
    from flexidesk.policy.providers import edit_site, remove_site

    provider, site = _ready_provider(head)
    spare = add_site(head, provider.id, "Top field")
    edit_site(head, spare.id, "Top field barn", postcode="KX2 3AR")
    assert [s.name for s in provider_detail(head, provider.id, TODAY).sites] == [
        "Lower Meadow yard", "Top field barn"]
    remove_site(head, spare.id)
    commission_placement(head, _pupil().id, provider.id, **_terms(site))
    with pytest.raises(PolicyError, match="running placement uses Lower Meadow yard"):
        remove_site(head, site.id)
    with pytest.raises(PolicyError, match="still has placements running"):
        retire_provider(head, provider.id)
    assert [s.name for s in provider_detail(head, provider.id, TODAY).sites] == [
        "Lower Meadow yard"]
