"""The governors' report on our policy: what changed since the last report, and the
considerations each decision was weighed under, in its own version's words."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from flexidesk.documents.governor_report import render_report
from flexidesk.policy import flexi
from flexidesk.policy.ourpolicy.report import PUBLISHED_KEY, last_report_before
from flexidesk.policy.records.reports import anonymised_report
from flexidesk.policy.vocabulary import FACTORS
from flexidesk.store.models import Adult, Pupil, PupilAdult, Setting
from flexidesk.ui.flexi.details import details_html
from tests.clock import TODAY
from tests.unit.policy.ourpolicy.policy_steps import adopt_with, run_to_meeting, weigh

D = dt.date
RETIRED = "School resources and staffing"
ADDED = "The child's wellbeing and happiness"
TITLE = "Considerations weighed in flexi-schooling decisions since 1 Sept 2026"


@pytest.fixture
def second_family(school):
    pupil = Pupil.create(upn="T000000000002", legal_first_name="Isla", legal_last_name="Fenn",
                         date_of_birth=D(2019, 5, 6), year_group=2, on_roll_date=D(2023, 9, 1))
    mum = Adult.create(title="Ms", first_name="Jo", last_name="Fenn")
    PupilAdult.create(pupil=pupil, adult=mum, relationship="Mother", priority=1)
    return pupil, mum, mum


def _retire_and_add(body):
    for item in body["flexi"]["considerations"]:
        if item["code"] == "resources":
            item["retired"] = True
    body["flexi"]["considerations"].append(
        {"code": "wellbeing", "en": ADDED, "cy": "Lles a hapusrwydd y plentyn",
         "retired": False})


def _table(report, title):
    return next(t for t in report.tables if t.title == title)


def _pdf_text(report) -> str:
    pdf = render_report(report)
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def test_an_old_decision_keeps_its_own_considerations_in_detail_and_report(
        head, family, second_family):
    old = run_to_meeting(head, family, received_on=D(2026, 11, 10), meeting=D(2026, 11, 16))
    weigh(head, old, FACTORS)
    flexi.decide(head, old.id, outcome="declined", decided_on=D(2026, 11, 17),
                 reasons="Needs met in school.", today=D(2026, 11, 17))
    adopt_with(head, _retire_and_add)  # adopted 18 November
    new = run_to_meeting(head, second_family, received_on=D(2026, 11, 20),
                         meeting=D(2026, 11, 23))
    weigh(head, new, [c for c in FACTORS if c != "resources"] + ["wellbeing"])
    flexi.decide(head, new.id, outcome="declined", decided_on=D(2026, 11, 24),
                 reasons="Needs met in school.", today=D(2026, 11, 24))

    # The detail view: the old decision shows the consideration since retired.
    rows = {r.id: r for r in flexi.request_rows(head, TODAY)}
    old_html = details_html(flexi.request_detail(head, old.id), rows[old.id], TODAY)
    new_html = details_html(flexi.request_detail(head, new.id), rows[new.id], TODAY)
    assert RETIRED in old_html and "wellbeing" not in old_html
    assert "wellbeing and happiness" in new_html and RETIRED not in new_html

    report = anonymised_report(head, TODAY, since=D(2026, 9, 1))
    table = _table(report, TITLE)
    assert [row[0] for row in table.rows] == [
        "Decisions made under FlexiDesk's own rules",
        "Decisions made under version 1, adopted 18 Nov 2026"]
    old_list, new_list = (row[1].split("; ") for row in table.rows)
    assert RETIRED in old_list and ADDED not in old_list and len(old_list) == 8
    assert RETIRED not in new_list and new_list[-1] == ADDED and len(new_list) == 8
    text = _pdf_text(report)
    assert "Decisions made under FlexiDesk's own rules" in text
    assert f"{RETIRED}; " in text and ADDED in text

    # The Headteacher's named copy: one row a decision, each with its own list.
    named = _table(anonymised_report(head, TODAY, since=D(2026, 9, 1), names=True), TITLE)
    assert [row[0] for row in named.rows] == [
        "Ro Ashby, decided 17 Nov 2026 (FlexiDesk's own rules)",
        "Isla Fenn, decided 24 Nov 2026 (Version 1, adopted 18 Nov 2026)"]
    assert RETIRED in named.rows[0][1] and RETIRED not in named.rows[1][1]


def _deadline(days):
    def change(body):
        body["flexi"]["deadline_days"] = days
    return change


def _policy_table(head):
    return _table(anonymised_report(head, TODAY, since=D(2026, 9, 1)), "Our policy")


def test_with_no_report_yet_the_change_from_the_version_before_is_shown(head):
    adopt_with(head, _deadline(10), adopted_on=D(2026, 11, 2))
    adopt_with(head, _deadline(8), adopted_on=D(2026, 11, 20))
    table = _policy_table(head)
    assert table.rows[1:] == [["Version 2, adopted 20 Nov 2026",
                               "Decision deadline: 10 school days \u2192 8 school days"]]
    assert table.note.startswith("No report has been published yet")


def test_the_changes_since_the_last_report_are_shown(head):
    adopt_with(head, _deadline(10), adopted_on=D(2026, 11, 2))
    # The report was published on 10 November (governors.publish notes the day).
    Setting.create(key=PUBLISHED_KEY, value='["2026-10-01", "2026-11-10"]')
    assert last_report_before(TODAY) == D(2026, 11, 10)
    table = _policy_table(head)
    assert table.rows == [["In force: version 1",
                           "Adopted 2 Nov 2026; next review by 17 Nov 2027."]]
    assert "since the last report, published 10 Nov 2026. Nothing has changed since " \
        "then." in table.note
    adopt_with(head, _deadline(8), adopted_on=D(2026, 11, 18))
    adopt_with(head, _deadline(7), adopted_on=D(2026, 11, 25))
    table = _policy_table(head)
    assert table.rows[1:] == [
        ["Version 2, adopted 18 Nov 2026", "Decision deadline: 10 school days \u2192 8 school days"],
        ["Version 3, adopted 25 Nov 2026", "Decision deadline: 8 school days \u2192 7 school days"]]
    text = _pdf_text(anonymised_report(head, TODAY, since=D(2026, 9, 1)))
    # No bundled font has the arrow: the paper prints "->" in its place.
    assert "published 10 Nov 2026" in text and "8 school days -> 7 school days" in text


def test_a_report_published_today_still_compares_with_the_one_before(head):
    Setting.create(key=PUBLISHED_KEY, value=f'["2026-11-10", "{TODAY.isoformat()}"]')
    assert last_report_before(TODAY) == D(2026, 11, 10)
