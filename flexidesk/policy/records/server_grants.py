"""What each role may do to each table on a trust's server, derived from the permission matrix.

``PERMISSIONS`` (``records.access``) says which roles hold each permission; ``TABLES``
(``records.table_access``, which the write helpers read too) says under which permissions the application reads, writes and deletes each table. A role's
group is granted SELECT on a table if it holds any of its read (or write) permissions,
INSERT and UPDATE if it holds a write permission, DELETE if it holds a delete permission,
and nothing else: the database then refuses a member of staff with ``psql`` exactly what
the application would refuse them. Row-level security keeps each school to its own rows.
"""

from __future__ import annotations

from flexidesk.policy.records.access import PERMISSIONS
from flexidesk.policy.records.table_access import (  # noqa: F401 - their home before
    ANYONE,
    TABLES,
    Access,
)
from flexidesk.store.codes import ROLES, TRUST_ROLES
from flexidesk.store.server_security import REPORT_SCHEMA, ServerPolicy, TableGrant

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
                                "notice_weeks", "notice_given_on", "version", "school_id",
                                "policy_version_id"}),
    "flexi_request_adult": frozenset({"request_id", "adult_id", "school_id"}),
    # With the version decided under: the considerations it was weighed under (our policy).
    "flexi_decision": frozenset({"request_id", "outcome", "decided_on", "due_on", "school_id",
                                 "policy_version_id"}),
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
    "trust_policy_version": (),
}
TRUST_WRITES = {"trust_ap_lead": ("provider", "provider_site", "due_diligence_item",
                                  "checklist_template_item")}
#: What a trust role adds and never changes: a published version of the trust's policy
#: stays as the schools that adopted it saw it ("trust.policy").
TRUST_INSERTS = {role: ("trust_policy_version",) for role in PERMISSIONS["trust.policy"]}


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
    for table in TRUST_INSERTS.get(role, ()):
        grants.append(TableGrant(table, frozenset({"INSERT"})))
    return tuple(grants)


def server_policy() -> ServerPolicy:
    """The server's grants and policies, as the app's permission matrix says."""
    grants = {role: school_grants(role) for role in ROLES}
    grants.update({role: trust_grants(role) for role in TRUST_ROLES})
    return ServerPolicy(permissions=PERMISSIONS, grants=grants, report_columns=REPORT_COLUMNS,
                        history=HISTORY)
