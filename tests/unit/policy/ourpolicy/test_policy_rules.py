"""Rules that lived elsewhere and now belong to our policy (issue #24, the rules the form did
not hold): the provision map's rhythms, read from the version in force."""

import datetime as dt
import json

import pytest

from flexidesk.policy import ourpolicy
from flexidesk.policy.provision import default_first_review
from flexidesk.policy.provision.settings import (
    contact_weeks,
    forest_aim_percent,
    set_contact_weeks,
    set_forest_aim,
)
from flexidesk.policy.records.access import PolicyError
from flexidesk.store.migrations import m0018_policy_rules
from flexidesk.store.models import FlexiRequest, Intervention, PolicyVersion
from tests.clock import TODAY

ADOPTED = TODAY - dt.timedelta(days=14)


def adopt(head, change) -> ourpolicy.OurPolicy:
    body = ourpolicy.starting_body()
    change(body)
    ourpolicy.save_draft(head, body)
    return ourpolicy.adopt(head, adopted_on=ADOPTED, next_review=dt.date(2027, 11, 1),
                           today=TODAY)


def test_before_any_version_the_schools_own_settings_still_apply(school, head):
    set_contact_weeks(head, 4)
    set_forest_aim(head, 60)
    assert (contact_weeks(TODAY), forest_aim_percent(TODAY)) == (4, 60)
    assert ourpolicy.in_force(TODAY).version_id is None
    assert ourpolicy.starting_body()["provision"]["contact_weeks"] == 4
    assert ourpolicy.in_force(TODAY).body["provision"]["review_weeks"] == {}


def test_the_version_in_force_sets_the_provision_rhythms(school, head):
    lego = Intervention.create(name="Lego Therapy", review_interval_weeks=6)
    Intervention.create(name="Nurture Group", review_interval_weeks=8)
    assert ourpolicy.starting_body()["provision"]["review_weeks"] == {
        "Lego Therapy": 6, "Nurture Group": 8}

    def change(body):
        body["provision"].update(contact_weeks=3, forest_aim_percent=50)
        body["provision"]["review_weeks"]["Lego Therapy"] = 2

    adopt(head, change)
    assert (contact_weeks(TODAY), forest_aim_percent(TODAY)) == (3, 50)
    # Before the version was in force, the old rules still applied.
    assert contact_weeks(ADOPTED - dt.timedelta(days=1)) == 7
    # Lego's first review: two weeks on (Monday 30 Nov -> Monday 14 Dec), not six.
    assert default_first_review(lego.id, TODAY) == dt.date(2026, 12, 14)
    # The old setters no longer write what nobody would read.
    with pytest.raises(PolicyError, match="Our policy"):
        set_contact_weeks(head, 5)


def test_a_review_rhythm_out_of_range_is_refused_with_its_path(school, head):
    body = ourpolicy.starting_body()
    body["provision"]["review_weeks"] = {"Lego Therapy": 60}
    with pytest.raises(ourpolicy.PolicyRefused) as refused:
        ourpolicy.save_draft(head, body)
    assert "provision.review_weeks[Lego Therapy]" in str(refused.value)


def test_a_policy_file_without_the_provision_map_still_reads(school):
    body = ourpolicy.default_policy()
    del body["provision"]
    assert ourpolicy.check_policy(ourpolicy.completed(body)) == []


def test_migration_writes_the_schools_settings_into_each_saved_version(database, school, head):
    set_contact_weeks(head, 5)
    set_forest_aim(head, 70)
    Intervention.create(name="Games Club", review_interval_weeks=4)
    version = adopt(head, lambda body: None)
    row = PolicyVersion.get_by_id(version.version_id)
    old = json.loads(row.body)
    del old["provision"]  # as a version saved before this step holds it
    PolicyVersion.update(body=json.dumps(old)).where(PolicyVersion.id == row.id).execute()

    m0018_policy_rules.up(database)
    provision = json.loads(PolicyVersion.get_by_id(row.id).body)["provision"]
    assert provision == {"contact_weeks": 5, "forest_aim_percent": 70,
                         "review_weeks": {"Games Club": 4}}
    assert contact_weeks(TODAY) == 5


