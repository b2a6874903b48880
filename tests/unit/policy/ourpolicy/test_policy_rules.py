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
from flexidesk.store.migrations import m0017_policy_rules
from flexidesk.store.models import Intervention, PolicyVersion
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

    m0017_policy_rules.up(database)
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

    m0017_policy_rules.up(database)
    assert "data_protection" not in {t.code for t in checklist_template(TODAY)}
    assert len(checklist_template(TODAY)) == 11
