"""Today: each source's lines, who sees which, soonest first, and counts that match the tabs."""


from flexidesk.policy import flexi
from flexidesk.policy.providers import record_due_diligence
from flexidesk.policy.provision import pupil_rows, summarise
from flexidesk.policy.records import rights
from flexidesk.policy.today import NAMELESS, counts, today_items
from flexidesk.store import audit
from flexidesk.store.models import AuditEntry
from tests.clock import TODAY
from tests.ui.flexi_fixtures import make_family, request_at
from tests.ui.tab_data import days, make_providers, make_provision


def _kinds(items):
    return {i.kind for i in items}


def test_provision_reviews_one_line_a_child_matching_the_map_summary(school, head):
    make_provision(school)
    items = today_items(head, TODAY)
    reviews = [i for i in items if i.kind == "provision_review"]
    assert [(i.who, i.late, i.tab) for i in reviews] == [
        ("Nell Ashdown", True, "provision"), ("Omar Fenwick", False, "provision")]
    assert reviews[0].what == "Provision review overdue"
    assert reviews[0].when_text.startswith("overdue since ")
    summary = summarise(pupil_rows(head, TODAY))
    c = counts(items)
    assert c["provision_review:late"] == summary.overdue
    assert c["provision_review"] - c["provision_review:late"] == summary.due_soon


def test_soonest_first_late_lines_lead(school, head):
    make_provision(school)
    make_providers(school)
    items = today_items(head, TODAY)
    dated = [i.due_on for i in items if i.due_on is not None]
    assert dated == sorted(dated)
    assert items[0].late


def test_providers_lines_checks_lapsed_and_placement_reviews(school, pastoral):
    made = make_providers(school)
    items = today_items(pastoral, TODAY)
    lapsed = [i for i in items if i.kind == "provider_check"]
    assert [(i.who, i.late, i.record_id) for i in lapsed] == [
        ("Riverside Boxing Academy", True, made["riverside"].id)]
    assert "Check lapsed" in lapsed[0].what
    review = [i for i in items if i.kind == "placement_review"]
    assert [(i.who, i.late, i.tab) for i in review] == [("Zara Quinlan", True, "providers")]


def test_placement_at_a_provider_whose_check_lapsed(school, head):
    made = make_providers(school)
    # Hilltop's insurance lapses while Zara is placed there (recorded as the register does:
    # on a server a school changes a shared check only through the server's function).
    record_due_diligence(head, made["hilltop"].id, "insurance", "held",
                         evidence="Certificate seen", checked_on=days(-400),
                         expires_on=days(-3), today=TODAY)
    lines = [i for i in today_items(head, TODAY) if i.kind == "lapsed_placement"]
    assert [(i.who, i.due_on, i.record_id) for i in lines] == [
        ("Zara Quinlan", days(-3), made["hilltop"].id)]


def test_flexi_decision_letter_meeting_and_review_lines(school, head, pastoral):
    pupil, mother, _dad = make_family()
    waiting = request_at("meeting_held", head, pupil, [mother], received=days(-10),
                         held=days(-2))
    p2, m2, _d2 = make_family("Ivo", "Rennet", upn="H801200000002")
    owed = request_at("decided", head, p2, [m2], received=days(-20), held=days(-12))
    p3, m3, _d3 = make_family("Lark", "Tamsin", upn="H801200000003")
    meeting = request_at("meeting_arranged", head, p3, [m3], received=days(-5), held=days(3))
    items = today_items(head, TODAY)
    by_kind = {i.kind: i for i in items}
    assert by_kind["flexi_decision"].record_id == waiting
    assert by_kind["letter_owed"].record_id == owed and by_kind["letter_owed"].late
    assert by_kind["meeting"].record_id == meeting and by_kind["meeting"].due_on == days(3)
    # The Flexi tab's summary counts decisions waiting or overdue: Today counts the same.
    rows = flexi.request_rows(head, TODAY)
    assert counts(items)["flexi_decision"] == sum(
        1 for r in rows if r.working_days_left is not None)
    # The pastoral lead cannot decide, so is not asked to; a letter they may send.
    kinds = _kinds(today_items(pastoral, TODAY))
    assert "flexi_decision" not in kinds and "letter_owed" in kinds


def test_arrangement_review_due(school, head):
    pupil, mother, _dad = make_family()
    rid = request_at("active", head, pupil, [mother], received=days(-200), held=days(-190))
    items = [i for i in today_items(head, TODAY) if i.kind == "arrangement_review"]
    assert [(i.record_id, i.late, i.tab) for i in items] == [(rid, True, "flexi")]


def test_subject_access_clock(school, head, office):
    pupil, _m, _d = make_family()
    request = rights.record_request(head, pupil_id=pupil.id, requester="Mrs Juno Hollis",
                                    received_on=days(-40))
    items = today_items(head, TODAY)
    sar = [i for i in items if i.kind == "subject_access"]
    assert [(i.record_id, i.late, i.due_on) for i in sar] == [(request.id, True, request.due_on)]
    assert "subject_access" not in _kinds(today_items(office, TODAY))


def test_a_files_backup_line(school, head, office):
    items = today_items(head, TODAY)
    assert [i.kind for i in items if i.kind == "backup"] == ["backup"]
    # The office may back up, so sees the backup line too.
    assert _kinds(today_items(office, TODAY)) == {"backup"}
    # A backup written now clears the line.
    audit.record("head", "backup.write", "", None, after={"file": "x"})
    assert "backup" not in _kinds(today_items(head, TODAY))


def test_the_backup_line_alone_is_read_without_recording_a_view(school, head, governor):
    """After a backup, Today re-reads its backup line only: it names no child, so no view is
    recorded (a view row would count as a change and call for the next backup at once)."""
    from flexidesk.policy.records.backups import backs_up_to_files

    make_provision(school)
    views = AuditEntry.select().where(AuditEntry.action == "view.today").count
    before = views()
    # A server has no backup line (its backups are the server's own): nothing read, no view.
    expected = ["backup"] if backs_up_to_files() else []
    assert [i.kind for i in today_items(head, TODAY, only=NAMELESS)] == expected
    assert views() == before
    audit.record("head", "backup.write", "", None, after={"file": "x"})
    assert today_items(head, TODAY, only=NAMELESS) == []
    assert today_items(governor, TODAY, only=NAMELESS) == []
    today_items(head, TODAY)  # the whole list names children: one view
    assert views() == before + 1


def test_governor_sees_only_the_reports(school, governor):
    make_provision(school)
    items = today_items(governor, TODAY)
    assert [(i.kind, i.tab) for i in items] == [("report", "reports")]


def test_family_contact_past_the_rhythm_is_a_line(school, head, office):
    from flexidesk.policy.provision.settings import set_contact_weeks

    world = make_provision(school)
    set_contact_weeks(head, 6)
    lines = [i for i in today_items(head, TODAY) if i.kind == "family_contact"]
    assert [(i.who, i.tab, i.record_id, i.late) for i in lines] == [
        ("Nell Ashdown", "provision", world["pupils"]["Nell"].id, True)]
    assert "family_contact" not in _kinds(today_items(office, TODAY))
