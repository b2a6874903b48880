"""The Today list on a server: never a file's backup to run."""

from __future__ import annotations

import pytest

from flexidesk.policy.today import today_items
from tests.server.conftest import engine_database
from tests.unit.policy.test_today import TODAY


@pytest.fixture
def database(request, tmp_path):
    """A school on the throwaway server."""
    database = engine_database(request, tmp_path, "postgresql")
    yield database
    database.close()


def test_a_server_school_has_no_backup_line_to_run(school, head, office):
    # Backups on a server are its IT team's (pg_dump, PITR): no line nags for one here,
    # where a file's Today list leads with it (tests/unit/policy/test_today.py).
    assert "backup" not in {i.kind for i in today_items(head, TODAY)}
    assert today_items(office, TODAY) == []
