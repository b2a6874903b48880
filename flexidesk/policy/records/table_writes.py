"""Which permission's actions may insert, update or delete each table: the write helpers' check.

``access.create/update/delete`` write only inside an ``@action`` whose permission appears
here for that table and that kind of write, so that code calling them directly (or an
action of one permission writing another's table) is refused whatever role it holds. The
server's grants (``table_access.TABLES``, which ``server_grants`` turns into grants) are the first source: the application asks no
more of a table than the server lets the same role do. ``LAPTOP`` adds the writes the
application makes on a laptop that the server's grants leave to the server's own functions.
"""

from __future__ import annotations

from flexidesk.policy.records.table_access import TABLES

#: Writes beyond the server's grants: (table, kind of write) -> permissions, each with why.
LAPTOP: dict[tuple[str, str], frozenset[str]] = {
    # Staff rows change only through the staff actions (and inside access.staff_records()).
    ("staff_user", "insert"): frozenset({"staff.manage"}),
    ("staff_user", "update"): frozenset({"staff.manage"}),
    # A provider's old site can be removed (on a server, a trigger keeps what others use).
    ("provider_site", "delete"): frozenset({"provider.edit"}),
    # The trust's shared register: on a server a school changes a row only through
    # flexidesk.shared_update (policy.providers.shared); on a laptop the school is its trust.
    ("provider", "update"): frozenset({"provider.edit"}),
    ("provider_site", "update"): frozenset({"provider.edit"}),
    ("due_diligence_item", "update"): frozenset({"provider.edit"}),
    ("checklist_template_item", "update"): frozenset({"provider.edit"}),
}


def write_permissions(table: str, kind: str) -> frozenset[str]:
    """The permissions whose actions may ``kind`` ("insert", "update", "delete") ``table``."""
    found = TABLES.get(table)
    granted: frozenset[str] = getattr(found, kind) if found is not None else frozenset()
    return granted | LAPTOP.get((table, kind), frozenset())
