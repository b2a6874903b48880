"""The headteacher's flexi journey (tests/ui/test_flexi_journey.py) on a file and on the server."""

from __future__ import annotations

import pytest

from flexidesk.store.models import School, StaffUser
from tests.server.conftest import STAFF, add_pg_school, open_pg_school
from tests.ui.test_flexi_journey import (  # noqa: F401 - collected here, with this file's school
    issued,
    pytestmark,
    tab,
    test_headteacher_walks_a_request_to_a_declined_decision_letter,
    test_headteacher_walks_a_request_to_an_active_signed_agreement,
)


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    """The journey's database: a fresh file, or a fresh school on the throwaway server."""
    from flexidesk.store import open_database

    if request.param == "sqlite":
        database = open_database(tmp_path / "test.db", create=True)
        School.create(name="Brookfield Test Primary", headteacher_name="Ms Ada Quill",
                      address="1 Orchard Lane\nMillbridge", postcode="MB1 2CD",
                      nation="ENG", letter_signatory="Ms Ada Quill")
    else:
        server = request.getfixturevalue("pg_server")
        database = open_pg_school(server, *add_pg_school(server))
    yield database
    database.close()


@pytest.fixture
def school(database):
    """The school (made with the database) with one member of staff per role."""
    for username, name, role in STAFF:
        StaffUser.create(username=username, display_name=name, role=role)
    return School.get()
