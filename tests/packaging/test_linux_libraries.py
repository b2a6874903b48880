"""make run names the Debian package of each library Qt's xcb window needs and lacks."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECK = ROOT / "packaging" / "linux" / "check-xcb.sh"

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")


def _run(tmp_path, libraries: list[str], **env) -> subprocess.CompletedProcess:
    """Run the check with a stand-in ldconfig that lists only ``libraries``."""
    fake = tmp_path / "bin"
    fake.mkdir(exist_ok=True)
    ldconfig = fake / "ldconfig"
    listing = "".join(f"\\t{name} (libc6,x86-64) => /usr/lib/{name}\\n" for name in libraries)
    ldconfig.write_text(f"#!/bin/sh\nprintf '{listing}'\n")
    ldconfig.chmod(ldconfig.stat().st_mode | stat.S_IEXEC)
    clean = {"PATH": f"{fake}:/usr/bin:/bin", **env}
    return subprocess.run(["sh", str(CHECK)], env=clean, capture_output=True, text=True)


EVERYTHING = ["libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1",
              "libxcb-image.so.0", "libxcb-render-util.so.0", "libxcb-shape.so.0",
              "libxcb-xkb.so.1", "libxkbcommon-x11.so.0", "libEGL.so.1", "libfontconfig.so.1",
              "libGL.so.1"]


def test_a_missing_cursor_library_is_named_by_its_package(tmp_path):
    done = _run(tmp_path, [lib for lib in EVERYTHING if lib != "libxcb-cursor.so.0"])
    assert done.returncode == 1
    assert "sudo apt-get install libxcb-cursor0" in done.stdout
    assert "libxcb-icccm4" not in done.stdout


def test_nothing_is_said_when_everything_is_there(tmp_path):
    done = _run(tmp_path, EVERYTHING)
    assert done.returncode == 0 and done.stdout == ""


def test_offscreen_runs_need_no_xcb(tmp_path):
    assert _run(tmp_path, [], QT_QPA_PLATFORM="offscreen").returncode == 0


def test_a_wayland_session_is_told_but_not_stopped(tmp_path):
    done = _run(tmp_path, [], WAYLAND_DISPLAY="wayland-0")
    assert done.returncode == 0
    assert "libxcb-cursor0" in done.stdout and "Wayland" in done.stdout


def test_make_run_checks_first():
    makefile = (ROOT / "Makefile").read_text()
    assert "run: bytecode xcb-check" in makefile
    assert os.access(CHECK, os.X_OK)
