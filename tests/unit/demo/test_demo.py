"""The demo school: right sizes and rates, deterministic, every flexi stage, encrypted, CLI."""

import datetime as dt
import sqlite3
from collections import Counter

import pytest

from flexidesk.cli import main
from flexidesk.demo import (
    DEMO_ACCOUNTS,
    DemoExists,
    ensure_demo,
    seed_demo,
    upn_check_letter,
)
from flexidesk.policy.records.signin import SignInFailed, sign_in
from flexidesk.policy.school.working_days import school_calendar
from flexidesk.policy.vocabulary import CHECKLIST, DEFAULT_CATALOGUE, FACTORS
from flexidesk.store import audit, close_database, open_database
from flexidesk.store.keyslots import KeySlots, keyfile_path
from flexidesk.store.models import (
    FLEXI_STAGES,
    AgreementParty,
    AuditEntry,
    DueDiligenceItem,
    Enrolment,
    EnrolmentReview,
    FactorAssessment,
    FamilyContact,
    FlexiAgreement,
    FlexiAlternative,
    FlexiDecision,
    FlexiMeeting,
    FlexiRequest,
    FlexiRequestAdult,
    FlexiReview,
    Intervention,
    Placement,
    PlacementReview,
    Provider,
    ProviderSite,
    Pupil,
    PupilAdult,
    School,
    StaffUser,
)


