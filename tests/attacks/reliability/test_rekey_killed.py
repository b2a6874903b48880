"""Kill -9 during or after a re-key (Tools > Staff and passwords > Re-key the database): the key
file and the database still open together, and nothing is called damaged.

SQLCipher writes the re-keyed pages to the -wal file; until they are copied back into the
database file, its own pages still carry the old key. A laptop that stops then (during the
re-key, or at any time later in the session, since a small school's WAL is not checkpointed
until FlexiDesk closes) must not find its school "damaged" and be offered an older backup.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from flexidesk.store.keyslots import KeySlots
from tests.attacks.reliability.helpers import ROOT, env, flexidesk, make_school, no_traceback

SIGN_IN_AND_REKEY = """
import argparse, io, os, sys
from pathlib import Path
from flexidesk.commands.common import unlock_for
from flexidesk.policy.records.signin import open_as
from flexidesk.policy.school import staff, staff_keys
db_path = Path(sys.argv[1])
sys.stdin = io.StringIO("head-pw\\n")
opened = unlock_for(argparse.Namespace(user="head", password_stdin=True), db_path)
database, actor = open_as(db_path, "head", opened)
{patch}
staff.rekey(actor)
os._exit(0)  # the re-key done, the laptop goes off before FlexiDesk closes
"""

STEPS = {
    "after the database took the new key, before the key file was replaced": (
        "real = os.replace\n"
        "def replace(a, b):\n"
        "    if str(b).endswith('.keys'): os._exit(9)\n"
        "    return real(a, b)\n"
        "staff_keys.os.replace = replace\n"),
    "after the key file was replaced, before the audit row": (
        "import flexidesk.store.audit as audit\n"
        "audit.record = lambda *a, **k: os._exit(9)\n"),
    "later in the session, before FlexiDesk closed": "",
}


@pytest.mark.parametrize("step", list(STEPS))
def test_a_rekey_killed_leaves_a_school_that_opens_and_checks_sound(tmp_path, step):
    db_path, old_key = make_school(tmp_path / "school")
    home = tmp_path / "home"
    code = SIGN_IN_AND_REKEY.format(patch=STEPS[step])
    done = subprocess.run([sys.executable, "-c", code, str(db_path)], capture_output=True,
                          text=True, env=env(home), cwd=ROOT, timeout=120)
    assert done.returncode in (0, 9), done.stderr

    code, said = flexidesk(home, "check", "--db", str(db_path))
    assert no_traceback(said), said
    assert "DAMAGED" not in said and "HMAC" not in said, said
    assert code == 0, said
    assert "Audit log: ok" in said
    assert KeySlots.load(db_path).unlock("head", "head-pw") != old_key  # finished, not dropped
    code, said = flexidesk(home, "backup", "--db", str(db_path))  # and staff can work
    assert code == 0, said
