"""The policy tests of tests/unit/policy, collected again here and run on the server.

On a file they run where they live; here ``database`` is a school on the throwaway
PostgreSQL, seen through its staff login (row-level security on). Left out: the tests
that reach under the policy layer into SQLite itself (its triggers, its cursor's
executemany, the file's key).
"""

from __future__ import annotations

import pytest

from tests.server.conftest import engine_database
from tests.unit.policy.conftest import family  # noqa: F401 - the policy tests' fixture, here too
from tests.unit.policy.flexi.test_flexi import *  # noqa: F403
from tests.unit.policy.flexi.test_flexi_reads import *  # noqa: F403
from tests.unit.policy.flexi.test_flexi_rules import *  # noqa: F403
from tests.unit.policy.ourpolicy.test_our_policy import *  # noqa: F403
from tests.unit.policy.providers.test_placements import *  # noqa: F403
from tests.unit.policy.providers.test_providers import *  # noqa: F403
from tests.unit.policy.provision.test_provision import *  # noqa: F403
from tests.unit.policy.provision.test_provision_depth import *  # noqa: F403
from tests.unit.policy.records.test_documents import *  # noqa: F403
from tests.unit.policy.records.test_reports import *  # noqa: F403
from tests.unit.policy.records.test_retention import *  # noqa: F403
from tests.unit.policy.records.test_rights import *  # noqa: F403
from tests.unit.policy.roster.test_by_hand import *  # noqa: F403
from tests.unit.policy.roster.test_contacts import *  # noqa: F403
from tests.unit.policy.roster.test_pupils import *  # noqa: F403
from tests.unit.policy.school.test_catalogue import *  # noqa: F403
from tests.unit.policy.school.test_profile import *  # noqa: F403
from tests.unit.policy.school.test_setup import *  # noqa: F403
from tests.unit.policy.school.test_term_dates import *  # noqa: F403
from tests.unit.policy.test_today import *  # noqa: F403

# A file's backup line: a server has none (its backups are the server's own), as
# tests/server/test_today_on_server.py shows.
del test_a_files_backup_line  # noqa: F821


@pytest.fixture
def database(request, tmp_path):
    """A school on the throwaway server."""
    database = engine_database(request, tmp_path, "postgresql")
    yield database
    database.close()
