"""Two admin commands at once (an import and a backup started together by two people, or a
script and a person): one waits for the other; both finish, and check stays ok."""

from __future__ import annotations

import subprocess
import sys

from benchmarks.bench_import import pupil_export
from flexidesk.store.backup import backup_folder_for
from tests.attacks.reliability.helpers import (
    ROOT,
    env,
    flexidesk,
    make_school,
    no_traceback,
    pupils_in,
)


def test_an_import_and_a_backup_started_together_both_finish(tmp_path):
    db_path, key = make_school(tmp_path / "school")
    home = tmp_path / "home"
    export = tmp_path / "roll.csv"
    export.write_bytes(pupil_export(2_000))
    commands = [["import-pupils", str(export), "--partial"], ["backup"]]
    running = [subprocess.Popen([sys.executable, "-m", "flexidesk", *argv, "--db", str(db_path),
                                 "--user", "head", "--password-stdin"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                env=env(home), cwd=ROOT) for argv in commands]
    said = [process.communicate("head-pw\n", timeout=300)[0] for process in running]
    for process, text in zip(running, said, strict=True):
        assert process.returncode == 0 and no_traceback(text), text
    assert "Imported: 2000 pupils added" in said[0]
    assert "Backup written and checked" in said[1]
    assert len(pupils_in(db_path, key)) == 2_020
    assert len(list(backup_folder_for(db_path).glob("school-*.db"))) == 1
    code, text = flexidesk(home, "check", "--db", str(db_path))
    assert code == 0, text
