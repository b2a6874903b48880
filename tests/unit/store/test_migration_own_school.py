"""The own-school step: a file from before it keeps its interventions, now with sessions,
and gains term dates and the named staff of confidential interventions."""

import sqlite3

from flexidesk.store import open_database
from flexidesk.store.migrations import STEPS


def test_interventions_become_one_weekly_session_of_their_minutes(tmp_path):
    path = tmp_path / "before.db"
    raw = sqlite3.connect(path, isolation_level=None)
    before = [step for step in STEPS if step.__name__.endswith("m0004_own_school")][0].VERSION - 1
    for step in STEPS[:before]:
        for statement in step.STATEMENTS:
            raw.execute(statement)
    raw.execute(f"PRAGMA user_version = {before}")
    raw.execute("INSERT INTO intervention (name, kind, description, staff_lead, "
                "minutes_per_week, cost_per_term_pence, funding_stream, review_interval_weeks, "
                "confidential, active, sort_order) VALUES ('Nurture Group', 'group', '', '', "
                "90, 12000, 'School budget', 6, 0, 1, 1)")
    raw.close()
    open_database(path)
    from flexidesk.store.models import Intervention, InterventionStaff, StaffUser, Term

    nurture = Intervention.get()
    assert (nurture.sessions_per_week, nurture.session_minutes, nurture.capacity,
            nurture.cost_per_term_pence, nurture.cost_per_session_pence) == (1, 90, None, 12000, 0)
    assert Term.select().count() == 0
    lead = StaffUser.create(username="head", display_name="Ada Quill", role="headteacher")
    InterventionStaff.create(intervention=nurture, staff=lead)
    assert [link.staff.username for link in nurture.named_staff] == ["head"]
