"""Every read function against every role: allowed reads work and write the "viewed" rows
docs/reads.md promises; refused reads raise and leave no trace in the log.

READS is a table: a new read function is one more row (name, permission, call, what it
records). What a read records is one of:

- CHILD: a view of the child whose record it opened (pupil_id set);
- LIST: one row for the whole list, naming no child;
- each(children): one row a child it showed in detail, and only those;
- NOTHING: no view row (it names no child: counts, providers, staff, the catalogue).
"""

import datetime as dt
import inspect
import json

import pytest

from flexidesk.documents.ap_documents import placement_agreement
from flexidesk.documents.provision_letter import review_letter_params
from flexidesk.documents.render import build_params
from flexidesk.policy import flexi, providers
from flexidesk.policy.provision import family_contact, forest, review_meeting
from flexidesk.policy.provision import grid as provision_grid
from flexidesk.policy.provision import read as provision
from flexidesk.policy.records import audit_queries, redaction, release, reports, retention, rights
from flexidesk.policy.records.access import Actor, PermissionDenied, can, viewed
from flexidesk.policy.roles import GOVERNOR, HEAD, OFFICE, PASTORAL
from flexidesk.policy.roster import by_hand
from flexidesk.policy.roster.choices import pupil_choices
from flexidesk.policy.school import catalogue, staff
from flexidesk.store.codes import TRUST_ROLES
from flexidesk.store.models import (
    AuditEntry,
    Enrolment,
    EnrolmentReview,
    FlexiRequest,
    Placement,
    Provider,
    SubjectAccessRequest,
)
from tests.rights_data import child_with_records

TODAY = dt.date(2026, 11, 27)

CHILD, LIST, NOTHING = "child", "list", None


def each(children):
    """One view row for each child the read showed (``children(result)`` gives their ids)."""
    return ("each", children)


def _request_of(child: int) -> int:
    return FlexiRequest.get(FlexiRequest.pupil == child).id


def _placement_of(child: int) -> int:
    return Placement.get(Placement.pupil == child).id


def _review_of(child: int) -> int:
    return EnrolmentReview.select().join(Enrolment).where(Enrolment.pupil == child).get().id


def _access_request(child: int) -> SubjectAccessRequest:
    return SubjectAccessRequest.create(pupil=child, requester="Mrs Fernleigh",
                                       received_on=TODAY, due_on=TODAY)


