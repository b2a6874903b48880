"""Two staff, one request: the second save is refused by name and time; chains stay whole."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from flexidesk.policy import concurrency, flexi
from flexidesk.policy.records import access
from flexidesk.policy.records.access import Actor, action
from flexidesk.store import audit, close_database
from flexidesk.store.database import db
from flexidesk.store.models import AuditEntry, FlexiRequest, StaffUser
from tests.server.conftest import acting_as, add_pg_school, open_pg_school
from tests.ui.flexi_fixtures import make_family


def _actor(username: str) -> Actor:
    return Actor.from_user(StaffUser.get(StaffUser.username == username))


def _request(head: Actor) -> FlexiRequest:
    pupil, mother, _stepdad = make_family()
    return flexi.receive_request(head, pupil_id=pupil.id, adult_ids=[mother.id],
                                 received_on=dt.date(2026, 11, 2), sessions=["fri_am"],
                                 reasons="Forest school on Fridays")


@action("flexi.edit")
def _note(actor: Actor, request_id: int, text: str) -> FlexiRequest:
    """A save of one field of the request, as a form's save does."""
    request = FlexiRequest.get_by_id(request_id)
    return access.update(actor, "flexi.note", request, needs_met_notes=text)


def test_the_second_save_is_refused_naming_who_changed_it_and_when(engine_school):
    head, pastoral = _actor("head"), _actor("pastoral")
    request = _request(head)
    seen_by_head = concurrency.current_version(FlexiRequest, request.id)
    seen_by_pastoral = concurrency.current_version(FlexiRequest, request.id)
    with acting_as("pastoral"), concurrency.expecting(FlexiRequest, request.id,
                                                      seen_by_pastoral):
        _note(pastoral, request.id, "Ben's note")
    with pytest.raises(concurrency.ChangedElsewhere) as refused, \
            concurrency.expecting(FlexiRequest, request.id, seen_by_head):
        _note(head, request.id, "Ada's note")
    message = str(refused.value)
    assert message.startswith("This record was changed by Ben Marsh at ")
    assert message.endswith("reload it to see their change, then make yours again.")
    saved = FlexiRequest.get_by_id(request.id)
    assert (saved.needs_met_notes, saved.version) == ("Ben's note", seen_by_head + 1)
    # After reloading, the head's change goes through.
    with concurrency.expecting(FlexiRequest, request.id, saved.version):
        _note(head, request.id, "Ada's note")
    assert FlexiRequest.get_by_id(request.id).needs_met_notes == "Ada's note"
    assert audit.verify_chain().ok


def test_a_stage_change_by_the_policy_also_counts_as_a_change(engine_school):
    head = _actor("head")
    request = _request(head)
    seen = concurrency.current_version(FlexiRequest, request.id)
    flexi.arrange_meeting(head, request.id, meeting_date=dt.date(2026, 11, 9),
                          meeting_time=dt.time(15, 30), place="Head's office")
    with pytest.raises(concurrency.ChangedElsewhere), \
            concurrency.expecting(FlexiRequest, request.id, seen):
        flexi.withdraw(head, request.id, withdrawn_on=dt.date(2026, 11, 10), note="Moved")
    assert FlexiRequest.get_by_id(request.id).stage == "meeting_arranged"


def _writers(count: int, rounds: int, work) -> list[BaseException]:
    """``count`` threads, each with its own connection, calling ``work(n, i)`` ``rounds`` times."""
    errors: list[BaseException] = []

    def run(n: int) -> None:
        try:
            for i in range(rounds):
                work(n, i)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            db.obj.close()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def _work_as(school: int) -> None:
    """This thread's connection works for ``school`` (a login of both schools may)."""
    db.obj.execute_sql("SELECT set_config('app.school_id', %s, false)", (str(school),))


def test_concurrent_writers_lose_no_update_and_keep_each_schools_chain(pg_server):
    from flexidesk.commands.check import check_server
    from flexidesk.store.server import open_server

    ash, ash_login = add_pg_school(pg_server, "Ash Lane Primary")
    birch, birch_login = add_pg_school(pg_server, "Birch Row Primary")
    requests = {}
    for school, login in ((ash, ash_login), (birch, birch_login)):
        database = open_pg_school(pg_server, school, login)
        requests[school] = _request(_actor("head")).id
        database.close()
        close_database()
    # An executive head of both schools: one login in both schools' groups, as Headteacher
    # (the trust's central team may not write in a school).
    executive = pg_server.login(f"{pg_server.dbname}_exec", "pw", f"{pg_server.dbname}_ash",
                                f"{pg_server.dbname}_birch", "flexidesk_headteacher")
    database = open_server(pg_server.url(executive), ca_file=pg_server.ca_file, password="pw")
    saved, refused = [], []
    lock = threading.Lock()

    def write(n: int, i: int) -> None:
        school = (ash, birch)[n % 2]
        _work_as(school)
        request_id = requests[school]
        version = concurrency.current_version(FlexiRequest, request_id)
        try:
            with concurrency.expecting(FlexiRequest, request_id, version):
                _note(_actor("head"), request_id, f"writer {n} round {i}")
        except concurrency.ChangedElsewhere:
            with lock:
                refused.append(school)
            return
        with lock:
            saved.append(school)

    errors = _writers(8, 12, write)
    assert errors == []
    assert len(saved) + len(refused) == 8 * 12 and saved
    for school in (ash, birch):
        _work_as(school)
        request = FlexiRequest.get_by_id(requests[school])
        # Every accepted save moved the version on by one: none was silently overwritten.
        assert request.version == 1 + saved.count(school)
        notes = AuditEntry.select().where(AuditEntry.action == "flexi.note").count()
        assert notes == saved.count(school)
    database.close()
    close_database()
    owner = pg_server.open_owner()
    reports = dict(check_server(owner))
    assert reports[ash].ok and reports[birch].ok
    assert reports[ash].rows > saved.count(ash)


def _waiting_on_a_lock(database, pid: int) -> bool:
    row = database.execute_sql("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s",
                               (pid,)).fetchone()
    return row is not None and row[0] == "Lock"


def test_two_writers_crossing_on_one_request_never_deadlock(pg_server):
    """A holds the request and then audits; B audits and then wants the request."""
    school, login = add_pg_school(pg_server)
    database = open_pg_school(pg_server, school, login)
    request_id = _request(_actor("head")).id
    started, failures, b_pid = threading.Event(), [], []

    def b() -> None:
        try:
            b_pid.append(db.obj.execute_sql("SELECT pg_backend_pid()").fetchone()[0])
            started.set()
            with db.atomic():
                audit.record("pastoral", "flexi.note.b", "flexi_request", request_id)
                FlexiRequest.update(reasons="B").where(FlexiRequest.id == request_id).execute()
        except Exception as exc:  # noqa: BLE001 - the test reports it
            failures.append(exc)
        finally:
            db.obj.close()

    with db.atomic():
        FlexiRequest.update(needs_met_notes="A").where(FlexiRequest.id == request_id).execute()
        thread = threading.Thread(target=b)
        thread.start()
        assert started.wait(30)
        waited = threading.Event()
        for _try in range(500):  # until B is queued behind A (bounded)
            if _waiting_on_a_lock(pg_server.admin_db(), b_pid[0]):
                break
            waited.wait(0.02)
        audit.record("head", "flexi.note.a", "flexi_request", request_id)
    thread.join(60)
    assert failures == []
    saved = FlexiRequest.get_by_id(request_id)
    assert (saved.needs_met_notes, saved.reasons) == ("A", "B")
    assert audit.verify_chain().ok
    database.close()
