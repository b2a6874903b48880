"""The headteacher's flexi journey (tests/ui/test_flexi_journey.py) on a file and on the server.

The tests are collected here again, where ``database`` (tests/server/conftest.py) is a
file or a school on the throwaway server.
"""

from __future__ import annotations

from tests.ui.test_flexi_journey import (  # noqa: F401 - collected here, on both engines
    issued,
    pytestmark,
    tab,
    test_headteacher_walks_a_request_to_a_declined_decision_letter,
    test_headteacher_walks_a_request_to_a_signed_running_arrangement_and_its_end_with_notice,
)
