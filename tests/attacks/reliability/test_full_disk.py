"""A full disk (a real, small tmpfs) under an import and a backup: one plain message, and the
school as it was."""

from __future__ import annotations

import shutil

from benchmarks.bench_import import pupil_export
from tests.attacks.reliability.helpers import flexidesk, make_school, no_traceback, pupils_in


def _school_on(small_disk, tmp_path):
    made, key = make_school(tmp_path / "made")
    for name in ("school.db", "school.db.keys", "school.db.audit-head"):
        shutil.copy2(made.with_name(name), small_disk / name)
    return small_disk / "school.db", key


def test_an_import_that_fills_the_disk_saves_nothing_and_says_so(tmp_path, small_disk):
    db_path, key = _school_on(small_disk, tmp_path)
    home = tmp_path / "home"
    export = tmp_path / "roll.csv"
    export.write_bytes(pupil_export(5_000))
    code, said = flexidesk(home, "import-pupils", str(export), "--partial", "--db", str(db_path))
    assert code == 1 and no_traceback(said), said
    assert f"There is no room left to save to {db_path}" in said
    assert "nothing already saved is lost" in said
    assert len(pupils_in(db_path, key)) == 20
    code, said = flexidesk(home, "check", "--db", str(db_path))
    assert code == 0, said


def test_a_backup_onto_a_full_disk_says_so_and_the_database_is_unchanged(tmp_path, small_disk):
    db_path, key = _school_on(small_disk, tmp_path)
    home = tmp_path / "home"
    code, said = flexidesk(home, "backup", "--db", str(db_path))
    assert code == 1 and no_traceback(said), said
    assert "could not be written (database or disk is full)" in said
    assert "The database itself is unchanged" in said
    assert not list((small_disk / "backups").glob("school-*"))  # no half-made copy left
    code, said = flexidesk(home, "check", "--db", str(db_path))
    assert code == 0, said
    assert len(pupils_in(db_path, key)) == 20
