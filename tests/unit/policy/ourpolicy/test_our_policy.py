"""Our policy: a school's own deadline, considerations, governing-body rule and wording,
adopted by the Headteacher and kept by every request made under it."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from flexidesk.policy import flexi, ourpolicy
from flexidesk.policy.errors import PermissionDenied, PolicyError
from flexidesk.policy.vocabulary import FACTORS
from flexidesk.store.models import Adult, AuditEntry, FlexiRequest, Pupil, PupilAdult
from tests.unit.policy.ourpolicy.policy_steps import (
    ADOPTED,
    adopt_with,
    letter_text,
    run_to_meeting,
    weigh,
)

D = dt.date


@pytest.fixture
def second_family(school):
    pupil = Pupil.create(upn="T000000000002", legal_first_name="Isla", legal_last_name="Fenn",
                         date_of_birth=D(2019, 5, 6), year_group=2, on_roll_date=D(2023, 9, 1))
    mum = Adult.create(title="Ms", first_name="Jo", last_name="Fenn",
                       address="9 Mill Lane\nMillbridge", postcode="MB2 4GH")
    PupilAdult.create(pupil=pupil, adult=mum, relationship="Mother", priority=1)
    return pupil, mum, mum


def _ten_school_days(body):
    body["flexi"]["deadline_days"] = 10


def test_the_default_policy_is_exactly_todays_rules(school):
    body = ourpolicy.default_policy()
    assert ourpolicy.check_policy(body) == []
    policy = ourpolicy.in_force(D(2026, 11, 30))
    assert policy.version_id is None and policy.made_under() == ""
    assert (policy.deadline_days, policy.deadline_unit) == (5, "school_days")
    assert list(policy.considerations()) == list(FACTORS)
    assert policy.governing_body_rule and policy.flexi["meeting_required"]
    assert (policy.notice_weeks, policy.review_weeks, policy.ap_review_every) == (4, 13,
                                                                                   "half_term")


def test_ten_school_days_for_a_request_after_adoption_five_before(head, family, second_family):
    before = run_to_meeting(head, family, received_on=D(2026, 11, 10), meeting=D(2026, 11, 16))
    adopt_with(head, _ten_school_days)
    after = run_to_meeting(head, second_family, received_on=D(2026, 11, 20),
                           meeting=D(2026, 11, 23))
    assert before.policy_version_id is None
    assert FlexiRequest.get_by_id(after.id).policy_version_id is not None
    rows = {r.id: r for r in flexi.request_rows(head, D(2026, 11, 30))}
    assert rows[before.id].decision_due == D(2026, 11, 23)  # five school days
    assert rows[after.id].decision_due == D(2026, 12, 7)  # ten school days
    assert flexi.decision_status(head, after.id, D(2026, 11, 30)).working_days_left == 5
    # Both letters say so: the invitation promises the deadline of the request's own version.
    assert "within five school working days" in letter_text(head, before, "flexi_invitation")
    invitation = letter_text(head, after, "flexi_invitation")
    assert "within 10 school days" in invitation
    assert "Made under our flexi-schooling policy, version 1, adopted 18 Nov 2026" in invitation
    weigh(head, after, FACTORS)
    flexi.decide(head, after.id, outcome="declined", decided_on=D(2026, 11, 30),
                 reasons="School can meet Isla's needs.", today=D(2026, 11, 30))
    decision = letter_text(head, after, "flexi_decision", letter_date=D(2026, 11, 30))
    assert "Made under our flexi-schooling policy, version 1" in decision
    assert flexi.request_detail(head, after.id).policy_line.startswith("Made under our")
    # The decision records the version it was made under.
    assert FlexiRequest.get_by_id(after.id).decisions.get().policy_version_id \
        == FlexiRequest.get_by_id(after.id).policy_version_id


def test_a_late_letter_apologises_in_the_versions_own_deadline(head, family):
    adopt_with(head, _ten_school_days)
    request = run_to_meeting(head, family, received_on=D(2026, 11, 18), meeting=D(2026, 11, 18))
    weigh(head, request, FACTORS)
    flexi.decide(head, request.id, outcome="declined", decided_on=D(2026, 11, 30),
                 reasons="School can meet Ro's needs.", today=D(2026, 11, 30))
    text = letter_text(head, request, "flexi_decision", letter_date=D(2026, 12, 4))
    assert "later than the 10 school days we promised" in text


def test_working_days_count_the_holidays(school):
    from flexidesk.policy.school.working_days import WorkingCalendar

    calendar = WorkingCalendar("ENG", (), [(D(2026, 9, 2), D(2026, 12, 18)),
                                           (D(2027, 1, 5), D(2027, 3, 26))])
    body = ourpolicy.default_policy()
    school_days = ourpolicy.OurPolicy(body)
    body2 = ourpolicy.default_policy()
    body2["flexi"]["deadline_unit"] = "working_days"
    working_days = ourpolicy.OurPolicy(body2)
    held = D(2026, 12, 16)  # Wednesday before the Christmas holiday
    assert school_days.decision_due(calendar, held) == D(2027, 1, 7)
    # Working days: weekdays less bank holidays (25, 28 Dec), the holiday counted.
    assert working_days.decision_due(calendar, held) == D(2026, 12, 23)


def test_a_retired_and_an_added_consideration(head, family, second_family):
    old = run_to_meeting(head, family, received_on=D(2026, 11, 10), meeting=D(2026, 11, 16))
    weigh(head, old, FACTORS)
    flexi.decide(head, old.id, outcome="declined", decided_on=D(2026, 11, 17),
                 reasons="Needs met in school.", today=D(2026, 11, 17))

    def change(body):
        for item in body["flexi"]["considerations"]:
            if item["code"] == "resources":
                item["retired"] = True
        body["flexi"]["considerations"].append(
            {"code": "wellbeing", "en": "The child's wellbeing and happiness",
             "cy": "Lles a hapusrwydd y plentyn", "retired": False})

    adopt_with(head, change)
    new = run_to_meeting(head, second_family, received_on=D(2026, 11, 20),
                         meeting=D(2026, 11, 23))
    codes = [c for c in FACTORS if c != "resources"] + ["wellbeing"]
    detail = flexi.request_detail(head, new.id)
    assert [code for code, _label in detail.considerations] == codes
    assert detail.considerations[-1][1] == "The child's wellbeing and happiness"
    with pytest.raises(PolicyError, match="wellbeing and happiness"):
        weigh(head, new, FACTORS)  # the old eight: the new one is still to weigh
    with pytest.raises(PolicyError, match="Unknown consideration: resources"):
        weigh(head, new, list(FACTORS) + ["wellbeing"])
    weigh(head, new, codes)
    # The decision already made keeps its own eight, retired one included.
    assert [f.code for f in flexi.request_detail(head, old.id).factors] == list(FACTORS)
    assert "School resources and staffing" in [
        f.label for f in flexi.request_detail(head, old.id).factors]
    # The new consideration, ticked for the letter, is printed in its own words.
    flexi.decide(head, new.id, outcome="declined", decided_on=D(2026, 11, 24),
                 reasons="Needs met in school.", today=D(2026, 11, 30),
                 late_entry_reason="Entered after the event.")
    assert "The child's wellbeing and happiness" in letter_text(
        head, new, "flexi_decision", letter_date=D(2026, 11, 30))
    assert "Lles a hapusrwydd y plentyn" in letter_text(
        head, new, "flexi_decision", language="cy", letter_date=D(2026, 11, 30))


def test_without_the_governing_body_rule_nothing_asks_or_mentions_it(head, family):
    def no_rule(body):
        body["flexi"]["governing_body_rule"] = False

    adopt_with(head, no_rule)
    request = run_to_meeting(head, family, received_on=D(2026, 11, 20), meeting=D(2026, 11, 23))
    assert flexi.request_detail(head, request.id).governing_body_rule is False
    # No answer is needed; one given anyway is not kept.
    weigh(head, request, FACTORS, needs_met=None)
    assert FlexiRequest.get_by_id(request.id).needs_met_in_school is None
    assert FlexiRequest.get_by_id(request.id).stage == "considered"
    flexi.decide(head, request.id, outcome="declined", decided_on=D(2026, 11, 24),
                 reasons="Not this year.", today=D(2026, 11, 24))
    text = letter_text(head, request, "flexi_decision", letter_date=D(2026, 11, 24))
    assert "governing body" not in text
    considered = {m.code: m for m in flexi.timeline(head, request.id,
                                                     D(2026, 11, 30)).milestones}["considered"]
    assert considered.done and "governing body" not in considered.detail


def test_with_the_rule_the_question_is_still_asked(head, family):
    adopt_with(head, lambda body: None)
    request = run_to_meeting(head, family, received_on=D(2026, 11, 20), meeting=D(2026, 11, 23))
    with pytest.raises(PolicyError, match="governing body's question"):
        weigh(head, request, FACTORS, needs_met=None)


def test_a_template_with_an_unknown_field_is_refused_before_saving(head):
    body = ourpolicy.default_policy()
    body["letters"]["decision_declined"]["en"] = "Dear family, {child_name} and {parent_name}."
    with pytest.raises(ourpolicy.PolicyRefused) as refused:
        ourpolicy.save_draft(head, body)
    assert "letters.decision_declined.en" in str(refused.value)
    assert "{parent_name}" in str(refused.value)
    body["letters"]["decision_declined"]["en"] = "We cannot agree this time."
    with pytest.raises(ourpolicy.PolicyRefused, match=r"must use the field \{child_name\}"):
        ourpolicy.save_draft(head, body)
    body["letters"]["decision_declined"]["en"] = "{child_name.__class__}"
    with pytest.raises(ourpolicy.PolicyRefused):
        ourpolicy.save_draft(head, body)
    assert ourpolicy.draft() is None  # nothing was saved


def test_a_welsh_letter_uses_the_welsh_template(head, family):
    def worded(body):
        body["letters"]["decision_declined"] = {
            "en": "Having weighed it all, {child_name} stays with us full time.",
            "cy": "Ar ôl pwyso a mesur, bydd {child_name} yn aros gyda ni yn llawn amser."}

    adopt_with(head, worded)
    request = run_to_meeting(head, family, received_on=D(2026, 11, 20), meeting=D(2026, 11, 23))
    weigh(head, request, FACTORS)
    flexi.decide(head, request.id, outcome="declined", decided_on=D(2026, 11, 24),
                 reasons="Needs met.", today=D(2026, 11, 24))
    welsh = letter_text(head, request, "flexi_decision", language="cy",
                        letter_date=D(2026, 11, 24))
    assert "bydd Ro yn aros gyda ni yn llawn amser" in welsh
    assert "stays with us full time" not in welsh
    english = letter_text(head, request, "flexi_decision", letter_date=D(2026, 11, 24))
    assert "Having weighed it all, Ro stays with us full time." in english


def test_a_template_value_cannot_change_the_markup(school):
    policy = ourpolicy.OurPolicy({**ourpolicy.default_policy(), "letters": {
        **ourpolicy.default_policy()["letters"],
        "decision_declined": {"en": "<b>{child_name}</b> & co", "cy": ""}}})
    assert policy.paragraph("decision_declined", {"child_name": "Ro"}) \
        == "&lt;b&gt;Ro&lt;/b&gt; &amp; co"


def test_only_the_headteacher_adopts_and_it_is_audited(head, pastoral):
    with pytest.raises(PermissionDenied):
        ourpolicy.save_draft(pastoral, ourpolicy.default_policy())
    ourpolicy.save_draft(head, ourpolicy.default_policy())
    with pytest.raises(PermissionDenied):
        ourpolicy.adopt(pastoral, adopted_on=ADOPTED, next_review=D(2027, 11, 1))
    with pytest.raises(PolicyError, match="in the future"):
        ourpolicy.adopt(head, adopted_on=D(2026, 12, 2), next_review=D(2027, 11, 1))
    with pytest.raises(PolicyError, match="next review"):
        ourpolicy.adopt(head, adopted_on=ADOPTED, next_review=ADOPTED)
    adopted = ourpolicy.adopt(head, adopted_on=ADOPTED, next_review=D(2027, 11, 1))
    assert (adopted.number, adopted.adopted_on, adopted.in_force_from) == (1, ADOPTED, ADOPTED)
    assert AuditEntry.select().where(AuditEntry.action == "policy.adopt").count() == 1
    assert ourpolicy.draft() is None
    # The next change is version 2.
    assert ourpolicy.save_draft(head, ourpolicy.default_policy()).number == 2


def test_what_changes_lists_each_difference(school):
    body = ourpolicy.default_policy()
    body["flexi"]["deadline_days"] = 10
    body["flexi"]["governing_body_rule"] = False
    body["flexi"]["considerations"][6]["retired"] = True
    lines = ourpolicy.differences(ourpolicy.DEFAULT, ourpolicy.OurPolicy(body))
    assert "Decision deadline: 5 school days \u2192 10 school days" in lines
    assert "The governing body's rule applies: yes \u2192 no" in lines
    assert "Consideration retired: Safeguarding" in lines
    assert len(lines) == 3


def test_out_of_range_numbers_and_unknown_keys_are_named(school):
    body = ourpolicy.default_policy()
    body["flexi"]["deadline_days"] = 0
    body["flexi"]["deadline_formula"] = "__import__('os')"
    body["ap"]["review_every"] = "fortnight"
    problems = {p.path: p.reason for p in ourpolicy.check_policy(body)}
    assert problems["flexi.deadline_days"] == "must be from 1 to 30, not 0"
    assert problems["flexi.deadline_formula"] == "is not a key FlexiDesk knows"
    assert "half_term" in problems["ap.review_every"]


def test_fewest_sessions_in_school(head, family):
    def three(body):
        body["flexi"]["fewest_sessions_in_school"] = 3

    adopt_with(head, three)
    pupil, mum, _dad = family
    with pytest.raises(PolicyError, match="at least 3 sessions a week in school"):
        flexi.receive_request(head, pupil_id=pupil.id, adult_ids=[mum.id],
                              received_on=D(2026, 11, 20),
                              sessions=["mon_am", "mon_pm", "tue_am", "tue_pm", "wed_am",
                                        "wed_pm", "thu_am", "thu_pm"], reasons="Farm work.")


def test_today_shows_the_policy_review_a_month_ahead(head, school):
    from flexidesk.policy.today import today_items

    ourpolicy.save_draft(head, ourpolicy.default_policy())
    ourpolicy.adopt(head, adopted_on=ADOPTED, next_review=D(2027, 1, 5))
    assert [i.what for i in today_items(head, D(2026, 12, 4)) if i.kind == "policy_review"] == []
    items = [i for i in today_items(head, D(2026, 12, 5)) if i.kind == "policy_review"]
    assert [(i.what, i.due_on, i.late, i.tab) for i in items] \
        == [("Policy review due", D(2027, 1, 5), False, "policy")]
    late = [i for i in today_items(head, D(2027, 1, 6)) if i.kind == "policy_review"]
    assert late[0].late and late[0].when_text.startswith("overdue")


def test_import_refuses_a_bad_file_and_makes_a_draft_of_a_good_one(head, school, tmp_path):
    from flexidesk.policy.ourpolicy.transfer import export_policy, import_policy, policy_file_text

    body = ourpolicy.default_policy()
    body["flexi"]["deadline_days"] = 10
    good = tmp_path / "trust.json"
    export_policy(body, good)
    bad = tmp_path / "bad.json"
    body["flexi"]["deadline_days"] = 99
    body["letters"]["governing_body"]["cy"] = "{nonsense} {child_name}"
    bad.write_text(policy_file_text(body).replace('"ap": {', '"ap": {"formula": "1+1", '),
                   encoding="utf-8")
    with pytest.raises(ourpolicy.PolicyRefused) as refused:
        import_policy(head, bad)
    message = str(refused.value)
    assert "flexi.deadline_days: must be from 1 to 30, not 99" in message
    assert "ap.formula: is not a key FlexiDesk knows" in message
    assert "letters.governing_body.cy" in message and "{nonsense}" in message
    assert ourpolicy.draft() is None
    import_policy(head, good)
    assert ourpolicy.draft().deadline_days == 10


def test_the_governors_report_lists_the_version_in_force_and_what_changed(head, school):
    from flexidesk.policy.records.reports import anonymised_report

    def titles():
        return [t.title for t in anonymised_report(head, D(2026, 11, 30)).tables]

    assert "Our policy" not in titles()  # the default: nothing to report
    adopt_with(head, _ten_school_days)
    report = anonymised_report(head, D(2026, 11, 30), since=D(2026, 9, 1))
    table = next(t for t in report.tables if t.title == "Our policy")
    assert table.rows == [
        ["In force: version 1", "Adopted 18 Nov 2026; next review by 17 Nov 2027."],
        ["Version 1, adopted 18 Nov 2026",
         "Decision deadline: 5 school days \u2192 10 school days"]]


def test_a_placement_under_a_termly_review_rhythm_keeps_it(head):
    from flexidesk.documents.ap_documents import placement_agreement
    from flexidesk.policy.providers import commission_placement, provider_detail
    from tests.unit.policy.providers.test_placements import (
        TODAY,
        _pupil,
        _ready_provider,
        _terms,
    )

    def termly(body):
        body["ap"]["review_every"] = "term"

    adopt_with(head, termly, adopted_on=TODAY - dt.timedelta(days=7), today=TODAY)
    provider, site = _ready_provider(head)
    placed = commission_placement(head, _pupil().id, provider.id, **_terms(site))
    assert placed.policy_version_id == ourpolicy.in_force(TODAY).version_id
    # Sixty school days on (no terms entered: weekdays less the bank holidays), not thirty.
    assert placed.next_review_date == D(2027, 1, 28)
    line = provider_detail(head, provider.id, TODAY).placements[0].policy_line
    assert line.startswith("Made under our alternative provision policy, version 1")
    pdf = placement_agreement(head, placed.id, TODAY)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "alternative provision policy, version 1" in " ".join(text.split())
