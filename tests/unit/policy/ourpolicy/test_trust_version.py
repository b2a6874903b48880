"""The trust's version of our policy: its AP lead publishes it, each school's Headteacher
adopts it as a version of the school's own, and neither does the other's part."""

import datetime as dt
import json

import pytest

from flexidesk.policy import ourpolicy
from flexidesk.policy.errors import PermissionDenied, PolicyError
from flexidesk.policy.ourpolicy.trust import (
    adopt_trust_version,
    latest_trust_version,
    publish_trust_version,
)
from flexidesk.policy.records.access import Actor
from flexidesk.store.models import AuditEntry, PolicyVersion, TrustPolicyVersion
from tests.clock import TODAY

D = dt.date
LEAD = Actor("tcentral", "trust_ap_lead", "Tom Central")


def _trust_body(days=10):
    body = ourpolicy.default_policy()
    body["flexi"]["deadline_days"] = days
    return body


def _adopt(head, version, **dates):
    values = {"adopted_on": D(2026, 11, 25), "next_review": D(2027, 11, 24), "today": TODAY}
    values.update(dates)
    return adopt_trust_version(head, version.id, **values)


def test_the_trust_publishes_and_a_school_adopts_it_as_its_own(head, school):
    assert latest_trust_version() is None  # a laptop's file: nothing from a trust
    published = publish_trust_version(LEAD, _trust_body(), today=D(2026, 11, 20))
    assert (published.number, published.published_on) == (1, D(2026, 11, 20))
    assert published.heading() == ("The trust's version 1, published on 20 Nov 2026 by Tom "
                                   "Central.")
    assert latest_trust_version() == published
    adopted = _adopt(head, published, in_force_from=D(2026, 11, 30))
    assert (adopted.number, adopted.trust_version_id, adopted.deadline_days) == (1, published.id,
                                                                                 10)
    assert ourpolicy.in_force(TODAY) == adopted
    assert adopted.in_force_from == D(2026, 11, 30) and adopted.adopted_on == D(2026, 11, 25)
    # The school's version is its own copy: the trust's row is as it was.
    assert json.loads(TrustPolicyVersion.get().body)["flexi"]["deadline_days"] == 10
    verbs = [a.action for a in AuditEntry.select().order_by(AuditEntry.id)]
    assert "policy.trust.publish" in verbs and "policy.adopt.trust" in verbs


def test_a_draft_in_hand_is_kept_as_the_next_version(head, school):
    mine = ourpolicy.default_policy()
    mine["flexi"]["notice_weeks"] = 6
    ourpolicy.save_draft(head, mine)
    published = publish_trust_version(LEAD, _trust_body())
    adopted = _adopt(head, published)
    assert adopted.number == 1
    draft = ourpolicy.draft()
    assert draft.number == 2 and draft.notice_weeks == 6
    assert PolicyVersion.select().count() == 2


def test_the_adoption_dates_are_checked_as_for_any_adoption(head, school):
    published = publish_trust_version(LEAD, _trust_body())
    with pytest.raises(PolicyError, match="in the future"):
        _adopt(head, published, adopted_on=D(2026, 12, 2))
    with pytest.raises(PolicyError, match="before the governing body adopted it"):
        _adopt(head, published, in_force_from=D(2026, 11, 1))
    assert PolicyVersion.select().count() == 0


def test_the_trust_cannot_adopt_for_a_school_nor_a_school_publish_for_the_trust(head, school):
    published = publish_trust_version(LEAD, _trust_body())
    with pytest.raises(PermissionDenied):
        _adopt(LEAD, published)
    with pytest.raises(PermissionDenied):
        publish_trust_version(head, _trust_body(8))
    assert PolicyVersion.select().count() == 0 and TrustPolicyVersion.select().count() == 1


def test_a_bad_trust_version_is_refused_with_each_problem(school):
    with pytest.raises(ourpolicy.PolicyRefused, match="flexi.deadline_days: must be from 1"):
        publish_trust_version(LEAD, _trust_body(45))
    assert TrustPolicyVersion.select().count() == 0
