"""`move-to-server`: the demo school's file copied into a server, verified, and left as it was."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil

import pytest

from flexidesk.cli import main
from flexidesk.demo import seed_demo
from flexidesk.policy.records import access
from flexidesk.policy.records.access import Actor
from flexidesk.store import audit, close_database, open_database
from flexidesk.store.errors import StoreError
from flexidesk.store.models import IssuedDocument, Placement, Pupil, StaffUser
from flexidesk.store.server import ServerURL, save_password
from flexidesk.store.transfer import SHARED_KEYS, move_to_server, read_file
from tests.server.conftest import OWNER_PASSWORD


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    seed_demo(path, pupils=120, encrypted=False, today=dt.date(2026, 11, 27))
    close_database()
    open_database(path)
    head = Actor.from_user(StaffUser.get(StaffUser.role == "headteacher"))
    for pupil in Pupil.select().limit(5):  # a chain of some length, and a document issued
        access.viewed(head, "pupil", pupil.id)
        _issue(head, pupil.id)
    close_database()
    return path


@access.action("document.issue")
def _issue(actor, pupil_id: int) -> None:
    access.create(actor, "document.issue", IssuedDocument, kind="ap_referral",
                  title="Referral", pupil=pupil_id, document_date=dt.date(2026, 11, 27),
                  issued_by=actor.username, sha256=hashlib.sha256(str(pupil_id).encode()).hexdigest())


@pytest.fixture(scope="module")
def second_demo_file(tmp_path_factory):
    """Another school's file: the same providers by name, its own checks on them."""
    path = tmp_path_factory.mktemp("demo2") / "second.db"
    seed_demo(path, pupils=60, seed=2, encrypted=False, today=dt.date(2026, 11, 27))
    close_database()
    return path


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_demo_school_round_trips_with_its_chain_and_documents(pg_server, demo_file):
    before = _digest(demo_file)
    tables = read_file(demo_file, None)
    owner = pg_server.open_owner()
    report = move_to_server(demo_file, None, owner, role_name=f"{pg_server.dbname}_demo")
    assert report.problems == []
    assert _digest(demo_file) == before  # the file is untouched
    columns, rows = tables["audit_entry"]
    assert report.audit_rows == len(rows) == 11
    assert report.last_hash == rows[-1][columns.index("hash")]
    # The children and their placements came over with their links intact.
    owner.use_school(report.school_id)
    assert IssuedDocument.select().count() == 5
    assert Pupil.select().where(Pupil.upn == tables["pupil"][1][0][1]).count() == 1
    file_pairs = sorted((r[tables["placement"][0].index("status")],) for r in
                        tables["placement"][1])
    server_pairs = sorted((p.status,) for p in Placement.select().where(
        Placement.id.in_(Placement.select(Placement.id))))
    assert server_pairs == file_pairs
    placement = Placement.select().first()
    assert placement.pupil.upn and placement.provider.name
    assert audit.verify_chain().ok


def test_a_second_school_reuses_the_trusts_providers_and_keeps_its_newer_checks(
        pg_server, demo_file, second_demo_file):
    owner = pg_server.open_owner()
    first = move_to_server(demo_file, None, owner, role_name=f"{pg_server.dbname}_one")
    providers = owner.execute_sql("SELECT count(*) FROM provider").fetchone()[0]
    incoming = read_file(second_demo_file, None)
    columns, items = incoming["due_diligence_item"]
    second = move_to_server(second_demo_file, None, owner, role_name=f"{pg_server.dbname}_two")
    assert first.problems == second.problems == []
    # One provider's record (and its checks) serves the whole trust.
    assert owner.execute_sql("SELECT count(*) FROM provider").fetchone()[0] == providers
    for table in SHARED_KEYS:
        assert table in second.copied
        assert len(second.mapped[table]) == len(incoming[table][1])
    # Every check the second school held is on the trust's record, or a newer one is.
    names = dict(incoming["provider"][1][i][:2] for i in range(len(incoming["provider"][1])))
    held = [r for r in items if r[columns.index("status")] == "held"]
    assert held and second.checks_kept > 0
    for row in held:
        provider = names[row[columns.index("provider_id")]]
        kept = owner.execute_sql(
            "SELECT d.status, d.checked_on FROM due_diligence_item d JOIN provider p ON "
            "p.id = d.provider_id WHERE p.name = %s AND d.item = %s",
            (provider, row[columns.index("item")])).fetchone()
        assert kept[0] in ("held", "not_applicable")
        assert str(kept[1]) >= str(row[columns.index("checked_on")])


def test_the_same_file_is_not_moved_twice(pg_server, demo_file, capsys, memory_keyring):
    owner = pg_server.open_owner()
    move_to_server(demo_file, None, owner, role_name=f"{pg_server.dbname}_once")
    schools = owner.execute_sql("SELECT count(*) FROM school").fetchone()[0]
    with pytest.raises(StoreError, match="already moved to the server"):
        move_to_server(demo_file, None, owner, role_name=f"{pg_server.dbname}_twice")
    assert owner.execute_sql("SELECT count(*) FROM school").fetchone()[0] == schools
    # A copy of the file is the same file.
    copy = demo_file.with_name("copy.db")
    shutil.copyfile(demo_file, copy)
    save_password(ServerURL.parse(pg_server.url()), OWNER_PASSWORD)
    assert main(["move-to-server", str(copy), "--server", pg_server.url(), "--ca-file",
                 str(pg_server.ca_file), "--school-role", f"{pg_server.dbname}_copy"]) == 2
    assert "already moved to the server" in capsys.readouterr().err


def test_move_to_server_command(pg_server, demo_file, memory_keyring, capsys):
    save_password(ServerURL.parse(pg_server.url()), OWNER_PASSWORD)
    code = main(["move-to-server", str(demo_file), "--server", pg_server.url(),
                 "--ca-file", str(pg_server.ca_file),
                 "--school-role", f"{pg_server.dbname}_cmd"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "every count matches" in out and "The file was not changed." in out


def test_verification_names_a_table_whose_count_differs_and_a_changed_document(
        pg_server, demo_file):
    from flexidesk.store.transfer import verify

    owner = pg_server.open_owner()
    report = move_to_server(demo_file, None, owner, role_name=f"{pg_server.dbname}_v")
    tables = read_file(demo_file, None)
    columns, rows = tables["pupil"]
    tables["pupil"] = (columns, rows[:-1])  # as if a child had not come over
    conn = pg_server.admin()  # changed behind the audit's back (a superuser, triggers off)
    conn.cursor().execute("SET session_replication_role = replica")
    conn.cursor().execute("UPDATE issued_document SET sha256 = 'x' WHERE id = "
                          "(SELECT min(id) FROM issued_document)")
    conn.close()
    sites = len(tables["provider_site"][1])
    report.mapped["provider_site"] = report.mapped["provider_site"][:-1]  # a site not found
    report.problems.clear()
    verify(owner, tables, report)
    assert sorted(report.problems) == sorted([
        "pupil: 119 rows in the file, 120 on the server",
        f"provider_site: {sites} rows in the file, {sites - 1} of the trust's on the server",
        "the issued documents' hashes differ"])
