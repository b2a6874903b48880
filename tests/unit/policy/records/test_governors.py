"""Governors hold no key to children's records: their slot opens the governors' key, and that
opens only the governors' report file, which staff keep up to date."""

import io
import json
import subprocess
import sys

import pytest

from flexidesk.cli import main
from flexidesk.policy.ourpolicy.report import published_days
from flexidesk.policy.records import governors
from flexidesk.policy.records.access import PermissionDenied
from flexidesk.policy.records.signin import sign_in
from flexidesk.store import close_database
from flexidesk.store.governors_file import governors_path
from flexidesk.store.models import AuditEntry, Pupil
from tests.clock import TODAY
from tests.rights_data import SIGNED_HEAD_PASSWORD, signed_school

HEAD_PW = SIGNED_HEAD_PASSWORD
DEV_PW = "quiet copper kettle"
OFFICE_PW = "sunlit harbour bells"
CHILD = "Zephyrine"


@pytest.fixture
def school_path(tmp_path):
    path, head = signed_school(tmp_path / "school.db",
                               ("dev", "Dev Okafor", "governor", DEV_PW),
                               ("cara", "Cara Lind", "office", OFFICE_PW), keep_open=True)
    from tests.ui.school_fixtures import _add_child

    _add_child(head, CHILD, "Quillanthrope")
    governors.publish(head)
    close_database()
    return path


GOVERNOR_SCRIPT = r"""
import json, sys
from pathlib import Path
from flexidesk.store.keyslots import GovernorsOnly, KeySlots
from flexidesk.store import governors_file
path, password = Path(sys.argv[1]), sys.argv[2]
ring = KeySlots.load(path)
opened = ring.open("dev", password)
found = {"database_key": opened.key is not None}
try:
    ring.unlock("dev", password)
    found["unlock"] = "database key"
except GovernorsOnly:
    found["unlock"] = "refused"
import sqlcipher3.dbapi2 as sqlcipher
conn = sqlcipher.connect(str(path))
conn.execute("PRAGMA key = \"x'%s'\"" % opened.governors_key.hex())  # the only key held
try:
    conn.execute("SELECT count(*) FROM pupil").fetchone()
    found["database"] = "opened"
except sqlcipher.DatabaseError:
    found["database"] = "not a database"
found["report"] = governors_file.read(path, opened.governors_key)
print(json.dumps(found))
"""


def test_a_governor_with_python_reads_the_governors_file_and_nothing_else(school_path):
    out = subprocess.run([sys.executable, "-c", GOVERNOR_SCRIPT, str(school_path), DEV_PW],
                         capture_output=True, text=True, check=True).stdout
    found = json.loads(out)
    assert found["database_key"] is False and found["unlock"] == "refused"
    assert found["database"] == "not a database"
    report = found["report"]
    assert report["report"]["school"] == "Ferngate Primary"
    assert report["published_by"] == "Mrs Talia Brook"
    assert CHILD not in json.dumps(report) and "Quillanthrope" not in json.dumps(report)


def test_a_governor_signs_in_to_the_report_file_only(school_path):
    desk, actor = sign_in(school_path, "dev", DEV_PW)
    assert isinstance(desk, governors.GovernorsDesk) and actor.role == "governor"
    report, _overrides, written = desk.read()
    assert report.school == "Ferngate Primary" and written["published_by"]
    assert any("provision" in t.title.lower() for t in report.tables)
    desk.close()
    with pytest.raises(governors.PolicyError):
        desk.read()


def test_only_the_headteacher_publishes(school_path):
    _db, cara = sign_in(school_path, "cara", OFFICE_PW)
    with pytest.raises(PermissionDenied):
        governors.publish(cara)


def test_a_backup_by_any_staff_refreshes_the_file_when_the_log_has_moved(school_path,
                                                                         monkeypatch, capsys):
    before = governors_path(school_path).read_bytes()
    monkeypatch.setattr("sys.stdin", io.StringIO(OFFICE_PW + "\n"))
    assert main(["backup", "--db", str(school_path), "--user", "cara", "--password-stdin"]) == 0
    assert governors_path(school_path).read_bytes() != before
    desk, _actor = sign_in(school_path, "dev", DEV_PW)
    _report, _overrides, written = desk.read()
    assert written["published_by"] is None  # brought up to date, not published


def test_the_publication_is_audited_and_a_missing_file_is_said_plainly(school_path):
    database, head = sign_in(school_path, "tbrook", HEAD_PW)
    assert AuditEntry.select().where(AuditEntry.action == "governors.publish").count() == 1
    # The next report says what changed in our policy since this one.
    assert published_days() == [TODAY]
    assert Pupil.select().count() == 1
    close_database()
    governors_path(school_path).unlink()
    desk, _actor = sign_in(school_path, "dev", DEV_PW)
    with pytest.raises(governors.governors_file.GovernorsFileError, match="publishes it"):
        desk.read()
