"""Tools > Our policy on a trust's server: the trust's version, and the Headteacher adopting
it as the school's own (the trust's row published through the policy layer, as its AP lead's
window does; the server's own walls are in tests/server/test_trust_policy.py)."""

import datetime as dt

import pytest

from flexidesk.policy import ourpolicy
from flexidesk.policy.ourpolicy.trust import publish_trust_version
from flexidesk.policy.records.access import Actor
from flexidesk.store.models import PolicyVersion
from flexidesk.ui.school.our_policy import OurPolicyDialog
from tests.clock import TODAY
from tests.ui.flexi_fixtures import type_date
from tests.ui.modal import Modal
from tests.ui.test_flexi_journey import ok

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

LEAD = Actor("tcentral", "trust_ap_lead", "Tom Central")


def _open(qtbot, head):
    dialog = OurPolicyDialog(head)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_a_laptop_shows_no_trust_version(qtbot, head, school):
    dialog = _open(qtbot, head)
    assert not dialog.trust_box.isVisible()


def test_the_head_adopts_the_trusts_version_as_the_schools_own(qtbot, head, school):
    body = ourpolicy.default_policy()
    body["flexi"]["deadline_days"] = 10
    published = publish_trust_version(LEAD, body, today=dt.date(2026, 11, 20))
    dialog = _open(qtbot, head)
    box = dialog.trust_box
    assert box.isVisible()
    text = box.label.text()
    assert "The trust's version 1, published on 20 Nov 2026 by Tom Central." in text
    assert "Decision deadline: 5 school days \u2192 10 school days" in text

    def adopt(d):
        assert "trust's version 1" in d.heading.text()
        type_date(qtbot, d.adopted_on, dt.date(2026, 11, 25))
        type_date(qtbot, d.in_force_from, TODAY)
        type_date(qtbot, d.next_review, dt.date(2027, 11, 24))
        ok(qtbot, d)

    Modal(qtbot).click(box.adopt_button, adopt)
    row = PolicyVersion.get()
    assert (row.status, row.trust_version_id, row.adopted_on, row.in_force_from) == (
        "adopted", published.id, dt.date(2026, 11, 25), TODAY)
    assert "In force: version 1" in dialog.status.text()
    assert "It is the trust's version, adopted as our own." in dialog.status.text()
    assert "Our version 1, adopted 25 Nov 2026, is this version." in box.label.text()
    assert not box.adopt_button.isEnabled()
    assert dialog.form.deadline_days.value() == 10  # the form starts from the new version
