"""What each role may do to each table on a trust's server, derived from the permission matrix.

``PERMISSIONS`` (``records.access``) says which roles hold each permission; ``TABLES`` says
under which permissions the application reads, writes and deletes each table. A role's
group is granted SELECT on a table if it holds any of its read (or write) permissions,
INSERT and UPDATE if it holds a write permission, DELETE if it holds a delete permission,
and nothing else: the database then refuses a member of staff with ``psql`` exactly what
the application would refuse them. Row-level security keeps each school to its own rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from flexidesk.policy.records.access import PERMISSIONS
from flexidesk.store.codes import ROLES, TRUST_ROLES
from flexidesk.store.server_security import REPORT_SCHEMA, ServerPolicy, TableGrant

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
    # Shared by the trust: schools add and update (a trigger keeps the keys that tie rows
    # together to the trust's AP lead); only the trust's AP lead deletes.
    "provider": _rw(_PROVIDERS_READ, {"provider.edit"}),
    "provider_site": _rw(_PROVIDERS_READ, {"provider.edit"}),
    "due_diligence_item": _rw(_PROVIDERS_READ, {"provider.edit"}),
    "checklist_template_item": _rw(_PROVIDERS_READ, {"provider.edit"}),
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
}

#: Besides audit.view (the whole log): whose change history each permission reads, so a
#: form can say who changed a request or placement and when, and a timeline can show it.
HISTORY = {"flexi_request": "flexi.view", "placement": "provider.view"}

#: The governors' report reads these through views that leave out anything that could
#: name a child (a text column not listed is blank; free text such as a request's
#: justification shows only the wording the Headteacher released: store.server_security).
REPORT_COLUMNS: dict[str, frozenset[str]] = {
    "pupil": frozenset({"year_group", "class_name", "on_roll_date", "left_date", "school_id"}),
    "adult": frozenset({"school_id"}),
    "enrolment": frozenset({"pupil_id", "intervention_id", "start_date", "end_date",
                            "confidential", "next_review_date", "school_id"}),
    "enrolment_review": frozenset({"enrolment_id", "review_date", "score", "next_review_date",
                                   "school_id"}),
    "placement": frozenset({"pupil_id", "provider_id", "site_id", "status", "start_date",
                            "planned_end_date", "end_date", "sessions", "attendance_code",
                            "cost_pence", "next_review_date", "version", "school_id"}),
    "placement_review": frozenset({"placement_id", "review_date", "score",
                                   "attendance_percent", "next_review_date", "school_id"}),
    "flexi_request": frozenset({"pupil_id", "received_on", "requested_sessions", "stage",
                                "needs_met_in_school", "withdrawn_on", "ended_on", "end_reason",
                                "notice_weeks", "notice_given_on", "version", "school_id"}),
    "flexi_request_adult": frozenset({"request_id", "adult_id", "school_id"}),
    "flexi_decision": frozenset({"request_id", "outcome", "decided_on", "due_on", "school_id"}),
    # Meetings held without the Headteacher (the reason: only as released).
    "flexi_meeting": frozenset({"request_id", "meeting_date", "held", "head_present",
                                "school_id"}),
    # Our policy's versions (the section on the version in force and what changed).
    "policy_version": frozenset({"number", "status", "body", "adopted_on", "in_force_from",
                                 "next_review", "created_at", "school_id"}),
    # What the Headteacher released for the governors to read in place of free text.
    "released_text": frozenset({"source", "record_id", "wording", "school_id"}),
    # Whether the decision letter reached the family in time: its kind and date only.
    "issued_document": frozenset({"request_id", "kind", "document_date", "school_id"}),
    "forest_session": frozenset({"session_date", "group_name", "school_id"}),
    "forest_attendance": frozenset({"session_id", "pupil_id", "school_id"}),
}

#: "trust.view", held by the trust's central team: counts and money across schools, never a
#: child. They read only the columns the trust's views add up (``records.trust``), and
#: write only the trust's shared tables (its AP lead).
TRUST_READS: dict[str, tuple[str, ...]] = {
    "school": (), "staff_user": (), "setting": (),
    "provider": (), "provider_site": (), "due_diligence_item": (), "checklist_template_item": (),
    "placement": ("id", "school_id", "provider_id", "status", "cost_pence"),
    "placement_funding": ("id", "school_id", "placement_id", "stream", "pence"),
    "flexi_request": ("id", "school_id", "stage"),
    "flexi_decision": ("id", "school_id", "request_id", "outcome"),
    # Which due-diligence checklist is in force (our policy's versions hold it).
    "policy_version": (),
}
TRUST_WRITES = {"trust_ap_lead": ("provider", "provider_site", "due_diligence_item",
                                  "checklist_template_item")}


def _holds(role: str, permissions: frozenset[str]) -> bool:
    return ANYONE in permissions or any(role in PERMISSIONS[p] for p in permissions)


def school_grants(role: str) -> tuple[TableGrant, ...]:
    """What a school role's group may do, table by table, from PERMISSIONS and TABLES."""
    grants = []
    for table, access in TABLES.items():
        privileges = set()
        if _holds(role, access.read | access.insert | access.update):
            privileges.add("SELECT")
        if _holds(role, access.insert) and access.insert:
            privileges.add("INSERT")
        if _holds(role, access.update) and access.update:
            privileges.add("UPDATE")
        if _holds(role, access.delete) and access.delete:
            privileges.add("DELETE")
        if privileges:
            grants.append(TableGrant(table, frozenset(privileges)))
    if role in PERMISSIONS["report.anonymised"]:
        grants += [TableGrant(f"{REPORT_SCHEMA}.{view}", frozenset({"SELECT"}))
                   for view in REPORT_COLUMNS]
    return tuple(grants)


def trust_grants(role: str) -> tuple[TableGrant, ...]:
    """What a trust role's group may do: with "trust.view", read the trust views' columns;
    its AP lead keeps the shared provider tables."""
    grants = []
    if role in PERMISSIONS["trust.view"]:
        grants += [TableGrant(t, frozenset({"SELECT"}), columns)
                   for t, columns in TRUST_READS.items()]
    for table in TRUST_WRITES.get(role, ()):
        grants.append(TableGrant(table, frozenset({"INSERT", "UPDATE", "DELETE"})))
    return tuple(grants)


def server_policy() -> ServerPolicy:
    """The server's grants and policies, as the app's permission matrix says."""
    grants = {role: school_grants(role) for role in ROLES}
    grants.update({role: trust_grants(role) for role in TRUST_ROLES})
    return ServerPolicy(permissions=PERMISSIONS, grants=grants, report_columns=REPORT_COLUMNS,
                        history=HISTORY)
