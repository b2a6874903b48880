"""A version-1 file holding data migrates to the latest schema without loss, after a backup."""

import datetime as dt
import sqlite3

from flexidesk.store import open_database
from flexidesk.store.migrations import LATEST_VERSION, STEPS, migrate, schema_version


def _version_one_file(path):
    raw = sqlite3.connect(path, isolation_level=None)
    for statement in STEPS[0].STATEMENTS:
        raw.execute(statement)
    raw.execute("PRAGMA user_version = 1")
    raw.execute("INSERT INTO school (name, address, postcode, phone, email, website, "
                "headteacher_name, nation, locale, letter_signatory, signatory_title, "
                "local_authority, la_notify_flexi, created_at) VALUES ('Oakridge Test School', "
                "'', '', '', '', '', 'Mr Tom Vale', 'WLS', 'en_GB', '', 'Headteacher', '', 0, "
                "'2026-01-05 09:00:00')")
    for n in range(50):
        raw.execute("INSERT INTO pupil (upn, legal_first_name, legal_last_name, date_of_birth, "
                    "year_group, class_name, sen_support, ehc_plan, looked_after, pupil_premium, "
                    "on_roll_date, created_at) VALUES (?, ?, 'Testchild', '2019-02-03', ?, '', 0, "
                    "0, 0, 0, '2023-09-04', '2026-01-05 09:00:00')",
                    (f"T{n:012d}", f"Child{n}", n % 7))
    raw.close()


def test_version_one_file_migrates_without_loss(tmp_path):
    path = tmp_path / "old.db"
    _version_one_file(path)
    database = open_database(path)
    assert schema_version(database) == LATEST_VERSION
    from flexidesk.store.models import Pupil, School, SubjectAccessRequest

    assert School.get().name == "Oakridge Test School"
    assert School.get().nation == "WLS"
    assert Pupil.select().count() == 50
    assert sorted(p.legal_first_name for p in Pupil.select())[:2] == ["Child0", "Child1"]
    SubjectAccessRequest.create(requester="A parent", received_on=dt.date(2026, 11, 2),
                                due_on=dt.date(2026, 12, 1))


def test_backup_is_taken_before_migrating_and_holds_the_old_data(tmp_path):
    path = tmp_path / "old.db"
    _version_one_file(path)
    open_database(path).close()
    backups = list((tmp_path / "backups").glob("old-before-v2-*.db"))
    assert len(backups) == 1
    raw = sqlite3.connect(backups[0])
    assert raw.execute("PRAGMA user_version").fetchone()[0] == 1
    assert raw.execute("SELECT count(*) FROM pupil").fetchone()[0] == 50
    raw.close()


def test_new_file_is_created_at_latest_version_without_backup(tmp_path):
    database = open_database(tmp_path / "new.db", create=True)
    assert schema_version(database) == LATEST_VERSION
    assert not (tmp_path / "backups").exists() or not any((tmp_path / "backups").iterdir())


def test_a_failing_step_leaves_the_file_at_its_old_version(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    _version_one_file(path)
    database = open_database(path, migrate=False)

    def broken(db):
        db.execute_sql('CREATE TABLE "half_done" (id INTEGER)')
        raise RuntimeError("power cut")

    monkeypatch.setattr(STEPS[1], "up", broken)
    try:
        migrate(database)
    except RuntimeError:
        pass
    assert schema_version(database) == 1
    tables = database.get_tables()
    assert "half_done" not in tables


def test_audit_log_is_append_only_after_migration(database, head):
    import pytest
    from peewee import IntegrityError

    from flexidesk.store import audit
    from flexidesk.store.models import AuditEntry

    audit.record("head", "test.action")
    with pytest.raises(IntegrityError, match="append-only"):
        AuditEntry.update(username="someone else").execute()
    with pytest.raises(IntegrityError, match="append-only"):
        AuditEntry.delete().execute()


def test_every_migration_in_the_folder_is_listed_in_order():
    import pkgutil

    from flexidesk.store import migrations

    on_disk = sorted(m.name for m in pkgutil.iter_modules(migrations.__path__))
    assert list(migrations.STEP_NAMES) == on_disk
    assert [step.VERSION for step in migrations.steps()] == list(range(1, LATEST_VERSION + 1))


def test_an_up_to_date_file_opens_without_loading_any_migration(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "current.db"
    open_database(path, create=True).close()
    probe = ("import sys; from flexidesk.store import open_database; "
             f"open_database({str(path)!r}); "
             "print(any(n.startswith('flexidesk.store.migrations.m') for n in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False"


def test_every_model_matches_its_migrated_table(tmp_path):
    from flexidesk.store.models import ALL_MODELS

    database = open_database(tmp_path / "fresh.db", create=True)
    for model in ALL_MODELS:
        table = model._meta.table_name
        columns = {row[1] for row in database.execute_sql(f'PRAGMA table_info("{table}")')}
        assert columns == {f.column_name for f in model._meta.sorted_fields}, table


def _insert(raw, table, **values):
    """A row with ``values``; any other NOT NULL column without a default gets 0 or ''."""
    for _cid, name, kind, notnull, default, pk in raw.execute(f'PRAGMA table_info("{table}")'):
        if notnull and default is None and not pk and name not in values:
            values[name] = 0 if kind.upper() in ("INTEGER", "REAL") else ""
    columns = ", ".join(f'"{c}"' for c in values)
    marks = ", ".join("?" * len(values))
    return raw.execute(f'INSERT INTO "{table}" ({columns}) VALUES ({marks})',
                       tuple(values.values())).lastrowid


def test_version_11_links_typed_school_parties_to_the_staff_account(tmp_path):
    import peewee

    path = tmp_path / "v10.db"
    old = peewee.SqliteDatabase(str(path))
    migrate(old, target=10, backup=False)
    old.close()
    raw = sqlite3.connect(path, isolation_level=None)
    _insert(raw, "school", name="Oakridge Test School", headteacher_name="Ms Ada Quill",
            nation="ENG")
    head = _insert(raw, "staff_user", username="head", display_name="Ada Quill",
                   role="headteacher", active=1)
    deputy = _insert(raw, "staff_user", username="dep", display_name="Ben Marsh",
                     role="pastoral_lead", active=1)
    pupil = _insert(raw, "pupil", upn="T000000000001", legal_first_name="Ro",
                    legal_last_name="Ashby", date_of_birth="2018-03-04", year_group=3,
                    on_roll_date="2022-09-01")
    request = _insert(raw, "flexi_request", pupil_id=pupil, received_on="2026-11-02",
                      stage="agreement_drafted")
    agreement = _insert(raw, "flexi_agreement", request_id=request, start_date="2026-11-30",
                        attendance_code="C", review_interval_weeks=13, notice_weeks=4,
                        drafted_on="2026-11-20")
    for name, capacity in (("Ms Ada Quill", "headteacher"), ("Ben Marsh", "signatory"),
                           ("Mrs Hazel Ashby", "parent")):
        _insert(raw, "agreement_party", agreement_id=agreement, name=name, capacity=capacity)
    raw.close()
    database = open_database(path)
    assert schema_version(database) == LATEST_VERSION
    from flexidesk.store.models import AgreementParty

    # The Head typed with a title is the Head's account; the signatory by name; a parent none.
    assert [(p.name, p.staff_id) for p in AgreementParty.select().order_by(AgreementParty.id)] \
        == [("Ms Ada Quill", head), ("Ben Marsh", deputy), ("Mrs Hazel Ashby", None)]