#: (name, permission it needs, call(actor, child_id), what it records)
READS = [
    # the provision map
    ("provision.pupil_rows", "provision.view", lambda a, c: provision.pupil_rows(a, TODAY),
     LIST),
    ("provision.pupil_page", "pupil.view", lambda a, c: provision.pupil_page(a, c, TODAY),
     CHILD),
    ("provision.adults_of", "pupil.view", lambda a, c: provision.adults_of(a, c), CHILD),
    ("provision.intervention_choices", "provision.view",
     lambda a, c: provision.intervention_choices(a), NOTHING),
    ("provision_grid.provision_grid", "provision.view",
     lambda a, c: provision_grid.provision_grid(a, TODAY), LIST),
    ("review_meeting.due_reviews", "provision.edit",
     lambda a, c: review_meeting.due_reviews(a, TODAY), each(lambda r: {x.pupil_id for x in r})),
    ("forest.class_list", "provision.view",
     lambda a, c: forest.class_list(a, "Kestrels", TODAY), LIST),
    ("forest.coverage", "provision.view", lambda a, c: forest.coverage(a, TODAY), NOTHING),
    ("family_contact.families_not_contacted", "provision.view",
     lambda a, c: family_contact.families_not_contacted(a, TODAY), NOTHING),
    ("catalogue.catalogue", "provision.view", lambda a, c: catalogue.catalogue(a), NOTHING),
    # the roll
    ("roster.pupil_choices (the picker)", "pupil.view", lambda a, c: pupil_choices(a), LIST),
    ("roster.pupil_choices (with leavers)", "pupil.view",
     lambda a, c: pupil_choices(a, include_left=True), LIST),
    ("by_hand.pupil_details", "pupil.view", lambda a, c: by_hand.pupil_details(a, c), CHILD),
    ("by_hand.linked_adults", "pupil.view", lambda a, c: by_hand.linked_adults(a, c), CHILD),
    ("by_hand.adult_choices", "pupil.view", lambda a, c: by_hand.adult_choices(a, c), CHILD),
    # alternative provision
    ("providers.provider_rows", "provider.view",
     lambda a, c: providers.provider_rows(a, TODAY), NOTHING),
    ("providers.provider_detail", "provider.view",
     lambda a, c: providers.provider_detail(a, Provider.get().id, TODAY), CHILD),
    ("providers.placement_line", "provider.view",
     lambda a, c: providers.placement_line(a, _placement_of(c), TODAY), CHILD),
    ("providers.ap_register", "provider.view", lambda a, c: providers.ap_register(a, TODAY),
     each(lambda lines: {Placement.get_by_id(x.placement_id).pupil_id for x in lines})),
    ("providers.placement_overrides", "report.anonymised",
     lambda a, c: providers.placement_overrides(a, TODAY.replace(month=9), TODAY), NOTHING),
    # flexi-schooling
    ("flexi.request_rows", "flexi.view", lambda a, c: flexi.request_rows(a, TODAY), LIST),
    ("flexi.request_detail", "flexi.view",
     lambda a, c: flexi.request_detail(a, _request_of(c)), CHILD),
    ("flexi.timeline", "flexi.view", lambda a, c: flexi.timeline(a, _request_of(c), TODAY),
     CHILD),
    ("flexi.decision_status", "flexi.view",
     lambda a, c: flexi.decision_status(a, _request_of(c), TODAY), CHILD),
    ("flexi.earlier_decisions", "flexi.view", lambda a, c: flexi.earlier_decisions(a, c),
     CHILD),
    ("flexi.provision_choices", "provision.view",
     lambda a, c: flexi.provision_choices(a, TODAY), NOTHING),
    # documents: a letter's family details are read through the actor
    ("documents.build_params (a flexi letter)", "document.issue",
     lambda a, c: build_params(a, "flexi_decision", request_id=_request_of(c),
                               letter_date=TODAY), CHILD),
    ("documents.review_letter_params", "document.issue",
     lambda a, c: review_letter_params(a, _review_of(c), TODAY), NOTHING),
    ("documents.placement_agreement", "document.print",
     lambda a, c: placement_agreement(a, _placement_of(c), TODAY), CHILD),
    # data protection and the school
    ("reports.anonymised_report", "report.anonymised",
     lambda a, c: reports.anonymised_report(a, TODAY), NOTHING),
    ("rights.list_requests", "sar.export", lambda a, c: rights.list_requests(a, TODAY), LIST),
    ("rights.collect_subject_data", "sar.export",
     lambda a, c: rights.collect_subject_data(a, c), CHILD),
    ("redaction.passages", "sar.export",
     lambda a, c: redaction.passages(a, _access_request(c)), CHILD),
    ("release.texts_to_check", "report.release",
     lambda a, c: release.texts_to_check(a, dt.date(2026, 9, 1), TODAY), NOTHING),
    ("audit_queries.search_audit", "audit.view",
     lambda a, c: audit_queries.search_audit(a, pupil_id=c), CHILD),
    ("audit_queries.verify", "audit.view", lambda a, c: audit_queries.verify(a), NOTHING),
    ("audit_queries.head_fingerprint", "report.anonymised",
     lambda a, c: audit_queries.head_fingerprint(a), NOTHING),
    ("retention.records_due", "retention.destroy",
     lambda a, c: retention.records_due(a, TODAY), LIST),
    ("retention.destruction_log", "retention.destroy",
     lambda a, c: retention.destruction_log(a), NOTHING),
    ("staff.list_staff", "staff.manage", lambda a, c: staff.list_staff(a), NOTHING),
    ("access.viewed", "pupil.view", lambda a, c: viewed(a, "pupil", c, c), CHILD),
]

ROLES = {HEAD: "head", PASTORAL: "pastoral", OFFICE: "office", GOVERNOR: "governor"}


def _child() -> int:
    child = child_with_records().id
    # The child's provision review falls due this week, so the review meeting shows them.
    Enrolment.update(next_review_date=TODAY + dt.timedelta(days=2)).where(
        Enrolment.pupil == child).execute()
    return child


def _views_since(last: int) -> list[AuditEntry]:
    return list(AuditEntry.select().where(AuditEntry.id > last,
                                          AuditEntry.action.startswith("view."))
                .order_by(AuditEntry.id))