# --- the due-diligence checklist ---------------------------------------------------------------


def test_the_checklist_in_force_is_the_versions_own(school, head):
    from flexidesk.policy.providers import checklist_template, save_checklist_item

    save_checklist_item(head, None, "First-aid certificates", recheck_months=24)
    assert "First-aid certificates" in [t.label for t in checklist_template(TODAY)]

    def change(body):
        items = body["ap"]["checklist"]
        next(i for i in items if i["code"] == "insurance")["retired"] = True
        items.append({"code": "own_1", "en": "Minibus driver licences", "cy": "",
                      "recheck_months": 12, "retired": False})

    adopt(head, change)
    labels = {t.code: (t.label, t.recheck_months) for t in checklist_template(TODAY)}
    assert "insurance" not in labels
    assert labels["own_1"] == ("Minibus driver licences", 12)
    assert labels["first_aid_certificates"] == ("First-aid certificates", 24)
    # The day before the version was in force, the school's earlier checklist still applied.
    assert "insurance" in {t.code for t in checklist_template(ADOPTED - dt.timedelta(days=1))}
    with pytest.raises(PolicyError, match="Our policy"):
        save_checklist_item(head, None, "Fire drill log")


def test_a_checklist_with_nothing_in_use_is_refused(school, head):
    body = ourpolicy.starting_body()
    for item in body["ap"]["checklist"]:
        item["retired"] = True
    with pytest.raises(ourpolicy.PolicyRefused, match="at least one item"):
        ourpolicy.save_draft(head, body)


def test_migration_writes_the_edited_checklist_into_each_saved_version(database, school, head):
    from flexidesk.policy.providers import checklist_template, retire_checklist_item

    retire_checklist_item(head, "data_protection")
    version = adopt(head, lambda body: None)
    row = PolicyVersion.get_by_id(version.version_id)
    old = json.loads(row.body)
    del old["ap"]["checklist"]
    PolicyVersion.update(body=json.dumps(old)).where(PolicyVersion.id == row.id).execute()
    assert "data_protection" in {t.code for t in checklist_template(TODAY)}  # the default

    m0018_policy_rules.up(database)
    assert "data_protection" not in {t.code for t in checklist_template(TODAY)}
    assert len(checklist_template(TODAY)) == 11


# --- whether the local authority is told ---------------------------------------------------------


def _second_family():
    from flexidesk.store.models import Adult, Pupil, PupilAdult

    pupil = Pupil.create(upn="T000000000002", legal_first_name="Ivy", legal_last_name="Penrose",
                         date_of_birth=dt.date(2018, 5, 6), year_group=3,
                         on_roll_date=dt.date(2022, 9, 1))
    mum = Adult.create(title="Ms", first_name="Jo", last_name="Penrose",
                       address="9 Brook Lane\nMillbridge", postcode="MB2 4GH")
    dad = Adult.create(title="Mr", first_name="Cal", last_name="Penrose")
    PupilAdult.create(pupil=pupil, adult=mum, relationship="Mother", priority=1)
    PupilAdult.create(pupil=pupil, adult=dad, relationship="Father", priority=2)
    return pupil, mum, dad


def _agreed(head, family, *, received_on, meeting):
    from flexidesk.policy import flexi
    from tests.unit.policy.ourpolicy.policy_steps import run_to_meeting, weigh

    request = run_to_meeting(head, family, received_on=received_on, meeting=meeting)
    weigh(head, request, list(ourpolicy.policy_of(
        FlexiRequest.get_by_id(request.id).policy_version_id).considerations()))
    flexi.decide(head, request.id, outcome="agreed", decided_on=meeting, today=meeting,
                 reasons="A short trial fits the child's needs.")
    return request


