"""A restore that cannot happen (a full disk, a real small tmpfs; a file that is not this
school's backup): the message names what happened in the words of a restore, and the database
is as it was."""

from __future__ import annotations

import shutil

import pytest

from flexidesk.store.backup import backup_folder_for
from tests.attacks.reliability.helpers import flexidesk, make_school, no_traceback, pupils_in


def test_a_restore_onto_a_full_disk_says_so_and_replaces_nothing(tmp_path, small_disk):
    made, key = make_school(tmp_path / "made")
    home = tmp_path / "home"
    code, said = flexidesk(home, "backup", "--db", str(made))
    assert code == 0, said
    backup = next(backup_folder_for(made).glob("school-*.db"))
    for name in ("school.db", "school.db.keys", "school.db.audit-head"):
        shutil.copy2(made.with_name(name), small_disk / name)
    db_path = small_disk / "school.db"
    before = db_path.read_bytes()

    code, said = flexidesk(home, "restore", str(backup), "--db", str(db_path))
    assert code == 1 and no_traceback(said), said
    assert f"The backup {backup} could not be put back" in said
    assert "full" in said and "Nothing has been replaced" in said
    assert ".restoring" not in said  # no name of a temporary file the person never made
    assert db_path.read_bytes() == before
    # Nothing left behind: the school's own files only (the sign-in throttle's file is
    # written only after a wrong password, so it may or may not be there).
    assert {p.name for p in small_disk.iterdir()} - {"school.db.signin"} == {
        "school.db", "school.db.audit-head", "school.db.keys", "school.db.lock"}
    code, said = flexidesk(home, "check", "--db", str(db_path))
    assert code == 0, said
    assert len(pupils_in(db_path, key)) == 20


@pytest.mark.parametrize("kind", ["another school's backup", "garbage", "truncated"])
def test_a_restore_of_a_file_that_is_not_this_schools_backup_says_so(tmp_path, kind):
    db_path, key = make_school(tmp_path / "school")
    home = tmp_path / "home"
    if kind == "another school's backup":
        other, _ = make_school(tmp_path / "other")
        code, said = flexidesk(home, "backup", "--db", str(other))
        assert code == 0, said
        source = next(backup_folder_for(other).glob("school-*.db"))
    else:
        code, said = flexidesk(home, "backup", "--db", str(db_path))
        assert code == 0, said
        good = next(backup_folder_for(db_path).glob("school-*.db"))
        source = tmp_path / "suspect.db"
        source.write_bytes(bytes(range(256)) * 12_000 if kind == "garbage"
                           else good.read_bytes()[:200_000])
    before = db_path.read_bytes()
    code, said = flexidesk(home, "restore", str(source), "--db", str(db_path))
    assert code == 1 and no_traceback(said), said
    assert f"{source} is not a backup this school can open" in said
    assert "Nothing has been replaced" in said
    assert "read back" not in said and "do not match" not in said
    assert db_path.read_bytes() == before


@pytest.mark.parametrize("how", ["a symlink", "a ../ path", "a hard link"])
def test_the_live_file_is_not_its_own_backup_however_it_is_named(tmp_path, how):
    import os

    db_path, key = make_school(tmp_path / "school")
    home = tmp_path / "home"
    if how == "a symlink":
        source = tmp_path / "looks-like-a-backup.db"
        source.symlink_to(db_path)
    elif how == "a hard link":
        source = tmp_path / "looks-like-a-backup.db"
        os.link(db_path, source)
    else:
        (db_path.parent / "backups").mkdir(exist_ok=True)
        source = db_path.parent / "backups" / ".." / "school.db"
    before = db_path.read_bytes()
    code, said = flexidesk(home, "restore", str(source), "--db", str(db_path))
    assert code == 1 and no_traceback(said), said
    assert "is the database itself, not a backup of it" in said
    assert db_path.read_bytes() == before
    assert len(pupils_in(db_path, key)) == 20
