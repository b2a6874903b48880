"""Under which permissions the application reads, inserts, updates and deletes each table.

One table for two readers: the server's grants (``server_grants``) give a role what these
permissions allow, and the write helpers (``access.create/update/delete``, through
``table_writes``) refuse a write that the running action's permission does not cover. It
imports nothing of ``access``, which reads it while a write runs.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

#: Any role of a school (every signed-in member of staff reads the school's own profile).
ANYONE = "*"


@dataclass(frozen=True)
class Access:
    """The permissions under which the app reads, inserts, updates and deletes a table."""

    read: frozenset[str]
    insert: frozenset[str] = frozenset()
    update: frozenset[str] = frozenset()
    delete: frozenset[str] = frozenset()


def _rw(read: set[str], write: set[str] | frozenset[str] = frozenset(),
        delete: set[str] | frozenset[str] = frozenset(), *, insert: bool = True,
        update: bool = True) -> Access:
    return Access(frozenset(read), frozenset(write) if insert else frozenset(),
                  frozenset(write) if update else frozenset(), frozenset(delete))


_PUPILS = {"pupil.edit", "pupil.import"}
_PROVIDERS_READ = {"provider.view", "flexi.consider", "report.anonymised"}
_CALENDAR = {ANYONE}
_FLEXI = {"flexi.edit"}

#: Every table, and the permissions under which the application touches it.
TABLES: dict[str, Access] = {
    "school": _rw({ANYONE}, {"school.edit"}, insert=False),
    # Staff accounts change only through the staff functions (staff.manage), never directly.
    "staff_user": _rw({ANYONE}),
    "setting": _rw({ANYONE}, {"school.edit", "provision.catalogue", "self.preferences"}),
    "term": _rw(_CALENDAR, {"closures.edit"}, {"closures.edit"}),
    "closure_day": _rw(_CALENDAR, {"closures.edit"}, {"closures.edit"}),
    "pupil": _rw({"pupil.view"}, _PUPILS, {"retention.destroy"}),
    "adult": _rw({"pupil.view"}, _PUPILS, {"retention.destroy"}),
    "pupil_adult": _rw({"pupil.view"}, _PUPILS, {"pupil.edit"}),
    "intervention": _rw({"provision.view", "flexi.consider", "report.anonymised"},
                        {"provision.catalogue"}),
    "intervention_staff": _rw({"provision.view"}, {"provision.catalogue"},
                              {"provision.catalogue"}),
    "enrolment": _rw({"provision.view"}, {"provision.edit"}, {"retention.destroy"}),
    "enrolment_review": _rw({"provision.view"}, {"provision.edit"}),
    "family_contact": _rw({"provision.view"}, {"contact.log"}, {"retention.destroy"}),
    "forest_session": _rw({"provision.view"}, {"provision.edit"}),
    "forest_attendance": _rw({"provision.view"}, {"provision.edit"}),
    # Shared by the trust: schools add rows; they change one only through the server's
    # flexidesk.shared_update, and never one another school's current placement relies on
    # (store.server_shared); only the trust's AP lead updates directly and deletes.
    "provider": _rw(_PROVIDERS_READ, {"provider.edit"}, update=False),
    "provider_site": _rw(_PROVIDERS_READ, {"provider.edit"}, update=False),
    "due_diligence_item": _rw(_PROVIDERS_READ, {"provider.edit"}, update=False),
    "checklist_template_item": _rw(_PROVIDERS_READ, {"provider.edit"}, update=False),
    "placement": _rw({"provider.view"}, {"placement.edit", "placement.override"},
                     {"retention.destroy"}),
    "placement_site": _rw({"provider.view"}, {"placement.edit"}, {"placement.edit"}),
    "placement_funding": _rw({"provider.view"}, {"placement.edit"}, {"placement.edit"}),
    "placement_review": _rw({"provider.view"}, {"placement.edit"}),
    "flexi_request": _rw({"flexi.view"}, {"flexi.edit", "flexi.consider", "flexi.decide",
                                          "document.issue"}, {"retention.destroy"}),
    "flexi_request_adult": _rw({"flexi.view"}, _FLEXI),
    "flexi_meeting": _rw({"flexi.view"}, _FLEXI),
    "factor_assessment": _rw({"flexi.view"}, {"flexi.consider"}),
    "flexi_alternative": _rw({"flexi.view"}, {"flexi.consider"}, {"flexi.consider"}),
    "flexi_decision": _rw({"flexi.view"}, {"flexi.decide"}),
    "flexi_agreement": _rw({"flexi.view"}, _FLEXI),
    "agreement_party": _rw({"flexi.view"}, _FLEXI, _FLEXI),
    "flexi_review": _rw({"flexi.view"}, _FLEXI),
    "issued_document": _rw({"document.print", "document.issue"}, {"document.issue"},
                           {"retention.destroy"}),
    # The log is written by the server alone; who reads which rows: row-level security.
    "audit_entry": _rw({"audit.view", "flexi.view", "provider.view"}),
    "subject_access_request": _rw({"sar.export"}, {"sar.export"}),
    "retention_rule": _rw({"retention.destroy", "sar.export"}, {"retention.destroy"}),
    "destruction_log": _rw({"retention.destroy"}, {"retention.destroy"}, update=False),
    # Free text released for the governors' report, and decisions on a subject access pack.
    "released_text": _rw({"report.release", "report.anonymised"}, {"report.release"}),
    "sar_passage_decision": _rw({"sar.export"}, {"sar.export"}),
    # Our policy: its versions are read by every rule that follows them, written by the
    # Headteacher (drafts and adoption).
    "policy_version": _rw({ANYONE}, {"school.edit"}),
    # The trust's own versions: every school reads them (the Headteacher adopts one as a
    # version of the school's own); only the trust's AP lead adds one, and nobody changes it.
    "trust_policy_version": _rw({ANYONE}, {"trust.policy"}, update=False),
}

#: Writes an action of one permission makes in a table it does not otherwise write: granted
#: on the server just as the window makes them, so a role may do there what it may here.
_ALSO = (
    ("enrolment", "update", "pupil.edit"),  # marking a child as left ends their provision,
    ("placement", "update", "pupil.edit"),  # their placements
    ("flexi_request", "update", "pupil.edit"),  # and their flexi arrangement
    ("flexi_request_adult", "delete", "flexi.edit"),  # correcting a request drops an adult
    ("issued_document", "insert", "document.print"),  # an AP paper's first copy issues it
)
for _table, _kind, _permission in _ALSO:
    TABLES[_table] = replace(TABLES[_table],
                             **{_kind: getattr(TABLES[_table], _kind) | {_permission}})