def test_the_la_is_told_as_the_version_the_request_began_under_says(head, family):
    from flexidesk.policy.today import today_items
    from flexidesk.store.models import School
    from tests.unit.policy.ourpolicy.policy_steps import letter_text

    School.update(la_notify_flexi=True, local_authority="Millshire Council").execute()
    before = _agreed(head, family, received_on=dt.date(2026, 11, 2),
                     meeting=dt.date(2026, 11, 9))
    adopt(head, lambda body: body["flexi"].update(la_told=False))  # in force 16 November
    after = _agreed(head, _second_family(), received_on=dt.date(2026, 11, 18),
                    meeting=dt.date(2026, 11, 23))
    assert FlexiRequest.get_by_id(after.id).policy_version_id is not None

    assert "As Millshire Council asks" in letter_text(head, before, "flexi_decision")
    assert "Millshire Council" not in letter_text(head, after, "flexi_decision")
    for request in (before, after):
        _draft_for(head, request)
    told = [i.who for i in today_items(head, TODAY) if i.kind == "la_notice"]
    assert told == ["Ro Ashby"]  # Ivy's request began under the version that tells no one


def _draft_for(head, request):
    from flexidesk.policy import flexi
    from flexidesk.store.models import PupilAdult
    from tests.unit.policy.flexi.flexi_steps import _issue

    _issue(head, request.id, "flexi_decision", dt.date(2026, 11, 24))
    adult = PupilAdult.get(PupilAdult.pupil == request.pupil_id, PupilAdult.priority == 1)
    flexi.draft_agreement(head, request.id, start_date=dt.date(2026, 12, 4),
                          home_sessions=["fri_am", "fri_pm"], first_review_date=None,
                          parties=[("staff", head.user_id), ("adult", adult.adult_id)])


def test_school_details_show_the_rule_once_the_policy_holds_it(school, head):
    from flexidesk.store.models import School

    School.update(la_notify_flexi=True).execute()
    assert ourpolicy.in_force(TODAY).la_told is True  # before any version: the details' tick
    adopt(head, lambda body: body["flexi"].update(la_told=False))
    assert ourpolicy.in_force(TODAY).la_told is False
    assert "The local authority is told of every arrangement: yes \u2192 no" in \
        ourpolicy.differences(ourpolicy.policy_of(None), ourpolicy.in_force(TODAY))


# --- no meeting ----------------------------------------------------------------------------------


def test_with_no_meeting_a_request_goes_from_receipt_to_decision(head, family):
    from flexidesk.policy import flexi
    from tests.unit.policy.ourpolicy.policy_steps import letter_text, weigh

    pupil, mum, dad = family
    adopt(head, lambda body: body["flexi"].update(meeting_required=False, deadline_days=5))
    received = dt.date(2026, 11, 18)  # a Wednesday, after the version came into force
    request = flexi.receive_request(head, pupil_id=pupil.id, adult_ids=[mum.id, dad.id],
                                    received_on=received, sessions=["fri_am"],
                                    reasons="Ro learns outdoors with his grandfather.",
                                    today=received)
    actions = [code for code, _label in flexi.next_actions(request.id, head)]
    assert "arrange_meeting" not in actions and actions[0] == "record_considerations"
    with pytest.raises(flexi.RefusedAction, match="asks for no meeting"):
        flexi.arrange_meeting(head, request.id, meeting_date=dt.date(2026, 11, 20),
                              meeting_time=None, place="Office", today=received)
    # The deadline counts from receipt: five school days after Wednesday 18 November.
    assert flexi.decision_status(head, request.id, TODAY).due_on == dt.date(2026, 11, 25)
    weigh(head, request, list(ourpolicy.in_force(TODAY).considerations()))
    flexi.decide(head, request.id, outcome="declined", decided_on=dt.date(2026, 11, 24),
                 today=dt.date(2026, 11, 24), reasons="The school can support Ro in class.")
    codes = [m.code for m in flexi.timeline(head, request.id, TODAY).milestones]
    assert codes[:4] == ["received", "considered", "decided", "letter_issued"]
    assert "meeting" not in flexi.request_detail(head, request.id, TODAY).stage_label.lower()
    assert not flexi.request_detail(head, request.id, TODAY).meeting_required
    text = letter_text(head, request, "flexi_decision", letter_date=dt.date(2026, 11, 24))
    assert "meet" not in text.lower()  # no thanks for a meeting, no promise after one
    assert "Thank you for your request, received on" in text


