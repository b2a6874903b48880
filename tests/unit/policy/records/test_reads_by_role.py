"""Every read function against every role: allowed reads work (and a child's is audited as a
view of that child); refused reads raise and leave no trace in the log.

READS is a table: a new read function is one more row (name, permission, call, whether it
is a read of one child's record).
"""

import datetime as dt

import pytest

from flexidesk.policy import flexi, providers
from flexidesk.policy.provision import grid as provision_grid
from flexidesk.policy.provision import read as provision
from flexidesk.policy.records import audit_queries, redaction, release, reports, retention, rights
from flexidesk.policy.records.access import PermissionDenied, can, viewed
from flexidesk.policy.roles import GOVERNOR, HEAD, OFFICE, PASTORAL
from flexidesk.policy.school import staff
from flexidesk.store.models import AuditEntry, FlexiRequest, Provider, SubjectAccessRequest
from tests.rights_data import child_with_records

TODAY = dt.date(2026, 11, 27)


def _request_of(child: int) -> int:
    return FlexiRequest.get(FlexiRequest.pupil == child).id


def _access_request(child: int) -> SubjectAccessRequest:
    return SubjectAccessRequest.create(pupil=child, requester="Mrs Fernleigh",
                                       received_on=TODAY, due_on=TODAY)

#: (name, permission it needs, call(actor, child_id), whether it reads one child's record)
READS = [
    ("provision.pupil_rows", "provision.view", lambda a, c: provision.pupil_rows(a, TODAY), False),
    ("provision.pupil_page", "pupil.view", lambda a, c: provision.pupil_page(a, c, TODAY), True),
    ("provision.adults_of", "pupil.view", lambda a, c: provision.adults_of(a, c), True),
    ("provision.intervention_choices", "provision.view",
     lambda a, c: provision.intervention_choices(a), False),
    ("reports.anonymised_report", "report.anonymised",
     lambda a, c: reports.anonymised_report(a, TODAY), False),
    ("rights.list_requests", "sar.export", lambda a, c: rights.list_requests(a, TODAY), False),
    ("redaction.passages", "sar.export",
     lambda a, c: redaction.passages(a, _access_request(c)), True),
    ("release.texts_to_check", "report.release",
     lambda a, c: release.texts_to_check(a, dt.date(2026, 9, 1), TODAY), False),
    ("rights.collect_subject_data", "sar.export",
     lambda a, c: rights.collect_subject_data(a, c), True),
    ("audit_queries.search_audit", "audit.view",
     lambda a, c: audit_queries.search_audit(a, pupil_id=c), True),
    ("audit_queries.verify", "audit.view", lambda a, c: audit_queries.verify(a), False),
    ("audit_queries.head_fingerprint", "report.anonymised",
     lambda a, c: audit_queries.head_fingerprint(a), False),
    ("retention.records_due", "retention.destroy",
     lambda a, c: retention.records_due(a, TODAY), False),
    ("retention.destruction_log", "retention.destroy",
     lambda a, c: retention.destruction_log(a), False),
    ("staff.list_staff", "staff.manage", lambda a, c: staff.list_staff(a), False),
    ("access.viewed", "pupil.view", lambda a, c: viewed(a, "pupil", c, c), True),
    ("provision_grid.provision_grid", "provision.view",
     lambda a, c: provision_grid.provision_grid(a, TODAY), False),
    ("providers.provider_rows", "provider.view",
     lambda a, c: providers.provider_rows(a, TODAY), False),
    ("providers.provider_detail", "provider.view",
     lambda a, c: providers.provider_detail(a, Provider.get().id, TODAY), True),
    ("flexi.request_rows", "flexi.view", lambda a, c: flexi.request_rows(a, TODAY), False),
    ("flexi.request_detail", "flexi.view",
     lambda a, c: flexi.request_detail(a, _request_of(c)), True),
    ("flexi.timeline", "flexi.view", lambda a, c: flexi.timeline(a, _request_of(c), TODAY), True),
    ("flexi.decision_status", "flexi.view",
     lambda a, c: flexi.decision_status(a, _request_of(c), TODAY), True),
]

ROLES = {HEAD: "head", PASTORAL: "pastoral", OFFICE: "office", GOVERNOR: "governor"}


@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize(("name", "permission", "call", "child_read"), READS,
                         ids=[r[0] for r in READS])
def test_every_read_checks_the_role_and_audits_a_childs_record(request, role, name, permission,
                                                               call, child_read):
    actor = request.getfixturevalue(ROLES[role])
    child = child_with_records().id
    last = AuditEntry.select().count()
    if not can(role, permission):
        with pytest.raises(PermissionDenied, match="does not allow this"):
            call(actor, child)
        assert AuditEntry.select().count() == last, "a refused read left an audit row"
        return
    call(actor, child)
    if child_read:
        views = list(AuditEntry.select().where(AuditEntry.id > last,
                                               AuditEntry.action.startswith("view."),
                                               AuditEntry.pupil_id == child,
                                               AuditEntry.username == actor.username))
        assert views, f"{name} read a child's record without noting the view"
