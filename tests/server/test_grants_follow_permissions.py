"""The server's privileges, read back from PostgreSQL, are the permission matrix's."""

from __future__ import annotations

import pytest

from flexidesk.policy.records.access import PERMISSIONS
from flexidesk.policy.records.server_grants import server_policy
from flexidesk.store.codes import ROLES, TRUST_ROLES


def _granted(conn, role: str) -> dict[str, set[str]]:
    with conn.cursor() as cur:
        cur.execute("SELECT table_schema, table_name, privilege_type FROM "
                    "information_schema.role_table_grants WHERE grantee = %s",
                    (f"flexidesk_{role}",))
        found: dict[str, set[str]] = {}
        for schema, table, privilege in cur.fetchall():
            name = table if schema == "public" else f"{schema}.{table}"
            found.setdefault(name, set()).add(privilege)
        cur.execute("SELECT table_name FROM information_schema.role_column_grants "
                    "WHERE grantee = %s AND table_schema = 'public'", (f"flexidesk_{role}",))
        for (table,) in cur.fetchall():
            found.setdefault(table, set()).add("SELECT")
    return found


@pytest.mark.parametrize("role", [*ROLES, *TRUST_ROLES])
def test_each_roles_grants_on_the_server_are_the_matrixs(pg_server, role):
    conn = pg_server.admin()
    derived: dict[str, set[str]] = {}
    for grant in server_policy().grants[role]:
        derived.setdefault(grant.table, set()).update(grant.privileges)
    assert _granted(conn, role) == derived
    conn.close()


def test_the_servers_copy_of_the_matrix_is_the_apps(pg_server):
    conn = pg_server.admin()
    with conn.cursor() as cur:
        cur.execute("SELECT permission, role FROM flexidesk.permission")
        on_server = set(cur.fetchall())
    conn.close()
    assert on_server == {(p, r) for p, roles in PERMISSIONS.items() for r in roles}


def test_no_login_nor_group_may_create_or_make_temporary_tables(pg_server):
    conn = pg_server.admin()
    with conn.cursor() as cur:
        for role in ("public", "flexidesk_app", *(f"flexidesk_{r}" for r in (*ROLES, *TRUST_ROLES))):
            cur.execute("SELECT has_database_privilege(%s, current_database(), 'TEMP'), "
                        "has_database_privilege(%s, current_database(), 'CREATE'), "
                        "has_schema_privilege(%s, 'public', 'CREATE'), "
                        "has_schema_privilege(%s, 'flexidesk', 'CREATE')", (role,) * 4)
            assert cur.fetchone() == (False, False, False, False), role
        cur.execute("SELECT DISTINCT pg_get_userbyid(relowner) FROM pg_class c JOIN "
                    "pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN "
                    "('public', 'flexidesk', 'flexidesk_report') AND c.relkind IN ('r', 'v', 'S')")
        assert [r[0] for r in cur.fetchall()] == ["flexidesk_owner"]
        cur.execute("SELECT rolcanlogin FROM pg_roles WHERE rolname = 'flexidesk_owner'")
        assert cur.fetchone() == (False,)
        cur.execute("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON "
                    "n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r' "
                    "AND NOT (c.relrowsecurity AND c.relforcerowsecurity)")
        assert cur.fetchone()[0] == 0  # forced row-level security on every table
        cur.execute("SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON "
                    "n.oid = p.pronamespace WHERE n.nspname = 'flexidesk' AND NOT EXISTS ("
                    "SELECT 1 FROM unnest(p.proconfig) c WHERE c LIKE 'search_path=%%') "
                    "AND p.proname <> 'importing'")
        assert cur.fetchall() == []  # every function's search_path is fixed
    conn.close()


#: The functions that run with the owner's rights, each because a staff login must not hold
#: what it touches: the audit chain and its key (append, note, the triggers, reading the
#: chain, and its turn: the chain head's row lock, chain_turn and take_turn), the logins
#: (staff_*), a shared site kept whole for every school, shared rows changed only where no
#: other school's placement relies on them (shared_update and its guard, and the lock a
#: placement made current takes on its provider's row, keep_provider_steady), and each
#: table's same-school check (``same_school_<table>``: it must see the row a link points
#: at whatever the writer may read).
DEFINERS = {"append", "audit_row", "server_ids", "note", "changes_since", "chain_head",
            "verify_chain", "staff_school", "login_name", "sign_in_name", "give_role",
            "staff_add", "staff_member", "heads_besides", "change_staff", "staff_set_role",
            "staff_set_password", "staff_remove", "remove_provider_site", "chain_turn",
            "take_turn", "shared_update", "keep_shared_rows", "keep_a_head",
            "keep_provider_steady"}


def test_security_definer_only_where_it_must_be(pg_server):
    conn = pg_server.admin()
    with conn.cursor() as cur:
        cur.execute("SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON "
                    "n.oid = p.pronamespace WHERE p.prosecdef AND n.nspname NOT IN "
                    "('pg_catalog', 'information_schema')")
        found = {name for (name,) in cur.fetchall() if not name.startswith("same_school_")}
    conn.close()
    assert found - DEFINERS == set(), "a new SECURITY DEFINER function: say why here"
    assert DEFINERS - found <= {"staff_school"}  # (an older name, gone is fine)
