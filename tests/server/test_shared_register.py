"""The trust's shared register from the Providers tab's actions: a school changes a provider's
record only where no other school's current placement relies on it, in plain words."""

from __future__ import annotations

import datetime as dt

import pytest

from flexidesk.policy import concurrency
from flexidesk.policy.providers import (
    add_provider,
    add_site,
    edit_provider,
    edit_site,
    record_due_diligence,
    remove_site,
    retire_provider,
    save_checklist_item,
)
from flexidesk.policy.records.access import Actor, PolicyError
from flexidesk.store import close_database
from flexidesk.store.models import DueDiligenceItem, Placement, Pupil, StaffUser
from tests.clock import TODAY
from tests.server.conftest import open_pg_school
from tests.server.test_schools_rls import two_schools  # noqa: F401 - the fixture, here too

RELIED_ON = "Another school's current placement relies on this record"


def _head() -> Actor:
    return Actor.from_user(StaffUser.get(StaffUser.username == "head"))


@pytest.fixture
def placed(two_schools):  # noqa: F811 - the fixture imported above
    """Ash Lane places Alder with Hilltop now; Birch Row's Headteacher is signed in."""
    server, ash, birch = two_schools
    open_pg_school(server, ash, server.logins["ash"])
    head = _head()
    hilltop = add_provider(head, "Hilltop Farm Learning", today=TODAY)
    site = add_site(head, hilltop.id, "Main yard", postcode="MB3 4EF")
    record_due_diligence(head, hilltop.id, "insurance", "held", evidence="Certificate seen",
                         checked_on=TODAY - dt.timedelta(days=30),
                         expires_on=TODAY + dt.timedelta(days=300), today=TODAY)
    alder = Pupil.get(Pupil.legal_last_name == "Alder")
    Placement.create(pupil=alder, provider=hilltop, site=site, status="active",
                     start_date=TODAY - dt.timedelta(days=14))
    close_database()
    database = open_pg_school(server, birch, server.logins["birch"])
    yield dict(server=server, ash=ash, hilltop=hilltop.id, site=site.id)
    database.close()


def test_a_school_cannot_change_what_another_schools_placement_relies_on(placed):
    head, hilltop = _head(), placed["hilltop"]
    before = DueDiligenceItem.get(provider=hilltop, item="insurance")
    for change in (
            lambda: record_due_diligence(head, hilltop, "insurance", "missing", today=TODAY),
            lambda: record_due_diligence(head, hilltop, "risk_assessments", "held",
                                         evidence="Seen", today=TODAY),
            lambda: edit_provider(head, hilltop, "Hilltop Farm (closed)", today=TODAY),
            lambda: retire_provider(head, hilltop),
            lambda: edit_site(head, placed["site"], "Somewhere else"),
            lambda: save_checklist_item(head, None, "Birch Row's own question")):
        with pytest.raises(PolicyError, match=RELIED_ON):
            change()
    with pytest.raises(PolicyError, match="Another school's placement uses Main yard"):
        remove_site(head, placed["site"])
    after = DueDiligenceItem.get(provider=hilltop, item="insurance")
    assert (after.status, after.evidence, after.expires_on) == (
        before.status, before.evidence, before.expires_on)


def test_a_school_keeps_its_own_providers_record_through_the_servers_function(placed):
    head = _head()
    own = add_provider(head, "Riverside Boxing Academy", today=TODAY)
    site = add_site(head, own.id, "Gym")
    record_due_diligence(head, own.id, "insurance", "requested", today=TODAY)
    held = record_due_diligence(head, own.id, "insurance", "held", evidence="Policy seen",
                                today=TODAY)
    assert (held.status, held.evidence, held.checked_on) == ("held", "Policy seen", TODAY)
    assert edit_provider(head, own.id, "Riverside Boxing", today=TODAY).name == \
        "Riverside Boxing"
    assert edit_site(head, site.id, "Gym hall").name == "Gym hall"
    # A form that saw the check before someone else's change is refused, naming them.
    seen = concurrency.current_version(DueDiligenceItem, held.id)
    record_due_diligence(head, own.id, "insurance", "held", evidence="Renewed", today=TODAY)
    with pytest.raises(concurrency.ChangedElsewhere), \
            concurrency.expecting(DueDiligenceItem, held.id, seen):
        record_due_diligence(head, own.id, "insurance", "held", evidence="Stale form",
                             today=TODAY)
    assert DueDiligenceItem.get_by_id(held.id).evidence == "Renewed"
