"""Reading a flexi request takes the actor first, checks flexi.view and audits the view."""

import pytest

from flexidesk.policy import flexi
from flexidesk.policy.records.access import PermissionDenied
from flexidesk.store.models import AuditEntry
from tests.engines import acting_as
from tests.unit.policy.flexi.flexi_steps import _receive

READS = {
    "request_detail": lambda actor, rid, today: flexi.request_detail(actor, rid),
    "timeline": lambda actor, rid, today: flexi.timeline(actor, rid, today),
    "decision_status": lambda actor, rid, today: flexi.decision_status(actor, rid, today),
}


@pytest.mark.parametrize("read", sorted(READS))
@pytest.mark.parametrize("role", ["head", "pastoral", "office", "governor"])
def test_every_flexi_read_checks_the_role_and_records_the_view(read, role, request, family,
                                                                 head, today):
    actor = request.getfixturevalue(role)
    request_id = _receive(head, family).id
    before = AuditEntry.select().where(AuditEntry.action.startswith("view.")).count()
    if role == "governor":  # governors see anonymised reports, never a child's request
        with pytest.raises(PermissionDenied):
            READS[read](actor, request_id, today)
        assert AuditEntry.select().where(AuditEntry.action.startswith("view.")).count() == before
        return
    with acting_as(role):
        assert READS[read](actor, request_id, today) is not None
    seen = (AuditEntry.select().where(AuditEntry.action.startswith("view."))
            .order_by(AuditEntry.id.desc()).first())
    assert (seen.username, seen.record_id, seen.pupil_id) == (
        role, request_id, family[0].id)
