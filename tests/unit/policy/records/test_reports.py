"""The governors' report: right counts, small numbers suppressed, no child identifiable."""

import datetime as dt
import json
from dataclasses import asdict

import pytest

from flexidesk.policy.records.access import PermissionDenied
from flexidesk.policy.records.release import release_text, texts_to_check
from flexidesk.policy.records.reports import anonymised_report, count_text, suppress
from flexidesk.store.models import (
    Enrolment,
    EnrolmentReview,
    FlexiDecision,
    FlexiRequest,
    Intervention,
    IssuedDocument,
    Placement,
    Provider,
    Pupil,
)

D = dt.date


def _pupils(n, year, prefix):
    return [Pupil.create(upn=f"{prefix}{i:012d}", legal_first_name=f"Kit{prefix}{i}",
                         legal_last_name="Pembury", date_of_birth=D(2019, 2, 3),
                         year_group=year, on_roll_date=D(2022, 9, 1)) for i in range(n)]


def test_suppression_hides_one_and_two_but_shows_zero():
    assert [suppress(n) for n in (0, 1, 2, 3, 10)] == [0, None, None, 3, 10]
    assert count_text(None) == "fewer than 3" and count_text(4) == "4"


def test_counts_by_intervention_and_year_with_small_cells_hidden(governor, today):
    lego = Intervention.create(name="Lego Therapy")
    for pupil in _pupils(4, 3, "E"):
        enrol = Enrolment.create(pupil=pupil, intervention=lego, start_date=D(2026, 9, 7))
        EnrolmentReview.create(enrolment=enrol, review_date=D(2026, 10, 20), score=1)
    lone = _pupils(1, 5, "F")[0]
    Enrolment.create(pupil=lone, intervention=lego, start_date=D(2026, 9, 7))
    provider = Provider.create(name="Heathside Riding School")
    for pupil in _pupils(3, 6, "G"):
        Placement.create(pupil=pupil, provider=provider, start_date=D(2026, 9, 1),
                         status="active", attendance_code="B")
    for i, pupil in enumerate(_pupils(3, 2, "H")):
        req = FlexiRequest.create(pupil=pupil, received_on=D(2026, 9, 1), stage="letter_issued")
        FlexiDecision.create(request=req, outcome="declined", decided_on=D(2026, 9, 20 + i),
                             due_on=D(2026, 9, 25))
        IssuedDocument.create(kind="flexi_decision", title="Letter", pupil=pupil, request=req,
                              document_date=D(2026, 9, 22 + i), issued_by="head", sha256="x")

    report = anonymised_report(governor, today)
    tables = {t.title.split(",")[0].split(" since")[0]: t for t in report.tables}
    provision = tables["Pupils with provision"]
    lego_row = next(r for r in provision.rows if r[0] == "Lego Therapy")
    assert lego_row[1 + 3] == 4           # Year 3: four children
    assert lego_row[1 + 5] is None        # Year 5: one child, suppressed
    # Five children with any provision: 5 - 4 in Year 3 would give Year 5 away, so the total
    # is withheld (issue 20: a hidden year group beside a visible one and a total).
    assert "withheld" in provision.note and "5" not in provision.note
    reviews = tables["Review outcomes"]
    assert next(r for r in reviews.rows if r[0].startswith("+1"))[1] == 4
    placements = tables["Alternative provision placements"]
    assert placements.rows[0][1] == 3     # code B running today
    decisions = tables["Flexi-schooling decisions"]
    assert decisions.rows[1][1:] == [3, 0]  # declined: three on time, none late (0 is shown)
    providers = tables["Alternative provision providers: due-diligence readiness"]
    assert providers.rows == [["Heathside Riding School", "0 / 12", "Not yet"]]

    # Nothing in the report names a child or gives a date of birth or UPN.
    text = json.dumps(asdict(report), default=str)
    for personal in ("Kit", "Pembury", "2019-02-03", "E000000000000"):
        assert personal not in text


def test_office_cannot_see_reports(office, today):
    with pytest.raises(PermissionDenied):
        anonymised_report(office, today)


def _agreed_against_the_rule(n, head, justification):
    from flexidesk.store.models import Adult, FlexiRequestAdult

    for i, pupil in enumerate(_pupils(n, 4, "J")):
        req = FlexiRequest.create(pupil=pupil, received_on=D(2026, 9, 1), stage="decided",
                                  needs_met_in_school=True,
                                  agree_justification=justification.format(child=pupil.legal_first_name))
        mum = Adult.create(title="Mrs", first_name="Orla", last_name="Pembury")
        FlexiRequestAdult.create(request=req, adult=mum)
        FlexiDecision.create(request=req, outcome="agreed", decided_on=D(2026, 10, 1 + i),
                             due_on=D(2026, 10, 5))
    # A decline against the rule, and an agreement where needs could not be met: not listed.
    other = _pupils(2, 2, "K")
    for pupil, outcome, met in ((other[0], "declined", True), (other[1], "agreed", False)):
        req = FlexiRequest.create(pupil=pupil, received_on=D(2026, 9, 1), stage="decided",
                                  needs_met_in_school=met, agree_justification="Other")
        FlexiDecision.create(request=req, outcome=outcome, decided_on=D(2026, 10, 9),
                             due_on=D(2026, 10, 9))


