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


def test_the_trusts_ap_lead_publishes_a_policy_file_for_every_school(qtbot, trust_data,  # noqa: F811
                                                                      tmp_path, monkeypatch):
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from flexidesk.policy import ourpolicy
    from flexidesk.policy.ourpolicy.transfer import policy_file_text
    from flexidesk.store.models import TrustPolicyVersion
    from tests.ui.modal import Modal

    window = TrustWindow(trust_data, today=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    publish = window.findChild(QAction, "publish_trust_policy")
    body = ourpolicy.default_policy()
    body["flexi"]["deadline_days"] = 45
    path = tmp_path / "trust-policy.json"
    text = policy_file_text(body)
    path.write_text(text, encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if '"deadline_days": 45' in t)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    said = []

    def answer(button):
        def handle(box):
            said.append(box.text())
            box.button(button).click()
        return handle

    Modal(qtbot).call(publish.trigger, answer(QMessageBox.StandardButton.Ok))
    assert f"line {line}: flexi.deadline_days: must be from 1 to 30, not 45" in said[-1]
    assert TrustPolicyVersion.select().count() == 0
    body["flexi"]["deadline_days"] = 10
    path.write_text(policy_file_text(body), encoding="utf-8")
    Modal(qtbot).call(publish.trigger, answer(QMessageBox.StandardButton.Yes),
                      answer(QMessageBox.StandardButton.Ok))
    assert "the trust's version 1?" in said[-2]
    assert said[-1] == f"The trust's version 1, published on {TODAY:%-d} Nov 2026 by Tom Central."
    row = TrustPolicyVersion.get()
    assert (row.number, row.published_on) == (1, TODAY)
