"""The audit viewer's queries: filters, paging, the search itself audited, fast at 100,000 rows."""

import datetime as dt
import time

import pytest

from flexidesk.policy.records import audit_queries as aq
from flexidesk.policy.records.access import PermissionDenied, viewed
from flexidesk.store import audit
from flexidesk.store.database import db
from flexidesk.store.models import AuditEntry, Pupil
from tests.clock import TODAY

D = dt.date


def _pupil(first, last, upn):
    return Pupil.create(upn=upn, legal_first_name=first, legal_last_name=last,
                        date_of_birth=D(2018, 3, 1), year_group=3, on_roll_date=D(2022, 9, 1))


def test_filter_by_child_name_user_and_action(head, pastoral, office):
    ivy = _pupil("Ivy", "Brackenridge", "C000000000001")
    otto = _pupil("Otto", "Lanyard", "C000000000002")
    viewed(pastoral, "pupil", ivy.id)
    viewed(office, "pupil", ivy.id)
    viewed(pastoral, "pupil", otto.id)

    page = aq.search_audit(head, child="bracken")
    assert {(r.username, r.pupil_name) for r in page.rows} == {
        ("pastoral", "Ivy Brackenridge"), ("office", "Ivy Brackenridge")}
    page = aq.search_audit(head, child="ivy", username="office")
    assert [r.username for r in page.rows] == ["office"]
    assert {r.action for r in aq.search_audit(head, action="view.").rows} >= {"view.pupil"}
    assert aq.search_audit(head, child="nobody-called-this").rows == []


def test_search_is_itself_audited_against_the_child(head, pastoral):
    ivy = _pupil("Ivy", "Brackenridge", "C000000000001")
    aq.search_audit(head, child="Ivy")
    row = AuditEntry.select().order_by(AuditEntry.id.desc()).get()
    assert (row.action, row.username, row.pupil_id) == ("view.audit", "head", ivy.id)
    assert "Ivy" in row.after


def test_date_range_and_paging(head):
    with db.atomic():
        for i in range(25):
            audit.record("pastoral", "pupil.edit", "pupil", i)
    first = aq.search_audit(head, username="pastoral", limit=10)
    assert len(first.rows) == 10 and first.more
    second = aq.search_audit(head, username="pastoral", limit=10, before_id=first.last_id)
    assert second.rows[0].id < first.rows[-1].id
    today = TODAY
    assert len(aq.search_audit(head, username="pastoral", date_from=today, date_to=today,
                               limit=100).rows) == 25
    assert aq.search_audit(head, username="pastoral", date_to=today - dt.timedelta(days=1)).rows == []


def test_describe_change_shows_before_and_after(head, pastoral):
    ivy = _pupil("Ivy", "Brackenridge", "C000000000001")
    with db.atomic():
        audit.record("pastoral", "pupil.edit", "pupil", ivy.id, pupil_id=ivy.id,
                     before={"class_name": "Oak", "sen_support": False},
                     after={"class_name": "Ash", "sen_support": True})
    row = aq.search_audit(head, action="pupil.edit").rows[0]
    assert aq.describe_change(row) == [("class name", "Oak", "Ash"), ("sen support", "no", "yes")]


def test_verify_reports_an_intact_chain(head, pastoral):
    viewed(pastoral, "pupil", None)
    report = aq.verify(head)
    assert report.ok and report.rows >= 1
    assert AuditEntry.select().where(AuditEntry.action == "audit.verify").count() == 1


def test_only_the_head_reads_the_audit(pastoral):
    with pytest.raises(PermissionDenied):
        aq.search_audit(pastoral)


def test_a_page_from_100000_rows_is_quick(head, database):
    rows = [(f"2026-{1 + i % 12:02d}-01T09:00:00", "pastoral", "view.pupil", "pupil", i, i % 900,
             None, None, "0" * 64, f"{i:064x}") for i in range(100_000)]
    with database.atomic():
        database.connection().executemany(
            "INSERT INTO audit_entry (at, username, action, table_name, record_id, pupil_id, "
            "before, after, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    started = time.perf_counter()
    page = aq.search_audit(head)
    aq.search_audit(head, username="pastoral", date_from=D(2026, 6, 1), date_to=D(2026, 6, 30))
    aq.search_audit(head, username="nobody")
    elapsed = time.perf_counter() - started
    assert len(page.rows) == aq.PAGE_SIZE and page.more
    print(f"three searches over 100,000 rows: {elapsed * 1000:.0f} ms")
    assert elapsed < 1.5, elapsed