@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize(("name", "permission", "call", "records"), READS,
                         ids=[r[0] for r in READS])
def test_every_read_checks_the_role_and_records_what_it_showed(request, role, name, permission,
                                                                call, records):
    actor = request.getfixturevalue(ROLES[role])
    child = _child()
    last = AuditEntry.select().count()
    if not can(role, permission):
        with pytest.raises(PermissionDenied, match="does not allow this"):
            call(actor, child)
        assert AuditEntry.select().count() == last, "a refused read left an audit row"
        return
    last_id = AuditEntry.select(AuditEntry.id).order_by(AuditEntry.id.desc()).scalar() or 0
    result = call(actor, child)
    views = _views_since(last_id)
    assert all(v.username == actor.username for v in views)
    if records == CHILD:
        assert any(v.pupil_id == child for v in views), f"{name} did not note the child's view"
    elif records == LIST:
        assert [v.pupil_id for v in views] == [None], f"{name}: one row for its list"
    elif records is NOTHING:
        assert views == [], f"{name} names no child, yet noted a view"
    else:
        shown = records[1](result)
        assert child in shown, f"{name}: the data should show the child"
        assert sorted(v.pupil_id for v in views) == sorted(shown), name


@pytest.mark.parametrize("role", TRUST_ROLES)
@pytest.mark.parametrize(("name", "call"), [(r[0], r[2]) for r in READS],
                         ids=[r[0] for r in READS])
def test_a_trust_role_reads_no_school_record(school, role, name, call):
    """The trust's central team read counts across schools (trust.view), never a child."""
    child = _child()
    last = AuditEntry.select().count()
    with pytest.raises(PermissionDenied):
        call(Actor(f"trust-{role}", role, "Trust User", None), child)
    assert AuditEntry.select().count() == last


# --- Today ----------------------------------------------------------------------------------


def test_todays_sources_are_private_behind_today_items():
    from flexidesk.policy import today

    public = {name for name, value in vars(today).items()
              if inspect.isfunction(value) and not name.startswith("_")
              and value.__module__ == today.__name__}
    assert public == {"today_items", "counts"}
    assert all(source.__name__.startswith("_") for _code, _perm, source in today.SOURCES)


@pytest.mark.parametrize("role", list(ROLES))
def test_today_names_children_only_to_staff_and_records_one_view(request, role):
    from flexidesk.policy.today import today_items
    from tests.ui.flexi_fixtures import make_family, request_at

    actor = request.getfixturevalue(ROLES[role])
    child = _child()
    head = request.getfixturevalue("head")
    # A decision with its letter owed and a meeting this week: lines that name children.
    pupil, mum, _dad = make_family()
    request_at("decided", head, pupil, [mum], received=TODAY - dt.timedelta(days=20),
               held=TODAY - dt.timedelta(days=12))
    p2, m2, _d2 = make_family("Lark", "Tamsin", upn="H801200000003")
    request_at("meeting_arranged", head, p2, [m2], received=TODAY - dt.timedelta(days=5),
               held=TODAY + dt.timedelta(days=3))
    rights.record_request(head, pupil_id=child, requester="Mrs Maya Fernleigh (mother)",
                          received_on=TODAY - dt.timedelta(days=3))
    last = AuditEntry.select(AuditEntry.id).order_by(AuditEntry.id.desc()).scalar() or 0
    items = today_items(actor, TODAY)
    views = _views_since(last)
    names = {"Wren", "Hollis", "Lark", "Tam", "Fernleigh", "Maya"}
    text = " ".join(f"{i.what} {i.who}" for i in items)
    if role == GOVERNOR:
        assert [i.kind for i in items] == ["report"]
        assert not any(n in text for n in names), text
        assert views == []  # no child's record was read for them
        return
    # Staff see whom each line is for, in what their role may act on.
    assert any(n in text for n in names) == can(role, "flexi.edit")
    assert [(v.action, v.pupil_id) for v in views] == [("view.today", None)]
    assert json.loads(views[0].after) == {"rows": len(items)}
    kinds = {i.kind for i in items}
    assert ("subject_access" in kinds) == can(role, "sar.export")
    assert ("letter_owed" in kinds) == can(role, "document.issue")
