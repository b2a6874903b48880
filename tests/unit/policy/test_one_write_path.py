"""Policy code opens a transaction one way: ``access.transaction`` (or ``@action``), which
turns a busy, full or read-only file into its plain message. Never ``db.atomic()`` itself."""

import re
from pathlib import Path

POLICY = Path(__file__).parents[3] / "flexidesk" / "policy"


def test_no_policy_module_opens_its_own_atomic_block():
    found = [f"{path.relative_to(POLICY)}:{n}"
             for path in sorted(POLICY.rglob("*.py"))
             for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
             if re.search(r"\.atomic\(", line) and path.name != "access.py"]
    assert found == []


def test_the_write_path_is_the_one_place_that_does():
    text = (POLICY / "records" / "access.py").read_text("utf-8")
    assert text.count("with db.atomic():") == 1