def _rule_table(report):
    return next(t for t in report.tables if "although needs could be met" in t.title)


def test_every_agreement_against_the_governing_body_rule_is_listed_anonymised(
        governor, head, today):
    _agreed_against_the_rule(3, head, "{child} and Mrs Pembury's farm week outweighs Nurture.")
    table = _rule_table(anonymised_report(governor, today))
    assert [r[0] for r in table.rows] == ["Agreement 1, decided October 2026",
                                          "Agreement 2, decided October 2026",
                                          "Agreement 3, decided October 2026"]
    # Nobody has checked the reasons yet, so none is shown (issue 20: the free text named
    # the child under "No child is named in this report").
    assert all(r[1].startswith("(reason not shown") for r in table.rows)
    assert "farm week" not in json.dumps(table.rows)
    assert ": 3." in table.note and "checked" in table.note
    # The Headteacher releases each reason, reworded without names.
    for text in texts_to_check(head, D(2026, 9, 1), today):
        release_text(head, text.source, text.record_id, "The farm week outweighs Nurture.")
    table = _rule_table(anonymised_report(governor, today))
    assert all(r[1] == "The farm week outweighs Nurture." for r in table.rows)
    text = json.dumps([table.rows, table.note])
    assert "Kit" not in text and "Pembury" not in text
    assert table.note.endswith(": 3.")
    # Names when asked for, by staff who may see pupils; never for a governor.
    named = _rule_table(anonymised_report(head, today, names=True))
    assert named.rows[0][0].startswith("KitJ0 Pembury")
    with pytest.raises(PermissionDenied):
        anonymised_report(governor, today, names=True)


@pytest.mark.parametrize("n, shown", [(0, "0"), (1, "fewer than 3"), (2, "fewer than 3")])
def test_governing_body_rule_count_zero_shows_small_hidden(governor, head, today, n, shown):
    _agreed_against_the_rule(n, head, "Reasons")
    table = _rule_table(anonymised_report(governor, today))
    assert len(table.rows) == n
    assert f": {shown}." in table.note


def test_costs_forest_school_and_placement_outcomes_sections(governor, head, today):
    from flexidesk.policy.provision.forest import record_session
    from flexidesk.store.models import PlacementReview

    lego = Intervention.create(name="Lego Therapy", cost_per_term_pence=5000,
                               budget_per_term_pence=12000)
    Intervention.create(name="Games Club", cost_per_term_pence=1000)
    kids = _pupils(3, 3, "M")
    for pupil in kids:
        pupil.class_name = "3 Oak"
        pupil.save()
        Enrolment.create(pupil=pupil, intervention=lego, start_date=D(2026, 9, 7))
    record_session(head, today, "3 Oak", [k.id for k in kids], today=today)
    provider = Provider.create(name="Heathside Riding School")
    for i, pupil in enumerate(_pupils(3, 6, "N")):
        placement = Placement.create(pupil=pupil, provider=provider, start_date=D(2026, 9, 1),
                                     status="ended", end_date=D(2026, 11, 1))
        PlacementReview.create(placement=placement, review_date=D(2026, 10, 1 + i), score=2)
    report = anonymised_report(governor, today)
    tables = {t.title.split(" (")[0].split(" since")[0]: t for t in report.tables}
    costs = tables["Costs this term against budget"]
    by_name = {r[0]: r for r in costs.rows}
    assert by_name["Lego Therapy"] == ["Lego Therapy", 3, "£150.00", "£120.00", "-£30.00"]
    assert by_name["Games Club"] == ["Games Club", 0, "£0.00", "not set", ""]
    forest = tables["Forest School coverage"]
    assert forest.rows[0] == ["All children", "50%", "50%"]  # 3 of the 6 on roll
    assert forest.rows[1] == ["(no class)", "0%", "0%"] and forest.rows[2][0] == "3 Oak"
    outcomes = tables["Placement outcomes"]
    assert outcomes.chart and outcomes.rows[0] == ["+2: clear benefit", 3]
    assert outcomes.rows[-1] == ["No review recorded", 0]