@pytest.fixture(scope="module")
def plain_demo(tmp_path_factory):
    """One plain 300-pupil demo shared by the read-only tests here."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    result = seed_demo(path, 300, seed=1, encrypted=False)
    return path, result


@pytest.fixture
def demo_db(plain_demo):
    path, _result = plain_demo
    database = open_database(path)
    yield database
    database.close()


@pytest.fixture(scope="module")
def encrypted_demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("secret") / "demo.db"
    seed_demo(path, 300, seed=3)
    return path


def _academic_year_start(today: dt.date) -> int:
    return today.year if today.month >= 9 else today.year - 1


def _year_group(dob: dt.date, today: dt.date) -> int:
    """The school year a child born on ``dob`` is in (England: the year starts 1 September)."""
    start = _academic_year_start(today)
    born_year = dob.year if dob.month >= 9 else dob.year - 1  # the September-to-August year
    return start - born_year - 5


# --- sizes, rates and shapes ----------------------------------------------------------------


def test_counts_per_table(demo_db, plain_demo):
    _path, result = plain_demo
    assert School.select().count() == 1
    assert [u.username for u in StaffUser.select().order_by(StaffUser.id)] == [
        a[0] for a in DEMO_ACCOUNTS]
    assert {u.role for u in StaffUser.select()} == {a[2] for a in DEMO_ACCOUNTS}
    assert Pupil.select().count() == 300
    assert {p.year_group for p in Pupil.select()} == set(range(7))
    assert Intervention.select().count() == len(DEFAULT_CATALOGUE)
    assert Provider.select().count() == 6
    assert ProviderSite.select().count() >= 5
    assert 5 <= Placement.select().count() <= 10
    assert PlacementReview.select().count() > 0
    assert FlexiRequest.select().count() == 11
    assert EnrolmentReview.select().count() > 0
    assert FamilyContact.select().count() > 0
    assert result.counts["pupils"] == 300
    assert result.counts["enrolments"] == Enrolment.select().count()
    # The seed leaves one audit row, and the chain starts cleanly from it.
    entries = list(AuditEntry.select())
    assert [(e.username, e.action) for e in entries] == [("system", "demo.seed")]
    assert audit.verify_chain().ok


def test_every_pupil_has_adults_with_parental_responsibility_and_an_address(demo_db):
    links = Counter(link.pupil_id for link in PupilAdult.select())
    assert set(links) == {p.id for p in Pupil.select()}
    assert all(1 <= n <= 2 for n in links.values())
    for pupil in Pupil.select().where(Pupil.looked_after == False):  # noqa: E712
        assert any(link.parental_responsibility for link in pupil.adult_links)
    for link in PupilAdult.select().where(PupilAdult.receives_letters == True):  # noqa: E712
        assert link.adult.address.count("\n") >= 1 and link.adult.postcode.startswith("KX")
    # Siblings share their adults sometimes.
    shared = Counter(link.adult_id for link in PupilAdult.select())
    assert any(n > 1 for n in shared.values())


def test_upns_are_unique_and_well_formed(demo_db):
    upns = [p.upn for p in Pupil.select()]
    assert len(set(upns)) == len(upns)
    for upn in upns:
        assert len(upn) == 13 and upn[1:].isdigit()
        assert upn[0] == upn_check_letter(upn[1:])


def test_upn_check_letter_matches_the_dfe_rule():
    # weights 2..13 over "999999999999" = 9 * 90 = 810; 810 % 23 = 5 -> F
    assert upn_check_letter("999999999999") == "F"
    assert upn_check_letter("000000000000") == "A"


def test_dates_of_birth_match_year_groups_and_classes(demo_db, plain_demo):
    today = plain_demo[1].today
    for pupil in Pupil.select():
        assert _year_group(pupil.date_of_birth, today) == pupil.year_group
        prefix = "R" if pupil.year_group == 0 else str(pupil.year_group)
        assert pupil.class_name.split(" ")[0] == prefix
        assert pupil.on_roll_date <= today


def test_rates_of_need_are_realistic(tmp_path):
    seed_demo(tmp_path / "big.db", 2000, seed=7, encrypted=False)
    open_database(tmp_path / "big.db")
    n = Pupil.select().count()

    def share(flag) -> float:
        return Pupil.select().where(flag == True).count() / n  # noqa: E712

    assert 0.10 <= share(Pupil.sen_support) <= 0.16
    assert 0.01 <= share(Pupil.ehc_plan) <= 0.04
    assert 0.002 <= share(Pupil.looked_after) <= 0.02
    assert 0.20 <= share(Pupil.pupil_premium) <= 0.30
    current = Enrolment.select(Enrolment.pupil).where(Enrolment.end_date.is_null()).distinct()
    assert 0.13 <= current.count() / n <= 0.17, "about 15% have provision now"
    ever = Enrolment.select(Enrolment.pupil).distinct().count()
    assert current.count() < ever <= 0.2 * n
    names = Counter((p.legal_first_name, p.legal_last_name) for p in Pupil.select())
    assert len(names) > 0.95 * n  # believable, not a handful of names repeated
    assert max(names.values()) <= 3


def test_provision_map_has_forest_school_reviews_overdue_and_due_soon(demo_db, plain_demo):
    today = plain_demo[1].today
    forest = Intervention.get(Intervention.name == "Forest School")
    assert Enrolment.select().where(Enrolment.intervention == forest).count() > 0
    current = Enrolment.select().where(Enrolment.end_date.is_null())
    dates = [e.next_review_date for e in current]
    assert all(d is not None for d in dates)
    assert any(d < today for d in dates), "some reviews are overdue"
    assert any(today <= d <= today + dt.timedelta(days=14) for d in dates), "some due soon"
    assert {r.score for r in EnrolmentReview.select()} <= set(range(-2, 3))
    assert Enrolment.select().where(Enrolment.end_date.is_null(False)).count() > 0
    methods = {c.method for c in FamilyContact.select()}
    assert {"phone", "email", "meeting"} <= methods
    assert all(len(c.summary) > 20 for c in FamilyContact.select())


def test_providers_are_in_six_different_due_diligence_states(demo_db, plain_demo):
    today = plain_demo[1].today
    states = {}
    for provider in Provider.select().order_by(Provider.id):
        items = {i.item: i for i in provider.due_diligence}
        assert set(items) == set(CHECKLIST)
        states[provider.name] = items
    complete, expired, missing, not_listed, new, expiring = states.values()
    assert all(i.status in ("held", "not_applicable") for i in complete.values())
    assert all(i.expires_on is None or i.expires_on > today for i in complete.values())
    assert expired["insurance"].status == "expired" and expired["insurance"].expires_on < today
    assert sum(i.status in ("missing", "requested") for i in missing.values()) >= 3
    assert not Provider.get(Provider.name == list(states)[3]).la_approved
    assert not_listed["la_approved_list"].status == "missing"
    assert all(i.status != "held" for i in new.values())
    assert today < expiring["insurance"].expires_on <= today + dt.timedelta(days=30)
    assert DueDiligenceItem.select().where(DueDiligenceItem.status == "held").count() > 20


def test_placements_use_codes_b_d_k_and_have_half_termly_reviews(demo_db):
    placements = list(Placement.select())
    assert {p.attendance_code for p in placements} == {"B", "D", "K"}
    assert {"active", "planned", "ended"} <= {p.status for p in placements}
    for placement in placements:
        reviews = sorted(placement.reviews, key=lambda r: r.review_date)
        for before, after in zip(reviews, reviews[1:], strict=False):
            assert (after.review_date - before.review_date).days <= 7 * 7
        if placement.status == "active":
            assert placement.next_review_date is not None
    with_feedback = PlacementReview.select().where(PlacementReview.family_feedback != "")
    assert with_feedback.count() == PlacementReview.select().count()
    assert any(p.override_justification for p in placements if not p.provider.la_approved)


def test_the_demo_shows_each_state_of_alternative_provision(demo_db, plain_demo):
    from flexidesk.policy.providers import provider_detail, provider_rows
    from flexidesk.policy.records.access import Actor
    from flexidesk.store.models import StaffUser

    head = Actor.from_user(StaffUser.get(StaffUser.role == "headteacher"))
    today = plain_demo[1].today
    rows = {r.name: r for r in provider_rows(head, today)}
    states = {r.status.state for r in rows.values()}
    assert {"ready", "expiring", "not_ready"} <= states
    assert rows["Riverside Farm Learning"].alerts >= 1  # insurance lapsed mid-placement
    lines = [line for r in rows.values() for line in provider_detail(head, r.id, today).placements]
    assert any(line.override for line in lines)
    assert any(line.alert for line in lines)
    ended = [line for line in lines if line.status == "ended"]
    assert ended and all(line.outcomes and line.next_destination for line in ended)
    live = [line for line in lines if line.status == "active"]
    assert all(line.sites and line.funding and line.family_agreed_on for line in live)


# --- flexi-schooling ----------------------------------------------------------------------


def test_every_flexi_stage_is_present(demo_db):
    stages = Counter(r.stage for r in FlexiRequest.select())
    assert set(stages) == set(FLEXI_STAGES)
    for request in FlexiRequest.select():
        assert FlexiRequestAdult.select().where(FlexiRequestAdult.request == request).count() >= 1


def _undecided_with_meeting():
    for request in FlexiRequest.select().where(FlexiRequest.stage.in_(("meeting_held",
                                                                       "considered"))):
        assert FlexiDecision.get_or_none(FlexiDecision.request == request) is None
        meeting = FlexiMeeting.get(FlexiMeeting.request == request)
        assert meeting.held
        yield request, meeting


def _check_deadlines(today: dt.date) -> None:
    # The demo's deadlines follow its own calendar: its terms and INSET days count.
    school = school_calendar()
    assert school.terms, "the demo school has term dates"
    dues = [school.decision_due(m.meeting_date) for _r, m in _undecided_with_meeting()]
    assert school.add_working_days(today, 2) in dues, "one decision due in two working days"
    assert any(d < today for d in dues), "one decision overdue"
    assert all(school.is_working_day(d) for d in dues), "no deadline falls in a holiday"


def test_decision_due_in_two_working_days_and_one_overdue(demo_db, plain_demo):
    _check_deadlines(plain_demo[1].today)


@pytest.mark.parametrize("today", [
    dt.date(2026, 12, 19),  # a Saturday
    dt.date(2026, 12, 23),  # Christmas and Boxing Day (substitute Monday) ahead
    dt.date(2027, 3, 25),  # Good Friday and Easter Monday ahead
    dt.date(2027, 5, 4),  # the day after the early May bank holiday
])
def test_deadlines_hold_on_awkward_days(tmp_path, today):
    seed_demo(tmp_path / "d.db", 40, encrypted=False, today=today)
    open_database(tmp_path / "d.db")
    _check_deadlines(today)
    meeting = FlexiMeeting.select().join(FlexiRequest).where(
        FlexiRequest.stage == "meeting_arranged").get()
    assert meeting.meeting_date > today and not meeting.held


def test_flexi_journeys_are_complete(demo_db, plain_demo):
    today = plain_demo[1].today
    by_stage = {r.stage: r for r in FlexiRequest.select()}

    considered = by_stage["considered"]
    factors = list(FactorAssessment.select().where(FactorAssessment.request == considered))
    assert sorted(f.factor for f in factors) == sorted(FACTORS)
    assert all(f.note for f in factors)

    declined = by_stage["letter_issued"]
    decision = FlexiDecision.get(FlexiDecision.request == declined)
    assert decision.outcome == "declined" and decision.decided_on <= decision.due_on
    assert declined.needs_met_in_school is True
    alternatives = list(FlexiAlternative.select().where(FlexiAlternative.request == declined))
    assert any(a.intervention_id for a in alternatives) and any(a.provider_id for a in alternatives)

    active = by_stage["active"]
    assert FlexiDecision.get(FlexiDecision.request == active).outcome == "agreed"
    agreement = FlexiAgreement.get(FlexiAgreement.request == active)
    parties = list(AgreementParty.select().where(AgreementParty.agreement == agreement))
    assert len(parties) >= 2 and all(p.signed_on for p in parties)
    assert agreement.home_sessions and agreement.attendance_code == "C"
    assert agreement.active_from is not None and agreement.start_date <= today
    assert FlexiReview.select().where(FlexiReview.request == active).count() >= 1

    drafted = by_stage["agreement_drafted"]
    agreement = FlexiAgreement.get(FlexiAgreement.request == drafted)
    assert any(p.signed_on is None for p in agreement.parties)
    assert agreement.active_from is None

    ended = by_stage["ended"]
    assert ended.end_reason in ("notice_family", "notice_school") and ended.notice_weeks
    assert ended.ended_on < today
    withdrawn = by_stage["withdrawn"]
    assert withdrawn.withdrawn_on is not None and withdrawn.withdrawn_on <= today


# --- determinism ----------------------------------------------------------------------------


def _names_and_upns(path):
    open_database(path)
    rows = [(p.legal_first_name, p.legal_last_name, p.upn, p.date_of_birth)
            for p in Pupil.select().order_by(Pupil.id)]
    close_database()
    return rows


def test_same_seed_same_school_other_seed_other_school(tmp_path):
    today = dt.date(2026, 11, 27)
    for name, seed in (("a.db", 5), ("b.db", 5), ("c.db", 6)):
        seed_demo(tmp_path / name, 60, seed=seed, encrypted=False, today=today)
    a, b, c = (_names_and_upns(tmp_path / n) for n in ("a.db", "b.db", "c.db"))
    assert a == b
    assert a != c


# --- encryption -----------------------------------------------------------------------------


@pytest.mark.parametrize("username,display,role,password", DEMO_ACCOUNTS)
def test_encrypted_demo_opens_with_each_demo_account(encrypted_demo, username, display, role,
                                                     password):
    database, actor = sign_in(encrypted_demo, username, password)
    try:
        assert actor.role == role and actor.display_name == display
        assert Pupil.select().count() == 300
    finally:
        database.close()


def test_encrypted_demo_refuses_a_wrong_password_and_hides_every_name(encrypted_demo):
    assert KeySlots.load(encrypted_demo).demo is True
    with pytest.raises(SignInFailed):
        sign_in(encrypted_demo, "head", "demo-pastoral")
    database, _actor = sign_in(encrypted_demo, "office", "demo-office")
    # Whole names and long surnames: long enough that random ciphertext never matches.
    names = {f"{p.legal_first_name} {p.legal_last_name}" for p in Pupil.select()}
    names |= {p.legal_last_name for p in Pupil.select() if len(p.legal_last_name) >= 6}
    database.close()
    raw = b"".join(p.read_bytes() for p in encrypted_demo.parent.iterdir()
                   if p.name.startswith("demo.db") and p != keyfile_path(encrypted_demo))
    assert [n for n in names if n.encode() in raw] == []
    # The same search does find them in a plain file, so it is a real test.
    plain = encrypted_demo.parent / "plain.db"
    seed_demo(plain, 300, seed=3, encrypted=False)
    assert any(n.encode() in plain.read_bytes() for n in names)
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(encrypted_demo).execute("SELECT count(*) FROM sqlite_master").fetchone()


# --- the command line -----------------------------------------------------------------------


def test_command_writes_a_summary_and_refuses_to_overwrite(tmp_path, capsys):
    path = tmp_path / "cli.db"
    assert main(["seed-demo", "--db", str(path), "--pupils", "40", "--plain"]) == 0
    out = capsys.readouterr().out
    assert "Kestrelford Brook Primary School" in out and "40 pupils" in out
    assert str(path) in out and "demo-head" not in out  # no accounts for a plain file
    before = path.read_bytes()

    assert main(["seed-demo", "--db", str(path), "--pupils", "50", "--plain"]) == 2
    err = capsys.readouterr().err
    assert "already exists" in err and "--force" in err
    assert path.read_bytes() == before

    assert main(["seed-demo", "--db", str(path), "--pupils", "50", "--plain", "--force"]) == 0
    capsys.readouterr()
    open_database(path)
    assert Pupil.select().count() == 50


def test_the_command_makes_a_folder_not_yet_made_private(tmp_path, capsys):
    path = tmp_path / "new" / "school" / "demo.db"
    assert main(["seed-demo", "--db", str(path), "--pupils", "30"]) == 0, capsys.readouterr().err
    assert path.exists() and keyfile_path(path).exists()
    assert oct(path.parent.stat().st_mode & 0o777) == "0o700"


def test_command_prints_the_demo_accounts_for_an_encrypted_demo(tmp_path, capsys):
    assert main(["seed-demo", "--db", str(tmp_path / "enc.db"), "--pupils", "30"]) == 0
    out = capsys.readouterr().out
    for username, _display, _role, password in DEMO_ACCOUNTS:
        assert username in out and password in out
    assert keyfile_path(tmp_path / "enc.db").exists()


def test_command_refuses_too_few_pupils(tmp_path, capsys):
    assert main(["seed-demo", "--db", str(tmp_path / "x.db"), "--pupils", "3", "--plain"]) == 2
    assert "at least" in capsys.readouterr().err
    assert not (tmp_path / "x.db").exists()


def test_seed_demo_refuses_an_existing_key_file_too(tmp_path):
    keyfile_path(tmp_path / "k.db").write_text("{}")
    with pytest.raises(DemoExists):
        seed_demo(tmp_path / "k.db", 40, encrypted=False)


def test_ensure_demo_creates_once_and_then_leaves_it_alone(tmp_path):
    path = tmp_path / "demo.db"
    ensure_demo(path)
    assert path.exists() and keyfile_path(path).exists()
    stamp = path.stat().st_mtime_ns, keyfile_path(path).read_bytes()
    ensure_demo(path)
    assert (path.stat().st_mtime_ns, keyfile_path(path).read_bytes()) == stamp
