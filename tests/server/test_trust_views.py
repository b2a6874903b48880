"""Trust views: one provider's checks serve every school; placements, flexi and costs by school."""

from __future__ import annotations

import datetime as dt

import pytest

from flexidesk.policy.errors import PermissionDenied
from flexidesk.policy.records import trust
from flexidesk.policy.records.access import Actor
from flexidesk.store import close_database, engines
from flexidesk.store.models import (
    DueDiligenceItem,
    FlexiDecision,
    FlexiRequest,
    Placement,
    PlacementFunding,
    Provider,
    Pupil,
)
from flexidesk.store.server import open_server
from tests.server.conftest import add_pg_school, open_pg_school

TODAY = dt.date(2026, 11, 27)


def _child(upn: str) -> Pupil:
    return Pupil.create(upn=upn, legal_first_name="Kit", legal_last_name="Fenn",
                        date_of_birth=dt.date(2017, 5, 1), year_group=4,
                        on_roll_date=dt.date(2021, 9, 1))


def _place(pupil: Pupil, provider: Provider, status: str, pence: int) -> Placement:
    placement = Placement.create(pupil=pupil, provider=provider, status=status,
                                 start_date=dt.date(2026, 10, 5), attendance_code="B",
                                 cost_pence=pence)
    PlacementFunding.create(placement=placement, stream="High needs", pence=pence)
    return placement


@pytest.fixture
def trust_data(pg_server):
    """Two schools using one farm provider (its checks recorded once) and one flexi request."""
    ash = add_pg_school(pg_server, "Ash Lane Primary")
    birch = add_pg_school(pg_server, "Birch Row Primary")
    open_pg_school(pg_server, *ash)
    farm = Provider.create(name="Thistle Farm Learning")
    DueDiligenceItem.create(provider=farm, item="dbs", status="held", checked_on=TODAY)
    _place(_child("A100000000001"), farm, "active", 45000)
    _place(_child("A100000000002"), farm, "ended", 30000)
    close_database()
    open_pg_school(pg_server, *birch)
    farm = Provider.get(Provider.name == "Thistle Farm Learning")  # the trust's, shared
    _place(_child("B100000000001"), farm, "planned", 12000)
    request = FlexiRequest.create(pupil=_child("B100000000002"), received_on=TODAY,
                                  requested_sessions="fri_am", reasons="", stage="letter_issued")
    FlexiDecision.create(request=request, outcome="agreed", decided_on=TODAY, due_on=TODAY)
    close_database()
    central = f"{pg_server.dbname}_central"
    owner = pg_server.open_owner()
    engines.add_trust_account(owner, username=central, display_name="Tom Central",
                              role="trust_ap_lead", password="central-password")
    owner.close()
    close_database()
    database = open_server(pg_server.url(central), ca_file=pg_server.ca_file,
                           password="central-password", school_id=0)
    yield Actor("central", "trust_ap_lead", "Tom Central")
    database.close()


def test_placements_by_provider_across_the_trust_with_its_shared_checks(trust_data):
    [farm] = trust.placements_by_provider(trust_data, TODAY)
    assert farm.name == "Thistle Farm Learning"
    assert (farm.active, farm.planned, farm.ended, farm.cost_pence) == (1, 1, 1, 87000)
    assert farm.by_school == {"Ash Lane Primary": 1, "Birch Row Primary": 1}
    assert farm.status.missing >= 1  # one checklist, recorded once, read by every school


def test_flexi_and_costs_by_school(trust_data):
    assert [(line.school, line.requests, line.agreed) for line in
            trust.flexi_by_school(trust_data)] == [("Ash Lane Primary", 0, 0),
                                                   ("Birch Row Primary", 1, 1)]
    costs = {line.school: line for line in trust.costs_by_school(trust_data)}
    assert (costs["Ash Lane Primary"].placements, costs["Ash Lane Primary"].cost_pence) == (
        2, 75000)
    assert costs["Birch Row Primary"].by_stream == {"High needs": 12000}


def test_a_schools_headteacher_may_not_read_the_trust_views(trust_data):
    head = Actor("head", "headteacher", "Ada Quill")
    for view in (trust.flexi_by_school, trust.costs_by_school):
        with pytest.raises(PermissionDenied):
            view(head)
    with pytest.raises(PermissionDenied):
        trust.placements_by_provider(head, TODAY)