def test_readiness_follows_the_schools_own_checklist_as_the_providers_tab_does(
        governor, head, today):
    from flexidesk.policy.providers import (
        checklist_template,
        provider_rows,
        retire_checklist_item,
    )
    from flexidesk.store.models import DueDiligenceItem

    retire_checklist_item(head, "insurance")  # the school no longer asks for it
    asked = [t.code for t in checklist_template()]
    farm = Provider.create(name="Meadowbank Farm School")
    for code in asked:
        DueDiligenceItem.create(provider=farm, item=code, status="held",
                                checked_on=D(2026, 10, 1))
    tab = {r.name: r for r in provider_rows(head, today)}
    assert tab["Meadowbank Farm School"].status.ready
    tables = {t.title.split(":")[0]: t
              for t in anonymised_report(governor, today).tables}
    readiness = tables["Alternative provision providers"]
    assert readiness.rows == [["Meadowbank Farm School", f"{len(asked)} / {len(asked)}", "Yes"]]


def _table(report, title):
    return next(t for t in report.tables if t.title.startswith(title))


def test_a_hidden_number_of_places_hides_its_cost_and_difference(governor, today):
    # Issue 20: "fewer than 3" places beside £416 at £208 a place is two children.
    lego = Intervention.create(name="Lego Therapy", cost_per_term_pence=20800,
                               budget_per_term_pence=100000)
    nurture = Intervention.create(name="Nurture Group", cost_per_term_pence=1000)
    for pupil in _pupils(2, 3, "P"):
        Enrolment.create(pupil=pupil, intervention=lego, start_date=D(2026, 9, 7))
    for pupil in _pupils(1, 4, "Q"):
        Enrolment.create(pupil=pupil, intervention=nurture, start_date=D(2026, 9, 7))
    costs = _table(anonymised_report(governor, today), "Costs this term")
    rows = {r[0]: r for r in costs.rows}
    assert rows["Lego Therapy"][1:] == [None, "withheld", "£1,000.00", "withheld"]
    assert rows["Nurture Group"][1:] == [None, "withheld", "not set", ""]  # no budget, no sum
    assert "£416" not in json.dumps(costs.rows) and "withheld" in costs.note.lower()


def test_places_this_term_are_withheld_where_they_give_away_a_hidden_year_group(
        governor, today):
    # Lego Therapy: four children in Year 3 and one in Year 5; 5 places this term would
    # leave 5 - 4 = 1 for Year 5 (a hidden year group beside a visible one and a total).
    lego = Intervention.create(name="Lego Therapy", cost_per_term_pence=5000)
    for pupil in _pupils(4, 3, "R") + _pupils(1, 5, "S"):
        Enrolment.create(pupil=pupil, intervention=lego, start_date=D(2026, 9, 7))
    Intervention.create(name="Games Club", cost_per_term_pence=1000)
    report = anonymised_report(governor, today)
    lego_row = next(r for r in _table(report, "Pupils with provision").rows
                    if r[0] == "Lego Therapy")
    costs = {r[0]: r for r in _table(report, "Costs this term").rows}
    assert lego_row[1 + 3] == 4 and lego_row[1 + 5] is None
    assert costs["Lego Therapy"][1:3] == ["withheld", "withheld"]
    assert costs["Games Club"][1:3] == [0, "£0.00"]  # nothing hidden there: all shown


def test_placement_outcomes_give_no_hidden_count_away_beside_the_placements_ended(
        governor, today):
    from flexidesk.store.models import PlacementReview

    provider = Provider.create(name="Heathside Riding School")
    for i, pupil in enumerate(_pupils(4, 6, "T")):
        placement = Placement.create(pupil=pupil, provider=provider, start_date=D(2026, 9, 1),
                                     status="ended", end_date=D(2026, 11, 1))
        PlacementReview.create(placement=placement, review_date=D(2026, 10, 1),
                               score=2 if i < 3 else -1)
    report = anonymised_report(governor, today)
    ended = _table(report, "Alternative provision placements").rows[0][2]
    outcomes = {r[0]: r[1] for r in _table(report, "Placement outcomes").rows}
    assert ended == 4 and outcomes["-1: a little worse"] is None
    # 4 ended, 3 with +2 and none elsewhere would leave one at -1: the 3 is withheld.
    assert outcomes["+2: clear benefit"] == "withheld"


def test_forest_school_share_of_all_children_is_withheld_beside_one_hidden_class(
        governor, head, today):
    from flexidesk.policy.provision.forest import record_session

    oak, ash = _pupils(3, 3, "U"), _pupils(3, 4, "V")
    for klass, kids in (("3 Oak", oak), ("4 Ash", ash)):
        for kid in kids:
            kid.class_name = klass
            kid.save()
    record_session(head, today, "3 Oak", [k.id for k in oak], today=today)
    record_session(head, today, "4 Ash", [ash[0].id], today=today)
    forest = {r[0]: r for r in _table(anonymised_report(governor, today), "Forest School").rows}
    assert forest["4 Ash"][1] == "fewer than 3 children"
    # 4 of 6 overall and all of 3 Oak's three would leave exactly one in 4 Ash.
    assert forest["All children"][1:] == ["withheld", "withheld"]
    assert forest["3 Oak"][1:] == ["100%", "100%"]
