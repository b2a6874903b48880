"""The trust's central team sign in to the server and get the trust's views, not a school's window."""

from __future__ import annotations

import io

from flexidesk.cli import main
from flexidesk.store import close_database, engines
from flexidesk.ui.trust_window import TrustWindow
from tests.server.test_trust_views import TODAY, trust_data  # noqa: F401 - the fixture


def test_trust_window_lists_the_provider_across_schools_and_filters(qtbot, trust_data):  # noqa: F811
    window = TrustWindow(trust_data, today=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    model = window.providers.model
    assert [r.name for r in model.visible_objects()] == ["Thistle Farm Learning"]
    row = model.visible_objects()[0]
    assert model.data(model.index(0, 6)) == "Ash Lane Primary (1); Birch Row Primary (1)"
    assert model.data(model.index(0, 5)) == "£870.00" and row.active == 1
    qtbot.keyClicks(window.flexi.search, "Birch")
    assert [r.school for r in window.flexi.model.visible_objects()] == ["Birch Row Primary"]
    assert [window.tabs.tabText(i) for i in range(3)] == [
        "&Placements by provider", "&Flexi by school", "&Costs"]


def test_a_trust_lead_signing_in_gets_the_trust_window(pg_server, tmp_path, monkeypatch):
    owner = pg_server.open_owner()
    engines.add_school(owner, name="Ash Lane Primary", headteacher_name="Ms Ash",
                       role_name=f"{pg_server.dbname}_ash")
    lead = f"{pg_server.dbname}_lead"
    engines.add_trust_account(owner, username=lead, display_name="Tom Central",
                              role="trust_ap_lead", password="lead-password")
    owner.close()
    close_database()
    monkeypatch.setattr("sys.stdin", io.StringIO("lead-password\n"))
    shots = tmp_path / "shots"
    assert main(["--server", pg_server.cluster.url(pg_server.dbname, ""), "--ca-file",
                 str(pg_server.ca_file), "--user", lead, "--password-stdin",
                 "--screenshot", str(shots)]) == 0
    assert [p.name for p in shots.iterdir()] == ["trust.png"]
