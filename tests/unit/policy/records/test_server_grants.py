"""The server's grants are derived from the app's permission matrix, table by table."""

from flexidesk.policy.records.access import PERMISSIONS
from flexidesk.policy.records.server_grants import (
    ANYONE,
    REPORT_COLUMNS,
    TABLES,
    TRUST_READS,
    school_grants,
    server_policy,
    trust_grants,
)
from flexidesk.store import engines
from flexidesk.store.codes import ROLES, TRUST_ROLES


def test_every_table_says_under_which_permissions_the_app_touches_it():
    tables = {m._meta.table_name for m in engines.all_models()}
    assert set(TABLES) == tables  # a new table needs its line here before it reaches a server
    named = {p for access in TABLES.values()
             for p in access.read | access.insert | access.update | access.delete}
    assert named - {ANYONE} <= set(PERMISSIONS)


def test_a_role_gets_a_table_privilege_exactly_when_it_holds_one_of_its_permissions():
    for role in ROLES:
        granted = {g.table: g.privileges for g in school_grants(role)}
        for table, access in TABLES.items():
            def holds(permissions, role=role):
                return ANYONE in permissions or any(role in PERMISSIONS[p] for p in permissions)

            have = granted.get(table, frozenset())
            assert ("INSERT" in have) == (holds(access.insert) and bool(access.insert)), (
                role, table)
            assert ("UPDATE" in have) == (holds(access.update) and bool(access.update)), (
                role, table)
            assert ("DELETE" in have) == (holds(access.delete) and bool(access.delete)), (
                role, table)
            assert ("SELECT" in have) == holds(access.read | access.insert | access.update), (
                role, table)


def test_nobody_deletes_a_school_writes_staff_directly_or_writes_the_audit_log():
    for role in (*ROLES, *TRUST_ROLES):
        grants = {g.table: g.privileges for g in school_grants(role) + trust_grants(role)}
        assert "DELETE" not in grants.get("school", frozenset())
        assert "INSERT" not in grants.get("school", frozenset())
        assert grants.get("staff_user", frozenset()) <= {"SELECT"}
        assert grants.get("audit_entry", frozenset()) <= {"SELECT"}


def test_governors_read_no_childs_table_only_the_report_views():
    granted = {g.table for g in school_grants("governor")}
    for table in ("pupil", "adult", "pupil_adult", "enrolment", "enrolment_review",
                  "family_contact", "flexi_request", "placement", "issued_document",
                  "audit_entry", "subject_access_request"):
        assert table not in granted
    assert {f"flexidesk_report.{t}" for t in REPORT_COLUMNS} <= granted
    for table, shown in REPORT_COLUMNS.items():
        assert not shown & {"upn", "legal_first_name", "legal_last_name", "preferred_name",
                            "date_of_birth", "first_name", "last_name", "address", "notes",
                            "reasons", "objectives", "target"}, table


def test_the_trusts_team_reads_counts_and_money_and_writes_in_no_school():
    for role in TRUST_ROLES:
        assert role in PERMISSIONS["trust.view"]
        grants = trust_grants(role)
        assert {g.table for g in grants if "SELECT" in g.privileges} == set(TRUST_READS)
        written = {g.table for g in grants if g.privileges - {"SELECT"}}
        assert written <= engines.SHARED_TABLES | engines.TRUST_TABLES  # the trust's own
        assert not TRUST_READS["placement"] or "objectives" not in TRUST_READS["placement"]
    assert "pupil" not in TRUST_READS


def test_the_policy_carries_the_matrix_itself():
    policy = server_policy()
    assert policy.permissions is PERMISSIONS
    assert set(policy.grants) == {*ROLES, *TRUST_ROLES}
