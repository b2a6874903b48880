"""Which language FlexiDesk speaks: --lang, then the user's own choice, then the school's."""

import subprocess
import sys

import pytest

from flexidesk.policy.records.access import PolicyError
from flexidesk.policy.school.preferences import set_user_language, user_language
from flexidesk.store.models import AuditEntry
from flexidesk.ui.app import interface_locale


def test_the_command_line_wins_then_the_user_then_the_school():
    assert interface_locale("cy", "en", "en_GB") == "cy"
    assert interface_locale(None, "cy", "en_GB") == "cy"
    assert interface_locale(None, None, "cy_GB") == "cy_GB"


def test_each_user_keeps_their_own_language_and_it_is_audited(head, governor):
    set_user_language(governor, "cy")  # a governor may choose their own language too
    assert user_language(governor) == "cy"
    assert user_language(head) is None
    row = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert row.username == "governor"
    with pytest.raises(PolicyError, match="not available in that language"):
        set_user_language(head, "xx")


def test_lang_cy_on_the_command_line_speaks_welsh():
    done = subprocess.run([sys.executable, "-m", "flexidesk", "--lang", "cy", "--help"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert "agor yr ysgol ddemo ffug" in done.stdout


def test_version_comes_from_pyproject():
    import tomllib
    from pathlib import Path

    pyproject = tomllib.loads((Path(__file__).resolve().parents[3] / "pyproject.toml")
                              .read_text(encoding="utf-8"))["project"]
    done = subprocess.run([sys.executable, "-m", "flexidesk", "--version"],
                          capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == f"{pyproject['name']} {pyproject['version']}"
