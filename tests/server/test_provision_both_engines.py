"""The Provision map tab's tests (tests/ui/test_provision_tab.py) on a file and on the server."""

from __future__ import annotations

from tests.ui.test_provision_tab import (  # noqa: F401 - collected here, on both engines
    test_enter_opens_the_childs_page_and_audits_it,
    test_office_does_not_see_confidential_counselling_nor_notes,
    test_overdue_row_is_red_and_due_this_week_bold,
    test_recording_a_review_from_the_childs_page,
    test_starting_and_ending_provision_from_the_childs_page,
    test_typing_in_the_search_box_shrinks_the_table,
)
