"""Nothing readable at rest: planted canary names appear in no file FlexiDesk leaves behind."""

import logging
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from flexidesk import paths
from flexidesk.policy.records import access
from flexidesk.policy.records.access import action
from flexidesk.policy.records.signin import sign_in
from flexidesk.policy.school.setup import NewSchool, create_school
from flexidesk.store import close_database
from flexidesk.store.backup import backup_database, backup_folder_for
from flexidesk.store.models import Adult, Pupil, PupilAdult
from flexidesk.ui import app as app_module

# Fictional and unusual, so a hit can only be our own data leaking.
CANARIES = ("Zephyrine", "Quillanthrope", "Marrowbeck", "Vexillarium")
PASSWORD = "canary test password"


@action("pupil.edit")
def add_child_and_parent(actor, first, last, parent_last, note):
    pupil = access.create(actor, "pupil.add", Pupil, upn="Z801200000001",
                          legal_first_name=first, legal_last_name=last,
                          preferred_name=first[:4], date_of_birth="2019-03-04", year_group=2,
                          class_name="Rowan", on_roll_date="2023-09-04")
    adult = access.create(actor, "adult.add", Adult, first_name="Ottoline", last_name=parent_last,
                          address=f"{note} Cottage\nMillbridge")
    access.create(actor, "pupil_adult.add", PupilAdult, pupil=pupil, adult=adult)
    return pupil


def _grep(root: Path) -> list[str]:
    hits = []
    needles = [c.encode(enc) for c in CANARIES for enc in ("utf-8", "utf-16-le")]
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        hits += [f"{path}: {n!r}" for n in needles if n in data]
    return hits


def _new_temp_files(before: set[str]) -> list[Path]:
    temp = Path(tempfile.gettempdir())
    return [temp / name for name in set(os.listdir(temp)) - before]


@pytest.fixture
def restore_excepthook(monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    yield
    for handler in list(logging.getLogger("flexidesk").handlers):
        logging.getLogger("flexidesk").removeHandler(handler)
        handler.close()


def test_canary_names_are_nowhere_in_the_data_folder(restore_excepthook):
    temp_before = set(os.listdir(tempfile.gettempdir()))
    home = paths.data_dir()
    db_path = paths.default_database()
    database, _head, _recovery = create_school(db_path, NewSchool(
        "Canary Test Primary", "Ms Wren Hollis", "ENG", "whollis", PASSWORD, PASSWORD))
    database.close()
    close_database()

    # The normal path: sign in, change data through the write path (audited), back up, log.
    database, head = sign_in(db_path, "whollis", PASSWORD)
    add_child_and_parent(head, CANARIES[0], CANARIES[1], CANARIES[2], CANARIES[3])
    assert Pupil.get().legal_first_name == CANARIES[0]  # it really is in there
    backup_database(database, backup_folder_for(database) / "flexidesk-canary.db")
    log_path = app_module.setup_logging()
    app_module.log.info("Signed in (role %s)", head.role)
    app_module.install_excepthook(log_path, quiet=True)
    try:
        raise ValueError(f"could not save {CANARIES[0]} {CANARIES[1]}")
    except ValueError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    assert "ValueError (message withheld)" in log_path.read_text()

    # While open: the write-ahead log holds the newest pages, and must be encrypted too.
    assert Path(f"{db_path}-wal").exists()
    assert _grep(home) == []
    database.close()
    close_database()
    assert _grep(home) == []
    for path in _new_temp_files(temp_before):
        if path.is_file():
            assert not any(c.encode() in path.read_bytes() for c in CANARIES), path
        elif path.is_dir():
            assert _grep(path) == [], path

    kinds = {p.name for p in home.rglob("*") if p.is_file()}
    assert {"flexidesk.db", "flexidesk.db.keys", "flexidesk-canary.db", "flexidesk.log"} <= kinds

    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(db_path).execute("SELECT name FROM sqlite_master").fetchall()
    if shutil.which("sqlite3"):  # the command-line tool a curious finder would reach for
        cli = subprocess.run(["sqlite3", str(db_path), "SELECT name FROM sqlite_master"],
                             capture_output=True, text=True)
        assert "not a database" in cli.stderr

    for path in [home, *home.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), f"{path} is {oct(mode)}"