def test_a_request_received_before_the_change_keeps_its_meeting(head, family):
    from flexidesk.policy import flexi

    pupil, mum, dad = family
    request = flexi.receive_request(head, pupil_id=pupil.id, adult_ids=[mum.id, dad.id],
                                    received_on=dt.date(2026, 11, 9), sessions=["fri_am"],
                                    reasons="Ro learns outdoors.", today=dt.date(2026, 11, 9))
    adopt(head, lambda body: body["flexi"].update(meeting_required=False))
    actions = [code for code, _label in flexi.next_actions(request.id, head)]
    assert actions[0] == "arrange_meeting" and "record_considerations" not in actions
    with pytest.raises(flexi.RefusedAction, match="meeting has not been held"):
        flexi.record_considerations(head, request.id, assessments={}, needs_met_in_school=False,
                                    needs_met_notes="", alternatives=[])
    assert flexi.decision_status(head, request.id, TODAY).due_on is None  # no meeting yet
    assert [m.code for m in flexi.timeline(head, request.id, TODAY).milestones][:3] == [
        "received", "meeting_arranged", "meeting_held"]


# --- alternative provision: full time and the family's agreement in writing ---------------------


def _placement_terms(site, **changes):
    terms = dict(site_ids=[site.id], start_date=TODAY, planned_end_date=TODAY + dt.timedelta(
        weeks=12), max_weeks=16, sessions=["mon_am", "tue_am", "wed_am", "thu_am", "fri_am"],
        attendance_code="B", attendance_sender="Farm office", funding=[("School budget", 500)],
        objectives="Attend every session", return_plan="One more afternoon in class a month.",
        family_agreed_on=TODAY - dt.timedelta(days=3), primary_reason="behaviour", today=TODAY)
    terms.update(changes)
    return terms


def _provider_and_child(head):
    from flexidesk.store.models import Pupil
    from tests.unit.policy.providers.test_placements import _ready_provider

    provider, site = _ready_provider(head, today=TODAY)
    pupil = Pupil.create(upn="B000000000001", legal_first_name="Ada", legal_last_name="Fenwick",
                         date_of_birth=dt.date(2017, 3, 1), year_group=4,
                         on_roll_date=dt.date(2021, 9, 1))
    return provider, site, pupil


def test_full_time_hours_come_from_the_version_of_the_childs_placement(head):
    from flexidesk.policy.providers import (
        commission_placement,
        provider_detail,
        registration_warnings,
    )

    provider, site, pupil = _provider_and_child(head)
    before = commission_placement(head, pupil.id, provider.id, **_placement_terms(site))
    assert registration_warnings(provider.id, None, 15.0, start=TODAY) == []  # 15 of 18
    adopt(head, lambda body: body["ap"].update(full_time_hours=12))
    [warning] = registration_warnings(provider.id, None, 15.0, start=TODAY)
    assert warning == "15 hours a week is more than 12: this is full-time education."
    # The placement made before the change keeps its own measure: part time at 15 hours.
    line = next(p for p in provider_detail(head, provider.id, TODAY).placements
                if p.id == before.id)
    assert line.hours == "15 hours a week (part time)" and line.warnings == ()


def test_a_placement_waits_for_the_familys_agreement_in_writing(head):
    from flexidesk.policy.providers import commission_placement
    from flexidesk.store.models import Placement

    provider, site, pupil = _provider_and_child(head)
    adopt(head, lambda body: body["ap"].update(family_agrees_in_writing=True))
    with pytest.raises(PolicyError, match="agreement in writing before a placement starts"):
        commission_placement(head, pupil.id, provider.id, **_placement_terms(site))
    assert Placement.select().count() == 0
    placed = commission_placement(head, pupil.id, provider.id, family_agreed_in_writing=True,
                                  **_placement_terms(site))
    assert Placement.get_by_id(placed.id).family_agreed_in_writing is True


def test_by_default_the_day_the_family_agreed_is_enough_as_before(head):
    from flexidesk.policy.providers import commission_placement

    provider, site, pupil = _provider_and_child(head)
    assert not ourpolicy.in_force(TODAY).family_agrees_in_writing
    placed = commission_placement(head, pupil.id, provider.id, **_placement_terms(site))
    assert placed.family_agreed_in_writing is False
