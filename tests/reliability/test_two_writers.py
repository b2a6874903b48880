"""Two processes saving into one file at once: no save fails and ``check`` finds the log sound."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flexidesk.store import close_database, open_database
from flexidesk.store.keyslots import KeySlots
from flexidesk.store.models import AuditEntry, Intervention, Pupil, StaffUser
from tests.unit.commands.test_backup_restore_check import as_user, run

ROOT = Path(__file__).resolve().parents[2]
WRITERS = ("ash", "birch")


def _school(tmp_path: Path) -> tuple[Path, bytes]:
    db_path = tmp_path / "school.db"
    _, key, _ = KeySlots.create(db_path, [("head", "Odo Penn", "head-pw")])
    open_database(db_path, key, create=True)
    StaffUser.create(username="head", display_name="Odo Penn", role="headteacher")
    for name in WRITERS:
        Intervention.create(name=f"Counter {name}", sort_order=0)
    close_database()
    return db_path, key


def _race(db_path: Path, key: bytes, saves: int) -> tuple[list[str], float]:
    """Start both writers, let them go at the same moment; what each printed, and seconds."""
    writers = [subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.two_writers", str(db_path), key.hex(), name,
         str(saves)], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)}) for name in WRITERS]
    for writer in writers:
        assert writer.stdout.readline().strip() == "ready"
    started = time.monotonic()
    for writer in writers:
        writer.stdin.write("go\n")
        writer.stdin.flush()
    outputs = [writer.communicate(timeout=600)[0] for writer in writers]
    return outputs, time.monotonic() - started


def _soak(tmp_path, monkeypatch, capsys, saves: int) -> dict:
    db_path, key = _school(tmp_path)
    outputs, seconds = _race(db_path, key, saves)
    for out in outputs:
        assert out.startswith(f"saved {saves} failed 0"), out
    open_database(db_path, key, migrate=False)
    assert Pupil.select().count() == 2 * saves
    audited = AuditEntry.select().count()
    close_database()
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    code, out, err = run(monkeypatch, capsys, ["check", "--db", str(db_path), *as_user("head")],
                         "head-pw")
    assert code == 0, out + err
    assert "Audit log: ok" in out and "ALTERED" not in out
    return {"saves": 2 * saves, "audited": audited, "seconds": seconds}


def test_two_writers_lose_no_save_and_leave_a_sound_log(tmp_path, monkeypatch, capsys):
    _soak(tmp_path, monkeypatch, capsys, saves=150)


@pytest.mark.slow
def test_two_writer_soak(tmp_path, monkeypatch, capsys):
    saves = int(os.environ.get("FLEXIDESK_SOAK_SAVES", "300"))
    figures = _soak(tmp_path, monkeypatch, capsys, saves=saves)
    with capsys.disabled():
        print(f"\ntwo-writer soak (SQLCipher, two processes, {saves} audited saves each): "
              f"{figures['saves']} saves, 0 failed, {figures['audited']} audit entries, "
              f"check ok; {figures['seconds']:.1f} s")
