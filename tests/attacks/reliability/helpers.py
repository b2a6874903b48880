"""What the attacks share: a real school on disk, FlexiDesk run as a separate process, and a
process that dies (os._exit, as SIGKILL would) at a chosen step."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from flexidesk.store import close_database, open_database
from flexidesk.store.keyslots import KeySlots
from flexidesk.store.models import Pupil, StaffUser
from tests.unit.commands.test_backup_restore_check import ROLES, USERS
from tests.unit.store.test_backup import fill

ROOT = Path(__file__).resolve().parents[3]


def make_school(folder: Path, pupils: int = 20) -> tuple[Path, bytes]:
    """An encrypted school (head, office, governor; roles signed), closed, ready for commands."""
    db_path = folder / "school.db"
    folder.mkdir(parents=True, exist_ok=True)
    _, key, _ = KeySlots.create(db_path, USERS, roles=ROLES, today="2026-09-01")
    open_database(db_path, key, create=True)
    fill(pupils)
    StaffUser.create(username="office", display_name="Ivy Clerk", role="office")
    StaffUser.create(username="governor", display_name="Gus Board", role="governor")
    close_database()
    return db_path, key


def env(home: Path) -> dict[str, str]:
    return {**os.environ, "FLEXIDESK_HOME": str(home), "QT_QPA_PLATFORM": "offscreen",
            "PYTHONPATH": str(ROOT)}


def flexidesk(home: Path, *argv: str, password: str = "head-pw", user: str = "head",
              timeout: float = 120) -> tuple[int, str]:
    """``python -m flexidesk ARGV --user head --password-stdin`` as its own process."""
    done = subprocess.run([sys.executable, "-m", "flexidesk", *argv, "--user", user,
                           "--password-stdin"], input=password + "\n", capture_output=True,
                          text=True, env=env(home), timeout=timeout, cwd=ROOT)
    return done.returncode, done.stdout + done.stderr


def dying(home: Path, patch: str, *argv: str, password: str = "head-pw") -> tuple[int, str]:
    """Run the command line in a process that first runs ``patch`` (Python that replaces a
    step with ``os._exit(9)``, which like SIGKILL runs no clean-up), then ``argv``."""
    code = (f"import os, sys\n{patch}\nfrom flexidesk.cli import main\n"
            "sys.exit(main(sys.argv[1:]))\n")
    done = subprocess.run([sys.executable, "-c", code, *argv, "--user", "head",
                           "--password-stdin"], input=password + "\n", capture_output=True,
                          text=True, env=env(home), timeout=120, cwd=ROOT)
    return done.returncode, done.stdout + done.stderr


def pupils_in(db_path: Path, key: bytes) -> set[str]:
    open_database(db_path, key, migrate=False)
    try:
        return {p.upn for p in Pupil.select()}
    finally:
        close_database()


def no_traceback(text: str) -> bool:
    return "Traceback" not in text and "ERROR CORE" not in text


class WriteLockHolder:
    """A third program holding SQLite's write lock (``BEGIN IMMEDIATE``) on the school's file,
    as an antivirus, a sync client or a curious DB browser might, until the test lets it go
    (it holds until its standard input closes: no fixed wait)."""

    def __init__(self, db_path: Path, key: bytes):
        code = ("import sys\nfrom sqlcipher3 import dbapi2 as sq\n"
                f"c = sq.connect({str(db_path)!r}, isolation_level=None, timeout=0)\n"
                f"c.execute('PRAGMA key = \"x\\'{key.hex()}\\'\"')\n"
                "c.execute('BEGIN IMMEDIATE')\nprint('holding', flush=True)\n"
                "sys.stdin.read()\nc.execute('ROLLBACK')\n")
        self.process = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True, cwd=ROOT)
        assert self.process.stdout is not None
        assert self.process.stdout.readline().strip() == "holding"

    def __enter__(self) -> WriteLockHolder:
        return self

    def __exit__(self, *exc) -> None:
        self.process.kill()
        self.process.wait()
