"""The Today tab's and Forest School's window tests (tests/ui) on a file and on the server.

Left out: test_today_in_front_shows_what_each_role_may_act_on, whose lines include a
file's backup line (a server has none: tests/server/test_today_on_server.py).
"""

from __future__ import annotations

from tests.ui.test_forest_school import (  # noqa: F401 - collected here, on both engines
    test_nobody_ticked_is_refused_in_place,
    test_office_sees_coverage_but_cannot_record,
    test_record_a_session_and_see_coverage_change,
)
from tests.ui.test_today_tab import (  # noqa: F401 - collected here, on both engines
    test_coming_back_to_today_drops_what_was_done,
    test_counts_agree_with_the_other_tabs_summary_lines,
    test_enter_on_a_decision_line_opens_the_request,
    test_enter_on_a_provider_line_selects_the_provider,
    test_enter_on_a_review_line_opens_the_childs_page,
    test_file_export_calendar_writes_the_diary,
    test_governor_sees_only_the_reports,
)
