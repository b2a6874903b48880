"""The PyInstaller bundle starts on a machine with no Python: version, and the demo painted.

Run by `make package-check` (which builds dist/FlexiDesk first); skipped by `make test`.
"""

import os
import subprocess
from pathlib import Path

import pytest

from flexidesk.identity import identity

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "dist" / "FlexiDesk" / ("FlexiDesk.exe" if os.name == "nt" else "FlexiDesk")

pytestmark = pytest.mark.bundle


def _bare_env(**extra: str) -> dict[str, str]:
    """Only PATH and the Qt platform: no venv, no PYTHONPATH, no PYTHONHOME."""
    return {"PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen", **extra}


@pytest.fixture(scope="module")
def bundle() -> Path:
    if not BUNDLE.exists():
        pytest.fail("no bundle: run `make package` first")
    return BUNDLE


def test_the_bundle_says_its_version(bundle, tmp_path):
    done = subprocess.run([str(bundle), "--version"], env=_bare_env(), cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"{identity().name} {identity().version}"


def test_the_bundle_paints_every_tab_of_the_demo(bundle, tmp_path):
    shots = tmp_path / "shots"
    done = subprocess.run([str(bundle), "--screenshot", str(shots)],
                          env=_bare_env(FLEXIDESK_HOME=str(tmp_path / "home")), cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    for tab in ("provision", "providers", "flexi"):
        assert (shots / f"{tab}.png").stat().st_size > 20_000, tab


def test_the_bundle_carries_the_welsh_catalogue_icons_and_database_driver(bundle):
    inside = bundle.parent / "_internal"
    assert (inside / "flexidesk/resources/translations/cy/LC_MESSAGES/flexidesk.mo").exists()
    assert (inside / "flexidesk/resources/icons/flexidesk.png").exists()
    assert list((inside / "sqlcipher3").glob("_sqlite3*"))


def test_the_bundle_speaks_welsh(bundle, tmp_path):
    done = subprocess.run([str(bundle), "--lang", "cy", "--help"], env=_bare_env(),
                          cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "agor yr ysgol ddemo ffug" in done.stdout
